#!/usr/bin/env bash
# Active learning with a committee, on bundled defaults: train a committee of 4 silicon potentials
# on the Stillinger-Weber data (data/si-sw.extxyz), heat a 64-atom crystal to 1500 K while
# compressing it to 25 GPa (NPT; the data hold strains of 3 % at most) with it in LAMMPS, watching
# the members' force disagreement; recompute the frames with SW to see how well the disagreement
# tracks the true error; select the most uncertain frames (`hdnnp select`), label them with SW,
# retrain, run again with a new seed, and compare the errors before and after on its compressed frames.
#   OUT=dir          where everything goes (default lammps-examples/silicon/active-learning)
#   MEMBERS=N        committee size (default 4)
#   EPOCHS=N         training epochs per member (default 8, active-learning.toml)
#   STEPS=N          heating steps of 1 fs (default 10000 = 10 ps)
#   TMAX=T           temperature at the end of the ramp, K (default 1500; from 300 K)
#   PMAX=P           pressure at the end of the ramp, bar (default 250000 = 25 GPa; from 0)
#   CELLS=N          the crystal is N x N x N diamond cells of 8 atoms (default 2: 64 atoms)
#   EVERY=N          steps between frames (default 100)
#   SELECT=K         frames to label (default 30), GAP=N steps at least between them (default 200),
#   THRESHOLD=F      and only frames whose largest force disagreement is above F eV/Å (default 0)
#   NEW=COND         the frames of the new conditions, compared before/after: a thermo column of the
#                    run and its lower bound (default Press>=100000, i.e. 10 GPa and above)
#   THREADS=N        training/test threads (default 2)
#   LMP=path         LAMMPS with the hdnnp_java pair style (default native/build/lmp_hdnnp_java); the
#                    SW runs use Debian's `lmp` when installed
# A committee already in OUT/round-0 or OUT/round-1 (committee.json) is reused, not trained again.
set -euo pipefail
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
repo=$(cd "$here/../.." && pwd)
. "$repo/native/jdk.sh"
export HDNNP_JAVA_JAR=${HDNNP_JAVA_JAR:-$repo/java/target/hdnnp-core.jar}
out=${OUT:-$here/active-learning}
members=${MEMBERS:-4} epochs=${EPOCHS:-8} steps=${STEPS:-10000} tmax=${TMAX:-1500} pmax=${PMAX:-250000} cells=${CELLS:-2} every=${EVERY:-100}
nsel=${SELECT:-30} gap=${GAP:-200} threshold=${THRESHOLD:-0} new=${NEW:-Press>=100000} threads=${THREADS:-2}
lmp=${LMP:-$repo/native/build/lmp_hdnnp_java}
lmp_sw=$(command -v lmp || echo "$lmp")
hdnnp=$repo/java/bin/hdnnp
al() { python3 "$here/active-learning.py" "$@"; }
start=$SECONDS

if [ ! -x "$lmp" ] || [ ! -f "$HDNNP_JAVA_JAR" ]; then
  bash "$repo/native/setup.sh"
  bash "$repo/native/build.sh"
fi
[ -x "$lmp" ] || { echo "active-learning: $lmp was not built (is LAMMPS installed? see native/setup.sh)" >&2; exit 1; }
mkdir -p "$out"
cd "$out"

# train CONFIG DIR: a committee of $members into DIR (committee.json, member-k/), and its errors
# on the bundled test frames
train() {
  if [ -f "$2/committee.json" ]; then
    echo "== reusing the committee in $2"
  else
    echo "== training a committee of $members, $epochs epochs each (log: $2/train.log)"
    mkdir -p "$2"
    "$hdnnp" train "$1" --committee "$members" --epochs "$epochs" --threads "$threads" --output "$2" --no-progress \
      > "$2/train.log" 2>&1 || { tail -20 "$2/train.log" >&2; exit 1; }
  fi
  [ -f "$2/test.txt" ] || "$hdnnp" test "$2/committee.json" "$here/data/si-sw.extxyz" --set test --threads "$threads" > "$2/test.txt"
  grep -E "^(committee mean|per-atom)" "$2/test.txt"
}

