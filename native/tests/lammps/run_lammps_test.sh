#!/usr/bin/env bash
# run_lammps_test.sh TEST -- LAMMPS tests of pair_style hdnnp_java (called by ctest).
# Environment: LMP (lmp_hdnnp_java), MPIRUN, HDNNP_SHARED (../shared), WORK (scratch dir),
#              JAVA_HOME, HDNNP_JAVA_JAR (hdnnp-core.jar), HDNNP_CLI_JAR (hdnnp.jar); for a LAMMPS
#              with the PLUGIN package (recent.sh): PLUGIN_LOAD=<plugin.so> (a `plugin load` line
#              starts every input) or LAMMPS_PLUGIN_PATH.
#              Exit 0 pass, 1 fail, 77 skip.
# TEST: registered | ref_np1 | ref_np2 | errors | mpi_one_rank | core_classpath | units_metal_auto
#       | convert_model | nve_1080 | virial_fd | committee_np1 | committee_np2 | extrapolation_np1
#       | extrapolation_np2 | select_np2 | ref8640_np2 (label long; skipped with HDNNP_LONG_TESTS=0)
set -u
test=${1:?test name}
here=$(cd "$(dirname "$0")" && pwd)
ref="$HDNNP_SHARED/reference/lammps/H2O_RPBE-D3"
pot="$HDNNP_SHARED/reference/n2p2/H2O_RPBE-D3/potential"
[ -x "${LMP:-}" ] || { echo "SKIP: LMP not set"; exit 77; }
work="$WORK/$test"
rm -rf "$work"; mkdir -p "$work"; cd "$work" || exit 1
# forwarded to the ranks by mpirun
mpix=(-x JAVA_HOME -x HDNNP_JAVA_JAR); [ -n "${LAMMPS_PLUGIN_PATH:-}" ] && mpix+=(-x LAMMPS_PLUGIN_PATH)
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1
mpi() { # mpi NP args...
  local np=$1; shift
  "$MPIRUN" -np "$np" "${mpix[@]}" "$@"
}
PY=${PYTHON:-python3}
# the water potential in this project's model format, written by `hdnnp convert` (test convert_model)
json="$WORK/water_RPBE-D3.json"
need_json() {
  [ -d "$pot" ] || { echo "SKIP: no reference potential in $HDNNP_SHARED"; exit 77; }
  [ -f "$json" ] || { echo "FAIL: $json missing (the test lammps_convert_model writes it)"; exit 1; }
}
run_np() { # run_np NP TIMEOUT args... (output: out.txt)
  local np=$1 to=$2; shift 2
  if [ "$np" = 1 ]; then timeout "$to" "$LMP" "$@" > out.txt 2>&1
  else timeout "$to" "$MPIRUN" -np "$np" "${mpix[@]}" "$LMP" "$@" > out.txt 2>&1; fi
}
header() { # header FILE: 1080-atom water box, metal units
  cat > "$1" <<EOT
units metal
boundary p p p
atom_style atomic
read_data $ref/h2o_1080_liquid.data
mass 1 1.00794
mass 2 15.9994
EOT
}

# the reference input, with our pair_style line
write_ref_input() { # file pair_style_line
  sed -e "s|^pair_style .*|$2|" -e '/^dump/d' -e '/^variable dumpevery/d' "$ref/in.h2o.ref" > "$1"
  cat >> "$1" <<'EOT'
write_dump all custom forces.final.dump id type fx fy fz modify sort id format float %24.16e
EOT
  plugin_line "$1"
}
plugin_line() { # plugin_line FILE: `plugin load` as the first line when PLUGIN_LOAD is set
  [ -z "${PLUGIN_LOAD:-}" ] || sed -i "1i plugin load $PLUGIN_LOAD" "$1"
}

# expect_error NAME NP INPUT PATTERN: nonzero exit, an ERROR line matching PATTERN, no hang
expect_error() {
  local name=$1 np=$2 input=$3 pattern=$4 rc
  if [ "$np" = 1 ]; then
    timeout 120 "$LMP" -in "$input" -log "$name.log" > "$name.out" 2>&1; rc=$?
  else
    timeout 120 "$MPIRUN" -np "$np" "${mpix[@]}" "$LMP" -in "$input" -log "$name.log" > "$name.out" 2>&1; rc=$?
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
  plugin_line "$1"
}

