#!/usr/bin/env bash
# habits.sh TEST NP -- LAMMPS habits users bring to a machine-learned pair style (called by ctest).
# Each test does the same physics two ways and demands the same numbers:
#   types_merged  `pair_coeff * * O H H` (three LAMMPS types, two elements) vs the two-type system
#   null_hybrid   NULL types under hybrid/overlay (hdnnp_java on the water, lj/cut for probe atoms)
#                 vs the water alone + lj/cut alone on the whole system
#   hybrid_zbl    hybrid/overlay with a repulsive short-range zbl vs each style computed separately
#   restart       read_restart in a new process + re-issued pair style vs one uninterrupted run
#   run_pre_no    `run N pre no post no` loops vs one long run
#   clear         `clear` in the same process (the JVM keeps running), read_restart, re-issued
#                 pair style vs one uninterrupted run
# Environment: LMP, MPIRUN, HDNNP_SHARED, WORK, JAVA_HOME, HDNNP_JAVA_JAR; for a LAMMPS with the
# PLUGIN package either LAMMPS_PLUGIN_PATH (auto-load) or PLUGIN=<hdnnp_java_plugin.so> (an
# explicit `plugin load` at the top of every input and after `clear`). Exit 0 pass, 1 fail, 77 skip.
set -u
test=${1:?test name} np=${2:?number of ranks}
here=$(cd "$(dirname "$0")" && pwd)
ref="$HDNNP_SHARED/reference/lammps/H2O_RPBE-D3"
pot="$HDNNP_SHARED/reference/n2p2/H2O_RPBE-D3/potential"
data="$ref/h2o_1080_liquid.data"
[ -x "${LMP:-}" ] || { echo "SKIP: LMP not set"; exit 77; }
[ -f "$data" ] && [ -d "$pot" ] || { echo "SKIP: no reference data in $HDNNP_SHARED"; exit 77; }
work="$WORK/habit_${test}_np$np"
rm -rf "$work"; mkdir -p "$work"; cd "$work" || exit 1
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1
PY=${PYTHON:-python3}
cmp_runs() { $PY "$here/compare_runs.py" "$@"; }
# Same run done two ways: bit-identical numbers (the kernel's results do not depend on when the JIT
# compiles what; a lane sum in JIT-dependent order once made two identical processes differ by
# 1e-14 in the pressure). HABIT_TOL=1e-12 relaxes it to round-off for a kernel under work.
TOL=${HABIT_TOL:-0}
HD="hdnnp_java $pot modelunits bohr hartree showew no"
load=""; [ -n "${PLUGIN:-}" ] && load="plugin load $PLUGIN"

lmp() { # lmp NAME: runs NAME.in on $np ranks (log NAME.log, screen NAME.out), fails on error/hang
  local name=$1 rc
  local -a mpi=()
  [ "$np" = 1 ] || mpi=("$MPIRUN" -np "$np" -x JAVA_HOME -x HDNNP_JAVA_JAR)
  [ "$np" != 1 ] && [ -n "${LAMMPS_PLUGIN_PATH:-}" ] && mpi+=(-x LAMMPS_PLUGIN_PATH)
  timeout 600 "${mpi[@]}" "$LMP" -in "$name.in" -log "$name.log" > "$name.out" 2>&1; rc=$?
  if [ $rc -ne 0 ]; then
    echo "FAIL: $name: exit $rc$([ $rc = 124 ] && echo ' (timeout)')"; grep -m3 ERROR "$name.out"; tail -5 "$name.out"
    exit 1
  fi
}

