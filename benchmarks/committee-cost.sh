#!/usr/bin/env bash
# committee-cost.sh: what a committee of four costs in LAMMPS against one model (issue 9's bar:
# at most 1.6x), on the 1080-atom water box of n2p2's reference runs.
#   RUNS=5 NP=1 WARMUP=5 STEPS=50 benchmarks/committee-cost.sh
# Member 0 is n2p2's H2O_RPBE-D3 potential in this project's model format (`hdnnp convert`, as the
# LAMMPS test convert_model does); members 1-3 are copies with every network parameter scaled by
# 1 + 0.02 g (native/tests/lammps/perturb_model.py, seeds 1-3), so all four share the symmetry
# functions. Both inputs are the same MD (metal units, 300 K, seed 4928459, fix nve, 0.5 fs);
# the committee's adds `compute hdnnp/java/devi` on thermo (the largest force disagreement), as a
# user watching it would. Per run: WARMUP untimed steps (JVM warm-up), then STEPS timed steps;
# LAMMPS's "Loop time" of the timed run is used (setup and JVM start excluded). RUNS pairs are
# run interleaved (one model, then the committee) so both see the same load; the script prints
# each pair's ratio committee/one and their median, and the load average before and after.
# Needs native/build.sh first (lmp_hdnnp_java, the jars) and ../shared (or HDNNP_SHARED).
set -eu
repo=$(cd "$(dirname "$0")/.." && pwd)
runs=${RUNS:-5}; np=${NP:-1}; warm=${WARMUP:-5}; steps=${STEPS:-50}
LMP=${LMP:-$repo/native/build/lmp_hdnnp_java}
. "$repo/native/jdk.sh"
export HDNNP_JAVA_JAR=${HDNNP_JAVA_JAR:-$repo/java/target/hdnnp-core.jar}
cli=${HDNNP_CLI_JAR:-$repo/java/target/hdnnp.jar}
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1
shared=$(cd "${HDNNP_SHARED:-$repo/../shared}" && pwd)
pot=$shared/reference/n2p2/H2O_RPBE-D3/potential
data=$shared/reference/lammps/H2O_RPBE-D3/h2o_1080_liquid.data
[ -x "$LMP" ] || { echo "build lmp_hdnnp_java first (native/build.sh)"; exit 1; }
[ -f "$cli" ] || { echo "no $cli: build the jars first (native/build.sh)"; exit 1; }
[ -d "$pot" ] && [ -f "$data" ] || { echo "no water potential or data under $shared/reference"; exit 1; }
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
cd "$work"
"$JAVA_HOME/bin/java" --enable-native-access=ALL-UNNAMED -jar "$cli" convert "$pot" m0.json \
  --length-unit bohr --energy-unit hartree > convert.txt 2>&1 || { cat convert.txt; exit 1; }
for k in 1 2 3; do python3 "$repo/native/tests/lammps/perturb_model.py" m0.json "m$k.json" "$k" 0.02; done
input() { # input FILE PAIR_STYLE_ARGS [compute-lines]
  cat > "$1" <<EOT
units metal
boundary p p p
atom_style atomic
read_data $data
mass 1 1.00794
mass 2 15.9994
timestep 0.0005
neigh_modify every 1 delay 0 check yes
pair_style hdnnp_java $2
pair_coeff * * H O
velocity all create 300.0 4928459 mom yes rot yes dist gaussian
fix INT all nve
$3
thermo 10
run $warm
run $steps
EOT
}
input in.one "m0.json" "thermo_style custom step temp pe press"
input in.four "m0.json m1.json m2.json m3.json" "compute d all hdnnp/java/devi
thermo_style custom step temp pe press c_d"
loop() { # loop INPUT -> "Loop time" of the last run, in s
  if [ "$np" = 1 ]; then "$LMP" -in "$1" -log none > out.txt 2>&1 || { tail -20 out.txt; exit 1; }
  else mpirun --bind-to none -np "$np" -x JAVA_HOME -x HDNNP_JAVA_JAR "$LMP" -in "$1" -log none > out.txt 2>&1 || { tail -20 out.txt; exit 1; }
  fi
  awk '/^Loop time/ {t = $4} END {print t}' out.txt
}
echo "# committee of 4 vs one model, 1080-atom water, $np rank(s), $warm warm-up + $steps timed steps, $runs pair(s), $(date -u +%FT%TZ)"
echo "# load average before: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) cores)"
printf '# %4s %10s %10s %7s\n' pair "one(s)" "four(s)" ratio
: > ratios.txt
for r in $(seq "$runs"); do
  a=$(loop in.one); b=$(loop in.four)
  awk -v r="$r" -v a="$a" -v b="$b" 'BEGIN {printf "  %4d %10.3f %10.3f %7.3f\n", r, a, b, b/a}'
  awk -v a="$a" -v b="$b" 'BEGIN {print b/a}' >> ratios.txt
done
sort -g ratios.txt | awk '{x[NR]=$1} END {printf "# median ratio %.3f (bar: <= 1.6)\n", (NR%2) ? x[(NR+1)/2] : (x[NR/2]+x[NR/2+1])/2}'
echo "# load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
