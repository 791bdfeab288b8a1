#!/usr/bin/env bash
# The newcomer demo, on bundled defaults: build what is not built yet, train a silicon potential on
# the bundled Stillinger-Weber data (data/si-sw.extxyz), run NVE molecular dynamics with it in LAMMPS
# (pair_style hdnnp_java), recompute the trajectory with SW itself, and report.
#   OUT=dir        where everything goes (default lammps-examples/silicon/demo)
#   EPOCHS=N       override the number of training epochs of train.toml
#   STEPS=N        MD steps of 0.5 fs (default 4000)
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
. "$(dirname "${BASH_SOURCE[0]}")/../../native/jdk.sh"
export HDNNP_JAVA_JAR=${HDNNP_JAVA_JAR:-$repo/java/target/hdnnp-core.jar}
out=${OUT:-$here/demo}
steps=${STEPS:-4000}
lmp=$repo/native/build/lmp_hdnnp_java
hdnnp=$repo/java/bin/hdnnp

# 1. build (and, as root on Debian/Ubuntu, install the system packages) if needed
if [ ! -x "$lmp" ] || [ ! -f "$HDNNP_JAVA_JAR" ]; then
  bash "$repo/native/setup.sh"
  bash "$repo/native/build.sh"
fi
[ -x "$lmp" ] || { echo "demo: $lmp was not built (is LAMMPS installed? see native/setup.sh)" >&2; exit 1; }

mkdir -p "$out"
cd "$out"
# 2. train (data paths in train.toml are relative to it)
echo "== training (log: $out/training/train.log)"
extra=(); [ -n "${EPOCHS:-}" ] && extra=(--epochs "$EPOCHS")
"$hdnnp" train "$here/train.toml" --output "$out/training" --no-progress "${extra[@]}" | grep -E "^(data|descriptor:|training:|result|done|model)" || true
model=$out/training/model.json
[ -f "$model" ] || { echo "demo: training produced no model" >&2; exit 1; }

# 3. errors on the test frames the training never saw
echo "== test set (frames tagged set=test)"
"$hdnnp" test "$model" "$here/data/si-sw.extxyz" --set test --plots "$out/plots" | tee test.txt
# the bars the demo promises: test energy RMSE <= 3 meV/atom, force RMSE <= 60 meV/Å
awk '/^energy per atom/ {e = $5 * 1000} /^force component/ {f = $4 * 1000}
     END {printf "bars: energy RMSE %.2f meV/atom (<= 3: %s), force RMSE %.1f meV/Å (<= 60: %s)\n",
          e, (e <= 3 ? "met" : "NOT met"), f, (f <= 60 ? "met" : "NOT met")}' test.txt

# 4. molecular dynamics with the network, then the same trajectory with SW
echo "== LAMMPS: NVE, 216 atoms, $steps steps of 0.5 fs"
"$lmp" -in "$here/in.si-md" -var model "$model" -var steps "$steps" -log md.log -screen none
grep -E "Loop time" md.log
lmp_sw=$(command -v lmp || echo "$lmp")
"$lmp_sw" -in "$here/in.si-rerun" -log rerun.log -screen none

# 5. report
echo "== report"
python3 "$here/report.py" md.log rerun.log sw.dump trajectory-sw.extxyz
echo "agreement with Stillinger-Weber along the MD trajectory:"
"$hdnnp" test "$model" trajectory-sw.extxyz --plots "$out/plots/trajectory" | grep -E "energy|force"
echo "plots: $out/training/learning-curve.png $out/plots/energy-parity.png $out/plots/force-parity.png $out/plots/stress-parity.png $out/plots/trajectory/"
