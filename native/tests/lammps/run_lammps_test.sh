#!/usr/bin/env bash
# run_lammps_test.sh TEST -- LAMMPS tests of pair_style hdnnp_java (called by ctest).
# Environment: LMP (lmp_hdnnp_java), MPIRUN, HDNNP_SHARED (../shared), WORK (scratch dir),
#              JAVA_HOME, HDNNP_JAVA_JAR. Exit 0 pass, 1 fail, 77 skip.
# TEST: registered | ref_np1 | ref_np2 | errors | units_metal_auto
set -u
test=${1:?test name}
here=$(cd "$(dirname "$0")" && pwd)
ref="$HDNNP_SHARED/reference/lammps/H2O_RPBE-D3"
pot="$HDNNP_SHARED/reference/n2p2/H2O_RPBE-D3/potential"
[ -x "${LMP:-}" ] || { echo "SKIP: LMP not set"; exit 77; }
work="$WORK/$test"
rm -rf "$work"; mkdir -p "$work"; cd "$work" || exit 1
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1
mpi() { # mpi NP args...
  local np=$1; shift
  "$MPIRUN" -np "$np" -x JAVA_HOME -x HDNNP_JAVA_JAR "$@"
}
PY=${PYTHON:-python3}

# the reference input, with our pair_style line
write_ref_input() { # file pair_style_line
  sed -e "s|^pair_style .*|$2|" -e '/^dump/d' -e '/^variable dumpevery/d' "$ref/in.h2o.ref" > "$1"
  cat >> "$1" <<'EOT'
write_dump all custom forces.final.dump id type fx fy fz modify sort id format float %24.16e
EOT
}

# expect_error NAME NP INPUT PATTERN: nonzero exit, an ERROR line matching PATTERN, no hang
expect_error() {
  local name=$1 np=$2 input=$3 pattern=$4 rc
  if [ "$np" = 1 ]; then
    timeout 120 "$LMP" -in "$input" -log "$name.log" > "$name.out" 2>&1; rc=$?
  else
    timeout 120 "$MPIRUN" -np "$np" -x JAVA_HOME -x HDNNP_JAVA_JAR "$LMP" -in "$input" -log "$name.log" > "$name.out" 2>&1; rc=$?
  fi
  local line
  line=$(grep -m1 "ERROR" "$name.out")
  if [ $rc -eq 124 ]; then echo "FAIL $name: hang (timeout)"; return 1; fi
  if [ $rc -eq 0 ]; then echo "FAIL $name: exit status 0"; cat "$name.out" | tail -5; return 1; fi
  if ! grep -q "ERROR.*$pattern" "$name.out"; then
    echo "FAIL $name: no ERROR line matching '$pattern' (rc $rc):"; tail -5 "$name.out"; return 1
  fi
  if grep -qi "segmentation\|core dumped\|SIGSEGV\|hs_err" "$name.out"; then echo "FAIL $name: crash"; return 1; fi
  echo "ok   $name (np $np, rc $rc): $line"
}

tiny_box() { # tiny_box FILE [extra commands before pair_style]
  cat > "$1" <<EOT
units metal
atom_style atomic
boundary p p p
region box block 0 12 0 12 0 12
create_box 2 box
create_atoms 2 single 1 1 1
create_atoms 1 single 1.96 1 1
create_atoms 1 single 0.76 1.93 1
mass 1 1.00794
mass 2 15.9994
EOT
}

case $test in
registered)
  tiny_box in.reg
  echo "pair_style hdnnp_java /nonexistent/model.hdnnp" >> in.reg
  expect_error registered 1 in.reg "hdnnp_java: cannot load model '/nonexistent/model.hdnnp'.*no such file" || exit 1
  grep -q "Unrecognized pair style" registered.out && { echo "FAIL: style not registered"; exit 1; }
  exit 0 ;;

