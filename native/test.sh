#!/usr/bin/env bash
# Runs every test: the Java suite (Maven/JUnit, against ../shared reference data where present)
# and the native suite (ctest: C ABI harness, ABI layout, and the LAMMPS tests when LAMMPS is
# installed, and in LAMMPS 4Feb2025 as a plugin: label lammps-recent). Builds first what is not built
# yet, including LAMMPS 4Feb2025 once per machine (native/lammps-recent.sh: ~20 minutes on 2 cores,
# cached in ~/.cache/hdnnp-java). HDNNP_LAMMPS_RECENT=0 leaves the lammps-recent tests out.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
. "$repo/native/jdk.sh"
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
# Coverage-guided fuzzing of all readers for a bounded time (the JUnit run above only replays the
# seed corpus); a crash fails here and leaves its input in ReadersFuzzTestInputs/ to commit.
echo "== fuzzing the readers for ${HDNNP_FUZZ_SECONDS:-30} s (java/docs/robustness.md)"
JAZZER_FUZZ=1 mvn -B -q -pl java surefire:test -Dtest='ReadersFuzzTest#anyReader' \
  -Djazzer.max_duration="${HDNNP_FUZZ_SECONDS:-30}s"
echo "== native tests"
ctest --test-dir native/build --output-on-failure "${recent[@]}" "$@"
