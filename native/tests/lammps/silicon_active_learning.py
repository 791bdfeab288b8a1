#!/usr/bin/env python3
"""silicon_active_learning.py OUT K GAP NEW: checks an active-learning.sh output directory.

Each claim is checked against a second, independent computation:
  1. every file of the demo is there, the plots are PNG files;
  2. the Spearman rank correlation and force RMSE that active-learning.py derived from the LAMMPS
     run (committee pair style, dump) and the SW rerun equal those that `hdnnp test` computed with
     the Java committee on the same frames (heat-N/test.txt);
  3. the correlation is positive and significant (rho sqrt(n-1) > 3) on the heating run;
  4. model_devi.out's max_devi_f equals the largest c_devi[1] of traj.dump at every frame;
  5. the selection: at most K frames, each one a frame of heat-0/traj.dump (found by positions, up
     to a rigid translation),
     at least GAP steps apart, and no left-out frame is more uncertain than the least uncertain
     selected frame unless it lies within GAP of a selected frame that is at least as uncertain;
  6. the SW labels of the selected frames (a `run 0` each) equal the SW rerun of the same frames;
  7. round 1 was trained on the bundled frames plus the labelled ones;
  8. the frames of the new conditions compared before/after (heat-1/analysis-new-sw.extxyz) are
     those whose thermo line in heat-1/heat.log meets NEW (COLUMN>=VALUE), read from the log here.
"""
import os
import re
import sys

import numpy as np

out, K, GAP, NEW = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
failures = []


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what)
    if not ok:
        failures.append(what)


def dump_frames(path):
    frames, lines, i = [], open(path).read().split("\n"), 0
    while i < len(lines) and lines[i].strip():
        step, n = int(lines[i + 1]), int(lines[i + 3])
        lo = np.array([float(lines[i + 5 + d].split()[0]) for d in range(3)])
        hi = np.array([float(lines[i + 5 + d].split()[1]) for d in range(3)])
        cols = lines[i + 8].split()[2:]
        a = np.array([l.split() for l in lines[i + 9:i + 9 + n]], dtype=float)
        frames.append((step, lo, hi, {c: a[:, k] for k, c in enumerate(cols)}))
        i += 9 + n
    return frames


def extxyz_frames(path):
    frames, lines, i = [], open(path).read().split("\n"), 0
    while i < len(lines) and lines[i].strip():
        n, info = int(lines[i]), lines[i + 1]
        lat = [float(v) for v in info.split('Lattice="')[1].split('"')[0].split()]
        energy = float(info.split("energy=")[1].split()[0]) if "energy=" in info else None
        a = np.array([l.split()[1:] for l in lines[i + 2:i + 2 + n]], dtype=float)
        frames.append((np.array(lat).reshape(3, 3), a[:, :3], a[:, 3:6] if a.shape[1] >= 6 else None, energy))
        i += 2 + n
    return frames


def test_txt(path):
    rmse = rho = None
    for line in open(path):
        if line.startswith("committee mean"):
            rmse = float(line.split("force component RMSE")[1].split()[0])
        if line.startswith("per-atom force disagreement"):
            rho = float(line.split("force error of the mean:")[1].split()[0])
    return rmse, rho


def analysis_txt(path):
    rho = rmse = z = None
    for line in open(path):
        if line.startswith("spearman per-atom"):
            rho = float(line.split(":")[1].split()[0])
            z = float(line.split("= rho sqrt(n-1) =")[1].split(")")[0])
        if line.startswith("force RMSE of the committee mean vs SW (all frames)"):
            rmse = float(line.split(":")[1].split()[0]) / 1000
    return rho, z, rmse


# 1. files
files = ["round-0/committee.json", "round-0/test.txt", "round-1/committee.json", "round-1/test.txt",
         "selected.extxyz", "selected-sw.extxyz", "data-round-1.extxyz", "report.txt",
         "heat-1/compare-new.txt"]
for h in ("heat-0", "heat-1"):
    files += [h + "/" + f for f in ("traj.dump", "model_devi.out", "sw.dump", "analysis.csv", "analysis.txt",
                                    "analysis-sw.extxyz", "test.txt", "disagreement.png")]
for f in files:
    check(os.path.isfile(os.path.join(out, f)) and os.path.getsize(os.path.join(out, f)) > 0, "file " + f)
if failures:
    sys.exit("silicon_active_learning: files missing")
for h in ("heat-0", "heat-1"):
    check(open(os.path.join(out, h, "disagreement.png"), "rb").read(8) == b"\x89PNG\r\n\x1a\n", h + "/disagreement.png is a PNG")

