#!/usr/bin/env python3
"""check_virial.py LOG H1 H2: per-atom sums and a finite-difference pressure, from a LAMMPS log of
five `run 0` (zero velocities) at isotropic strains 0, +H1, -H1, +H2, -H2 (change_box ... scale ...
remap) with thermo columns
  step pe press pxx pyy pzz pxy pxz pyz vol c_pesum c_ssum[1..6]
Checks (units metal, nktv2p = 1.6021765e6 bar A^3/eV):
  * sum of compute pe/atom == pe                          (1e-10 relative)
  * sum of compute stress/atom (virial) == -p_ab * V       (1e-10 relative to max |p_aa| V)
  * press == -dE/dV * nktv2p, dE/dV from the central differences in the strain e
    (V = V0 (1+e)^3, dE/dV = dE/de / (3 V0)) at H1 and H2, Richardson-extrapolated (error O(H^4))
                                                           (1e-6 relative)"""
import sys

NKTV2P = 1.6021765e6

def blocks(path):
    out, on = [], False
    for line in open(path):
        w = line.split()
        if w[:2] == ["Step", "PotEng"]:
            on = True
            continue
        if on:
            on = False
            out.append([float(v) for v in w[1:]])
    return out

log, h1, h2 = sys.argv[1], float(sys.argv[2]), float(sys.argv[3])
b = blocks(log)
if len(b) != 5:
    sys.exit(f"FAIL: expected 5 thermo blocks in {log}, found {len(b)}")
bad = 0
for k, row in enumerate(b):
    pe, press, p6, vol, pesum, s6 = row[0], row[1], row[2:8], row[8], row[9], row[10:16]
    d_pe = abs(pesum - pe) / abs(pe)
    scale = max(abs(p) for p in p6[:3]) * vol
    d_s = max(abs(s + p * vol) for s, p in zip(s6, p6)) / scale
    d_tr = abs(-(s6[0] + s6[1] + s6[2]) / (3 * vol) - press) / abs(press)
    ok = d_pe <= 1e-10 and d_s <= 1e-10 and d_tr <= 1e-10
    bad += not ok
    print(f"{'ok  ' if ok else 'FAIL'} strain #{k}: sum pe/atom vs pe {d_pe:.1e}; sum stress/atom vs -p_ab V {d_s:.1e};"
          f" -trace/3V vs press {d_tr:.1e}")
e0, p0, v0 = b[0][0], b[0][1], b[0][8]
d1 = (b[1][0] - b[2][0]) / (2 * h1)   # dE/de at e = 0
d2 = (b[3][0] - b[4][0]) / (2 * h2)
r = (h2 * h2 * d1 - h1 * h1 * d2) / (h2 * h2 - h1 * h1)   # Richardson: removes the O(h^2) term
p_fd = [-d / (3 * v0) * NKTV2P for d in (d1, d2, r)]
rel = [abs(p - p0) / abs(p0) for p in p_fd]
print(f"press (virial, from forces) {p0:.10e} bar")
print(f"-dE/dV central h={h1:g}: {p_fd[0]:.10e} (rel {rel[0]:.1e}); h={h2:g}: {p_fd[1]:.10e} (rel {rel[1]:.1e});"
      f" Richardson: {p_fd[2]:.10e} (rel {rel[2]:.1e}, tolerance 1e-6)")
for k in (1, 2, 3, 4):   # the volumes LAMMPS reports must be the strained ones
    e = (h1, -h1, h2, -h2)[k - 1]
    if abs(b[k][8] - v0 * (1 + e) ** 3) > 1e-9 * v0:
        print(f"FAIL: volume of strain #{k} is {b[k][8]!r}, expected {v0 * (1 + e) ** 3!r}"); bad += 1
if rel[2] > 1e-6:
    bad += 1
    print("FAIL: the pressure does not match the finite-difference derivative of the energy")
sys.exit(1 if bad else 0)
