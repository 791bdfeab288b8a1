#!/usr/bin/env bash
# training-scaling.sh: time and memory of training against the number of structures (issue 10,
# item 2): one epoch of each optimiser on subsets of the SiC Tersoff data set
# (lammps-examples/sic-tersoff/generate.sh), recording seconds per epoch, wall time, the memory
# mode the trainer chose and the peak RSS (/usr/bin/time -v), then plotting seconds per epoch
# against N (SVG, no plotting library needed).
#   bash benchmarks/training-scaling.sh                      # N = 2500 5000 10000
#   SIZES="2500" OPTIMIZERS="adam" bash benchmarks/training-scaling.sh
# Env: SIZES, OPTIMIZERS (kalman adam lbfgs), XMX (JVM heap, default 8g), THREADS (default 2),
#      MEMORY_MODE (auto, cached, on-demand; default auto), MEMORY (the trainer's memory budget,
#      e.g. 1g: a fixed budget keeps the on-demand derivative cache the same size at every N, so
#      the times compare; default: the trainer's own, 70 % of -Xmx), LBFGS_ITERATIONS (L-BFGS
#      iterations in its one epoch, default 1: one full-batch step with its line search), SOURCE (an extxyz file; default the
#      generator's 20,000-structure file, generated when missing), OUT (default
#      benchmarks/target/training-scaling). Subsets take N frames evenly spread over SOURCE.
# Results: $OUT/results.csv and $OUT/seconds-per-epoch.svg; logs per run in $OUT/N-optimiser/.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/.." && pwd)
SIZES=${SIZES:-2500 5000 10000}
OPTIMIZERS=${OPTIMIZERS:-kalman adam lbfgs}
XMX=${XMX:-8g}
THREADS=${THREADS:-2}
MEMORY_MODE=${MEMORY_MODE:-auto}
MEMORY=${MEMORY:-}
LBFGS_ITERATIONS=${LBFGS_ITERATIONS:-1}
OUT=${OUT:-$root/benchmarks/target/training-scaling}
command -v /usr/bin/time > /dev/null || { echo "training-scaling.sh: /usr/bin/time not found (apt-get install time)" >&2; exit 1; }
[ -f "$root/java/target/hdnnp.jar" ] || { echo "training-scaling.sh: build the jar first: mvn -q -B -pl java package -DskipTests" >&2; exit 1; }
SOURCE=${SOURCE:-$(N=20000 bash "$root/lammps-examples/sic-tersoff/generate.sh" | tail -1)}
[ -s "$SOURCE" ] || { echo "training-scaling.sh: $SOURCE is missing or empty" >&2; exit 1; }
mkdir -p "$OUT"
total=$(awk 'BEGIN{n=0} {if (skip>0) {skip--; next}; n++; skip=$1+1} END{print n}' "$SOURCE")
echo "source: $SOURCE ($total structures)"
csv=$OUT/results.csv
echo "structures,optimizer,memory_mode,seconds_per_epoch,wall_seconds,peak_rss_mb" > "$csv"
for n in $SIZES; do
  [ "$n" -le "$total" ] || { echo "training-scaling.sh: N=$n is more than the $total structures of $SOURCE" >&2; exit 1; }
  data=$OUT/sic-$n.extxyz
  # frame i (0-based) is kept when floor((i+1)·n/total) > floor(i·n/total): n frames, evenly spread
  [ -s "$data" ] || awk -v n="$n" -v total="$total" '
    BEGIN { i = -1; skip = 0 }
    skip == 0 { i++; keep = (int((i + 1) * n / total) > int(i * n / total)); skip = $1 + 2 }
    { if (keep) print; skip-- }' "$SOURCE" > "$data"
  for opt in $OPTIMIZERS; do
    dir=$OUT/$n-$opt
    rm -rf "$dir"; mkdir -p "$dir"
    cat > "$dir/train.toml" <<TOML
