#!/usr/bin/env python3
"""check-dataset.py [si-sw.extxyz] [--lmp lmp] [--potfile Si.sw] [--frames all|N] [--tol 1e-6]

Checks the silicon data set independently of the runs that made it (standard library + LAMMPS):
  (a) the forces of every frame sum to ~0 (no external field, momentum conserved);
  (b) LAMMPS re-evaluates frames from the extxyz text alone (each written back as a LAMMPS data
      file, then 'run 0' with pair_style sw) and reproduces energy and forces to --tol;
  (c) a pure-Python Stillinger-Weber (parameters read from the same Si.sw) gives the same energy
      for the first frame of each config_type, and a central finite difference of it matches one
      force component: units and sign conventions are right;
  (d) prints the frames per config_type and set, atoms, energy per atom and force ranges;
  (e) the stress of the first frame of each config_type equals (1/V) dE/d(strain) of the
      pure-Python SW by central differences of a homogeneous strain of cell and positions (ASE's
      sign: positive when tensile; Voigt xx yy zz yz xz xy, eV/A^3).
Exit status 1 when a check fails.
"""
import argparse
import math
import os
import random
import subprocess
import sys
import tempfile
from collections import OrderedDict

here = os.path.dirname(os.path.abspath(__file__))


def read_extxyz(path):
    frames = []
    with open(path) as f:
        while True:
            line = f.readline()
            if not line:
                break
            if not line.strip():
                continue
            n = int(line)
            info = parse_info(f.readline())
            rows = [f.readline().split() for _ in range(n)]
            frames.append({"info": info, "rows": rows,
                           "cell": [float(v) for v in info["Lattice"].split()],
                           "energy": float(info["energy"]),
                           "stress": [float(v) for v in info["stress"].split()] if "stress" in info else None,
                           "pos": [[float(v) for v in r[1:4]] for r in rows],
                           "forces": [[float(v) for v in r[4:7]] for r in rows]})
            assert info["Properties"] == "species:S:1:pos:R:3:forces:R:3", info["Properties"]
            assert all(r[0] == "Si" and len(r) == 7 for r in rows)
    return frames


def parse_info(line):
    out, i, s = {}, 0, line.strip()
    while i < len(s):
        j = s.index("=", i)
        key = s[i:j]
        if s[j + 1] == '"':
            k = s.index('"', j + 2)
            out[key], i = s[j + 2:k], k + 1
        else:
            k = s.find(" ", j)
            k = len(s) if k < 0 else k
            out[key], i = s[j + 1:k], k
        while i < len(s) and s[i] == " ":
            i += 1
    return out


# ---------------------------------------------------------------- (b) LAMMPS re-evaluation
def lammps_rerun(frames, idx, lmp, potfile, workdir):
    inp = ["units metal", "atom_style atomic", "boundary p p p"]
    for k in idx:
        fr = frames[k]
        ax, ay, az, bx, by, bz, cx, cy, cz = fr["cell"]
        if abs(ay) + abs(az) + abs(bz) > 0:
            raise SystemExit("frame %d: cell is not LAMMPS's restricted triclinic form" % k)
        lat = fr["info"]["Lattice"].split()   # the text itself: no rounding on the way back
        data = os.path.join(workdir, "f%d.data" % k)
        with open(data, "w") as d:
            d.write("frame %d of the silicon data set\n\n%d atoms\n1 atom types\n\n" % (k, len(fr["rows"])))
            d.write("0 %s xlo xhi\n0 %s ylo yhi\n0 %s zlo zhi\n%s %s %s xy xz yz\n\nMasses\n\n1 28.0855\n\nAtoms # atomic\n\n"
                    % (lat[0], lat[4], lat[8], lat[3], lat[6], lat[7]))
            for i, r in enumerate(fr["rows"]):
                d.write("%d 1 %s %s %s\n" % (i + 1, r[1], r[2], r[3]))
        if k != idx[0]:
            inp += ["clear", "units metal", "atom_style atomic", "boundary p p p"]
        inp += ["box tilt large", "read_data %s" % data, "pair_style sw", "pair_coeff * * %s Si" % potfile,
                "thermo_style custom step pe", "run 0",
                "print \"FRAME %d $(pe:%%.12f)\" append %s/energies.txt screen no" % (k, workdir),
                "write_dump all custom %s/f%d.dump id fx fy fz modify sort id format float %%.12f" % (workdir, k)]
    with open(os.path.join(workdir, "in.rerun"), "w") as f:
        f.write("\n".join(inp) + "\n")
    subprocess.run([lmp, "-in", "in.rerun", "-log", "log.rerun", "-screen", "none", "-nocite"],
                   cwd=workdir, check=True)
    energies = {}
    for line in open(os.path.join(workdir, "energies.txt")):
        t = line.split()
        energies[int(t[1])] = float(t[2])
    worst_e = worst_f = 0.0
    for k in idx:
        fr = frames[k]
        worst_e = max(worst_e, abs(energies[k] - fr["energy"]))
        lines = open(os.path.join(workdir, "f%d.dump" % k)).read().split("\n")
        start = next(i for i, l in enumerate(lines) if l.startswith("ITEM: ATOMS")) + 1
        for i, f in enumerate(fr["forces"]):
            t = lines[start + i].split()
            assert int(t[0]) == i + 1
            worst_f = max(worst_f, max(abs(float(t[1 + d]) - f[d]) for d in range(3)))
    return worst_e, worst_f


