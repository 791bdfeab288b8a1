"""The ASE calculator on a committee (a committee file, and the same members as a list) against the
members computed one by one through the same calculator: energy, forces, per-atom energies and
stress are the members' means to 1e-12; every member's energy and forces are the member's own;
the disagreements (per-atom force, per-atom energy, total energy) equal those computed here from
the members' separate results. Members: n2p2's water potential and two copies with perturbed
weights. Frames: n2p2's water reference structures, a monomer in a cell smaller than the cutoff
(forces on periodic images folded back before the disagreement), a molecule without cell."""
import json

import numpy as np
from ase.io import read

from common import Checks, scratch, shared, water_model
from hdnnp_java import HdnnpJava
from test_reference import data_to_xyz

RTOL = 1e-12
DEVI_RTOL = 1e-10


def perturbed(src, dst, seed, scale=0.02):
    """The model with every network parameter p replaced by p (1 + scale g), g standard normal."""
    model = json.loads(src.read_text())
    rng = np.random.default_rng(seed)
    for sp in model["species"].values():
        p = np.array(sp["network"]["parameters"], float)
        sp["network"]["parameters"] = (p * (1 + scale * rng.standard_normal(p.size))).tolist()
    dst.write_text(json.dumps(model))
    return dst


def main():
    ref = shared()
    work = scratch()
    checks = Checks()
    members = [water_model(work), perturbed(water_model(work), work / "m1.json", 1), perturbed(water_model(work), work / "m2.json", 2)]
    manifest = work / "committee.json"
    manifest.write_text(json.dumps({"format": "hdnnp-java committee", "version": 1, "members": [m.name for m in members]}))

    frames = read(data_to_xyz(ref / "H2O_RPBE-D3" / "structures" / "input.data", work / "water.xyz", True), index=":6")
    for case in ("monomer_cubic10", "dimer_nonperiodic"):
        frames += read(data_to_xyz(ref / "H2O_RPBE-D3" / "edge-cases" / case / "input.data", work / (case + ".xyz"), True), index=":")

    committee, as_list = HdnnpJava(manifest), HdnnpJava([str(m) for m in members])
    separate = [HdnnpJava(m) for m in members]
    checks.true("a committee file loads as 3 members", committee.model.members == 3 and as_list.model.members == 3)
    checks.true("a single model has no disagreement property", "force_disagreement" not in separate[0].implemented_properties)
    worst = {}
    for k, a in enumerate(frames):
        name = "frame %d (%d atoms%s)" % (k, len(a), ", periodic" if a.pbc.all() else "")
        per = []
        for calc in separate:
            b = a.copy()
            b.calc = calc
            per.append({"energy": b.get_potential_energy(), "forces": b.get_forces(), "energies": b.get_potential_energies(),
                        "stress": b.get_stress() if b.pbc.all() else None})
        e = np.array([p["energy"] for p in per])
        f = np.array([p["forces"] for p in per])
        ea = np.array([p["energies"] for p in per])
        fmean = f.mean(axis=0)
        want_devi = np.sqrt(((f - fmean) ** 2).sum(axis=2).mean(axis=0))
        for label, calc in (("file", committee), ("list", as_list)):
            c = a.copy()
            c.calc = calc
            tag = "%s [%s]" % (name, label)
            checks.close(tag + " energy = mean of the members'", c.get_potential_energy(), e.mean(), RTOL)
            checks.close(tag + " forces = mean", c.get_forces(), fmean, RTOL)
            checks.close(tag + " energies = mean", c.get_potential_energies(), ea.mean(axis=0), RTOL)
            if a.pbc.all():
                checks.close(tag + " stress = mean", c.get_stress(), np.mean([p["stress"] for p in per], axis=0), RTOL)
            r = calc.results
            checks.close(tag + " member energies", r["member_energies"], e, RTOL)
            checks.close(tag + " member forces", r["member_forces"], f, RTOL)
            got = calc.get_property("force_disagreement", c)
            checks.close(tag + " force disagreement", got, want_devi, DEVI_RTOL)
            checks.close(tag + " per-atom energy disagreement", r["atom_energy_disagreement"], ea.std(axis=0), DEVI_RTOL)
            checks.close(tag + " total-energy disagreement", r["energy_disagreement"], e.std(), DEVI_RTOL)
            checks.true(tag + " the members disagree", want_devi.min() > 1e-6, "(min %.2e eV/Å)" % want_devi.min())
            for q, (g, w) in {"force": (got, want_devi), "energy": (r["energy_disagreement"], e.std())}.items():
                err = np.max(np.abs(np.asarray(g) - w)) / max(np.max(np.abs(w)), 1e-300)
                worst[q] = max(worst.get(q, 0.0), err)
    print("worst relative difference of the disagreements: force %.1e, total energy %.1e" % (worst["force"], worst["energy"]))
    checks.exit()


if __name__ == "__main__":
    main()