# water FILE [extra types]: the 1080-molecule water box, metal units; thermo every step, all digits
water() {
  local extra=""
  [ "${2:-0}" -gt 0 ] && extra="extra/atom/types $2"
  cat > "$1" <<EOT
$load
units metal
boundary p p p
atom_style atomic
read_data $data $extra
mass 1 1.00794
mass 2 15.9994
timestep 0.0005
EOT
}
# md_settings FILE [sorted]: the settings a restart file does not carry, re-issued after it.
# Without "sorted": neighbour lists rebuilt every step and no spatial sorting of atoms, so a run
# split at any step builds the same lists in the same order as the uninterrupted run (LAMMPS's own
# pair styles are bit-identical across a restart only under the same condition).
md_settings() {
  if [ "${2:-}" = sorted ]; then
    echo "neigh_modify every 1 delay 0 check yes" >> "$1"
  else
    { echo "neigh_modify every 1 delay 0 check no"; echo "atom_modify sort 0 0.0"; } >> "$1"
  fi
  cat >> "$1" <<EOT
thermo 1
thermo_style custom step pe ke etotal press pxx pyy pzz pxy pxz pyz
thermo_modify format float %24.16e
fix INT all nve
EOT
}
velocities() { echo "velocity all create 300.0 4928459 mom yes rot yes dist gaussian" >> "$1"; }
final_forces() { echo "write_dump all custom $2 id fx fy fz modify sort id format float %24.16e" >> "$1"; }

case $test in
types_merged)
  # 1 = O, 2 = H with odd ids, 3 = H with even ids (velocities depend only on ids and masses)
  water three.in 1
  cat >> three.in <<EOT
group O type 2
group H type 1
variable even atom "(id % 2) == 0"
group even variable even
group Heven intersect H even
set group O type 1
set group H type 2
set group Heven type 3
mass 1 15.9994
mass 2 1.00794
mass 3 1.00794
pair_style $HD
pair_coeff * * O H H
EOT
  md_settings three.in sorted; velocities three.in
  echo "run 6" >> three.in; final_forces three.in three.dump
  water two.in
  { echo "pair_style $HD"; echo "pair_coeff * * H O"; } >> two.in
  md_settings two.in sorted; velocities two.in
  echo "run 6" >> two.in; final_forces two.in two.dump
  lmp three; lmp two
  cmp_runs thermo three.log two.log --steps 0:6 --tol "$TOL" || exit 1
  cmp_runs forces three.dump two.dump --tol "$TOL" || exit 1 ;;

null_hybrid)
  # probe atoms (type 3, NULL for hdnnp_java) in the cavities of the water: no water atom within
  # 2.2 A, found on a grid from the data file
  $PY - "$data" > probes.txt <<'EOT' || exit 1
import sys, itertools
lines = open(sys.argv[1]).read().split("\n")
box = [float(l.split()[1]) for l in lines if l.endswith(("xlo xhi", "ylo yhi", "zlo zhi"))]
i = lines.index("Atoms # atomic") + 2
xyz = [tuple(map(float, l.split()[2:5])) for l in lines[i:] if l.strip()][:1080]
found = []
for g in itertools.product(range(1, 8), repeat=3):
    p = [g[k] * box[k] / 8 for k in range(3)]
    def d2(a):
        return sum(((a[k] - p[k] + box[k] / 2) % box[k] - box[k] / 2) ** 2 for k in range(3))
    if min(d2(a) for a in xyz + found) > 2.2 ** 2:
        found.append(tuple(p))
    if len(found) == 12:
        break
for p in found:
    print("create_atoms 3 single %.10f %.10f %.10f units box" % p)
EOT
  [ "$(wc -l < probes.txt)" -ge 4 ] || { echo "FAIL: found only $(wc -l < probes.txt) cavities"; exit 1; }
  LJ="lj/cut 5.0"; LJC="0.02 2.6"
  water hybrid.in 1; { cat probes.txt; echo "mass 3 4.0026"
    echo "pair_style hybrid/overlay $HD $LJ"; echo "pair_coeff * * hdnnp_java H O NULL"
    echo "pair_coeff * 3 lj/cut $LJC"; } >> hybrid.in
  water lj.in 1; { cat probes.txt; echo "mass 3 4.0026"
    echo "pair_style $LJ"; echo "pair_coeff 1*2 1*2 0.0 1.0"; echo "pair_coeff * 3 $LJC"; } >> lj.in
  water nn.in; { echo "pair_style $HD"; echo "pair_coeff * * H O"; } >> nn.in
  for f in hybrid lj nn; do md_settings $f.in sorted; echo "run 0" >> $f.in; final_forces $f.in $f.dump; lmp $f; done
  echo "probe atoms: $(wc -l < probes.txt); pe(lj) $(grep -A1 '^ *Step' lj.log | tail -1 | awk '{print $2}') eV"
  cmp_runs thermo hybrid.log nn.log --plus lj.log --steps 0:0 --tol 1e-12 || exit 1
  cmp_runs forces hybrid.dump nn.dump --plus lj.dump --tol 1e-12 || exit 1 ;;

