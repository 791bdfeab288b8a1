#!/usr/bin/env bash
# lammps-force-path.sh: times pair_style hdnnp_java in LAMMPS on the shared water boxes with the
# same input as n2p2's reference timings (shared/reference/lammps/H2O_RPBE-D3/TIMING.md).
#   benchmarks/lammps-force-path.sh [ATOMS=1080|8640] [STEPS=20] [RUNS=3] [NPS="1 2"] [THREADS=1]
# Prints LAMMPS "Loop time" (setup and JVM start excluded) per run and the median in us/atom/step.
set -eu
repo=$(cd "$(dirname "$0")/.." && pwd)
atoms=${1:-1080}; steps=${2:-20}; runs=${3:-3}; nps=${4:-"1 2"}; threads=${5:-1}
LMP=${LMP:-$repo/native/build/lmp_hdnnp_java}
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
export HDNNP_JAVA_JAR=${HDNNP_JAVA_JAR:-$repo/java/target/hdnnp.jar}
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1
shared=${HDNNP_SHARED:-$repo/../shared}
ref=$shared/reference/lammps/H2O_RPBE-D3
[ -x "$LMP" ] || { echo "build lmp_hdnnp_java first (cmake -S native -B native/build && cmake --build native/build)"; exit 1; }
case $atoms in 1080) data=$ref/h2o_1080_liquid.data; vel=1 ;; 8640) data=$ref/h2o_8640_liquid_NpT_RPBE-D3.data; vel=0 ;;
  *) echo "ATOMS must be 1080 or 8640"; exit 2 ;; esac
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
sed -e "s|^pair_style .*|pair_style hdnnp_java $shared/reference/n2p2/H2O_RPBE-D3/potential modelunits bohr hartree threads $threads showew no showewsum 5 resetew no maxew 100 cflength 1.8897261328 cfenergy 0.0367493254|" \
    "$ref/in.h2o.bench" > "$work/in.bench"
cd "$work"
echo "# hdnnp_java, $atoms atoms, $steps steps, threads $threads, $(date -u +%FT%TZ)"
echo "# np  loop-times(s)  median(s)  wall-us/atom/step  core-us/atom/step"
for np in $nps; do
  times=()
  for r in $(seq "$runs"); do
    mpirun --bind-to none -np "$np" -x JAVA_HOME -x HDNNP_JAVA_JAR "$LMP" -in in.bench -log none \
      -var data "$data" -var nsteps "$steps" -var vel "$vel" -var ps hdnnp_java > run.txt 2>&1 \
      || { tail -20 run.txt; exit 1; }
    times+=("$(awk '/^Loop time/ {print $4}' run.txt)")
  done
  printf '%s\n' "${times[@]}" | sort -g > t.txt
  med=$(awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}' t.txt)
  awk -v np="$np" -v med="$med" -v n="$atoms" -v s="$steps" -v all="${times[*]}" \
    'BEGIN {w = 1e6*med/(n*s); printf "%4d  %s  %.3f  %.0f  %.0f\n", np, all, med, w, w*np}'
done
