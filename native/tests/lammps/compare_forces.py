#!/usr/bin/env python3
"""compare_forces.py DUMP REF STEP TOL: forces (id fx fy fz) of a dump against the snapshot at STEP
of a reference dump (id type x y z fx fy fz); normwise relative max difference."""
import sys

def frames(path):
    lines = open(path).read().split("\n")
    i, out = 0, {}
    while i < len(lines):
        if lines[i].startswith("ITEM: TIMESTEP"):
            step = int(lines[i + 1]); n = int(lines[i + 3])
            while not lines[i].startswith("ITEM: ATOMS"):
                i += 1
            cols = lines[i].split()[2:]
            data = {}
            for l in lines[i + 1:i + 1 + n]:
                w = l.split()
                d = dict(zip(cols, w))
                data[int(d["id"])] = (float(d["fx"]), float(d["fy"]), float(d["fz"]))
            out[step] = data
            i += 1 + n
        else:
            i += 1
    return out

got, ref = frames(sys.argv[1]), frames(sys.argv[2])
step, tol = int(sys.argv[3]), float(sys.argv[4])
g = list(got.values())[-1]
r = ref[step]
fmax = max(abs(c) for f in r.values() for c in f)
dmax = max(abs(a - b) for i in r for a, b in zip(g[i], r[i]))
print(f"forces at step {step}: max |dF| {dmax:.3e} eV/A, max |F| {fmax:.3e}, normwise rel {dmax / fmax:.2e} (tolerance {tol:g})")
sys.exit(0 if dmax <= tol * fmax else 1)
