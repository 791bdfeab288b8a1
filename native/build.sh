#!/usr/bin/env bash
# Set-up step 2: builds everything that is not built yet: the Java core and CLI (Maven,
# java/target/hdnnp.jar and hdnnp-core.jar), the C ABI (libhdnnp_java.so), the C test harness
# and, when LAMMPS is installed, the pair style and the lmp_hdnnp_java driver. Build tree:
# native/build.
set -euo pipefail
repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
. "$repo/native/jdk.sh"
export MAVEN_OPTS="${MAVEN_OPTS:---sun-misc-unsafe-memory-access=allow}"
jobs=$(nproc 2>/dev/null || echo 2)

cd "$repo"
mvn -q -B package -DskipTests   # reactor build; nothing is installed into ~/.m2
cmake -S native -B native/build -DCMAKE_BUILD_TYPE=Release > native/build.log 2>&1 || { tail -30 native/build.log >&2; exit 1; }
cmake --build native/build -j"$jobs" >> native/build.log 2>&1 || { tail -40 native/build.log >&2; exit 1; }
echo "build: java/target/hdnnp.jar (CLI), java/target/hdnnp-core.jar (embedded JVM), native/build/libhdnnp_java.so$( [ -x native/build/lmp_hdnnp_java ] && echo ', native/build/lmp_hdnnp_java')"