for h in ("heat-0", "heat-1"):
    # 2./3. the LAMMPS-side figures against the Java committee on the same frames
    rho, z, rmse = analysis_txt(os.path.join(out, h, "analysis.txt"))
    jrmse, jrho = test_txt(os.path.join(out, h, "test.txt"))
    check(abs(rmse - jrmse) <= 1e-4 + 1e-3 * jrmse, "%s: force RMSE LAMMPS+SW %.6f eV/A = hdnnp test %.6f" % (h, rmse, jrmse))
    check(abs(rho - jrho) <= 2e-3, "%s: Spearman rho LAMMPS+SW %.4f = hdnnp test %.4f" % (h, rho, jrho))
    check(rho > 0 and z > 3, "%s: rho %.3f > 0, significant (rho sqrt(n-1) = %.1f > 3)" % (h, rho, z))
    # 4. the deviation file against the dump
    frames = dump_frames(os.path.join(out, h, "traj.dump"))
    devi = {int(r[0]): r[4] for r in np.loadtxt(os.path.join(out, h, "model_devi.out"), ndmin=2)}
    worst = max(abs(devi[s] - c["c_devi[1]"].max()) for s, _, _, c in frames)
    check(all(s in devi for s, _, _, _ in frames) and worst < 1e-6,
          "%s: model_devi.out max_devi_f = max c_devi[1] of the dump at all %d frames (largest difference %.1e)"
          % (h, len(frames), worst))

# 5. selection
frames = dump_frames(os.path.join(out, "heat-0", "traj.dump"))
sel = extxyz_frames(os.path.join(out, "selected.extxyz"))
check(0 < len(sel) <= K, "selected %d frames (1..%d)" % (len(sel), K))
steps = []
for lat, pos, _, _ in sel:
    L = np.diag(lat)
    match = None
    for step, lo, hi, c in frames:
        if not np.allclose(hi - lo, L, atol=1e-6):
            continue
        p = np.stack([c["x"], c["y"], c["z"]], axis=1) - lo
        d = pos - p
        d -= d[0]  # the same frame up to a rigid translation (the extxyz cell has its origin at 0)
        d -= np.round(d / L) * L
        if len(p) == len(pos) and np.abs(d).max() < 1e-5:
            match = step
    steps.append(match)
check(None not in steps, "every selected frame is a frame of heat-0/traj.dump (steps %s)" % steps)
if None not in steps:
    check(all(abs(a - b) >= GAP for k, a in enumerate(steps) for b in steps[k + 1:]),
          "selected frames at least %d steps apart" % GAP)
    maxdevi = {s: c["c_devi[1]"].max() for s, _, _, c in frames}
    floor = min(maxdevi[s] for s in steps)
    bad = [s for s in maxdevi if s not in steps and maxdevi[s] > floor
           and not any(abs(s - t) < GAP and maxdevi[t] >= maxdevi[s] for t in steps)]
    check(not bad, "no left-out frame is more uncertain than a selected one without a more uncertain selected neighbour within the gap %s" % bad)
    # 6. labels: run 0 per frame against the rerun of the trajectory
    ref = {s: f for s, f in zip([s for s, _, _, _ in frames], extxyz_frames(os.path.join(out, "heat-0", "analysis-sw.extxyz")))}
    lab = extxyz_frames(os.path.join(out, "selected-sw.extxyz"))
    check(len(lab) == len(sel), "%d labelled frames" % len(lab))
    de = max(abs(l[3] - ref[s][3]) for l, s in zip(lab, steps))
    df = max(np.abs(l[2] - ref[s][2]).max() for l, s in zip(lab, steps))
    check(de < 1e-5 and df < 1e-5, "SW labels (run 0) = SW rerun of the same frames: energy %.1e eV, forces %.1e eV/A" % (de, df))

# 7. the round-1 data
n0 = len(extxyz_frames(os.path.join(os.path.dirname(__file__), "../../../lammps-examples/silicon/data/si-sw.extxyz")))
n1 = len(extxyz_frames(os.path.join(out, "data-round-1.extxyz")))
check(n1 == n0 + len(sel), "round-1 data: %d = %d bundled + %d labelled frames" % (n1, n0, len(sel)))
m = re.search(r"(\d+) train, (\d+) validation, (\d+) test structures", open(os.path.join(out, "round-1", "train.log")).read())
check(m is not None and sum(int(g) for g in m.groups()) == n0 + len(sel),
      "round 1 trained on %s structures (train, validation, test) = %d" % (m.groups() if m else "?", n0 + len(sel)))

# 8. the frames of the new conditions, from the thermo lines of the log
col, bound = NEW.split(">=")[0], float(NEW.split(">=")[1])
want, header = [], None
for line in open(os.path.join(out, "heat-1", "heat.log")):
    t = line.split()
    if t[:2] == ["Step", "Temp"]:
        header = t
    elif line.startswith("Loop time"):
        header = None
    elif header and len(t) == len(header) and t[0].isdigit():
        if float(t[header.index(col)]) >= bound:
            want.append(int(t[0]))
got = [int(re.search(r"step=(\d+)", l).group(1)) for l in open(os.path.join(out, "heat-1", "analysis-new-sw.extxyz"))
       if "Lattice=" in l]
check(got == want and len(got) > 0, "heat-1: the %d frames compared before/after are the %d with %s in heat.log" % (len(got), len(want), NEW))

if failures:
    sys.exit("silicon_active_learning: %d check(s) failed" % len(failures))
print("silicon_active_learning: all checks passed")