case $test in
committee_np1|committee_np2)
  # a committee of three water models (the converted n2p2 potential and two copies with perturbed
  # weights) in MD; its mean forces, per-atom disagreement (compute hdnnp/java/devi) and devi file
  # against the members evaluated one by one (reruns of the dumped frames, single-model pair style)
  need_json
  np=1; [ "$test" = committee_np2 ] && np=2
  $PY "$here/perturb_model.py" "$json" m1.json 1 0.02 && $PY "$here/perturb_model.py" "$json" m2.json 2 0.02 || exit 1
  members=("$json" m1.json m2.json)
  header in.com
  cat >> in.com <<EOT
pair_style hdnnp_java ${members[*]} devi_every 2 devi_file devi.out
pair_coeff * * H O
compute d all hdnnp/java/devi
compute dmax all reduce max c_d[1]
velocity all create 300.0 4928459 mom yes rot yes dist gaussian
timestep 0.0005
fix INT all nve
thermo 2
thermo_style custom step pe c_d c_dmax
dump C all custom 2 committee.dump id x y z fx fy fz c_d[1] c_d[2]
dump_modify C sort id format float %24.16e
run 2
EOT
  run_np $np 900 -in in.com -log com.log || { echo "FAIL: committee run exit $?"; tail -20 out.txt; exit 1; }
  grep -E "hdnnp_java:|Loop time" out.txt
  # thermo's c_d (largest disagreement) equals compute reduce max over the per-atom column
  awk '$1 ~ /^[0-9]+$/ && NF == 4 { d = $3 - $4; if (d < 0) d = -d; if (d > 1e-12 * ($4 > 1 ? $4 : 1)) bad = 1; n++ }
       END { if (bad || n != 2) { print "FAIL: thermo c_d != c_dmax or rows " n; exit 1 } print "ok   thermo c_d = reduce max c_d[1] (" n " rows)" }' com.log || exit 1
  for k in 0 1 2; do
    header in.m$k
    cat >> in.m$k <<EOT
pair_style hdnnp_java ${members[$k]}
pair_coeff * * H O
compute pe all pe/atom
compute v all pressure NULL virial
thermo 1
thermo_style custom step vol c_v[1] c_v[2] c_v[3] c_v[4] c_v[5] c_v[6]
thermo_modify format float %24.16e
dump M all custom 1 member$k.dump id fx fy fz c_pe
dump_modify M sort id format float %24.16e
rerun committee.dump dump x y z
EOT
    run_np 1 600 -in in.m$k -log m$k.log || { echo "FAIL: member $k rerun exit $?"; tail -20 out.txt; exit 1; }
    grep -E '^ +[0-9]+ ' m$k.log > member$k.thermo
  done
  $PY "$here/committee_check.py" . 3 2 || exit 1
  exit 0 ;;

extrapolation_np1|extrapolation_np2)
  # one O moved 1.1 Å from another O, away from its hydrogens: every extrapolation warning is one
  # line naming the atom ID, element, function and excursion (gathered from all ranks), checked
  # against the data file and against `hdnnp predict` on the same structure; then the same with a committee
  need_json
  np=1; [ "$test" = extrapolation_np2 ] && np=2
  read -r X Y Z < <($PY "$here/extrapolation_check.py" --write "$ref/h2o_1080_liquid.data" moved.xyz) || exit 1
  header in.ex
  cat >> in.ex <<EOT