# ---------------------------------------------------------------- (c) independent SW in Python
def read_sw(potfile):
    toks = []
    for line in open(potfile):
        line = line.split("#")[0]
        toks += line.split()
    i = toks.index("Si")
    v = [float(x) for x in toks[i + 3:i + 14]]
    keys = "epsilon sigma a lambda gamma costheta0 A B p q tol".split()
    return dict(zip(keys, v))


def neighbours(pos, cell, rc):
    a, b, c = cell[0:3], cell[3:6], cell[6:9]
    vol = abs(a[0] * (b[1] * c[2] - b[2] * c[1]) - a[1] * (b[0] * c[2] - b[2] * c[0]) + a[2] * (b[0] * c[1] - b[1] * c[0]))
    def cross(u, v):
        return (u[1] * v[2] - u[2] * v[1], u[2] * v[0] - u[0] * v[2], u[0] * v[1] - u[1] * v[0])
    widths = [vol / math.sqrt(sum(x * x for x in cross(u, v))) for u, v in ((b, c), (c, a), (a, b))]
    nimg = [int(math.ceil(rc / w)) for w in widths]
    shifts = [tuple(i * a[d] + j * b[d] + k * c[d] for d in range(3))
              for i in range(-nimg[0], nimg[0] + 1) for j in range(-nimg[1], nimg[1] + 1) for k in range(-nimg[2], nimg[2] + 1)]
    nb = [[] for _ in pos]
    for i, pi in enumerate(pos):
        for j, pj in enumerate(pos):
            for s in shifts:
                d = (pj[0] + s[0] - pi[0], pj[1] + s[1] - pi[1], pj[2] + s[2] - pi[2])
                r2 = d[0] * d[0] + d[1] * d[1] + d[2] * d[2]
                if 0 < r2 < rc * rc:
                    nb[i].append((d, math.sqrt(r2)))
    return nb


def sw_energy(pos, cell, p):
    eps, sig, a, lam, gam, c0, A, B, pp, q = (p[k] for k in "epsilon sigma a lambda gamma costheta0 A B p q".split())
    rc = a * sig
    nb = neighbours(pos, cell, rc)
    e2 = e3 = 0.0
    for i in range(len(pos)):
        for _, r in nb[i]:   # each pair seen twice
            e2 += 0.5 * A * eps * (B * (sig / r) ** pp - (sig / r) ** q) * math.exp(sig / (r - rc))
        lst = nb[i]
        for m in range(len(lst)):
            dj, rj = lst[m]
            for n in range(m + 1, len(lst)):
                dk, rk = lst[n]
                cos = (dj[0] * dk[0] + dj[1] * dk[1] + dj[2] * dk[2]) / (rj * rk)
                e3 += lam * eps * (cos - c0) ** 2 * math.exp(gam * sig / (rj - rc)) * math.exp(gam * sig / (rk - rc))
    return e2 + e3


def coordination(pos, cell, rc=2.9):
    nb = neighbours(pos, cell, rc)
    return sum(len(x) for x in nb) / len(pos)


def volume(c):
    return abs(c[0] * (c[4] * c[8] - c[5] * c[7]) - c[1] * (c[3] * c[8] - c[5] * c[6]) + c[2] * (c[3] * c[7] - c[4] * c[6]))


