#!/usr/bin/env bash
# lammps-force-path.sh: times pair_style hdnnp_java in LAMMPS on the shared water boxes with the
# input of n2p2's reference timings (shared/reference/lammps/H2O_RPBE-D3/TIMING.md) and prints
# them next to n2p2's figures from TIMING.md.
#   benchmarks/lammps-force-path.sh [ATOMS="1080 8640"] [STEPS=auto] [RUNS=3] [NPS="1 2"] [THREADS=1] [WARMUP=5]
#     STEPS auto: 50 for 1080 atoms, 20 for 8640 (as in TIMING.md)
#     WARMUP: untimed MD steps before the timed run (JIT warm-up of the JVM; n2p2 needs none).
#             LAMMPS's "Loop time" of the timed run is used: setup and JVM start are excluded.
# Output per (atoms, ranks): median loop time, ms/step, wall us/atom/step, core us/atom/step
# (wall x ranks x threads), and n2p2's wall us/atom/step with the ratio. Check `uptime` first:
# the machine has 2 shared cores; the script prints the load average before and after.
set -eu
repo=$(cd "$(dirname "$0")/.." && pwd)
sizes=${1:-"1080 8640"}; steps_arg=${2:-auto}; runs=${3:-3}; nps=${4:-"1 2"}; threads=${5:-1}; warm=${6:-5}
LMP=${LMP:-$repo/native/build/lmp_hdnnp_java}
. "$(dirname "${BASH_SOURCE[0]}")/../native/jdk.sh"
export HDNNP_JAVA_JAR=${HDNNP_JAVA_JAR:-$repo/java/target/hdnnp-core.jar}
export OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 OMPI_MCA_rmaps_base_oversubscribe=1
shared=${HDNNP_SHARED:-$repo/../shared}
ref=$shared/reference/lammps/H2O_RPBE-D3
[ -x "$LMP" ] || { echo "build lmp_hdnnp_java first (cmake -S native -B native/build && cmake --build native/build)"; exit 1; }
work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
# the reference input, our pair_style line, WARMUP untimed steps before the timed run
sed -e "s|^pair_style .*|pair_style hdnnp_java $shared/reference/n2p2/H2O_RPBE-D3/potential modelunits bohr hartree threads $threads showew no showewsum 5 resetew no maxew 100 cflength 1.8897261328 cfenergy 0.0367493254|" \
    -e "s|^run \${nsteps}|run $warm\nrun \${nsteps}|" "$ref/in.h2o.bench" > "$work/in.bench"
[ "$warm" -gt 0 ] || sed -i '/^run 0$/d' "$work/in.bench"
cd "$work"
n2p2() { # n2p2 ATOMS RANKS -> wall us/atom/step from TIMING.md
  awk -F'|' -v a="$1" -v r="$2" '$2+0 == a && $3+0 == r {split($7, w, " "); print w[1]}' "$ref/TIMING.md"
}
echo "# hdnnp_java pair style, threads $threads, $runs run(s), warm-up $warm steps, $(date -u +%FT%TZ)"
echo "# load average before: $(cut -d' ' -f1-3 /proc/loadavg) ($(nproc) cores)"
printf '# %5s %3s %5s  %-26s %9s %9s %14s %14s %12s %7s\n' atoms np steps "loop-times(s)" "median(s)" "ms/step" \
  "wall-us/at/st" "core-us/at/st" "n2p2-wall" "ratio"
for atoms in $sizes; do
  case $atoms in 1080) data=$ref/h2o_1080_liquid.data; vel=1; steps=50 ;;
    8640) data=$ref/h2o_8640_liquid_NpT_RPBE-D3.data; vel=0; steps=20 ;;
    *) echo "ATOMS must be 1080 and/or 8640"; exit 2 ;; esac
  [ "$steps_arg" = auto ] || steps=$steps_arg
  for np in $nps; do
    times=()
    for r in $(seq "$runs"); do
      mpirun --bind-to none -np "$np" -x JAVA_HOME -x HDNNP_JAVA_JAR "$LMP" -in in.bench -log none \
        -var data "$data" -var nsteps "$steps" -var vel "$vel" -var ps hdnnp_java > run.txt 2>&1 \
        || { tail -20 run.txt; exit 1; }
      times+=("$(awk '/^Loop time/ {t = $4} END {print t}' run.txt)")
    done
    printf '%s\n' "${times[@]}" | sort -g > t.txt
    med=$(awk '{a[NR]=$1} END {print (NR%2) ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2}' t.txt)
    ref_us=$(n2p2 "$atoms" "$np"); ref_us=${ref_us:-nan}
    awk -v np="$np" -v med="$med" -v n="$atoms" -v s="$steps" -v th="$threads" -v all="$(echo "${times[*]}" | tr ' ' ',')" -v r="$ref_us" \
      'BEGIN {w = 1e6*med/(n*s); printf "  %5d %3d %5d  %-26s %9.3f %9.1f %14.0f %14.0f %12s %7.2f\n", n, np, s, all, med, 1e3*med/s, w, w*np*th, r, (r+0 > 0) ? w/r : 0}'
  done
done
echo "# load average after: $(cut -d' ' -f1-3 /proc/loadavg)"
echo "# n2p2-wall: n2p2's pair_style hdnnp, same input and machine kind (TIMING.md); ratio = hdnnp_java / n2p2"