pair_style hdnnp_java $json showew yes
pair_coeff * * H O
set atom 1 x $X y $Y z $Z
run 0
EOT
  run_np $np 900 -in in.ex -log ex.log || { echo "FAIL: lmp exit $?"; tail -20 out.txt; exit 1; }
  "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -jar "$HDNNP_CLI_JAR" predict "$json" moved.xyz \
      --length-unit angstrom --energy-unit eV -o predicted.xyz 2> predict.err || { echo "FAIL: hdnnp predict"; cat predict.err; exit 1; }
  grep "EXTRAPOLATION" out.txt | head -5
  $PY "$here/extrapolation_check.py" "$ref/h2o_1080_liquid.data" out.txt predict.err || exit 1
  # a committee of the model and a copy with perturbed weights (same training ranges): the same
  # warnings, each naming member 1 (the first member outside its range)
  $PY "$here/perturb_model.py" "$json" m1.json 1 0.02 || exit 1
  sed "s|^pair_style .*|pair_style hdnnp_java $json m1.json showew yes|" in.ex > in.exc
  run_np $np 900 -in in.exc -log exc.log || { echo "FAIL: lmp (committee) exit $?"; tail -20 out.txt; exit 1; }
  $PY "$here/extrapolation_check.py" "$ref/h2o_1080_liquid.data" out.txt predict.err 1 || exit 1
  exit 0 ;;

select_np2)
  # a committee of three water models in MD on 2 ranks writes a dump (atoms in rank order) and
  # model_devi.out; `hdnnp select` on the dump gives the same per-frame max/mean force
  # disagreement as the pair style, and chooses frames above the threshold, apart
  need_json
  $PY "$here/perturb_model.py" "$json" m1.json 1 0.02 && $PY "$here/perturb_model.py" "$json" m2.json 2 0.02 || exit 1
  header in.sel
  cat >> in.sel <<EOT
pair_style hdnnp_java $json m1.json m2.json devi_every 2 devi_file devi.out
pair_coeff * * H O
velocity all create 600.0 4928459 mom yes rot yes dist gaussian
timestep 0.0005
fix INT all nve
thermo 2
dump D all custom 2 traj.dump id type x y z
dump_modify D format float %24.16e
run 10
EOT
  run_np 2 900 -in in.sel -log sel.log || { echo "FAIL: committee run exit $?"; tail -20 out.txt; exit 1; }
  "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -jar "$HDNNP_CLI_JAR" select traj.dump --committee "$json,m1.json,m2.json" \
      --types H,O --length-unit angstrom --energy-unit eV -k 2 --min-gap 4 --table all.csv -o chosen.xyz > select.out 2> select.err \
      || { echo "FAIL: hdnnp select"; cat select.err; exit 1; }
  cat select.out
  $PY - <<'EOT' || exit 1
import csv
devi = {int(float(l.split()[0])): [float(x) for x in l.split()[1:]] for l in open("devi.out") if not l.startswith("#")}
rows = list(csv.DictReader(open("all.csv")))
ok = sorted(devi) == [int(r["step"]) for r in rows] and len(rows) == 6
print("ok  " if ok else "FAIL", "frames: select %s, devi.out %s" % ([r["step"] for r in rows], sorted(devi)))
import math
worst = 0.0   # in units of the last printed digit of devi.out (%.6e: 7 significant digits)
for r in rows:
    d = devi[int(r["step"])]
    for got, want in ((float(r["max_force_disagreement"]), d[3]), (float(r["mean_force_disagreement"]), d[5])):
        worst = max(worst, abs(got - want) / 10 ** (math.floor(math.log10(abs(want))) - 6))
ok &= worst <= 0.501
print("ok  " if worst <= 0.501 else "FAIL", "max/avg force disagreement of select = devi.out's rounded to its 7 digits "
      "(largest difference %.2f of the last digit)" % worst)
chosen = sorted((int(r["selected"]), int(r["step"]), float(r["max_force_disagreement"])) for r in rows if int(r["selected"]) > 0)
best = max(float(r["max_force_disagreement"]) for r in rows)
good = len(chosen) == 2 and chosen[0][2] == best and abs(chosen[0][1] - chosen[1][1]) >= 4 and chosen[0][2] >= chosen[1][2]
print("ok  " if good else "FAIL", "chosen (rank, step, max): %s: the most uncertain first, 4 steps apart" % chosen)
raise SystemExit(0 if ok and good else 1)
EOT
  n=$(grep -c "^1080$" chosen.xyz); [ "$n" = 2 ] || { echo "FAIL: chosen.xyz has $n frames"; exit 1; }
  exit 0 ;;

