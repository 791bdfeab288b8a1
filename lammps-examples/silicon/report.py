#!/usr/bin/env python3
"""report.py MD_LOG RERUN_LOG SW_DUMP OUT_EXTXYZ

Reads the NVE thermo of in.si-md (energy conservation) and the Stillinger-Weber rerun
(energies from the thermo lines, forces from the dump) and writes the trajectory as extended
XYZ with SW energies and forces as the reference, for `hdnnp test`. Standard library only.
"""
import sys


def thermo(log, columns):
    rows, on = [], False
    for line in open(log):
        t = line.split()
        if t[:len(columns)] == columns:
            on = True
            continue
        if on:
            if line.startswith("Loop time"):
                on = False
                continue
            try:
                rows.append([float(v) for v in t])
            except ValueError:
                pass  # pair-style summaries (extrapolation warnings) between thermo lines
    return rows


def frames(dump):
    lines = open(dump).read().split("\n")
    i, out = 0, []
    while i < len(lines) and lines[i].strip():
        step = int(lines[i + 1])
        n = int(lines[i + 3])
        box = [[float(v) for v in lines[i + 5 + d].split()[:2]] for d in range(3)]
        atoms = [lines[i + 9 + k].split() for k in range(n)]
        out.append((step, box, atoms))
        i += 9 + n
    return out


md = thermo(sys.argv[1], ["Step", "Temp", "PotEng", "KinEng", "TotEng", "Press"])
natoms = 216
etot = [r[4] for r in md]
t_ps = [r[0] * 0.0005 for r in md]
n = len(etot)
mt, me = sum(t_ps) / n, sum(etot) / n
slope = sum((t - mt) * (e - me) for t, e in zip(t_ps, etot)) / sum((t - mt) ** 2 for t in t_ps)
dev = max(abs(e - etot[0]) for e in etot)
print("NVE (216 atoms, 0.5 fs, %.1f ps, mean T %.0f K): total-energy drift %.2e eV/atom/ps, largest deviation %.2e eV/atom"
      % (t_ps[-1], sum(r[1] for r in md) / n, slope / natoms, dev / natoms))

energies = {int(r[0]): r[1] for r in thermo(sys.argv[2], ["Step", "PotEng"])}
with open(sys.argv[4], "w") as out:
    for step, box, atoms in frames(sys.argv[3]):
        L = [hi - lo for lo, hi in box]
        out.write("%d\n" % len(atoms))
        out.write('Lattice="%.10f 0 0 0 %.10f 0 0 0 %.10f" Properties=species:S:1:pos:R:3:forces:R:3 energy=%.10f pbc="T T T" step=%d\n'
                  % (L[0], L[1], L[2], energies[step], step))
        for a in atoms:
            x = [float(a[2 + d]) - box[d][0] for d in range(3)]
            out.write("Si %.10f %.10f %.10f %s %s %s\n" % (x[0], x[1], x[2], a[5], a[6], a[7]))