hybrid_zbl)
  ZBL="zbl 0.9 1.4"
  zc() { printf 'pair_coeff 1 1 %s 1 1\npair_coeff 1 2 %s 1 8\npair_coeff 2 2 %s 8 8\n' "$1" "$1" "$1"; }
  water hybrid.in; { echo "pair_style hybrid/overlay $HD $ZBL"; echo "pair_coeff * * hdnnp_java H O"; zc zbl; } >> hybrid.in
  water zbl.in; { echo "pair_style $ZBL"; zc ""; } >> zbl.in
  water nn.in; { echo "pair_style $HD"; echo "pair_coeff * * H O"; } >> nn.in
  for f in hybrid zbl nn; do md_settings $f.in sorted; echo "run 0" >> $f.in; final_forces $f.in $f.dump; lmp $f; done
  echo "pe(zbl) $(grep -A1 '^ *Step' zbl.log | tail -1 | awk '{print $2}') eV"
  cmp_runs thermo hybrid.log nn.log --plus zbl.log --steps 0:0 --tol 1e-12 || exit 1
  cmp_runs forces hybrid.dump nn.dump --plus zbl.dump --tol 1e-12 || exit 1 ;;

restart|clear|run_pre_no)
  # the uninterrupted run: 12 steps
  mode=""; [ "$test" = run_pre_no ] && mode=sorted
  water whole.in; { echo "pair_style $HD"; echo "pair_coeff * * H O"; } >> whole.in
  md_settings whole.in $mode; velocities whole.in
  echo "run 12" >> whole.in; final_forces whole.in whole.dump
  lmp whole
  if [ "$test" = run_pre_no ]; then
    water split.in; { echo "pair_style $HD"; echo "pair_coeff * * H O"; } >> split.in
    md_settings split.in sorted; velocities split.in
    cat >> split.in <<'EOT'
run 3 post no
variable i loop 3
label again
run 3 pre no post no
next i
jump SELF again
EOT
    final_forces split.in split.dump
    lmp split
  else
    water part1.in; { echo "pair_style $HD"; echo "pair_coeff * * H O"; } >> part1.in
    md_settings part1.in; velocities part1.in
    { echo "run 6"; echo "write_restart half.restart"; } >> part1.in
    { echo "$load"; echo "read_restart half.restart"; echo "pair_style $HD"; echo "pair_coeff * * H O"; } > part2.in
    md_settings part2.in
    echo "run 6" >> part2.in; final_forces part2.in split.dump
    if [ "$test" = restart ]; then
      lmp part1; lmp part2
      cat part1.log part2.log > split.log
    else
      { cat part1.in; echo "clear"; cat part2.in; } > split.in
      lmp split
      # two models loaded (before and after clear), one JVM started: the second pair style found
      # the JVM of the first one running
      grep -E "hdnnp_java: (JVM|model)" split.log
      [ "$(grep -c 'hdnnp_java: model' split.log)" = 2 ] && [ "$(grep -c 'hdnnp_java: JVM started' split.log)" = 1 ] \
        || { echo "FAIL: the JVM was not kept across clear"; exit 1; }
    fi
  fi
  cmp_runs thermo split.log whole.log --steps 0:12 --tol "$TOL" || exit 1
  cmp_runs forces split.dump whole.dump --tol "$TOL" || exit 1 ;;

*) echo "unknown test $test"; exit 2 ;;
esac
exit 0
