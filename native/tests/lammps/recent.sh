#!/usr/bin/env bash
# recent.sh setup | TEST... -- the plugin in LAMMPS 4Feb2025 (ctest label lammps-recent).
#   setup            builds LAMMPS 4Feb2025 when the machine has none yet (native/lammps-recent.sh,
#                    cache folder outside the repository), configures native/ against its source
#                    tree and library in $RECENT_BUILD and compiles hdnnp_java_plugin.so (fixture)
#   load NP          n2p2's 10-step reference (thermo, forces) with `plugin load` in the input
#   path NP          the same with the plugin auto-loaded from LAMMPS_PLUGIN_PATH
#   errors           run_lammps_test.sh's error cases (ERROR line, never a hang), plugin auto-loaded
#   habit NAME NP    habits.sh NAME NP with `plugin load` (after `clear` too)
#   habit_path NAME NP  habits.sh NAME NP with the plugin auto-loaded from LAMMPS_PLUGIN_PATH
# Environment: RECENT_BUILD, HDNNP_NATIVE (native/), HDNNP_JAVA_JAR, JAVA_HOME, MPIRUN, HDNNP_SHARED,
# WORK. Exit 0 pass, 1 fail, 77 skip.
set -u
here=$(cd "$(dirname "$0")" && pwd)
build=${RECENT_BUILD:?}
envfile=$build/recent.env

if [ "${1:-}" = setup ]; then
  out=$(bash "$HDNNP_NATIVE/lammps-recent.sh") || { echo "$out"; echo "FAIL: native/lammps-recent.sh"; exit 1; }
  echo "$out"
  src=$(sed -n 's/^LAMMPS_RECENT_SOURCE_DIR=//p' <<< "$out")
  lib=$(sed -n 's/^LAMMPS_RECENT_LIBRARY=//p' <<< "$out")
  lmp=$(sed -n 's/^LAMMPS_RECENT_LMP=//p' <<< "$out")
  rm -f "$envfile"
  cmake -S "$HDNNP_NATIVE" -B "$build" -DCMAKE_BUILD_TYPE=Release -DLAMMPS_SOURCE_DIR="$src" \
        -DLAMMPS_LIBRARY="$lib" -DHDNNP_BUILD_JAR=OFF -DHDNNP_JAR="$HDNNP_JAVA_JAR" -DBUILD_TESTING=OFF \
        > "$build.configure.log" 2>&1 || { echo "FAIL: configure"; tail -20 "$build.configure.log"; exit 1; }
  grep "hdnnp-java: LAMMPS sources" "$build.configure.log"
  cmake --build "$build" --target hdnnp_java_lammps_plugin -j2 > "$build.build.log" 2>&1 \
    || { echo "FAIL: plugin build"; tail -30 "$build.build.log"; exit 1; }
  [ -f "$build/hdnnp_java_plugin.so" ] || { echo "FAIL: $build/hdnnp_java_plugin.so not built"; exit 1; }
  # LAMMPS_PLUGIN_PATH loads every *plugin.so of a folder: give the plugin one of its own
  mkdir -p "$build/plugins"
  ln -sf "$build/hdnnp_java_plugin.so" "$build/plugins/hdnnp_java_plugin.so"
  printf 'LMP=%q\nPLUGIN=%q\nPLUGIN_DIR=%q\n' "$lmp" "$build/hdnnp_java_plugin.so" "$build/plugins" > "$envfile"
  echo "plugin: $build/hdnnp_java_plugin.so"
  exit 0
fi

[ -f "$envfile" ] || { echo "FAIL: $envfile missing (the test lammps_recent_setup writes it)"; exit 1; }
. "$envfile"
export LMP WORK="$WORK/recent"
unset LAMMPS_PLUGIN_PATH PLUGIN_LOAD
mkdir -p "$WORK"
# the log's first line names the LAMMPS that ran: make sure it is 4Feb2025, not another one
version_is_recent() {
  local log=$1
  head -n 1 "$log" | grep -q "LAMMPS (4 Feb 2025" || { echo "FAIL: $log is not from LAMMPS 4Feb2025: $(head -n 1 "$log")"; return 1; }
  echo "ran in: $(head -n 1 "$log")"
}
case ${1:-} in
load|path)
  np=${2:?}
  if [ "$1" = load ]; then export PLUGIN_LOAD=$PLUGIN; else export LAMMPS_PLUGIN_PATH=$PLUGIN_DIR; fi
  export WORK="$WORK/$1"
  bash "$here/run_lammps_test.sh" "ref_np$np" || exit $?
  version_is_recent "$WORK/ref_np$np/log.lammps" || exit 1
  if [ "$1" = load ]; then grep -m1 "Loading plugin" "$WORK/ref_np$np/out.txt" || { echo "FAIL: no 'Loading plugin' line"; exit 1; }
  else grep -q "^ *plugin load" "$WORK/ref_np$np/in.ref" && { echo "FAIL: input loads the plugin"; exit 1; }; fi
  exit 0 ;;
errors)
  export LAMMPS_PLUGIN_PATH=$PLUGIN_DIR
  bash "$here/run_lammps_test.sh" errors || exit $?
  bash "$here/run_lammps_test.sh" registered || exit $? ;;
habit|habit_path)
  [ "$1" = habit ] && export PLUGIN
  [ "$1" = habit_path ] && export LAMMPS_PLUGIN_PATH=$PLUGIN_DIR WORK="$WORK/path"
  bash "$here/habits.sh" "$2" "$3" || exit $?
  log=$(ls "$WORK"/habit_"$2"_np"$3"/*.log | head -n 1)
  version_is_recent "$log" || exit 1 ;;
*) echo "unknown test ${1:-}"; exit 2 ;;
esac
exit 0
