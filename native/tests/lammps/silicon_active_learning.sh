#!/usr/bin/env bash
# ctest lammps_silicon_active_learning: lammps-examples/silicon/active-learning.sh end to end at a
# reduced size (2 members, 1 epoch, 2 ps of heating and compression of 64 atoms, 4 frames selected), then
# silicon_active_learning.py checks what holds at any size against independent computations.
# Env (from ctest): LMP (lmp_hdnnp_java), HDNNP_JAVA_JAR, WORK. Exit 77 (skipped) without Debian's
# lmp with pair_style sw (the reference), without Si.sw, or with HDNNP_LONG_TESTS=0 (label long).
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../../.." && pwd)
[ "${HDNNP_LONG_TESTS:-1}" = 1 ] || { echo "SKIP: HDNNP_LONG_TESTS=0"; exit 77; }
command -v lmp > /dev/null || { echo "SKIP: Debian's lmp (package lammps) is not installed"; exit 77; }
[ -f /usr/share/lammps/potentials/Si.sw ] || { echo "SKIP: /usr/share/lammps/potentials/Si.sw (package lammps-data) is missing"; exit 77; }
out=${WORK:-/tmp}/silicon-active-learning
rm -rf "$out"
export OUT=$out MEMBERS=2 EPOCHS=1 STEPS=2000 TMAX=1500 PMAX=250000 CELLS=2 EVERY=100 SELECT=4 GAP=300 NEW='Press>=100000' THREADS=2
bash "$repo/lammps-examples/silicon/active-learning.sh"
python3 "$here/silicon_active_learning.py" "$out" 4 300 "$NEW"
