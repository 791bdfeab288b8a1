"""The ASE calculator."""
import numpy as np
from ase.calculators.calculator import Calculator, PropertyNotImplementedError, all_changes

from .model import Model


class HdnnpJava(Calculator):
    """ASE calculator for hdnnp-java models, through the C ABI (libhdnnp_java.so).

    ``HdnnpJava("water.json", threads=2)``: a model file written by ``hdnnp convert``, or an n2p2
    potential directory with ``n2p2_units=("bohr", "hartree")``. Positions in Å, energies in eV as
    everywhere in ASE; the model's units are converted with the library's constants (CODATA 2018).
    ``unit_factors=(length_to_model, energy_to_model)`` overrides them, e.g.
    ``(1 / ase.units.Bohr, 1 / ase.units.Hartree)`` to use ASE's constants for a bohr/hartree model.

    Properties: energy, free_energy (the same), forces, energies (per atom, summing to the energy),
    stress (structures periodic in all three directions; ASE's Voigt order xx yy zz yz xz xy and sign,
    −virial/volume). Cells smaller than the cutoff are exact: every periodic image within the cutoff
    is a ghost atom. ``results["extrapolation_warnings"]`` counts symmetry-function values outside
    the model's training range in the last calculation.

    Committees: ``HdnnpJava("committee.json")`` (``hdnnp train --committee``) or
    ``HdnnpJava(["m1.json", "m2.json", "m3.json"])``. energy, forces, energies and stress are the
    members' means; the disagreement (standard deviations over members, divisor M) comes as
    ``force_disagreement`` (per atom, eV/Å: sqrt of the mean over members of |F_i^m − F̄_i|²,
    DeePMD-kit's model deviation), ``atom_energy_disagreement`` (per atom, eV) and
    ``energy_disagreement`` (total energy, eV), also through ``calc.get_property(name, atoms)``;
    ``member_energies`` (members,) and ``member_forces`` (members, n, 3) are in the results too.
    """

    implemented_properties = ["energy", "free_energy", "forces", "stress", "energies"]
    committee_properties = ["force_disagreement", "atom_energy_disagreement", "energy_disagreement",
                            "member_energies", "member_forces"]
    nolabel = True

    def __init__(self, model, threads=1, n2p2_units=None, unit_factors=None, **kwargs):
        Calculator.__init__(self, **kwargs)
        self.model = Model(model, threads=threads, n2p2_units=n2p2_units)
        if unit_factors is not None:
            self.model.set_unit_factors(*unit_factors)
        if self.model.members > 1:
            self.implemented_properties = HdnnpJava.implemented_properties + HdnnpJava.committee_properties

    def calculate(self, atoms=None, properties=("energy",), system_changes=all_changes):
        Calculator.calculate(self, atoms, properties, system_changes)
        a = self.atoms
        r = self.model.compute(a.get_chemical_symbols(), a.positions, a.cell.array, a.pbc)
        self.results = {"energy": r.energy, "free_energy": r.energy, "forces": r.forces,
                        "energies": r.energies, "extrapolation_warnings": r.extrapolation_warnings}
        if r.member_energies is not None:
            self.results.update(force_disagreement=r.force_disagreement, atom_energy_disagreement=r.atom_energy_disagreement,
                                energy_disagreement=r.energy_disagreement, member_energies=r.member_energies,
                                member_forces=r.member_forces)
        if a.pbc.all():
            s = -r.virial / a.get_volume()
            self.results["stress"] = np.array([s[0, 0], s[1, 1], s[2, 2], s[1, 2], s[0, 2], s[0, 1]])
        elif "stress" in properties:
            raise PropertyNotImplementedError("stress needs a structure periodic in all three directions")

    def close(self):
        """Frees the model now (otherwise when the calculator is garbage-collected)."""
        self.model.close()
