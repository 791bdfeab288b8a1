"""ctypes declarations of native/include/hdnnp_java.h (ABI version 3) and the library loader.

Only the layout of the structs is repeated here; what the fields mean is documented in the header.
"""
import ctypes
import ctypes.util
import os
from pathlib import Path

# HDNNP_JAVA_ABI_VERSION of the header the structs below repeat
ABI_VERSION = 3

OK = 0
WANT_EATOM = 1
WANT_VATOM = 2
MAX_ELEMENTS = 128
UNIT_CHARS = 32

_c_int32_p = ctypes.POINTER(ctypes.c_int32)
_c_double_p = ctypes.POINTER(ctypes.c_double)


class RuntimeOptions(ctypes.Structure):
    _fields_ = [("struct_size", ctypes.c_uint32), ("abi_version", ctypes.c_uint32),
                ("java_home", ctypes.c_char_p), ("libjvm_path", ctypes.c_char_p),
                ("class_path", ctypes.c_char_p), ("jvm_options", ctypes.c_char_p)]


class ModelOptions(ctypes.Structure):
    _fields_ = [("struct_size", ctypes.c_uint32), ("threads", ctypes.c_int32),
                ("length_unit", ctypes.c_char_p), ("energy_unit", ctypes.c_char_p)]


class ModelInfo(ctypes.Structure):
    _fields_ = [("struct_size", ctypes.c_uint32), ("num_elements", ctypes.c_int32),
                ("cutoff", ctypes.c_double), ("cutoff_caller", ctypes.c_double),
                ("length_to_model", ctypes.c_double), ("energy_to_model", ctypes.c_double),
                ("length_unit", ctypes.c_char * UNIT_CHARS), ("energy_unit", ctypes.c_char * UNIT_CHARS),
                ("elements", (ctypes.c_char * 4) * MAX_ELEMENTS), ("members", ctypes.c_int32)]


class Request(ctypes.Structure):
    _fields_ = [("struct_size", ctypes.c_uint32), ("flags", ctypes.c_uint32),
                ("nlocal", ctypes.c_int32), ("nall", ctypes.c_int32), ("inum", ctypes.c_int32),
                ("ntypes", ctypes.c_int32),
                ("x", _c_double_p), ("type", _c_int32_p), ("type_to_element", _c_int32_p),
                ("ilist", _c_int32_p), ("numneigh", _c_int32_p),
                ("firstneigh", ctypes.POINTER(_c_int32_p))]


class Result(ctypes.Structure):
    _fields_ = [("struct_size", ctypes.c_uint32), ("extrapolation_warnings", ctypes.c_int32),
                ("energy", ctypes.c_double), ("virial", ctypes.c_double * 6),
                ("f", _c_double_p), ("eatom", _c_double_p), ("vatom", _c_double_p)]


class CommitteeResult(ctypes.Structure):
    _fields_ = [("struct_size", ctypes.c_uint32), ("members", ctypes.c_int32),
                ("member_energy", _c_double_p), ("member_virial", _c_double_p),
                ("member_f", _c_double_p), ("eatom_devi", _c_double_p)]


class HdnnpError(RuntimeError):
    """A failed call of the C ABI; the message is the library's (hdnnp_last_error)."""


def _candidates():
    env = os.environ.get("HDNNP_JAVA_LIB")
    if env:
        yield env
        return
    # a source checkout: native/python/hdnnp_java -> native/build
    yield str(Path(__file__).resolve().parents[2] / "build" / "libhdnnp_java.so")
    found = ctypes.util.find_library("hdnnp_java")
    if found:
        yield found


def _declare(lib):
    lib.hdnnp_abi_version.restype = ctypes.c_int
    lib.hdnnp_last_error.restype = ctypes.c_char_p
    lib.hdnnp_status_name.restype = ctypes.c_char_p
    lib.hdnnp_status_name.argtypes = [ctypes.c_int]
    lib.hdnnp_runtime_init.argtypes = [ctypes.POINTER(RuntimeOptions)]
    lib.hdnnp_runtime_ready.restype = ctypes.c_int
    lib.hdnnp_model_load.argtypes = [ctypes.c_char_p, ctypes.POINTER(ModelOptions), ctypes.POINTER(ctypes.c_void_p)]
    lib.hdnnp_model_info_get.argtypes = [ctypes.c_void_p, ctypes.POINTER(ModelInfo)]
    lib.hdnnp_model_element_index.argtypes = [ctypes.c_void_p, ctypes.c_char_p]
    lib.hdnnp_model_set_caller_units.argtypes = [ctypes.c_void_p, ctypes.c_char_p, ctypes.c_char_p]
    lib.hdnnp_model_set_unit_factors.argtypes = [ctypes.c_void_p, ctypes.c_double, ctypes.c_double]
    lib.hdnnp_model_free.argtypes = [ctypes.c_void_p]
    lib.hdnnp_compute.argtypes = [ctypes.c_void_p, ctypes.POINTER(Request), ctypes.POINTER(Result)]
    lib.hdnnp_committee_load.argtypes = [ctypes.c_int32, ctypes.POINTER(ctypes.c_char_p), ctypes.POINTER(ModelOptions),
                                         ctypes.POINTER(ctypes.c_void_p)]
    lib.hdnnp_committee_compute.argtypes = [ctypes.c_void_p, ctypes.POINTER(Request), ctypes.POINTER(Result),
                                            ctypes.POINTER(CommitteeResult)]
    for f in ("hdnnp_runtime_init", "hdnnp_runtime_shutdown", "hdnnp_model_load", "hdnnp_model_info_get",
              "hdnnp_model_element_index", "hdnnp_model_set_caller_units", "hdnnp_model_set_unit_factors",
              "hdnnp_model_free", "hdnnp_compute", "hdnnp_committee_load", "hdnnp_committee_compute"):
        getattr(lib, f).restype = ctypes.c_int


_lib = None


def library():
    """The loaded libhdnnp_java.so: $HDNNP_JAVA_LIB, else native/build of this checkout, else the
    system's library path."""
    global _lib
    if _lib is None:
        tried = []
        for path in _candidates():
            if os.sep in path and not os.path.exists(path):
                tried.append(path + " (missing)")
                continue
            try:
                lib = ctypes.CDLL(path)
            except OSError as e:
                tried.append("%s (%s)" % (path, e))
                continue
            _declare(lib)
            version = lib.hdnnp_abi_version()
            if version != ABI_VERSION:
                raise HdnnpError("%s has C ABI version %d, this Python package speaks version %d: "
                                 "use the hdnnp_java package of the same checkout" % (path, version, ABI_VERSION))
            _lib = lib
            break
        else:
            raise HdnnpError("libhdnnp_java.so not found (build it with native/build.sh, or set HDNNP_JAVA_LIB); tried: "
                             + "; ".join(tried or ["nothing"]))
    return _lib


def check(status, what):
    """Raises HdnnpError with the library's message unless status is HDNNP_OK."""
    if status != OK:
        lib = library()
        raise HdnnpError("%s: %s: %s" % (what, lib.hdnnp_status_name(status).decode(),
                                         lib.hdnnp_last_error().decode(errors="replace")))
