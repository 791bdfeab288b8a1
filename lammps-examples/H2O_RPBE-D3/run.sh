#!/usr/bin/env bash
# run.sh [NP]: runs in.h2o with NP MPI ranks (default 1) and compares the thermo output with
# n2p2's pair_style hdnnp in the same LAMMPS (shared/reference/lammps/H2O_RPBE-D3/ref_thermo_1080.txt).
# Needs lmp_hdnnp_java (LMP=..., default native/build/lmp_hdnnp_java), JAVA_HOME (JDK 25) and the jar.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
np=${1:-1}
LMP=${LMP:-$repo/native/build/lmp_hdnnp_java}
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
export HDNNP_JAVA_JAR=${HDNNP_JAVA_JAR:-$repo/java/target/hdnnp.jar}
shared=${HDNNP_SHARED:-$repo/../shared}
out=${OUT:-$here/out-np$np}
mkdir -p "$out"; cd "$out"
if [ "$np" = 1 ]; then "$LMP" -in "$here/in.h2o" -var shared "$shared" -log log.lammps > screen.txt
else OMPI_ALLOW_RUN_AS_ROOT=1 OMPI_ALLOW_RUN_AS_ROOT_CONFIRM=1 mpirun -np "$np" -x JAVA_HOME -x HDNNP_JAVA_JAR \
       "$LMP" -in "$here/in.h2o" -var shared "$shared" -log log.lammps > screen.txt; fi
grep -E "hdnnp_java:|Loop time" screen.txt
python3 "$repo/native/tests/lammps/compare_thermo.py" log.lammps "$shared/reference/lammps/H2O_RPBE-D3/ref_thermo_1080.txt" 1e-9
