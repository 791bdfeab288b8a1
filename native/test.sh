#!/usr/bin/env bash
# Runs every test: the Java suite (Maven/JUnit, against ../shared reference data where present)
# and the native suite (ctest: C ABI harness, ABI layout, and the LAMMPS tests when LAMMPS is
# installed). Builds first what is not built yet.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
. "$repo/native/jdk.sh"
export MAVEN_OPTS="${MAVEN_OPTS:---sun-misc-unsafe-memory-access=allow}"
cd "$repo"
bash native/build.sh
echo "== Java tests"
mvn -B test
echo "== native tests"
ctest --test-dir native/build --output-on-failure "$@"
