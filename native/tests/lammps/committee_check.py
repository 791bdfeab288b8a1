#!/usr/bin/env python3
"""committee_check.py WORKDIR MEMBERS FRAMES -- checks a committee run of pair_style hdnnp_java
against the members evaluated one by one (LAMMPS reruns of the committee's dumped frames with each
member as a single-model pair style):
  committee.dump   id fx fy fz c_d[1] c_d[2] per frame (mean forces, force/energy disagreement)
  devi.out         DeePMD-kit model_devi.out layout
  member<k>.dump   id fx fy fz c_pe per frame, member<k>.thermo: step vol virial xx yy zz xy xz yz
The disagreements are recomputed here from the members' values with DeePMD-kit's definitions."""
import sys
import numpy as np

NKTV2P = 1.6021765e6   # LAMMPS metal units: pressure = virial / volume * nktv2p


def frames(path):
    out, lines = {}, open(path).read().splitlines()
    k = 0
    while k < len(lines):
        if lines[k].startswith("ITEM: TIMESTEP"):
            step = int(lines[k + 1]); n = int(lines[k + 3])
            cols = lines[k + 8].split()[2:]
            data = np.array([[float(v) for v in l.split()] for l in lines[k + 9:k + 9 + n]])
            data = data[np.argsort(data[:, 0])]
            out[step] = {c: data[:, i] for i, c in enumerate(cols)}
            k += 9 + n
        else:
            k += 1
    return out


def thermo(path):
    rows = {}
    for l in open(path):
        w = l.split()
        if len(w) == 8 and w[0].isdigit():
            try:
                rows[int(w[0])] = [float(x) for x in w[1:]]
            except ValueError:
                pass    # a log line that happens to have 8 words
    return rows


def close(name, got, want, tol):
    got, want = np.asarray(got, float), np.asarray(want, float)
    err = np.max(np.abs(got - want) / np.maximum(np.abs(want), 1.0)) if got.size else 0.0
    ok = err <= tol
    print(f"{'ok  ' if ok else 'FAIL'} {name}: max rel/abs error {err:.3e} (tol {tol:g})")
    return ok


def main():
    work, members, nframes = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    com = frames(f"{work}/committee.dump")
    mem = [frames(f"{work}/member{k}.dump") for k in range(members)]
    th = [thermo(f"{work}/member{k}.thermo") for k in range(members)]
    devi = {int(float(l.split()[0])): [float(x) for x in l.split()[1:]]
            for l in open(f"{work}/devi.out") if not l.startswith("#")}
    ok = True
    steps = sorted(com)
    if len(steps) != nframes or sorted(devi) != steps:
        print(f"FAIL: committee frames {steps}, devi.out steps {sorted(devi)}, expected {nframes} frames"); return 1
    for step in steps:
        F = np.stack([np.stack([m[step]["fx"], m[step]["fy"], m[step]["fz"]], 1) for m in mem])   # members x atoms x 3
        E = np.stack([m[step]["c_pe"] for m in mem])
        mean = F.mean(0)
        devi_f = np.sqrt(((F - mean) ** 2).sum(2).mean(0))
        devi_e = E.std(0)
        c = com[step]
        ok &= close(f"step {step} mean forces", np.stack([c["fx"], c["fy"], c["fz"]], 1), mean, 1e-9)
        ok &= close(f"step {step} per-atom force disagreement", c["c_d[1]"], devi_f, 1e-9)
        ok &= close(f"step {step} per-atom energy disagreement", c["c_d[2]"], devi_e, 1e-9)
        if devi_f.max() < 1e-4:
            print(f"FAIL step {step}: the members hardly differ (max force disagreement {devi_f.max():.2e})"); ok = False
        natoms = len(devi_f)
        W = []
        for t in th:
            vol, *p = t[step]
            w = np.array(p) * vol / NKTV2P
            xx, yy, zz, xy, xz, yz = w
            W.append([xx, xy, xz, xy, yy, yz, xz, yz, zz])
        sv = np.array(W).std(0) / natoms
        want = [sv.max(), sv.min(), np.linalg.norm(sv) / 3, devi_f.max(), devi_f.min(), devi_f.mean()]
        ok &= close(f"step {step} devi.out force columns", devi[step][3:], want[3:], 1e-6)
        # the virial: LAMMPS's pressure output (thermo, 16 digits) of each member vs the members' own virials
        ok &= close(f"step {step} devi.out virial columns", devi[step][:3], want[:3], 1e-5)
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
