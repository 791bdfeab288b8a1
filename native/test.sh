#!/usr/bin/env bash
# Runs every test: the Java suite (Maven/JUnit, against ../shared reference data where present)
# and the native suite (ctest: C ABI harness, ABI layout, and the LAMMPS tests when LAMMPS is
# installed, and in LAMMPS 4Feb2025 as a plugin: label lammps-recent). Builds first what is not built
# yet, including LAMMPS 4Feb2025 once per machine (native/lammps-recent.sh: ~8 minutes on 2 free cores,
# cached in ~/.cache/hdnnp-java). HDNNP_LAMMPS_RECENT=0 leaves the lammps-recent tests out.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
export JAVA_HOME=${JAVA_HOME:-/usr/lib/jvm/temurin-25-jdk-amd64}
export MAVEN_OPTS="${MAVEN_OPTS:---sun-misc-unsafe-memory-access=allow}"
cd "$repo"
bash native/build.sh
recent=()
if [ "${HDNNP_LAMMPS_RECENT:-1}" = 0 ]; then
  recent=(-LE lammps-recent)
else
  echo "== LAMMPS 4Feb2025 for the plugin tests"
  bash native/lammps-recent.sh
fi
echo "== Java tests"
mvn -B test
echo "== native tests"
ctest --test-dir native/build --output-on-failure "${recent[@]}" "$@"
