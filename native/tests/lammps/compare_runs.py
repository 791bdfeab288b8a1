#!/usr/bin/env python3
"""compare_runs.py thermo|forces GOT WANT [--plus OTHER] [--tol T] [--steps A:B] [--min-steps N]

Compares two LAMMPS runs that must agree because they are the same physics done two ways.
  thermo: every thermo column of the steps both logs have (or the steps A..B), all thermo blocks of
          a log (several runs) merged by step. The step numbers must be printed, `thermo_modify
          format float %24.16e` keeps the digits.
  forces: per-atom forces (dump custom with id fx fy fz) of the last frame of each dump, by atom id.
--plus OTHER: WANT is the sum WANT + OTHER (thermo: every column except Step; forces: per atom id,
          an atom missing from one of them counts as zero force there).
--tol 0 (default) demands bit-identical numbers; otherwise the largest difference relative to
          max(|want|, the column's largest |want|) must be <= T (the pressure components share
          the largest |want| of all of them).
"""
import argparse
import sys


def thermo(path):
    rows, cols = {}, None
    for line in open(path):
        w = line.split()
        if w and w[0] == "Step":
            cols = w
            continue
        if cols is None:
            continue
        if len(w) != len(cols) or not w[0].lstrip("-").isdigit():
            cols = None
            continue
        rows[int(w[0])] = dict(zip(cols[1:], (float(v) for v in w[1:])))
    return rows


def forces(path):
    lines = open(path).read().split("\n")
    i, last = 0, None
    while i < len(lines):
        if lines[i].startswith("ITEM: NUMBER OF ATOMS"):
            n = int(lines[i + 1])
            while not lines[i].startswith("ITEM: ATOMS"):
                i += 1
            cols = lines[i].split()[2:]
            frame = {}
            for row in lines[i + 1:i + 1 + n]:
                d = dict(zip(cols, row.split()))
                frame[int(d["id"])] = {"fx": float(d["fx"]), "fy": float(d["fy"]), "fz": float(d["fz"])}
            last = frame
            i += 1 + n
        else:
            i += 1
    return {} if last is None else last


def add(a, b):
    out = {}
    for key in set(a) | set(b):
        ra, rb = a.get(key), b.get(key)
        names = set((ra or {}).keys()) | set((rb or {}).keys())
        out[key] = {c: (ra or {}).get(c, 0.0) + (rb or {}).get(c, 0.0) for c in names}
    return out


p = argparse.ArgumentParser()
p.add_argument("kind", choices=["thermo", "forces"])
p.add_argument("got")
p.add_argument("want")
p.add_argument("--plus")
p.add_argument("--tol", type=float, default=0.0)
p.add_argument("--steps")
p.add_argument("--min-steps", type=int, default=1)
a = p.parse_args()
read = thermo if a.kind == "thermo" else forces
got, want = read(a.got), read(a.want)
if a.plus:
    other = read(a.plus)
    if a.kind == "thermo":
        want = {s: {c: want[s][c] + other[s][c] for c in want[s]} for s in want if s in other}
    else:
        want = add(want, other)
keys = sorted(set(got) & set(want))
if a.kind == "thermo" and a.steps:
    lo, hi = (int(v) for v in a.steps.split(":"))
    keys = [k for k in keys if lo <= k <= hi]
    missing = [s for s in range(lo, hi + 1) if s not in got or s not in want]
    if missing:
        sys.exit(f"FAIL: steps {missing[:5]} missing from one of the logs")
if a.kind == "forces" and set(got) != set(want):
    sys.exit(f"FAIL: atom ids differ ({len(got)} vs {len(want)} atoms)")
if len(keys) < a.min_steps:
    sys.exit(f"FAIL: only {len(keys)} common {'steps' if a.kind == 'thermo' else 'atoms'} (need {a.min_steps})")
cols = sorted(set(want[keys[0]]) & set(got[keys[0]]))
scale = {c: max(abs(want[k][c]) for k in keys) for c in cols}
# the pressure tensor's components share one scale: an off-diagonal component is a small
# difference of large terms, its size is that of the tensor
press = [c for c in cols if c in ("Press", "Pxx", "Pyy", "Pzz", "Pxy", "Pxz", "Pyz")]
for c in press:
    scale[c] = max(scale[p] for p in press)
worst = {c: 0.0 for c in cols}
bad = 0
for k in keys:
    for c in cols:
        g, w = got[k][c], want[k][c]
        d = 0.0 if g == w else abs(g - w) / max(abs(w), scale[c], 1e-300)
        worst[c] = max(worst[c], d)
        if d > a.tol:
            bad += 1
            if bad <= 5:
                print(f"FAIL {'step' if a.kind == 'thermo' else 'atom'} {k} {c}: {g!r} vs {w!r} (rel {d:.2e})")
what = f"{len(keys)} {'steps' if a.kind == 'thermo' else 'atoms'}"
summary = ", ".join(f"{c} {worst[c]:.1e}" for c in cols)
if a.tol == 0:
    print(f"{a.kind}: {what} {'bit-identical' if not bad else 'NOT bit-identical'} ({summary})")
else:
    print(f"{a.kind}: {what}, max rel. diff {summary} (tolerance {a.tol:g})")
sys.exit(1 if bad else 0)