registered)
  tiny_box in.reg
  { echo "pair_style hdnnp_java /nonexistent/model.hdnnp"; echo "pair_coeff * * H O"; echo "run 0"; } >> in.reg
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
  else timeout 900 "$MPIRUN" -np $np "${mpix[@]}" "$LMP" "${args[@]}" > out.txt 2>&1; rc=$?; fi
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
  e() { expect_error "$@" || fails=$((fails+1)); }
  tiny_box in.e1; { echo "$P"; echo "pair_coeff * * H Xx"; echo "run 0"; } >> in.e1
  e element_not_in_model 1 in.e1 "element 'Xx' (type 2) is not in the model"
  tiny_box in.e2; { echo "$P"; echo "pair_coeff * * H"; } >> in.e2
  e pair_coeff_count 1 in.e2 "expected 'pair_coeff \* \* El1 El2': 2 element symbol(s), one per atom type, got 1"
  tiny_box in.e2b; { echo "$P"; echo "pair_coeff 1 2 H O"; } >> in.e2b
  e pair_coeff_not_star 1 in.e2b "pair_coeff for hdnnp_java: expected 'pair_coeff \* \* El1 El2'.*got 'pair_coeff 1 2"
  tiny_box in.e2c; { echo "$P"; echo "pair_coeff * * NULL O"; } >> in.e2c
  e pair_coeff_null_without_hybrid 1 in.e2c "NULL (type 1) means 'not handled by hdnnp_java', which needs pair_style hybrid"
  tiny_box in.e3; { echo "$P"; echo "pair_coeff * * H O"; echo "run 0"; } >> in.e3
  sed -i '1i newton off' in.e3
  e newton_off 1 in.e3 "requires newton pair on"
  tiny_box in.e4; { echo "$P bogus 3"; } >> in.e4
  e unknown_keyword 1 in.e4 "unknown keyword 'bogus'"
  sed 's/units metal/units lj/' in.e3 | sed '/newton off/d' > in.e5
  e units_lj 1 in.e5 "units 'lj' are not converted automatically"
  tiny_box in.e5b; { echo "$P cflength 1.8897261328"; } >> in.e5b
  e cflength_without_cfenergy 1 in.e5b "cflength given without cfenergy: give both"
  tiny_box in.e5c; { echo "$P cfenergy 0.0367493254"; } >> in.e5c
  e cfenergy_without_cflength 1 in.e5c "cfenergy given without cflength: give both"
  tiny_box in.e5d; { echo "$P threads 100000"; } >> in.e5d
  e threads_too_many 1 in.e5d "threads must be between 1 and 1024, got 100000"
  tiny_box in.e5e; { echo "$P showew maybe"; } >> in.e5e
  e showew_not_boolean 1 in.e5e "Expected boolean parameter instead of 'maybe'"
  tiny_box in.e6; { echo "$P jvm \"-XX:+NoSuchJvmOption\""; echo "pair_coeff * * H O"; echo "run 0"; } >> in.e6
  e bad_jvm_option 1 in.e6 "cannot start the Java runtime.*NoSuchJvmOption"
  # the JVM exits during its start-up on this option: LAMMPS must still print an ERROR line
  tiny_box in.e6b; { echo "$P jvm -Xmx1k"; echo "pair_coeff * * H O"; echo "run 0"; } >> in.e6b
  e jvm_exits_small_heap 1 in.e6b "cannot start the Java runtime.*Too small maximum heap"
  tiny_box in.e7; { echo "pair_style hdnnp_java $pot"; echo "pair_coeff * * H O"; echo "run 0"; } >> in.e7
  e n2p2_dir_without_units 1 in.e7 "carries no units"
  tiny_box in.e8; { echo "pair_style hdnnp_java /nonexistent/m.hdnnp"; echo "pair_coeff * * H O"; echo "run 0"; } >> in.e8
  e missing_model_2ranks 2 in.e8 "cannot load model"
  # one isolated molecule: symmetry functions far below the liquid's training range -> maxew exceeded
  tiny_box in.e9; { echo "$P showew yes maxew 1"; echo "pair_coeff * * H O"; echo "run 0"; } >> in.e9
  e maxew_exceeded 1 in.e9 "Too many extrapolation warnings"
  grep -h "EXTRAPOLATION WARNING" maxew_exceeded.out | head -2
  # two atoms on one site: the C ABI refuses, naming the atoms
  tiny_box in.e10; { echo "create_atoms 1 single 1.96 1 1"; echo "$P"; echo "pair_coeff * * H O"; echo "run 0"; } >> in.e10
  e coincident_atoms 1 in.e10 "atoms [0-9]* and [0-9]* are at the same position"
  [ $fails -eq 0 ] || { echo "$fails error case(s) failed"; exit 1; }
  exit 0 ;;

