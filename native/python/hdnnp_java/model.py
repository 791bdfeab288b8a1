"""A model loaded through the C ABI (libhdnnp_java.so), evaluated on ASE-like arrays."""
import ctypes
import os
from dataclasses import dataclass
from typing import Optional

import numpy as np

from . import _capi, neighbors

_runtime_started = False


def start_runtime(java_home=None, class_path=None, jvm_options=None):
    """Starts the embedded JVM once per process (later calls do nothing). Defaults: $JAVA_HOME and
    $HDNNP_JAVA_JAR, else the JDK and jar this library was built with. ``-Xrs`` is added so that the
    JVM leaves SIGINT/SIGTERM to Python."""
    global _runtime_started
    lib = _capi.library()
    if _runtime_started or lib.hdnnp_runtime_ready():
        _runtime_started = True
        return
    opts = "-Xrs" + (" " + jvm_options if jvm_options else "")
    ro = _capi.RuntimeOptions(ctypes.sizeof(_capi.RuntimeOptions), _capi.ABI_VERSION,
                              _enc(java_home), None, _enc(class_path), _enc(opts))
    _capi.check(lib.hdnnp_runtime_init(ctypes.byref(ro)), "starting the JVM")
    _runtime_started = True


def _enc(s):
    return None if s is None else os.fsencode(s) if isinstance(s, os.PathLike) else str(s).encode()


def _tensor(v):
    """3×3 from LAMMPS's order xx yy zz xy xz yz."""
    v = list(v)
    return np.array([[v[0], v[3], v[4]], [v[3], v[1], v[5]], [v[4], v[5], v[2]]])


def _ptr(a, ctype):
    return a.ctypes.data_as(ctypes.POINTER(ctype))


@dataclass
class Results:
    """One evaluation in the caller's units (see Model.set_units)."""
    energy: float
    forces: np.ndarray       # (n, 3)
    virial: np.ndarray       # (3, 3) Σ r ⊗ F (LAMMPS's sign: positive under compression)
    energies: np.ndarray     # (n,) per-atom energies, summing to energy
    extrapolation_warnings: int
    # a committee only (None for a single model); energy, forces, virial, energies are the members' means
    member_energies: Optional[np.ndarray] = None     # (members,)
    member_forces: Optional[np.ndarray] = None       # (members, n, 3)
    member_virials: Optional[np.ndarray] = None      # (members, 3, 3)
    force_disagreement: Optional[np.ndarray] = None  # (n,) sqrt(mean_m |F_i^m - mean F_i|^2)
    atom_energy_disagreement: Optional[np.ndarray] = None  # (n,) std over members of the atomic energies
    energy_disagreement: Optional[float] = None      # std over members of the total energies


