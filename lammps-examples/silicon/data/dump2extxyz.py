#!/usr/bin/env python3
"""dump2extxyz.py MANIFEST OUTDIR EXTXYZ SPLIT [--species Si,C] [--all-train]

Joins the frames that the LAMMPS generator runs wrote (OUTDIR/STEM.dump: id type x y z fx fy fz,
sorted by id; OUTDIR/STEM.energy: step, potential energy, box and, when present, the virial-only
pressure tensor pxx pyy pzz pxy pxz pyz in bar per frame) into one extended XYZ file in ASE's
style, in manifest order (lines 'STEM CONFIG_TYPE'). Every 5th frame of each config_type (the
5th, 10th, ...) gets set=test, all others set=train; SPLIT lists the same (SPLIT '-': none).
The stress is written as ASE does: stress = -pressure (positive when tensile), in eV/A^3, Voigt
order xx yy zz yz xz xy; the virial is -stress * volume. Positions are shifted so that the cell's
origin is 0 and wrapped into the cell. LAMMPS atom type t is species[t-1]. --all-train tags every
frame set=train (frames labelled to be added to a training set, active-learning.sh). Standard library only.
"""
import math
import sys

import lammps_dump  # the examples' one dump reader, next to this file

TEST_EVERY = 5
EV_PER_A3_PER_BAR = 1e5 / 1.602176634e11  # 1 bar = 1e5 Pa; 1 eV/A^3 = 1.602176634e11 Pa


def read_dump(path):
    frames = []
    for fr in lammps_dump.read_frames(path):
        if fr.columns != "id type x y z fx fy fz".split():
            sys.exit("%s: frame at step %d: expected the columns 'id type x y z fx fy fz', found %r"
                     % (path, fr.step, " ".join(fr.columns)))
        atoms = [(int(t[0]), int(t[1]), [float(v) for v in t[2:5]], [float(v) for v in t[5:8]]) for t in fr.rows]
        ids = [a[0] for a in atoms]
        if ids != sorted(ids):
            sys.exit("%s: frame at step %d: atoms not sorted by id (dump_modify sort id)" % (path, fr.step))
        frames.append((fr.step, atoms))
    return frames


def read_energy(path):
    out = []
    with open(path) as f:
        for line in f:
            t = line.split()
            if t:
                press = [float(v) for v in t[11:17]] if len(t) >= 17 else None
                out.append((int(t[0]), float(t[1]), [float(v) for v in t[2:11]], press))
    return out


def convert(frame, energy):
    step, atoms = frame
    estep, pe, (xlo, xhi, ylo, yhi, zlo, zhi, xy, xz, yz), press = energy
    assert step == estep, (step, estep)
    # LAMMPS restricted triclinic: a = (lx,0,0), b = (xy,ly,0), c = (xz,yz,lz)
    lx, ly, lz = xhi - xlo, yhi - ylo, zhi - zlo
    cell = [lx, 0.0, 0.0, xy, ly, 0.0, xz, yz, lz]
    pos, forces, types = [], [], []
    for _, t, x, f in atoms:
        types.append(t)
        x, y, z = x[0] - xlo, x[1] - ylo, x[2] - zlo
        sz = z / lz
        sy = (y - sz * yz) / ly
        sx = (x - sz * xz - sy * xy) / lx
        sx, sy, sz = sx - math.floor(sx), sy - math.floor(sy), sz - math.floor(sz)
        pos.append((sx * lx + sy * xy + sz * xz, sy * ly + sz * yz, sz * lz))
        forces.append(f)
    stress = None
    if press is not None:
        pxx, pyy, pzz, pxy, pxz, pyz = press
        stress = [-p * EV_PER_A3_PER_BAR for p in (pxx, pyy, pzz, pyz, pxz, pxy)]
    return cell, pos, forces, pe, types, stress


def main():
    manifest, outdir, extxyz, split = sys.argv[1:5]
    species = ["Si"]
    opts = sys.argv[5:]
    if "--species" in opts:
        species = opts[opts.index("--species") + 1].split(",")
    test_every = 0 if "--all-train" in opts else TEST_EVERY
    counters = {}
    rows = []
    with open(extxyz, "w") as out:
        for line in open(manifest):
            if not line.strip():
                continue
            stem, ctype = line.split()
            frames = read_dump(f"{outdir}/{stem}.dump")
            energies = read_energy(f"{outdir}/{stem}.energy")
            assert len(frames) == len(energies), (stem, len(frames), len(energies))
            for fr, en in zip(frames, energies):
                cell, pos, forces, pe, types, stress = convert(fr, en)
                k = counters.get(ctype, 0) + 1
                counters[ctype] = k
                which = "test" if test_every and k % test_every == 0 else "train"
                lat = " ".join("%.10f" % v for v in cell)
                out.write("%d\n" % len(pos))
                st = "" if stress is None else ' stress="%s"' % " ".join("%.8e" % v for v in stress)
                out.write('Lattice="%s" Properties=species:S:1:pos:R:3:forces:R:3 energy=%.8f%s pbc="T T T" '
                          "config_type=%s set=%s\n" % (lat, pe, st, ctype, which))
                for t, p, f in zip(types, pos, forces):
                    out.write("%-2s %14.8f %14.8f %14.8f %14.8f %14.8f %14.8f\n"
                              % (species[t - 1], p[0], p[1], p[2], f[0], f[1], f[2]))
                rows.append((len(rows), ctype, k, which, len(pos)))
    if split == "-":
        print("wrote %d frames to %s" % (len(rows), extxyz))
        return
    with open(split, "w") as s:
        s.write("# frame (0-based, order of si-sw.extxyz)  config_type  index_in_type (1-based)  set  atoms\n")
        s.write("# set=test: every %dth frame of each config_type; the same tag is in each frame's info line\n" % TEST_EVERY)
        for r in rows:
            s.write("%d %s %d %s %d\n" % r)
    print("wrote %d frames to %s" % (len(rows), extxyz))


if __name__ == "__main__":
    main()