mpi_one_rank)
  # an error on ONE of two MPI ranks, in each phase of the pair style, ends the job within 10 s
  # with an ERROR line (MPMD: each rank gets its own variables, directory or environment)
  [ -d "$pot" ] || { echo "SKIP: no reference potential"; exit 77; }
  fails=0
  one_rank() { # one_rank NAME PATTERN mpirun-app-contexts...
    local name=$1 pattern=$2 t0 t1 rc secs; shift 2
    t0=$(date +%s.%N)
    timeout 60 "$MPIRUN" -x JAVA_HOME -x HDNNP_JAVA_JAR "$@" > "$name.out" 2>&1; rc=$?
    t1=$(date +%s.%N)
    secs=$(echo "$t1 - $t0" | bc)
    if [ $rc -eq 124 ]; then echo "FAIL $name: hang (60 s)"; fails=$((fails+1)); return; fi
    if [ $rc -eq 0 ]; then echo "FAIL $name: exit status 0"; tail -5 "$name.out"; fails=$((fails+1)); return; fi
    if ! grep -q "ERROR.*$pattern" "$name.out"; then
      echo "FAIL $name: no ERROR line matching '$pattern' (rc $rc):"; tail -8 "$name.out"; fails=$((fails+1)); return
    fi
    if [ "$(echo "$secs > 10" | bc)" = 1 ]; then echo "FAIL $name: took $secs s (> 10 s)"; fails=$((fails+1)); return; fi
    echo "ok   $name ($secs s, rc $rc): $(grep -m1 ERROR "$name.out")"
  }
  P="pair_style hdnnp_java $pot modelunits bohr hartree"
  # settings: a rank-dependent pair_style line
  tiny_box in.s; { echo "$P threads \${T}"; echo "pair_coeff * * H O"; echo "run 0"; } >> in.s
  one_rank settings "pair_style for hdnnp_java: the arguments differ between MPI ranks" \
    -np 1 "$LMP" -in in.s -var T 1 : -np 1 "$LMP" -in in.s -var T 0
  # coeff: a rank-dependent pair_coeff line
  tiny_box in.c; { echo "$P"; echo "pair_coeff * * H \${E}"; echo "run 0"; } >> in.c
  one_rank coeff "pair_coeff for hdnnp_java: the arguments differ between MPI ranks" \
    -np 1 "$LMP" -in in.c -var E O : -np 1 "$LMP" -in in.c -var E Xx
  # init: the model is readable on one rank only (a path that exists on one node, not another)
  mkdir -p rank0 rank1; ln -sfn "$pot" rank0/potential
  tiny_box in.i; { echo "pair_style hdnnp_java potential modelunits bohr hartree"; echo "pair_coeff * * H O"; echo "run 0"; } >> in.i
  one_rank init_model "on proc 1: pair_style hdnnp_java: cannot load model 'potential'" \
    -np 1 -wdir "$work/rank0" "$LMP" -in ../in.i : -np 1 -wdir "$work/rank1" "$LMP" -in ../in.i
  # init: the JVM starts on one rank only (its jar is missing on the other)
  one_rank init_jvm "on proc 1: pair_style hdnnp_java: cannot start the Java runtime" \
    -np 1 "$LMP" -in in.c -var E O : -np 1 env HDNNP_JAVA_JAR=/nonexistent/hdnnp-core.jar "$LMP" -in in.c -var E O
  # compute: two atoms on one site in rank 0's half of a box that is not periodic in x; rank 1's
  # molecule is far away
  cat > in.x <<EOT