class Model:
    """An HDNNP model file (``hdnnp convert`` output), an n2p2 potential directory, or a committee:
    a committee file (``hdnnp train --committee``) or a list of two or more model files.

    ``n2p2_units=("bohr", "hartree")`` names the units of an n2p2 directory (n2p2 records none).
    Caller units default to angstrom and eV, converted with the library's constants (CODATA 2018).
    """

    def __init__(self, path, threads=1, n2p2_units=None, length_unit="angstrom", energy_unit="eV"):
        start_runtime()
        lib = _capi.library()
        self._lib = lib
        lu, eu = n2p2_units if n2p2_units else (None, None)
        mo = _capi.ModelOptions(ctypes.sizeof(_capi.ModelOptions), int(threads), _enc(lu), _enc(eu))
        handle = ctypes.c_void_p()
        if isinstance(path, (list, tuple)):
            paths = [os.fspath(p) for p in path]
            array = (ctypes.c_char_p * len(paths))(*[_enc(p) for p in paths])
            _capi.check(lib.hdnnp_committee_load(len(paths), array, ctypes.byref(mo), ctypes.byref(handle)),
                        "loading the committee %s" % ", ".join(paths))
            self.path = ",".join(paths)
        else:
            _capi.check(lib.hdnnp_model_load(_enc(os.fspath(path)), ctypes.byref(mo), ctypes.byref(handle)),
                        "loading %s" % os.fspath(path))
            self.path = os.fspath(path)
        self._handle = handle
        info = self.info()
        self.members = info.members
        self._elements = [info.elements[k].value.decode() for k in range(info.num_elements)]
        self._index = {e: k for k, e in enumerate(self._elements)}
        self.set_units(length_unit, energy_unit)

    # ---- units and metadata ----

    def set_units(self, length_unit, energy_unit):
        """Caller units by name (angstrom, bohr, nm; eV, hartree, kcal/mol, kJ/mol)."""
        _capi.check(self._lib.hdnnp_model_set_caller_units(self._live(), _enc(length_unit), _enc(energy_unit)),
                    "setting units")

    def set_unit_factors(self, length_to_model, energy_to_model):
        """Raw factors: model length = caller length · length_to_model, likewise energy."""
        _capi.check(self._lib.hdnnp_model_set_unit_factors(self._live(), float(length_to_model), float(energy_to_model)),
                    "setting unit factors")

    def info(self):
        info = _capi.ModelInfo()
        info.struct_size = ctypes.sizeof(_capi.ModelInfo)
        _capi.check(self._lib.hdnnp_model_info_get(self._live(), ctypes.byref(info)), "model info")
        return info

    @property
    def elements(self):
        """Element symbols; index + 1 is the type number sent to the library."""
        return list(self._elements)

    @property
    def cutoff(self):
        """The model's cutoff in the caller's length unit."""
        return self.info().cutoff_caller

    @property
    def units(self):
        info = self.info()
        return info.length_unit.decode(), info.energy_unit.decode()

    # ---- evaluation ----

    def compute(self, symbols, positions, cell, pbc):
        """Energy, forces, virial and per-atom energies of one structure (caller units)."""
        elements, index = self._elements, self._index
        try:
            types = np.array([index[s] + 1 for s in symbols], dtype=np.int32)
        except KeyError as e:
            raise _capi.HdnnpError("element %s is not in the model %s (elements %s)"
                                   % (e.args[0], self.path, " ".join(elements))) from None
        # the library filters by exact distance: a margin only adds pairs it discards
        layout = neighbors.build(positions, cell, pbc, self.cutoff * (1 + 1e-9))
        n, nall = layout.nlocal, layout.nall
        x = np.ascontiguousarray(layout.x, dtype=np.float64)
        type_all = np.ascontiguousarray(types[layout.owner])
        type_to_element = np.arange(-1, len(elements), dtype=np.int32)
        type_to_element[0] = -1
        ilist = np.arange(n, dtype=np.int32)
        # one flat int32 array holds all lists; firstneigh[a] points into it (no per-atom arrays)
        nb = np.ascontiguousarray(layout.neighbors if len(layout.neighbors) else np.zeros(1), dtype=np.int32)
        addresses = (nb.ctypes.data + 4 * layout.offsets).astype(np.uintp)
        firstneigh = addresses.ctypes.data_as(ctypes.POINTER(ctypes.POINTER(ctypes.c_int32)))
        numneigh = np.ascontiguousarray(layout.numneigh, dtype=np.int32)

        f = np.zeros((nall, 3))
        eatom = np.zeros(nall)
        rq = _capi.Request(ctypes.sizeof(_capi.Request), _capi.WANT_EATOM, n, nall, n, len(elements),
                           _ptr(x, ctypes.c_double), _ptr(type_all, ctypes.c_int32),
                           _ptr(type_to_element, ctypes.c_int32), _ptr(ilist, ctypes.c_int32),
                           _ptr(numneigh, ctypes.c_int32), firstneigh)
        rs = _capi.Result()
        rs.struct_size = ctypes.sizeof(_capi.Result)
        rs.f = _ptr(f, ctypes.c_double)
        rs.eatom = _ptr(eatom, ctypes.c_double)
        if self.members > 1:
            return self._committee(rq, rs, f, eatom, layout)
        _capi.check(self._lib.hdnnp_compute(self._live(), ctypes.byref(rq), ctypes.byref(rs)), "hdnnp_compute")
        return Results(rs.energy, neighbors.fold(f, layout), _tensor(rs.virial), neighbors.fold(eatom, layout),
                       rs.extrapolation_warnings)

    def _committee(self, rq, rs, f, eatom, layout):
        """hdnnp_committee_compute: the means as for one model, plus every member's values and the disagreements."""
        m, n, nall = self.members, layout.nlocal, layout.nall
        energy = np.zeros(m)
        virial = np.zeros((m, 6))
        member_f = np.zeros((m, nall, 3))
        eatom_devi = np.zeros(nall)
        cr = _capi.CommitteeResult(ctypes.sizeof(_capi.CommitteeResult), m, _ptr(energy, ctypes.c_double),
                                   _ptr(virial, ctypes.c_double), _ptr(member_f, ctypes.c_double),
                                   _ptr(eatom_devi, ctypes.c_double))
        _capi.check(self._lib.hdnnp_committee_compute(self._live(), ctypes.byref(rq), ctypes.byref(rs), ctypes.byref(cr)),
                    "hdnnp_committee_compute")
        # ghost forces summed onto their atoms before the disagreement (it is not linear in the forces)
        forces = np.array([neighbors.fold(member_f[k], layout) for k in range(m)])
        mean = forces.mean(axis=0)
        devi = np.sqrt(((forces - mean) ** 2).sum(axis=2).mean(axis=0))
        return Results(rs.energy, neighbors.fold(f, layout), _tensor(rs.virial), neighbors.fold(eatom, layout),
                       rs.extrapolation_warnings, member_energies=energy, member_forces=forces,
                       member_virials=np.array([_tensor(v) for v in virial]), force_disagreement=devi,
                       atom_energy_disagreement=eatom_devi[:n].copy(), energy_disagreement=float(energy.std()))

    # ---- life cycle ----

    def _live(self):
        if self._handle is None:
            raise _capi.HdnnpError("the model %s was closed" % self.path)
        return self._handle

    def close(self):
        """Frees the model (its evaluator and worker threads). The JVM keeps running."""
        if getattr(self, "_handle", None) is not None:
            self._lib.hdnnp_model_free(self._handle)
            self._handle = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()

    def __del__(self):
        try:
            self.close()
        except Exception:
            pass
