"""hdnnp_java: hdnnp-java models from Python and ASE, over the C ABI (libhdnnp_java.so).

    from ase.io import read
    from hdnnp_java import HdnnpJava
    atoms = read("water.xyz")
    atoms.calc = HdnnpJava("water.json", threads=2)
    print(atoms.get_potential_energy(), atoms.get_forces(), atoms.get_stress())
"""
from ._capi import HdnnpError
from .calculator import HdnnpJava
from .model import Model, Results, start_runtime

__all__ = ["HdnnpJava", "HdnnpError", "Model", "Results", "start_runtime"]
