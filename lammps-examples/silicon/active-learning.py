#!/usr/bin/env python3
"""active-learning.py: the analysis steps of active-learning.sh (Python 3 and NumPy only).

  truth HEAT_LOG MD_DUMP SW_LOG SW_DUMP PREFIX [NEW]
      joins the committee run (MD_DUMP: id type x y z fx fy fz c_devi[1] c_devi[2]; HEAT_LOG: its
      thermo) with the Stillinger-Weber rerun of the same frames (SW_DUMP: id type x y z fx fy fz;
      SW_LOG: thermo 'Step PotEng c_pvir[1..6]'). Per atom: the force disagreement of the
      committee and the true error |F_mean - F_SW| of its mean force. Writes PREFIX.csv (one row per
      frame), PREFIX-sw.extxyz (the frames with SW energy, forces and stress, for `hdnnp test`) and
      PREFIX-new-sw.extxyz (the frames of the new conditions: those whose thermo value in HEAT_LOG
      meets NEW, written COLUMN>=VALUE, e.g. Press>=100000 or Temp>=2000; default Press>=100000),
      PREFIX.txt (Spearman rank correlation of disagreement and error over all atoms of all frames,
      force RMSE), and prints the summary.
  to-data EXTXYZ DIR
      writes every frame of EXTXYZ as DIR/frame-N.data (N = 1, 2, ...), a LAMMPS data file, for
      labelling with in.si-label; prints the number of frames.
  compare BEFORE.txt AFTER.txt OUT.txt
      `hdnnp test` outputs of two committees on the same frames: force RMSE and mean disagreement
      before and after, and the drops in %.
"""
import math
import os
import sys

import numpy as np

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "data"))
import lammps_dump  # noqa: E402  (the examples' one dump reader)

EV_PER_A3_PER_BAR = 1e5 / 1.602176634e11


def fail(msg):
    sys.exit("active-learning.py: " + msg)


def read_dump(path):
    """Frames of a LAMMPS text dump with an orthogonal box: list of (step, lo[3], hi[3], {column: array})."""
    frames = []
    for fr in lammps_dump.read_frames(path):
        if any(len(b) != 2 for b in fr.bounds):
            fail("%s: frame at step %d: only orthogonal boxes are handled" % (path, fr.step))
        box = np.array(fr.bounds)
        data = np.array(fr.rows, dtype=float).reshape(len(fr.rows), len(fr.columns))
        frames.append((fr.step, box[:, 0], box[:, 1], {c: data[:, k] for k, c in enumerate(fr.columns)}))
    return frames


def read_thermo(path, first):
    """Thermo rows of a LAMMPS log whose header starts with the words of `first`: ({column: list})."""
    out, header = None, None
    for line in open(path):
        t = line.split()
        if t[:len(first)] == first:
            header = t
            out = out or {c: [] for c in t}
            continue
        if header:
            if line.startswith("Loop time"):
                header = None
                continue
            try:
                vals = [float(v) for v in t]
            except ValueError:
                continue
            if len(vals) == len(header):
                for c, v in zip(header, vals):
                    out[c].append(v)
    if out is None:
        fail("%s: no thermo header starting with %s" % (path, " ".join(first)))
    return out


def ranks(x):
    """Ranks 1..n, ties get their average rank."""
    order = np.argsort(x, kind="mergesort")
    r = np.empty(len(x))
    r[order] = np.arange(1, len(x) + 1)
    xs = x[order]
    start = 0
    for k in range(1, len(x) + 1):
        if k == len(x) or xs[k] != xs[start]:
            if k - start > 1:
                r[order[start:k]] = (start + 1 + k) / 2.0
            start = k
    return r


def spearman(a, b):
    ra, rb = ranks(np.asarray(a, float)), ranks(np.asarray(b, float))
    ra -= ra.mean()
    rb -= rb.mean()
    norm = math.sqrt((ra * ra).sum() * (rb * rb).sum())
    return float((ra * rb).sum() / norm) if norm > 0 else float("nan")  # nan: one side constant


def condition(text):
    """COLUMN>=VALUE -> (COLUMN, VALUE)."""
    col, sep, val = text.partition(">=")
    try:
        return col.strip(), float(val)
    except ValueError:
        fail("the frames of the new conditions: expected COLUMN>=VALUE (a thermo column of the run), found %r" % text)