units metal
atom_style atomic
boundary f p p
processors 2 1 1
region box block 0 40 0 12 0 12
create_box 2 box
create_atoms 2 single 2 1 1
create_atoms 1 single 2 1 1
create_atoms 2 single 36 1 1
create_atoms 1 single 36.96 1 1
mass 1 1.00794
mass 2 15.9994
$P
pair_coeff * * H O
run 0
EOT
  one_rank compute "on proc 0: pair_style hdnnp_java: step 0: atoms [0-9]* and [0-9]* are at the same position" \
    -np 2 "$LMP" -in in.x
  [ $fails -eq 0 ] || { echo "$fails case(s) failed"; exit 1; }
  exit 0 ;;

core_classpath)
  # the JVM inside LAMMPS loads the core jar: no command line, plotting or progress-bar classes
  [ -d "$pot" ] || { echo "SKIP: no reference potential"; exit 77; }
  tiny_box in.cp; { echo "pair_style hdnnp_java $pot modelunits bohr hartree"; echo "pair_coeff * * H O"; echo "run 0"; } >> in.cp
  run_np 1 120 -in in.cp -log none; rc=$?
  [ $rc -eq 0 ] || { echo "FAIL: lmp_hdnnp_java exit $rc"; tail -20 out.txt; exit 1; }
  cp_used=$(sed -n 's/^hdnnp_java: JVM started in .* s (class path \(.*\))$/\1/p' out.txt)
  echo "class path of the JVM in LAMMPS: $cp_used"
  case "$cp_used" in *hdnnp-core.jar) ;; *) echo "FAIL: not the core jar"; exit 1 ;; esac
  classes=$("$JAVA_HOME/bin/jar" tf "$cp_used") || { echo "FAIL: cannot list $cp_used"; exit 1; }
  echo "$classes" | grep -q '^dev/hdnnp/bridge/Bridge.class$' || { echo "FAIL: no bridge in $cp_used"; exit 1; }
  found=$(echo "$classes" | grep -E '^(picocli/|org/knowm/xchart/|me/tongfei/progressbar/|org/jline/|dev/hdnnp/cli/)' | head -3)
  [ -z "$found" ] || { echo "FAIL: $cp_used holds CLI/plotting/progress-bar classes: $found"; exit 1; }
  # and the command-line jar does hold them (the check above can fail)
  "$JAVA_HOME/bin/jar" tf "$HDNNP_CLI_JAR" | grep -q '^picocli/' || { echo "FAIL: cannot tell: no picocli in $HDNNP_CLI_JAR"; exit 1; }
  echo "ok: $(echo "$classes" | grep -c '\.class$') classes, none of picocli, xchart, progressbar, jline, dev.hdnnp.cli"
  exit 0 ;;

convert_model)
  [ -d "$pot" ] || { echo "SKIP: no reference potential in $HDNNP_SHARED"; exit 77; }
  rm -f "$json"
  "$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -jar "$HDNNP_CLI_JAR" \
      convert "$pot" "$json" --length-unit bohr --energy-unit hartree || { echo "FAIL: hdnnp convert"; exit 1; }
  [ -s "$json" ] || exit 1
  exit 0 ;;

nve_1080)
  # NVE energy conservation: 1000 steps x 0.5 fs, 300 K, JSON model, metal units converted
  # automatically, 2 MPI ranks x 1 thread. Bounds: a few times n2p2's own figures for this box
  # (TIMING.md: 200 steps, drift 6.3e-6 eV/atom = 6.3e-5 eV/atom/ps, largest deviation 1.4e-5 eV/atom).
  need_json
  steps=${NVE_STEPS:-1000}
  header in.nve
  cat >> in.nve <<EOT
