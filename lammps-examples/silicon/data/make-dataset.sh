#!/usr/bin/env bash
# make-dataset.sh: regenerates si-sw.extxyz and split.txt, the project's silicon training set,
# with LAMMPS and the Stillinger-Weber potential (pair_style sw, Si.sw), then checks it.
#   bash lammps-examples/silicon/data/make-dataset.sh
# Env: LMP (default lmp), POTFILE (default /usr/share/lammps/potentials/Si.sw),
#      OUT (scratch folder, default data/work), CHECK=0 to skip check-dataset.py.
# Serial and deterministic: fixed seeds, one LAMMPS process at a time.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
LMP=${LMP:-lmp}
potfile=${POTFILE:-/usr/share/lammps/potentials/Si.sw}
out=${OUT:-$here/work}
alat=5.431      # A, the SW lattice constant of diamond Si
every=500       # MD steps (1 fs each) between snapshots: 0.5 ps
rm -rf "$out"; mkdir -p "$out"
manifest=$out/manifest.txt
: > "$manifest"
start=$SECONDS

# lmp INPUT STEM CONFIG_TYPE [-var NAME VALUE ...]: one LAMMPS run; its frames go under CONFIG_TYPE
lmp_run() {
  local input=$1 stem=$2 ctype=$3; shift 3
  "$LMP" -in "$here/$input" -var here "$here" -var out "$out" -var potfile "$potfile" -var alat $alat \
         -var stem "$stem" "$@" -log "$out/$stem.log" -screen none -nocite \
    || { echo "LAMMPS failed on $input ($stem):" >&2; tail -n 5 "$out/$stem.log" >&2; exit 1; }
  echo "$stem $ctype" >> "$manifest"
}

echo "diamond crystal, NVT MD"
seed=1001
for T in 300 600 900 1200 1500; do
  lmp_run in.diamond diamond_${T}K diamond_${T}K -var T $T -var seed $((seed++)) -var nframes 24 -var every $every
done

echo "hydrostatic strain"
seed=2001
for eps in -0.03 -0.02 -0.01 0.01 0.02 0.03; do
  lmp_run in.strain hydro_$eps strain_hydrostatic -var kind hydro -var comp none -var eps $eps \
          -var T 600 -var seed $((seed++)) -var nframes 3 -var every $every
done

echo "shear strain"
seed=3001
for comp in xy xz yz; do
  for eps in -0.03 -0.015 0.015 0.03; do
    lmp_run in.strain shear_${comp}_$eps strain_shear -var kind shear -var comp $comp -var eps $eps \
            -var T 300 -var seed $((seed++)) -var nframes 2 -var every $every
  done
done

echo "point defects"
seed=4001
for d in vacancy:10 divacancy:7 interstitial:7; do
  defect=${d%:*} n=${d#*:} relaxed=yes
  for T in 600 1200; do
    lmp_run in.defect ${defect}_${T}K $defect -var defect $defect -var relaxed $relaxed \
            -var T $T -var seed $((seed++)) -var nframes $n -var every $every
    relaxed=no
  done
done

echo "(001) surface slab"
seed=5001 relaxed=yes
for T in 300 900 1200; do
  lmp_run in.surface surface001_${T}K surface_001 -var relaxed $relaxed -var T $T -var seed $((seed++)) \
          -var nframes 8 -var every $every
  relaxed=no
done

echo "liquid and amorphous"
"$LMP" -in "$here/in.liquid" -var here "$here" -var out "$out" -var potfile "$potfile" -var alat $alat \
       -var seed 6001 -var severy $every -log "$out/liquid.log" -screen none -nocite \
  || { echo "LAMMPS failed on in.liquid:" >&2; tail -n 5 "$out/liquid.log" >&2; exit 1; }
printf '%s\n' "liquid_3000K liquid_3000K" "liquid_1800K liquid_1800K" "amorphous_quench amorphous_quench" \
              "amorphous_300K amorphous" "amorphous_relaxed amorphous" >> "$manifest"

echo "rattled and compressed crystals"
seed=7001
for scale in 0.92 0.95 0.98 1.02 1.05; do
  for amp in 0.05 0.10 0.20; do
    lmp_run in.rattle rattle_${scale}_$amp rattled -var scale $scale -var amp $amp -var seed $((seed++))
  done
done
for amp in 0.10 0.15 0.20 0.25 0.30; do
  lmp_run in.rattle rattle_1.00_$amp rattled -var scale 1.00 -var amp $amp -var seed $((seed++))
done
echo "LAMMPS runs took $((SECONDS - start)) s"

python3 "$here/dump2extxyz.py" "$manifest" "$out" "$here/si-sw.extxyz" "$here/split.txt"
if [ "${CHECK:-1}" != 0 ]; then
  python3 "$here/check-dataset.py" "$here/si-sw.extxyz" --lmp "$LMP" --potfile "$potfile"
fi
echo "done in $((SECONDS - start)) s"