# heat DIR COMMITTEE SEED: the heating run with the committee in DIR, SW rerun of its frames, the
# per-atom comparison (DIR/analysis.*), `hdnnp test` of the committee on the same frames, the plot
heat() {
  local dir=$1 model=$2 seed=$3
  mkdir -p "$dir"
  echo "== heating $((8 * cells ** 3)) atoms 300 -> $tmax K, compressing 0 -> $pmax bar in $steps steps (seed $seed) with $model"
  (cd "$dir" && "$lmp" -in "$here/in.si-heat" -var model "$model" -var steps "$steps" -var tmax "$tmax" -var pmax "$pmax" -var cells "$cells" \
       -var every "$every" -var seed "$seed" -log heat.log -screen none) \
    || { tail -20 "$dir/heat.log" >&2; exit 1; }
  grep "Loop time" "$dir/heat.log"
  (cd "$dir" && "$lmp_sw" -in "$here/in.si-sw" -var dump traj.dump -log sw.log -screen none) \
    || { tail -20 "$dir/sw.log" >&2; exit 1; }
  al truth "$dir/heat.log" "$dir/traj.dump" "$dir/sw.log" "$dir/sw.dump" "$dir/analysis" "$new"
  # the same frames through the Java committee: each member's errors, the mean's, the correlation
  "$hdnnp" test "$model" "$dir/analysis-sw.extxyz" --threads "$threads" > "$dir/test.txt"
  "$JAVA_HOME/bin/java" -cp "$repo/java/target/hdnnp.jar" "$here/DisagreementPlot.java" "$dir/disagreement.png" \
    "committee of $members, 300 -> $tmax K, 0 -> $pmax bar: disagreement and true error" "$dir/analysis.csv"
}

# 1. the committee on the bundled data
train "$here/active-learning.toml" "$out/round-0"

# 2./3. MD out of the training distribution, and the truth
heat "$out/heat-0" "$out/round-0/committee.json" 4928459

# 4. select the most uncertain frames, label them with SW, add them to the data, retrain
echo "== selecting $nsel frames (at least $gap steps apart, largest disagreement above $threshold eV/Å)"
mkdir -p "$out/label"
"$hdnnp" select "$out/heat-0/traj.dump" --committee "$out/round-0/committee.json" --types Si -k "$nsel" \
  --min-gap "$gap" --threshold "$threshold" -o "$out/selected.extxyz" --table "$out/heat-0/select.csv" > "$out/select.txt"
head -n 1 "$out/select.txt"
echo "steps: $(awk '!/^#/ {print $3}' "$out/select.txt" | sort -n | tr '\n' ' ')"
n=$(al to-data "$out/selected.extxyz" "$out/label")
rm -f "$out/label/selected.dump" "$out/label/selected.energy"
"$lmp_sw" -in "$here/in.si-label" -var dir "$out/label" -var n "$n" -var out "$out/label" -var stem selected \
  -var here "$here/data" -log "$out/label/label.log" -screen none -nocite
echo "selected npt_${tmax}K_${pmax}bar" > "$out/label/manifest.txt"
python3 "$here/data/dump2extxyz.py" "$out/label/manifest.txt" "$out/label" "$out/selected-sw.extxyz" - --all-train
cat "$here/data/si-sw.extxyz" "$out/selected-sw.extxyz" > "$out/data-round-1.extxyz"
sed -e "s|^file = .*|file = \"$out/data-round-1.extxyz\"|" "$here/active-learning.toml" > "$out/round-1.toml"
train "$out/round-1.toml" "$out/round-1"

# 5. the same heating protocol with a new seed: frames no committee was trained on
heat "$out/heat-1" "$out/round-1/committee.json" 1234987
for r in 0 1; do
  "$hdnnp" test "$out/round-$r/committee.json" "$out/heat-1/analysis-new-sw.extxyz" --threads "$threads" > "$out/heat-1/test-new-round-$r.txt"
done
al compare "$out/heat-1/test-new-round-0.txt" "$out/heat-1/test-new-round-1.txt" "$out/heat-1/compare-new.txt"

# 6. report
{
  echo "# active learning, silicon (committee of $members, $epochs epochs; NPT 300 -> $tmax K, 0 -> $pmax bar, $steps fs; $nsel frames selected)"
  echo "## bundled test set, round 0 and round 1"
  grep -E "^(committee mean|per-atom)" "$out/round-0/test.txt" | sed 's/^/round 0: /'
  grep -E "^(committee mean|per-atom)" "$out/round-1/test.txt" | sed 's/^/round 1: /'
  echo "## heating run with the round-0 committee (heat-0, frames every $every steps)"
  cat "$out/heat-0/analysis.txt"
  echo "## new heating run (seed 1234987) with the round-1 committee (heat-1); frames with $new, before (round 0) and after (round 1)"
  cat "$out/heat-1/compare-new.txt"
  echo "run time $((SECONDS - start)) s"
} > "$out/report.txt"
echo "== report ($out/report.txt)"
cat "$out/report.txt"
echo "plots: $out/heat-0/disagreement.png $out/heat-1/disagreement.png"
