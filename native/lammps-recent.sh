#!/usr/bin/env bash
# lammps-recent.sh [--print-prefix]
#
# Builds a minimal recent LAMMPS (4Feb2025, the version Debian trixie ships) once per machine, so
# the test suite can check the pair style as a plugin in the LAMMPS most users build themselves.
#
# The source is Debian trixie's lammps source package, downloaded with `apt-get source` through a
# private apt configuration (a deb-src line for trixie in CACHE/apt; no system apt file is touched,
# root is not needed).  LAMMPS is configured with only what the tests need: a shared liblammps,
# MPI, the PLUGIN package (`plugin load`, LAMMPS_PLUGIN_PATH) and MANYBODY (the examples' short-
# range styles).  Everything lives in a cache folder outside the repository:
#
#   ${HDNNP_LAMMPS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/hdnnp-java}/lammps-20250204/
#     apt/      private apt lists and the downloaded orig tarball (~132 MB)
#     src/      the unpacked source tree (cmake/, src/, potentials/)
#     build/    the build: lmp and liblammps.so
#     .complete written last; present = reuse, absent = (re)build
#
# A first build takes 15 CPU-minutes (about 8 minutes on 2 free cores; 21 measured on 2 cores shared
# with other jobs; the download < 1 minute); later calls return at once.  Prints
# "LAMMPS_RECENT_SOURCE_DIR=..." / "LAMMPS_RECENT_LIBRARY=..." / "LAMMPS_RECENT_LMP=..." on success.
# Set LAMMPS_RECENT_JOBS (default 2) for make -j.
set -euo pipefail

version=20250204+dfsg.1-2
tag=20250204
root=${HDNNP_LAMMPS_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/hdnnp-java}/lammps-$tag
jobs=${LAMMPS_RECENT_JOBS:-2}

report() {
  echo "LAMMPS_RECENT_SOURCE_DIR=$root/src"
  echo "LAMMPS_RECENT_LIBRARY=$root/build/liblammps.so"
  echo "LAMMPS_RECENT_LMP=$root/build/lmp"
}

if [ -f "$root/.complete" ] && [ -x "$root/build/lmp" ] && [ -f "$root/build/liblammps.so" ]; then
  echo "lammps-recent: reusing $root (built $(cat "$root/.complete"))"
  report
  exit 0
fi

say() { echo "lammps-recent: $*"; }
start=$(date +%s)
mkdir -p "$root"
# One build at a time per cache folder (two CI runs on one machine would otherwise race).
exec 9> "$root/.lock"
if ! flock -n 9; then
  say "another build holds $root/.lock; waiting for it"
  flock 9
  if [ -f "$root/.complete" ]; then report; exit 0; fi
fi
rm -f "$root/.complete"

# -- 1. the orig tarball, through a private apt configuration
apt="$root/apt"
mkdir -p "$apt/lists/partial" "$apt/cache/archives/partial" "$apt/sources.list.d" "$apt/src"
echo "deb-src http://deb.debian.org/debian trixie main" > "$apt/sources.list"
opts=(-o "Dir::Etc::SourceList=$apt/sources.list"
      -o "Dir::Etc::SourceParts=$apt/sources.list.d"
      -o "Dir::State::Lists=$apt/lists"
      -o "Dir::Cache=$apt/cache"
      -o "Dir::Cache::archives=$apt/cache/archives"
      -o "APT::Sandbox::User=$(id -un)"
      -o "Debug::NoLocking=true"
      -o "Acquire::Languages=none")
cd "$apt/src"
# a tarball left truncated by an interrupted download is fetched again
for f in lammps_*.orig.tar.xz; do
  [ -f "$f" ] && ! xz -t "$f" 2> /dev/null && { say "$f is incomplete: downloading it again"; rm -f "$f"; }
done
if ! ls lammps_*.orig.tar.xz > /dev/null 2>&1; then
  say "apt-get update (private lists in $apt)"
  apt-get "${opts[@]}" -q update > "$apt/update.log" 2>&1 || {
    say "apt-get update reported errors (see $apt/update.log); trying anyway" >&2; }
  say "apt-get source --download-only lammps=$version (~132 MB)"
  # The .dsc is sometimes missing from the mirror while the orig tarball is there: judge by the
  # tarball, not by apt-get's exit status.
  apt-get "${opts[@]}" -q source --download-only "lammps=$version" > "$apt/source.log" 2>&1 || true
  # apt-get leaves partial downloads under a .FAILED/partial name: keep only complete tarballs.
  if ! ls lammps_*.orig.tar.xz > /dev/null 2>&1; then
    say "download failed, see $apt/source.log:" >&2
    tail -5 "$apt/source.log" >&2
    exit 3
  fi
fi
orig=$(ls lammps_*.orig.tar.xz | head -n 1)
xz -t "$orig" || { say "$apt/src/$orig is damaged (see $apt/source.log); run again" >&2; rm -f "$orig"; exit 3; }

# -- 2. unpack only what a build needs (cmake/ and src/; potentials/ for the MANYBODY styles)
if [ ! -f "$root/src/.unpacked" ]; then
  say "unpacking $orig"
  rm -rf "$root/src" "$root/src.tmp"; mkdir -p "$root/src.tmp"
  top=$( (tar -tf "$orig" || true) | awk -F/ 'NR==1{print $1} {exit}')
  tar -xf "$apt/src/$orig" -C "$root/src.tmp" "$top/cmake" "$top/src" "$top/potentials"
  mv "$root/src.tmp/$top" "$root/src"; rm -rf "$root/src.tmp"
  touch "$root/src/.unpacked"
fi

# -- 3. configure and build
# -O1 instead of the Release default -O2/-O3: the forces are computed in Java, LAMMPS only
# integrates, and -O1 compiles markedly faster.  No OpenMP, no image/movie/compression writers,
# no tools, no potential downloads (the build must not need the network).
say "configuring in $root/build"
cmake -S "$root/src/cmake" -B "$root/build" \
  -D CMAKE_BUILD_TYPE=Release -D CMAKE_CXX_FLAGS_RELEASE="-O1 -DNDEBUG" \
  -D BUILD_SHARED_LIBS=on -D BUILD_MPI=on -D BUILD_OMP=off \
  -D PKG_PLUGIN=on -D PKG_MANYBODY=on \
  -D BUILD_TOOLS=off -D BUILD_LAMMPS_GUI=off -D BUILD_DOC=off -D DOWNLOAD_POTENTIALS=off \
  -D WITH_JPEG=off -D WITH_PNG=off -D WITH_GZIP=off -D WITH_FFMPEG=off -D WITH_CURL=off \
  -D LAMMPS_MACHINE= > "$root/configure.log" 2>&1 || {
    say "cmake configure failed, see $root/configure.log:" >&2; tail -20 "$root/configure.log" >&2; exit 4; }
say "building with -j$jobs (log: $root/build.log)"
nice -n 10 cmake --build "$root/build" -j"$jobs" > "$root/build.log" 2>&1 || {
  say "build failed, see $root/build.log:" >&2; grep -m5 -E 'error|Error' "$root/build.log" >&2; exit 5; }
[ -x "$root/build/lmp" ] && [ -f "$root/build/liblammps.so" ] || {
  say "build finished without lmp/liblammps.so in $root/build" >&2; exit 5; }

took=$(( $(date +%s) - start ))
echo "$(date -u +%FT%TZ) in ${took}s" > "$root/.complete"
say "built in ${took}s"
report
