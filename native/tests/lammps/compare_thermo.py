#!/usr/bin/env python3
"""compare_thermo.py LOG REF TOL [PRESS_TOL]: thermo columns pe ke etotal press of a LAMMPS log against
a reference table (step pe ke etotal press ...), relative to max(|ref|, scale) per column."""
import sys

def read_log(path):
    rows, on = {}, False
    for line in open(path):
        w = line.split()
        if w[:2] == ["Step", "PotEng"]:
            on = True
            continue
        if on:
            if line.startswith("#"):
                continue
            if not w or not w[0].lstrip("-").isdigit():
                on = False
                continue
            rows[int(w[0])] = [float(v) for v in w[1:5]]
    return rows

def read_ref(path):
    rows = {}
    for line in open(path):
        if line.startswith("#") or not line.strip():
            continue
        w = line.split()
        rows[int(w[0])] = [float(v) for v in w[1:5]]
    return rows

log, ref, tol = sys.argv[1], sys.argv[2], float(sys.argv[3])
ptol = float(sys.argv[4]) if len(sys.argv) > 4 else tol
got, want = read_log(log), read_ref(ref)
if not got:
    sys.exit("FAIL: no thermo output in " + log)
names = ["pe", "ke", "etotal", "press"]
# pressure passes through zero: compare it relative to the largest |press| of the reference
scale = [0, 0, 0, max(abs(r[3]) for r in want.values())]
worst = [0.0] * 4
bad = 0
for step in sorted(want):
    if step not in got:
        print(f"FAIL: step {step} missing"); bad += 1; continue
    for k in range(4):
        d = abs(got[step][k] - want[step][k]) / max(abs(want[step][k]), scale[k])
        worst[k] = max(worst[k], d)
        if d > (ptol if k == 3 else tol):
            bad += 1
            print(f"FAIL step {step} {names[k]}: {got[step][k]!r} vs {want[step][k]!r} rel {d:.2e}")
print("thermo max rel. diff over %d steps: " % len(want) + ", ".join(f"{n} {w:.2e}" for n, w in zip(names, worst))
      + f" (tolerance {tol:g}, pressure {ptol:g})")
sys.exit(1 if bad else 0)
