"""The ctypes structs and constants of hdnnp_java._capi against the C compiler's view of
hdnnp_java.h: sizes, field offsets and constants as printed by native/build/tests/abi_layout
(HDNNP_ABI_LAYOUT). Catches a header change that the Python package did not follow."""
import ctypes
import os
import subprocess
import sys

from common import Checks
from hdnnp_java import _capi

STRUCTS = {"hdnnp_runtime_options": _capi.RuntimeOptions, "hdnnp_model_options": _capi.ModelOptions,
           "hdnnp_model_info": _capi.ModelInfo, "hdnnp_request": _capi.Request, "hdnnp_result": _capi.Result,
           "hdnnp_committee_result": _capi.CommitteeResult}
CONSTANTS = {"HDNNP_JAVA_ABI_VERSION": _capi.ABI_VERSION, "HDNNP_OK": _capi.OK, "HDNNP_WANT_EATOM": _capi.WANT_EATOM,
             "HDNNP_WANT_VATOM": _capi.WANT_VATOM, "HDNNP_MAX_ELEMENTS": _capi.MAX_ELEMENTS,
             "HDNNP_UNIT_CHARS": _capi.UNIT_CHARS}


def main():
    exe = os.environ.get("HDNNP_ABI_LAYOUT")
    if not exe or not os.path.exists(exe):
        print("HDNNP_ABI_LAYOUT (native/build/tests/abi_layout) not given or missing")
        sys.exit(1)
    checks = Checks()
    seen = {name: set() for name in STRUCTS}
    for line in subprocess.run([exe], capture_output=True, text=True, check=True).stdout.splitlines():
        kind, name, value = line.split()
        value = int(value)
        if kind == "const" and name in CONSTANTS:
            checks.true("%s = %d" % (name, value), CONSTANTS[name] == value, "(Python: %d)" % CONSTANTS[name])
        elif kind == "sizeof" and name in STRUCTS:
            size = ctypes.sizeof(STRUCTS[name])
            checks.true("sizeof %s = %d" % (name, value), size == value, "(ctypes: %d)" % size)
        elif kind == "offsetof" and name.split(".")[0] in STRUCTS:
            struct, field = name.split(".")
            seen[struct].add(field)
            offset = getattr(STRUCTS[struct], field).offset if hasattr(STRUCTS[struct], field) else None
            checks.true("offsetof %s = %d" % (name, value), offset == value, "(ctypes: %s)" % offset)
    for struct, cls in STRUCTS.items():
        fields = {f[0] for f in cls._fields_}
        checks.true("%s: ctypes has exactly the C fields" % struct, fields == seen[struct],
                    "(only ctypes: %s, only C: %s)" % (sorted(fields - seen[struct]), sorted(seen[struct] - fields)))
    checks.exit()


if __name__ == "__main__":
    main()