def strained(pos, cell, a, b, e):
    """Positions and cell (rows = lattice vectors) under the symmetric strain eps_ab = eps_ba = e/2 (e for a == b)."""
    m = [[1.0, 0.0, 0.0], [0.0, 1.0, 0.0], [0.0, 0.0, 1.0]]
    if a == b:
        m[a][a] += e
    else:
        m[a][b] += e / 2
        m[b][a] += e / 2

    def f(v):
        return [m[k][0] * v[0] + m[k][1] * v[1] + m[k][2] * v[2] for k in range(3)]
    c = [f(cell[3 * i:3 * i + 3]) for i in range(3)]
    return [f(x) for x in pos], [x for r in c for x in r]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("extxyz", nargs="?", default=os.path.join(here, "si-sw.extxyz"))
    ap.add_argument("--lmp", default=os.environ.get("LMP", "lmp"))
    ap.add_argument("--potfile", default="/usr/share/lammps/potentials/Si.sw")
    ap.add_argument("--frames", default="all", help="'all' or how many frames (random, seed 1) LAMMPS re-evaluates")
    ap.add_argument("--tol", type=float, default=1e-6)
    args = ap.parse_args()
    frames = read_extxyz(args.extxyz)
    ok = True
    print("%s: %d frames, %d bytes" % (args.extxyz, len(frames), os.path.getsize(args.extxyz)))

    # (a) force sums
    worst = 0.0
    for fr in frames:
        worst = max(worst, max(abs(sum(f[d] for f in fr["forces"])) for d in range(3)))
    good = worst < 1e-5
    ok &= good
    print("(a) max |sum of forces| component over all frames: %.2e eV/A  %s" % (worst, "ok" if good else "FAIL"))

    # (b) LAMMPS run 0 on the written frames
    idx = list(range(len(frames)))
    if args.frames != "all":
        idx = sorted(random.Random(1).sample(idx, min(int(args.frames), len(idx))))
    with tempfile.TemporaryDirectory() as tmp:
        de, df = lammps_rerun(frames, idx, args.lmp, args.potfile, tmp)
    good = de <= args.tol and df <= args.tol
    ok &= good
    print("(b) LAMMPS run 0 from the extxyz text, %d frames: max |dE| = %.2e eV, max |dF| = %.2e eV/A (tol %g)  %s"
          % (len(idx), de, df, args.tol, "ok" if good else "FAIL"))

    # (c) pure-Python SW on the first frame of each config_type
    p = read_sw(args.potfile)
    first = OrderedDict()
    for k, fr in enumerate(frames):
        first.setdefault(fr["info"]["config_type"], k)
    worst_e = worst_f = 0.0
    h = 1e-5
    for ct, k in first.items():
        fr = frames[k]
        e = sw_energy(fr["pos"], fr["cell"], p)
        worst_e = max(worst_e, abs(e - fr["energy"]))
        i = len(fr["pos"]) // 2          # one atom, x component, central difference
        plus = [list(x) for x in fr["pos"]]; plus[i][0] += h
        minus = [list(x) for x in fr["pos"]]; minus[i][0] -= h
        fx = -(sw_energy(plus, fr["cell"], p) - sw_energy(minus, fr["cell"], p)) / (2 * h)
        worst_f = max(worst_f, abs(fx - fr["forces"][i][0]))
    good = worst_e < 1e-5 and worst_f < 1e-4
    ok &= good
    print("(c) Python SW, first frame of each of %d config_types: max |dE| = %.2e eV, finite-difference max |dFx| = %.2e eV/A  %s"
          % (len(first), worst_e, worst_f, "ok" if good else "FAIL"))

    # (e) stress against the strain derivative of the Python SW energy
    pairs = [(0, 0), (1, 1), (2, 2), (1, 2), (0, 2), (0, 1)]
    worst_s = 0.0
    missing = sum(1 for fr in frames if fr["stress"] is None)
    for ct, k in first.items():
        fr = frames[k]
        if fr["stress"] is None:
            continue
        vol = volume(fr["cell"])
        for q, (a, b) in enumerate(pairs):
            ep = sw_energy(*strained(fr["pos"], fr["cell"], a, b, h), p)
            em = sw_energy(*strained(fr["pos"], fr["cell"], a, b, -h), p)
            worst_s = max(worst_s, abs((ep - em) / (2 * h) / vol - fr["stress"][q]))
    good = missing == 0 and worst_s < 1e-6
    ok &= good
    print("(e) stress, first frame of each config_type: max |stress - (1/V) dE/d(strain)| = %.2e eV/A^3, frames without stress: %d  %s"
          % (worst_s, missing, "ok" if good else "FAIL"))

    # (d) table
    groups = OrderedDict()
    for fr in frames:
        groups.setdefault(fr["info"]["config_type"], []).append(fr)
    print("\n(d) %-19s %5s %5s %4s %6s  %-19s %8s %8s %6s" % ("config_type", "train", "test", "", "atoms",
          "E/atom min..max eV", "max|F|", "rms F", "coord"))
    allf = []
    for ct, fs in groups.items():
        ntest = sum(1 for f in fs if f["info"]["set"] == "test")
        natoms = sorted(set(len(f["pos"]) for f in fs))
        epa = [f["energy"] / len(f["pos"]) for f in fs]
        comps = [c for f in fs for v in f["forces"] for c in v]
        fmax = max(math.sqrt(sum(c * c for c in v)) for f in fs for v in f["forces"])
        allf += comps
        coord = sum(coordination(f["pos"], f["cell"]) for f in fs[:3]) / min(3, len(fs))
        print("    %-19s %5d %5d %4s %6s  %8.4f..%8.4f %8.3f %8.3f %6.2f"
              % (ct, len(fs) - ntest, ntest, "", ",".join(map(str, natoms)), min(epa), max(epa), fmax,
                 math.sqrt(sum(c * c for c in comps) / len(comps)), coord))
    ntest = sum(1 for f in frames if f["info"]["set"] == "test")
    epa = [f["energy"] / len(f["pos"]) for f in frames]
    print("    %-19s %5d %5d %4s %6d  %8.4f..%8.4f %8.3f %8.3f" % ("total", len(frames) - ntest, ntest, "",
          sum(len(f["pos"]) for f in frames), min(epa), max(epa), max(abs(c) for c in allf),
          math.sqrt(sum(c * c for c in allf) / len(allf))))
    print("    (max|F|: largest force norm; rms F: over components; coord: mean neighbours within 2.9 A, first 3 frames;"
          " total max|F| column: largest component)")
    print("\nall checks passed" if ok else "\nCHECK FAILED")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
