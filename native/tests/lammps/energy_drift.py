#!/usr/bin/env python3
"""energy_drift.py LOG NATOMS MAX_DRIFT MAX_DEV: energy conservation of an NVE run from a LAMMPS log
with thermo columns `step time pe ke etotal ...` (units metal: eV, ps).
  drift   = slope of a least-squares line through etotal(t) / NATOMS        [eV/atom/ps]
  max dev = max_t |etotal(t) - etotal(0)| / NATOMS                           [eV/atom]
Fails when |drift| > MAX_DRIFT or max dev > MAX_DEV."""
import sys

log, n, max_drift, max_dev = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])
t, e, on = [], [], False
for line in open(log):
    w = line.split()
    if w[:2] == ["Step", "Time"]:
        on = True
        continue
    if on:
        if line.startswith("###") or line.startswith("WARNING"):   # EW summaries among the thermo lines
            continue
        if not w or not w[0].isdigit():
            on = False
            continue
        t.append(float(w[1])); e.append(float(w[4]))
if len(t) < 3:
    sys.exit(f"FAIL: no thermo output in {log}")
m = len(t)
tm, em = sum(t) / m, sum(e) / m
slope = sum((a - tm) * (b - em) for a, b in zip(t, e)) / sum((a - tm) ** 2 for a in t)
drift = slope / n
dev = max(abs(b - e[0]) for b in e) / n
end = (e[-1] - e[0]) / n
print(f"NVE {t[-1] - t[0]:g} ps ({m} thermo rows), {n} atoms: drift {drift:.2e} eV/atom/ps "
      f"(bound {max_drift:g}); max |E(t)-E(0)| {dev:.2e} eV/atom (bound {max_dev:g}); "
      f"E(end)-E(0) {end:.2e} eV/atom")
ok = abs(drift) <= max_drift and dev <= max_dev
print("ok" if ok else "FAIL: energy not conserved within the bounds")
sys.exit(0 if ok else 1)
