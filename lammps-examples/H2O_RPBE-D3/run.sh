#!/usr/bin/env bash
# run.sh [NP]: converts n2p2's H2O_RPBE-D3 potential to water.json (once) with `hdnnp convert`,
# runs in.h2o with NP MPI ranks (default 1) and compares the thermo output with n2p2's own
# pair_style hdnnp in the same LAMMPS (shared/reference/lammps/H2O_RPBE-D3/ref_thermo_1080.txt).
# Environment (all optional):
#   N2P2_POT   n2p2 potential directory (input.nn, scaling.data, weights.*.data); default
#              ../shared/reference/n2p2/H2O_RPBE-D3/potential, or e.g. <n2p2>/examples/nnp-predict/H2O_RPBE-D3
#   LMP        lmp_hdnnp_java (default native/build/lmp_hdnnp_java)
#   JAVA_HOME  JDK >= 25; HDNNP_JAVA_JAR  hdnnp-core.jar (default java/target/hdnnp-core.jar)
#   HDNNP_SHARED  the shared reference data (data file, reference thermo); OUT  output directory
set -eu
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
np=${1:-1}
LMP=${LMP:-$repo/native/build/lmp_hdnnp_java}
. "$repo/native/jdk.sh"
export HDNNP_JAVA_JAR=${HDNNP_JAVA_JAR:-$repo/java/target/hdnnp-core.jar}
shared=${HDNNP_SHARED:-$repo/../shared}
pot=${N2P2_POT:-$shared/reference/n2p2/H2O_RPBE-D3/potential}
out=${OUT:-$here/out-np$np}
mkdir -p "$out"; cd "$out"
# 1. the n2p2 potential (no units recorded: bohr and hartree) -> this project's model file
[ -f water.json ] || "$repo/java/bin/hdnnp" convert "$pot" water.json --length-unit bohr --energy-unit hartree
# 2. LAMMPS
if [ "$np" = 1 ]; then "$LMP" -in "$here/in.h2o" -var shared "$shared" -log log.lammps > screen.txt
else OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 mpirun -np "$np" -x JAVA_HOME -x HDNNP_JAVA_JAR \
       "$LMP" -in "$here/in.h2o" -var shared "$shared" -log log.lammps > screen.txt; fi
grep -E "hdnnp_java:|Loop time" screen.txt
# 3. n2p2's run used cflength/cfenergy 1.8897261328/0.0367493254, this one CODATA 2018 factors
#    (4e-9 and 9e-8 apart): energies agree to ~1e-7 relative, the pressure to ~1e-5 of its range
python3 "$repo/native/tests/lammps/compare_thermo.py" log.lammps "$shared/reference/lammps/H2O_RPBE-D3/ref_thermo_1080.txt" 2e-7 1e-5
