#!/usr/bin/env bash
# fetch-lammps-headers.sh DEST [SOURCE_PACKAGE_VERSION]
#
# Debian's liblammps-dev ships an incomplete header set (no fmt/format.h, neigh_request.h, ...).
# This script downloads Debian's *source* package of the installed lammps version and unpacks
# the headers of its src/ directory (top level + fmt/) into DEST/include.  It uses a private apt
# configuration in DEST/apt (deb-src entries derived from the system's own sources); no system
# apt file is modified.  Idempotent: does nothing when DEST/include/.complete exists.
set -euo pipefail

dest=${1:?usage: fetch-lammps-headers.sh DEST [VERSION]}
mkdir -p "$dest"
dest=$(cd "$dest" && pwd)
inc="$dest/include"
if [ -f "$inc/.complete" ]; then
  echo "fetch-lammps-headers: headers already present in $inc"
  exit 0
fi

version=${2:-}
if [ -z "$version" ]; then
  version=$(dpkg-query -W -f='${source:Version}' liblammps-dev 2>/dev/null || true)
fi
[ -n "$version" ] || { echo "fetch-lammps-headers: liblammps-dev is not installed and no version given" >&2; exit 2; }
srcpkg=$(dpkg-query -W -f='${source:Package}' liblammps-dev 2>/dev/null || echo lammps)
[ -n "$srcpkg" ] || srcpkg=lammps

apt="$dest/apt"
mkdir -p "$apt/lists/partial" "$apt/cache/archives/partial" "$apt/sources.list.d" "$apt/src"
: > "$apt/sources.list"
rm -f "$apt/sources.list.d/"*

# deb-src entries from the system's enabled sources (one-line *.list and deb822 *.sources files)
n=0
for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
  [ -f "$f" ] || continue
  sed -n -E 's/^[[:space:]]*deb[[:space:]]+/deb-src /p' "$f" >> "$apt/sources.list"
done
for f in /etc/apt/sources.list.d/*.sources; do
  [ -f "$f" ] || continue
  n=$((n + 1))
  # Types: deb [deb-src]  ->  Types: deb-src ; drop stanzas that are Enabled: no
  awk 'BEGIN{RS=""; ORS="\n\n"}
       /(^|\n)Enabled:[[:space:]]*no/ {next}
       { gsub(/(^|\n)Types:[^\n]*/, "\nTypes: deb-src"); sub(/^\n/, ""); print }' "$f" \
    > "$apt/sources.list.d/src$n.sources"
done
if [ ! -s "$apt/sources.list" ] && [ "$n" -eq 0 ]; then
  echo "fetch-lammps-headers: no apt sources found in /etc/apt" >&2; exit 2
fi

opts=(-o "Dir::Etc::SourceList=$apt/sources.list"
      -o "Dir::Etc::SourceParts=$apt/sources.list.d"
      -o "Dir::State::Lists=$apt/lists"
      -o "Dir::Cache=$apt/cache"
      -o "Dir::Cache::archives=$apt/cache/archives"
      -o "APT::Sandbox::User=root"
      -o "Debug::NoLocking=true"
      -o "Acquire::Languages=none")

echo "fetch-lammps-headers: apt-get update (private lists in $apt)"
apt-get "${opts[@]}" -q update > "$apt/update.log" 2>&1 || {
  echo "fetch-lammps-headers: apt-get update reported errors (see $apt/update.log); trying anyway" >&2; }

cd "$apt/src"
if ! ls "${srcpkg}"_*.orig.tar.* > /dev/null 2>&1; then
  echo "fetch-lammps-headers: apt-get source --download-only $srcpkg=$version"
  apt-get "${opts[@]}" -q source --download-only "$srcpkg=$version" > "$apt/source.log" 2>&1 || {
    echo "fetch-lammps-headers: apt-get source failed, see $apt/source.log:" >&2
    tail -5 "$apt/source.log" >&2; exit 3; }
fi
orig=$(ls "${srcpkg}"_*.orig.tar.* | head -n 1)

tmp="$dest/unpack.$$"
rm -rf "$tmp"; mkdir -p "$tmp"
trap 'rm -rf "$tmp"' EXIT
top=$( (tar -tf "$orig" || true) | awk -F/ 'NR==1{print $1} {exit}')
echo "fetch-lammps-headers: unpacking headers of $orig"
tar -xf "$orig" -C "$tmp" --wildcards --no-wildcards-match-slash \
    "$top/src/*.h" "$top/src/fmt/*" "$top/src/PLUGIN/*.h" 2>/dev/null || \
tar -xf "$orig" -C "$tmp" --wildcards --no-wildcards-match-slash "$top/src/*.h" "$top/src/fmt/*"
rm -rf "$inc"; mkdir -p "$inc"
cp -r "$tmp/$top/src/." "$inc/"
[ -d "$inc/PLUGIN" ] && cp "$inc"/PLUGIN/*.h "$inc/" 2>/dev/null || true
for h in fmt/format.h neigh_request.h pair.h; do
  [ -f "$inc/$h" ] || { echo "fetch-lammps-headers: $h missing from $orig" >&2; exit 4; }
done
echo "$srcpkg $version" > "$inc/.complete"
echo "fetch-lammps-headers: headers in $inc"