[data]
file = "$data"
test_fraction = 0.1
validation_fraction = 0.1
seed = 1
[descriptor.generate]
cutoff = 5.0
radial = 8
angular = 4
[network]
hidden = [15, 15]
activation = "t"
[training]
optimizer = "$opt"
epochs = 1
threads = $THREADS
force_weight = 1.0
early_stopping = 0
memory_mode = "$MEMORY_MODE"
${MEMORY:+memory = \"$MEMORY\"}
[kalman]
strategy = "element"
force_fraction = 0.005
[adam]
batch_size = 32
[lbfgs]
iterations_per_epoch = $LBFGS_ITERATIONS
[output]
directory = "$dir/out"
TOML
    start=$(date +%s.%N)
    JAVA_TOOL_OPTIONS=-Xmx$XMX /usr/bin/time -v "$root/java/bin/hdnnp" train "$dir/train.toml" > "$dir/stdout.log" 2> "$dir/time.log"
    end=$(date +%s.%N)
    secs=$(awk '$1 == "epoch" && $2 == 1 { sub(/s$/, "", $3); print $3 }' "$dir/stdout.log")
    mode=$(awk '/^memory: mode/ { print $3; exit }' "$dir/stdout.log")
    rss=$(awk -F: '/Maximum resident set size/ { printf "%.0f", $2 / 1024 }' "$dir/time.log")
    wall=$(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.1f", b - a }')
    echo "$n,$opt,$mode,$secs,$wall,$rss" | tee -a "$csv"
  done
done
python3 - "$csv" "$OUT/seconds-per-epoch.svg" <<'PY'
import csv, sys
rows = list(csv.DictReader(open(sys.argv[1])))
series = {}
for r in rows:
    series.setdefault(r["optimizer"], []).append((int(r["structures"]), float(r["seconds_per_epoch"])))
W, H, L, B = 640, 420, 70, 50
xmax = max(n for s in series.values() for n, _ in s) * 1.05
ymax = max(t for s in series.values() for _, t in s) * 1.1 or 1
X = lambda n: L + (W - L - 20) * n / xmax
Y = lambda t: H - B - (H - B - 20) * t / ymax
out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{W}" height="{H}" font-family="sans-serif" font-size="12">',
       f'<rect width="{W}" height="{H}" fill="white"/>',
       f'<line x1="{L}" y1="{H-B}" x2="{W-20}" y2="{H-B}" stroke="black"/><line x1="{L}" y1="20" x2="{L}" y2="{H-B}" stroke="black"/>',
       f'<text x="{(W+L)/2}" y="{H-12}" text-anchor="middle">structures in the data set</text>',
       f'<text x="16" y="{(H-B)/2}" transform="rotate(-90 16 {(H-B)/2})" text-anchor="middle">seconds per epoch</text>']
for k in range(6):
    n, t = xmax / 1.05 * k / 5, ymax / 1.1 * k / 5
    out.append(f'<text x="{X(n)}" y="{H-B+16}" text-anchor="middle">{n:.0f}</text>')
    out.append(f'<text x="{L-6}" y="{Y(t)+4}" text-anchor="end">{t:.3g}</text>')
colors = {"kalman": "#1f77b4", "adam": "#d62728", "lbfgs": "#2ca02c"}
for i, (name, pts) in enumerate(sorted(series.items())):
    pts.sort()
    c = colors.get(name, "black")
    out.append('<polyline fill="none" stroke="%s" stroke-width="2" points="%s"/>' % (c, " ".join(f"{X(n)},{Y(t)}" for n, t in pts)))
    for n, t in pts: out.append(f'<circle cx="{X(n)}" cy="{Y(t)}" r="3" fill="{c}"/>')
    out.append(f'<text x="{L+10}" y="{30+16*i}" fill="{c}">{name}</text>')
out.append("</svg>")
open(sys.argv[2], "w").write("\n".join(out))
print("plot:", sys.argv[2])
PY
