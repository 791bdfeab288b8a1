#!/usr/bin/env bash
# generate.sh: a large two-element training set made on demand: 3C-SiC with the Tersoff potential
# (LAMMPS pair_style tersoff, SiC.tersoff from Debian's lammps-data): supercells of 32, 64 and 128
# atoms, 300-2400 K, hydrostatic strains of -1..+4 %, shear strains of +-3 %, vacancies and
# antisites; energies, forces and stress (ASE's extxyz conventions). Written into a cache outside
# the repository and reused when present:
#   bash lammps-examples/sic-tersoff/generate.sh           # N=20000 structures
#   N=2000 JOBS=2 bash lammps-examples/sic-tersoff/generate.sh
# Env: N (structures, default 20000), JOBS (parallel LAMMPS runs, default 1), LMP (default lmp),
#      POTFILE (default /usr/share/lammps/potentials/SiC.tersoff),
#      CACHE (default ${XDG_CACHE_HOME:-$HOME/.cache}/hdnnp-java). Prints the file's path last.
# Deterministic: fixed seeds per run; the result does not depend on JOBS.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
lib=$(cd "$here/../silicon/data" && pwd)
N=${N:-20000}
JOBS=${JOBS:-1}
LMP=${LMP:-lmp}
potfile=${POTFILE:-/usr/share/lammps/potentials/SiC.tersoff}
cache=${CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/hdnnp-java}
target=$cache/sic-tersoff-$N.extxyz
if [ -s "$target" ]; then echo "$target"; exit 0; fi
[ -r "$potfile" ] || { echo "generate.sh: $potfile not found (apt-get install lammps-data)" >&2; exit 1; }
command -v "$LMP" > /dev/null || { echo "generate.sh: LAMMPS binary '$LMP' not found (apt-get install lammps)" >&2; exit 1; }
mkdir -p "$cache"
work=$(mktemp -d "$cache/sic-tersoff-work.XXXXXX")
trap 'rm -rf "$work"' EXIT
start=$SECONDS

# the runs: size x temperature x strain x defect; shear component and sign cycle with the seed
runs=$work/runs.txt
: > "$runs"
seed=1000
for size in "2 2 1" "2 2 2" "4 2 2"; do
  for T in 300 900 1500 2400; do
    for eps in -0.01 0.00 0.01 0.02 0.04; do
      for defect in none vacancy antisite; do
        seed=$((seed + 1))
        comps=(none xy xz yz); scomp=${comps[$((seed % 4))]}
        if [ $(( (seed / 4) % 2 )) = 0 ]; then shear=0.03; else shear=-0.03; fi
        set -- $size
        echo "sic_${1}${2}${3}_${T}K_${eps}_${defect}_$seed $1 $2 $3 $T $eps $defect $scomp $shear $seed" >> "$runs"
      done
    done
  done
done
nruns=$(wc -l < "$runs")
nframes=$(( (N + nruns - 1) / nruns ))
echo "SiC Tersoff data: $nruns LAMMPS runs x $nframes frames -> $target (JOBS=$JOBS)" >&2

run_one() {
  local stem=$1 nx=$2 ny=$3 nz=$4 T=$5 eps=$6 defect=$7 scomp=$8 shear=$9 seed=${10}
  "$LMP" -in "$here/in.sic" -var lib "$lib" -var out "$work" -var stem "$stem" -var potfile "$potfile" -var alat 4.32 \
         -var nx "$nx" -var ny "$ny" -var nz "$nz" -var T "$T" -var eps "$eps" -var defect "$defect" \
         -var scomp "$scomp" -var shear "$shear" -var seed "$seed" -var nframes "$nframes" -var every 40 \
         -log "$work/$stem.log" -screen none -nocite \
    || { echo "LAMMPS failed on $stem:" >&2; tail -n 5 "$work/$stem.log" >&2; return 1; }
}
export -f run_one
export LMP here lib work potfile nframes
xargs -P "$JOBS" -L 1 bash -c 'run_one "$@"' _ < "$runs"
echo "LAMMPS runs took $((SECONDS - start)) s" >&2

awk '{ split($1, p, "_"); print $1, "sic_" p[5] }' "$runs" > "$work/manifest.txt"
python3 "$lib/dump2extxyz.py" "$work/manifest.txt" "$work" "$work/all.extxyz" - --species Si,C >&2
# keep exactly N frames, evenly spread over all runs (they made nruns * nframes >= N)
python3 - "$work/all.extxyz" "$work/out.extxyz" "$N" "$((nruns * nframes))" <<'PY'
import sys
src, dst, n, total = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
keep = {k * total // n for k in range(n)}
written = 0
with open(src) as f, open(dst, "w") as out:
    for k in range(total):
        line = f.readline()
        block = [line] + [f.readline() for _ in range(int(line) + 1)]
        if k in keep:
            out.writelines(block)
            written += 1
if written != n:
    sys.exit("wrote %d frames, expected %d" % (written, n))
PY
mv "$work/out.extxyz" "$target"
echo "done in $((SECONDS - start)) s: $(grep -c Lattice "$target") structures" >&2
echo "$target"
