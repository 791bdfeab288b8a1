"""The ASE calculator against `hdnnp predict` (the same model, the same input file):
energy, forces, stress and per-atom energies to 1e-12 relative (max-norm) for n2p2's reference
structures of the water (bohr/hartree, used in Å/eV) and Cu2S (Å/eV) potentials, n2p2's edge
cases (a 10-bohr cell smaller than the 12-bohr cutoff, a triclinic dimer, a molecule without cell),
a 3-atom Cu2S cell whose edges are about half the cutoff (hundreds of images per atom), and a
Cu2S frame periodic in two directions only.
Also: the stress equals a central finite difference of the energy under strain (ASE's convention,
independent of `predict`), and an n2p2 directory with n2p2_units gives the converted model's numbers.
"""
import numpy as np
from ase import Atoms
from ase.io import read, write

from common import Checks, cu2s_model, hdnnp, scratch, shared, water_model
from hdnnp_java import HdnnpJava

RTOL = 1e-12


def compare(checks, calc, model, sources, work, label):
    """predict and the calculator on every frame of the (label, xyz file) sources (Å/eV), which are
    concatenated into one file so that predict starts once."""
    xyz, pred = work / (label + ".xyz"), work / (label + ".pred.xyz")
    names = []
    with open(xyz, "w") as out:
        for name, path in sources:
            text = path.read_text()
            out.write(text if text.endswith("\n") else text + "\n")
            names += ["%s %s frame %d" % (label, name, k) for k in range(len(read(path, index=":")))]
    hdnnp("predict", model, xyz, "--length-unit", "angstrom", "--energy-unit", "eV", "-o", pred)
    frames, refs = read(xyz, index=":"), read(pred, index=":")
    nstress = 0
    for name, a, r in zip(names, frames, refs):
        a.calc = calc
        name += " (%d atoms)" % len(a)
        checks.close(name + " energy", a.get_potential_energy(), r.get_potential_energy(), RTOL)
        checks.close(name + " forces", a.get_forces(), r.get_forces(), RTOL)
        checks.close(name + " energies", a.get_potential_energies(), r.calc.results["energies"], RTOL)
        checks.close(name + " sum of energies", a.get_potential_energies().sum(), a.get_potential_energy(), 1e-12)
        if a.pbc.all():
            nstress += 1
            checks.close(name + " stress", a.get_stress(), r.get_stress(), RTOL)
    checks.true("%s: %d frames, %d with stress" % (label, len(frames), nstress),
                len(frames) == len(refs) == len(names) and len(frames) > 0)


def data_to_xyz(src, dst, units):
    args = ["convert", src, dst]
    if units:
        args += ["--length-unit", "bohr", "--energy-unit", "hartree", "--to-length-unit", "angstrom", "--to-energy-unit", "eV"]
    hdnnp(*args)
    return dst


def tiny_cu2s(path, cutoff):
    """Cu2 S in a skewed cell with edges about half the cutoff, positions rattled."""
    a = 0.5 * cutoff
    cell = [[a, 0, 0], [0.3 * a, 0.95 * a, 0], [-0.2 * a, 0.25 * a, 1.05 * a]]
    atoms = Atoms("Cu2S", scaled_positions=[[0.1, 0.2, 0.15], [0.6, 0.55, 0.45], [0.35, 0.8, 0.75]], cell=cell, pbc=True)
    atoms.rattle(0.05, seed=7)
    write(path, atoms, format="extxyz")
    return path


def slab(src, path):
    """The first frame of src, periodic along a and b only (mixed periodicity)."""
    a = read(src, index=0)
    write(path, Atoms(a.get_chemical_symbols(), positions=a.positions, cell=a.cell, pbc=(True, True, False)), format="extxyz")
    return path


def stress_by_strain(atoms, h=1e-5):
    """(1/V) dE/dε by central differences of the energy under symmetric strains (Voigt order)."""
    cell0, pos0, v = atoms.cell.array.copy(), atoms.positions.copy(), atoms.get_volume()
    pairs = [(0, 0), (1, 1), (2, 2), (1, 2), (0, 2), (0, 1)]
    out = []
    for i, j in pairs:
        e = []
        for sgn in (1, -1):
            eps = np.zeros((3, 3))
            eps[i, j] = eps[j, i] = sgn * h if i == j else sgn * h / 2
            m = np.eye(3) + eps
            atoms.set_cell(cell0 @ m, scale_atoms=False)
            atoms.positions = pos0 @ m
            e.append(atoms.get_potential_energy())
        out.append((e[0] - e[1]) / (2 * h) / v)
    atoms.set_cell(cell0, scale_atoms=False)
    atoms.positions = pos0
    return np.array(out)


def main():
    ref = shared()
    work = scratch()
    checks = Checks()
    water, cu2s = water_model(work), cu2s_model(work)

    wcalc = HdnnpJava(water, threads=2)
    sources = [("structures", data_to_xyz(ref / "H2O_RPBE-D3" / "structures" / "input.data", work / "water_structures.xyz", True))]
    for case in ("monomer_cubic10", "s002_wrapped_shifted", "dimer_triclinic", "dimer_nonperiodic"):
        src = ref / "H2O_RPBE-D3" / "edge-cases" / case / "input.data"
        sources.append((case, data_to_xyz(src, work / (case + ".xyz"), True)))
    compare(checks, wcalc, water, sources, work, "water")

    ccalc = HdnnpJava(cu2s)
    tiny = tiny_cu2s(work / "tiny.xyz", ccalc.model.cutoff)
    compare(checks, ccalc, cu2s, [("structures", data_to_xyz(ref / "Cu2S_PBE" / "structures" / "input.data", work / "cu2s_structures.xyz", False)),
                                  ("cell of half the cutoff", tiny),
                                  ("slab", slab(work / "cu2s_structures.xyz", work / "slab.xyz"))], work, "Cu2S")

    slab_e, bulk = read(work / "slab.xyz"), read(work / "cu2s_structures.xyz", index=0)
    slab_e.calc, bulk.calc = ccalc, ccalc
    de = abs(slab_e.get_potential_energy() - bulk.get_potential_energy())
    checks.true("the slab's energy differs from the bulk's (pbc honoured)", de > 1e-3, "(%.3f eV)" % de)

    # stress: ASE's definition (1/V) dE/dε, by finite differences
    for label, calc, path in (("Cu2S tiny cell", ccalc, tiny), ("water monomer in 10 bohr", wcalc, work / "monomer_cubic10.xyz"),
                              ("Cu2S frame 0", ccalc, work / "cu2s_structures.xyz")):
        a = read(path, index=0)
        a.calc = calc
        checks.close("stress = (1/V) dE/de (central difference, h 1e-5): " + label, a.get_stress(), stress_by_strain(a), 1e-6)

    # an n2p2 directory with its units gives the converted model's numbers
    a = read(work / "water_structures.xyz", index=1)
    a.calc = HdnnpJava(ref / "H2O_RPBE-D3" / "potential", n2p2_units=("bohr", "hartree"))
    f_dir, e_dir = a.get_forces(), a.get_potential_energy()
    a.calc = wcalc
    checks.close("n2p2 directory == converted model (energy)", e_dir, a.get_potential_energy(), 1e-14)
    checks.close("n2p2 directory == converted model (forces)", f_dir, a.get_forces(), 1e-14)
    checks.exit()


if __name__ == "__main__":
    main()
