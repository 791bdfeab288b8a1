#!/usr/bin/env bash
# plugin_build.sh NATIVE_DIR WORK APT_SRC_DIR JAR [PLUGIN_HOST SHARED] -- ctest plugin_build_source_tree:
# unpacks src/ of Debian's LAMMPS source package (the orig tarball that cmake/fetch-lammps-headers.sh
# downloaded into APT_SRC_DIR: the full 29Sep2021 source, with src/PLUGIN and src/lammpsplugin.h)
# into WORK/lammps-src, configures native/ against it (-DLAMMPS_SOURCE_DIR, warnings as errors)
# and compiles the LAMMPS plugin hdnnp_java_plugin.so. A real `plugin load` needs an lmp built with
# the PLUGIN package (Debian's is not; building LAMMPS is too slow for a test). Instead, with
# PLUGIN_HOST, the plugin is loaded into Debian's liblammps (same LAMMPS version) by plugin_host,
# which registers it as LAMMPS's loader does, and runs `run 0` on one water molecule (n2p2 potential
# from SHARED). Exit 0 pass, 1 fail, 77 skip.
set -u
native=$1 work=$2 aptsrc=$3 jar=$4 host=${5:-} shared=${6:-}
orig=$(ls "$aptsrc"/lammps_*.orig.tar.* 2>/dev/null | head -n 1)
[ -n "$orig" ] || { echo "SKIP: no LAMMPS source tarball in $aptsrc (configure without -DHDNNP_LAMMPS_EXTRA_HEADERS)"; exit 77; }
tree=$work/lammps-src
mkdir -p "$work"
if [ ! -f "$tree/.complete" ]; then
  rm -rf "$tree"; mkdir -p "$tree"
  top=$(tar -tf "$orig" 2>/dev/null | head -n 1 | cut -d/ -f1)
  echo "unpacking $top/src of $(basename "$orig") into $tree"
  tar -xf "$orig" -C "$tree" --strip-components=1 "$top/src" || { echo "FAIL: cannot unpack $orig"; exit 1; }
  touch "$tree/.complete"
fi
[ -f "$tree/src/PLUGIN/plugin.cpp" ] || { echo "FAIL: $tree/src/PLUGIN missing"; exit 1; }
build=$work/build
cmake -S "$native" -B "$build" -DLAMMPS_SOURCE_DIR="$tree" -DHDNNP_BUILD_JAR=OFF -DHDNNP_JAR="$jar" \
      -DBUILD_TESTING=OFF -DCMAKE_C_FLAGS=-Werror -DCMAKE_CXX_FLAGS=-Werror > "$work/configure.log" 2>&1 \
  || { echo "FAIL: configure"; tail -20 "$work/configure.log"; exit 1; }
grep "hdnnp-java: LAMMPS sources" "$work/configure.log"
cmake --build "$build" --target hdnnp_java_lammps_plugin -j2 > "$work/build.log" 2>&1 \
  || { echo "FAIL: build"; tail -30 "$work/build.log"; exit 1; }
if grep -i "warning" "$work/build.log"; then echo "FAIL: compiler warnings"; exit 1; fi
so=$build/hdnnp_java_plugin.so
[ -f "$so" ] || { echo "FAIL: $so not built"; exit 1; }
nm -D --defined-only "$so" | grep -w lammpsplugin_init || { echo "FAIL: $so does not export lammpsplugin_init"; exit 1; }
echo "compiled: $so"
pot=$shared/reference/n2p2/H2O_RPBE-D3/potential
if [ -n "$host" ] && [ -d "$pot" ]; then
  cat > "$work/in.plugin" <<EOT
units metal
atom_style atomic
boundary p p p
region box block 0 12 0 12 0 12
create_box 2 box
create_atoms 2 single 1 1 1
create_atoms 1 single 1.96 1 1
create_atoms 1 single 0.76 1.93 1
mass 1 1.00794
mass 2 15.9994
pair_style hdnnp_java $pot modelunits bohr hartree showew no
pair_coeff * * H O
thermo_style custom step pe press
run 0
EOT
  ( cd "$work" && timeout 300 "$host" "$so" -in in.plugin -log plugin.log > plugin.out 2>&1 ) \
    || { echo "FAIL: plugin_host"; tail -20 "$work/plugin.out"; exit 1; }
  grep -E "plugin_host:|hdnnp_java: model" "$work/plugin.out"
  grep -A1 "^ *Step" "$work/plugin.out" | tail -1 | grep -qE "^ *0 +-[0-9]" || { echo "FAIL: no energy"; exit 1; }
  grep -A1 "^ *Step" "$work/plugin.out"
  echo "ok: plugin loaded into $(basename "$host") and ran"
fi