timestep 0.0005
neigh_modify every 1 delay 0 check yes
pair_style hdnnp_java $json showew no showewsum 200 maxew 1000
pair_coeff * * H O
velocity all create 300.0 4928459 mom yes rot yes dist gaussian
fix INT all nve
thermo 10
thermo_style custom step time pe ke etotal temp press
thermo_modify format float %24.16e
run $steps
EOT
  t0=$(date +%s.%N)
  run_np 2 1800 -in in.nve -log log.lammps; rc=$?
  t1=$(date +%s.%N)
  [ $rc -eq 0 ] || { echo "FAIL: lmp_hdnnp_java exit $rc"; tail -20 out.txt; exit 1; }
  grep -E "Loop time|EW SUMMARY" out.txt | tail -3
  echo "wall time: $(echo "$t1 - $t0" | bc) s"
  $PY "$here/energy_drift.py" log.lammps 1080 "${NVE_MAX_DRIFT:-2e-4}" "${NVE_MAX_DEV:-7e-5}" || exit 1
  exit 0 ;;

virial_fd)
  # per-atom energy/virial sums and the pressure against -dE/dV by finite differences
  need_json
  h1=5e-5; h2=1e-4
  header in.fd
  cat >> in.fd <<EOT
pair_style hdnnp_java $json showew no
pair_coeff * * H O
compute pea all pe/atom
compute sa all stress/atom NULL virial
compute pesum all reduce sum c_pea
compute ssum all reduce sum c_sa[1] c_sa[2] c_sa[3] c_sa[4] c_sa[5] c_sa[6]
thermo_style custom step pe press pxx pyy pzz pxy pxz pyz vol c_pesum c_ssum[1] c_ssum[2] c_ssum[3] c_ssum[4] c_ssum[5] c_ssum[6]
thermo_modify format float %24.16e
run 0
EOT
  # strains relative to the original box: +h1, -h1, +h2, -h2 (factors of the previous box)
  $PY - "$h1" "$h2" >> in.fd <<'EOT'
import sys
h1, h2 = float(sys.argv[1]), float(sys.argv[2])
prev = 1.0
for e in (h1, -h1, h2, -h2):
    s = (1 + e) / prev
    prev = 1 + e
    print(f"change_box all x scale {s!r} y scale {s!r} z scale {s!r} remap")
    print("run 0")
EOT
  run_np 2 600 -in in.fd -log log.lammps; rc=$?
  [ $rc -eq 0 ] || { echo "FAIL: lmp_hdnnp_java exit $rc"; tail -20 out.txt; exit 1; }
  $PY "$here/check_virial.py" log.lammps "$h1" "$h2" || exit 1
  exit 0 ;;

ref8640_np2)
  # n2p2's 10-step reference of the 8640-atom box (ref_thermo.txt, forces.ref8640.dump), 2 ranks
  [ "${HDNNP_LONG_TESTS:-1}" = 1 ] || { echo "SKIP: HDNNP_LONG_TESTS=0"; exit 77; }
  [ -f "$ref/ref_thermo.txt" ] && [ -d "$pot" ] || { echo "SKIP: no reference data in $HDNNP_SHARED"; exit 77; }
  line="pair_style \${ps} $pot modelunits bohr hartree showew no showewsum 5 resetew no maxew 100 cflength 1.8897261328 cfenergy 0.0367493254"
  write_ref_input in.ref "$line"
  t0=$(date +%s.%N)
  run_np 2 1800 -in in.ref -log log.lammps -var data "$ref/h2o_8640_liquid_NpT_RPBE-D3.data" -var vel 0 \
      -var ps hdnnp_java -var nsteps 10; rc=$?
  t1=$(date +%s.%N)
  [ $rc -eq 0 ] || { echo "FAIL: lmp_hdnnp_java exit $rc"; tail -20 out.txt; exit 1; }
  grep -E "Loop time" out.txt
  echo "wall time (incl. JVM start, setup): $(echo "$t1 - $t0" | bc) s"
  $PY "$here/compare_thermo.py" log.lammps "$ref/ref_thermo.txt" 1e-9 || exit 1
  $PY "$here/compare_forces.py" forces.final.dump "$ref/forces.ref8640.dump" 10 1e-9 || exit 1
  exit 0 ;;

*) echo "unknown test $test"; exit 2 ;;
esac