def truth(heat_log, md_dump, sw_log, sw_dump, prefix, new="Press>=100000"):
    col, bound = condition(new)
    md = read_dump(md_dump)
    sw = read_dump(sw_dump)
    heat = read_thermo(heat_log, ["Step", "Temp"])
    if col not in heat:
        fail("%s: no thermo column %s (the frames of the new conditions, %s); columns: %s" % (heat_log, col, new, " ".join(heat)))
    value = dict(zip((int(s) for s in heat["Step"]), heat[col]))
    press = dict(zip((int(s) for s in heat["Step"]), heat.get("Press", [])))
    swt = read_thermo(sw_log, ["Step", "PotEng"])
    temp = dict(zip((int(s) for s in heat["Step"]), heat["Temp"]))
    sw_pe = dict(zip((int(s) for s in swt["Step"]), swt["PotEng"]))
    sw_p = {int(s): [swt["c_pvir[%d]" % k][j] for k in range(1, 7)] for j, s in enumerate(swt["Step"])}
    swf = {s: (lo, hi, c) for s, lo, hi, c in sw}
    devi_all, err_all, rows = [], [], []
    xyz_all, xyz_new = open(prefix + "-sw.extxyz", "w"), open(prefix + "-new-sw.extxyz", "w")
    for step, lo, hi, c in md:
        if step not in swf:
            fail("%s: step %d has no frame in %s" % (md_dump, step, sw_dump))
        slo, shi, s = swf[step]
        if not (np.array_equal(c["id"], s["id"]) and np.allclose(lo, slo) and np.allclose(hi, shi)):
            fail("step %d: atoms or box differ between %s and %s" % (step, md_dump, sw_dump))
        f_nn = np.stack([c["fx"], c["fy"], c["fz"]], axis=1)
        f_sw = np.stack([s["fx"], s["fy"], s["fz"]], axis=1)
        err = np.linalg.norm(f_nn - f_sw, axis=1)
        devi = c["c_devi[1]"]
        devi_all.append(devi)
        err_all.append(err)
        rows.append((step, step * 0.001, temp.get(step, float("nan")), press.get(step, float("nan")), devi.mean(),
                     devi.max(), err.mean(), err.max(), math.sqrt(((f_nn - f_sw) ** 2).mean()), spearman(devi, err)))
        # the frame with SW's energy, forces and stress (ASE: stress = -virial pressure, eV/A^3)
        L = hi - lo
        pos = np.stack([c["x"], c["y"], c["z"]], axis=1) - lo
        pos -= np.floor(pos / L) * L
        p = sw_p[step]
        stress = [-v * EV_PER_A3_PER_BAR for v in (p[0], p[1], p[2], p[5], p[4], p[3])]
        text = ["%d\n" % len(pos),
                'Lattice="%.10f 0 0 0 %.10f 0 0 0 %.10f" Properties=species:S:1:pos:R:3:forces:R:3 energy=%.10f '
                'stress="%s" pbc="T T T" step=%d\n' % (L[0], L[1], L[2], sw_pe[step], " ".join("%.10e" % v for v in stress), step)]
        text += ["Si %.10f %.10f %.10f %.10f %.10f %.10f\n" % (x[0], x[1], x[2], f[0], f[1], f[2]) for x, f in zip(pos, f_sw)]
        for f in (xyz_all, xyz_new if value.get(step, -math.inf) >= bound else None):
            if f:
                f.writelines(text)
    xyz_all.close()
    xyz_new.close()
    devi_all, err_all = np.concatenate(devi_all), np.concatenate(err_all)
    rho = spearman(devi_all, err_all)
    n = len(devi_all)
    with open(prefix + ".csv", "w") as out:
        out.write("step,time_ps,temp_K,press_bar,mean_devi_f,max_devi_f,mean_err_f,max_err_f,rmse_f,spearman_frame\n")
        for r in rows:
            out.write("%d,%.3f,%.1f,%.1f,%.6f,%.6f,%.6f,%.6f,%.6f,%.4f\n" % r)

    def rmse_of(rs):
        return 1000 * math.sqrt(sum(r[8] ** 2 for r in rs) / len(rs))

    new_rows = [r for r in rows if value.get(r[0], -math.inf) >= bound]
    summary = [
        "frames %d, atoms %d" % (len(rows), n),
        "spearman per-atom force disagreement vs per-atom force error of the mean: %.4f (z = rho sqrt(n-1) = %.1f)"
        % (rho, rho * math.sqrt(n - 1)),
        "spearman per-frame max disagreement vs per-frame max error: %.4f"
        % spearman([r[5] for r in rows], [r[7] for r in rows]),
        "force RMSE of the committee mean vs SW (all frames): %.1f meV/A" % rmse_of(rows),
        "mean per-atom force disagreement (all frames): %.1f meV/A" % (1000 * devi_all.mean()),
        "frames of the new conditions (%s): %d" % (new, len(new_rows)),
    ]
    if new_rows:
        summary.append("force RMSE (%s): %.1f meV/A, mean disagreement %.1f meV/A"
                       % (new, rmse_of(new_rows), 1000 * np.mean([r[4] for r in new_rows])))
    first = [r for r in rows if r[0] <= rows[-1][0] // 10]
    summary.append("force RMSE (first tenth of the run, %d frames): %.1f meV/A, mean disagreement %.1f meV/A"
                   % (len(first), rmse_of(first), 1000 * np.mean([r[4] for r in first])))
    with open(prefix + ".txt", "w") as out:
        out.write("\n".join(summary) + "\n")
    print("\n".join(summary))


def read_extxyz(path):
    """(lattice 3x3, species, positions) per frame; positions and lattice in A."""
    frames = []
    lines = open(path).read().split("\n")
    i = 0
    while i < len(lines):
        if not lines[i].strip():
            i += 1
            continue
        try:
            n = int(lines[i])
        except ValueError:
            fail("%s line %d: expected the number of atoms, found %r" % (path, i + 1, lines[i][:60]))
        info = lines[i + 1]
        k = info.find('Lattice="')
        if k < 0:
            fail("%s line %d: no Lattice=\"...\"" % (path, i + 2))
        lat = np.array([float(v) for v in info[k + 9:info.index('"', k + 9)].split()]).reshape(3, 3)
        props = info[info.find("Properties=") + 11:].split()[0].split(":")
        cols, col = {}, 0
        for name, kind, width in zip(props[0::3], props[1::3], props[2::3]):
            cols[name] = col
            col += int(width)
        if "species" not in cols or "pos" not in cols:
            fail("%s line %d: Properties lacks species or pos" % (path, i + 2))
        species, pos = [], []
        for a in lines[i + 2:i + 2 + n]:
            t = a.split()
            species.append(t[cols["species"]])
            pos.append([float(v) for v in t[cols["pos"]:cols["pos"] + 3]])
        if len(pos) != n:
            fail("%s: frame at line %d has %d of %d atoms" % (path, i + 1, len(pos), n))
        frames.append((lat, species, np.array(pos)))
        i += 2 + n
    return frames


def to_data(extxyz, outdir):
    frames = read_extxyz(extxyz)
    for k, (lat, species, pos) in enumerate(frames, 1):
        a, b, c = lat
        if abs(a[1]) > 1e-9 or abs(a[2]) > 1e-9 or abs(b[2]) > 1e-9:
            fail("%s frame %d: the cell is not in LAMMPS's restricted triclinic form (a along x, b in xy)" % (extxyz, k))
        if set(species) != {"Si"}:
            fail("%s frame %d: only Si is labelled by the SW potential, found %s" % (extxyz, k, sorted(set(species))))
        with open("%s/frame-%d.data" % (outdir, k), "w") as out:
            out.write("frame %d of %s\n\n%d atoms\n1 atom types\n\n" % (k, extxyz, len(pos)))
            out.write("0 %.10f xlo xhi\n0 %.10f ylo yhi\n0 %.10f zlo zhi\n" % (a[0], b[1], c[2]))
            if any(abs(v) > 1e-12 for v in (b[0], c[0], c[1])):
                out.write("%.10f %.10f %.10f xy xz yz\n" % (b[0], c[0], c[1]))
            out.write("\nMasses\n\n1 28.0855\n\nAtoms # atomic\n\n")
            frac = pos @ np.linalg.inv(lat)  # rows of lat are the cell vectors
            frac -= np.floor(frac)
            for j, x in enumerate(frac @ lat, 1):
                out.write("%d 1 %.10f %.10f %.10f\n" % (j, x[0], x[1], x[2]))
    print(len(frames))


def test_figures(path):
    """Committee-mean force RMSE, mean per-atom force disagreement (eV/A) and Spearman rho from an
    `hdnnp test COMMITTEE` output."""
    rmse = devi = rho = None
    for line in open(path):
        t = line.replace(";", " ").split()
        if line.startswith("committee mean") and "force component RMSE" in line:
            rmse = float(t[t.index("component") + 2])
        if line.startswith("per-atom force disagreement: mean"):
            devi = float(t[4])
            rho = float(t[t.index("mean:") + 1]) if "mean:" in t else None
    if rmse is None or devi is None:
        fail(path + ": no committee-mean force RMSE or disagreement (is it `hdnnp test` of a committee?)")
    return rmse, devi, rho


def compare(before, after, out):
    r0, d0, _ = test_figures(before)
    r1, d1, _ = test_figures(after)
    lines = ["force RMSE of the committee mean on the new frames: before %.1f meV/A, after %.1f meV/A, drop %.1f %%"
             % (1000 * r0, 1000 * r1, 100 * (1 - r1 / r0))]
    lines.append("mean per-atom force disagreement on the new frames: before %.1f meV/A, after %.1f meV/A, drop %.1f %%"
                 % (1000 * d0, 1000 * d1, 100 * (1 - d1 / d0)))
    open(out, "w").write("\n".join(lines) + "\n")
    print("\n".join(lines))


if __name__ == "__main__":
    cmd, args = (sys.argv[1], sys.argv[2:]) if len(sys.argv) > 1 else ("", [])
    if cmd == "truth" and len(args) in (5, 6):
        truth(*args)
    elif cmd == "to-data" and len(args) == 2:
        to_data(*args)
    elif cmd == "compare" and len(args) == 3:
        compare(*args)
    else:
        sys.exit(__doc__)