ref_np1|ref_np2|units_metal_auto)
  [ -f "$ref/in.h2o.ref" ] && [ -d "$pot" ] || { echo "SKIP: no reference data in $HDNNP_SHARED"; exit 77; }
  np=1; [ "$test" = ref_np2 ] && np=2
  if [ "$test" = units_metal_auto ]; then
    line="pair_style \${ps} $pot modelunits bohr hartree showew no showewsum 5 maxew 100"
    tol="2e-7 1e-5" # CODATA 2018 factors vs the reference's cflength/cfenergy (4e-9, 9e-8 apart);
                    # the pressure is a small difference of large terms and moves by ~4e-6
  else
    line="pair_style \${ps} $pot modelunits bohr hartree showew no showewsum 5 resetew no maxew 100 cflength 1.8897261328 cfenergy 0.0367493254"
    tol=1e-9
  fi
  write_ref_input in.ref "$line"
  args=(-in in.ref -log log.lammps -var data "$ref/h2o_1080_liquid.data" -var vel 1 -var ps hdnnp_java -var nsteps 10)
  t0=$(date +%s.%N)
  if [ $np = 1 ]; then timeout 900 "$LMP" "${args[@]}" > out.txt 2>&1; rc=$?
  else timeout 900 "$MPIRUN" -np $np -x JAVA_HOME -x HDNNP_JAVA_JAR "$LMP" "${args[@]}" > out.txt 2>&1; rc=$?; fi
  t1=$(date +%s.%N)
  [ $rc -eq 0 ] || { echo "FAIL: lmp_hdnnp_java exit $rc"; tail -20 out.txt; exit 1; }
  grep -E "hdnnp_java:|Loop time|EW SUMMARY" out.txt
  echo "wall time (incl. JVM start, setup): $(echo "$t1 - $t0" | bc) s"
  $PY "$here/compare_thermo.py" log.lammps "$ref/ref_thermo_1080.txt" $tol || exit 1
  if [ "$test" != units_metal_auto ]; then
    $PY "$here/compare_forces.py" forces.final.dump "$ref/forces.ref1080.dump" 10 $tol || exit 1
  fi
  exit 0 ;;

errors)
  [ -d "$pot" ] || { echo "SKIP: no reference potential"; exit 77; }
  fails=0
  P="pair_style hdnnp_java $pot modelunits bohr hartree"
  tiny_box in.e1; { echo "$P"; echo "pair_coeff * * H Xx"; } >> in.e1
  expect_error element_not_in_model 1 in.e1 "element 'Xx' (type 2) is not in the model" || fails=$((fails+1))
  tiny_box in.e2; { echo "$P"; echo "pair_coeff * * H"; } >> in.e2
  expect_error pair_coeff_count 1 in.e2 "Incorrect args for pair coefficients" || fails=$((fails+1))
  tiny_box in.e3; { echo "$P"; echo "pair_coeff * * H O"; echo "run 0"; } >> in.e3
  sed -i '1i newton off' in.e3
  expect_error newton_off 1 in.e3 "requires newton pair on" || fails=$((fails+1))
  tiny_box in.e4; { echo "$P bogus 3"; } >> in.e4
  expect_error unknown_keyword 1 in.e4 "unknown keyword 'bogus'" || fails=$((fails+1))
  sed 's/units metal/units lj/' in.e3 | sed '/newton off/d' > in.e5
  expect_error units_lj 1 in.e5 "units 'lj' are not converted automatically" || fails=$((fails+1))
  tiny_box in.e6; { echo "$P jvm \"-XX:+NoSuchJvmOption\""; } >> in.e6
  expect_error bad_jvm_option 1 in.e6 "cannot start the Java runtime" || fails=$((fails+1))
  tiny_box in.e7; { echo "pair_style hdnnp_java $pot"; } >> in.e7
  expect_error n2p2_dir_without_units 1 in.e7 "carries no units" || fails=$((fails+1))
  tiny_box in.e8; { echo "pair_style hdnnp_java /nonexistent/m.hdnnp"; } >> in.e8
  expect_error missing_model_2ranks 2 in.e8 "cannot load model" || fails=$((fails+1))
  # one isolated molecule: symmetry functions far below the liquid's training range -> maxew exceeded
  tiny_box in.e9; { echo "$P showew yes maxew 1"; echo "pair_coeff * * H O"; echo "run 0"; } >> in.e9
  expect_error maxew_exceeded 1 in.e9 "Too many extrapolation warnings" || fails=$((fails+1))
  grep -h "EXTRAPOLATION WARNING" maxew_exceeded.out | head -2
  [ $fails -eq 0 ] || { echo "$fails error case(s) failed"; exit 1; }
  exit 0 ;;
*) echo "unknown test $test"; exit 2 ;;
esac
