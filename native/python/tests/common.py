"""Shared set-up of the Python tests: where things are, the `hdnnp` command line, models converted
once per run into a scratch folder. Run by ctest (native/tests/CMakeLists.txt) with HDNNP_JAVA_LIB,
HDNNP_JAVA_JAR, JAVA_HOME and HDNNP_SHARED set; without ../shared the tests exit 77 (skipped)."""
import atexit
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parents[2]
sys.path.insert(0, str(HERE.parent))       # the package in native/python

SKIP = 77


def shared():
    """The shared reference folder, or exit 77 with a message when it is absent."""
    root = Path(os.environ.get("HDNNP_SHARED", REPO.parent / "shared"))
    if not (root / "reference" / "n2p2").is_dir():
        print("shared reference data not found at %s: skipping" % root)
        sys.exit(SKIP)
    return root / "reference" / "n2p2"


def hdnnp(*args):
    """Runs the hdnnp command line (java/bin/hdnnp), failing loudly."""
    cmd = [str(REPO / "java" / "bin" / "hdnnp")] + [str(a) for a in args]
    p = subprocess.run(cmd, capture_output=True, text=True)
    if p.returncode != 0:
        raise RuntimeError("%s failed (%d):\n%s%s" % (" ".join(cmd), p.returncode, p.stdout, p.stderr))
    return p.stdout


def scratch():
    """A temporary folder, removed when the test exits."""
    path = Path(tempfile.mkdtemp(prefix="hdnnp_py_"))
    atexit.register(shutil.rmtree, path, ignore_errors=True)
    return path


def water_model(work):
    """The n2p2 water potential converted to this project's format (bohr/hartree)."""
    out = work / "water.json"
    if not out.exists():
        hdnnp("convert", shared() / "H2O_RPBE-D3" / "potential", out, "--length-unit", "bohr", "--energy-unit", "hartree")
    return out


def cu2s_model(work):
    """The n2p2 Cu2S potential converted (angstrom/eV)."""
    out = work / "cu2s.json"
    if not out.exists():
        hdnnp("convert", shared() / "Cu2S_PBE" / "potential", out, "--length-unit", "angstrom", "--energy-unit", "eV")
    return out


class Checks:
    """Collects failures so that one run reports all of them; exit status 1 when any failed."""

    def __init__(self):
        self.failed = 0

    def close(self, name, got, want, rtol):
        import numpy as np
        got, want = np.asarray(got, float), np.asarray(want, float)
        scale = np.abs(want).max() if want.size else 0.0
        err = np.abs(got - want).max() if want.size else 0.0
        ok = got.shape == want.shape and err <= rtol * scale
        print("%-4s %-60s max|diff| %.2e  (relative %.2e, bound %.0e)"
              % ("ok" if ok else "FAIL", name, err, err / scale if scale else err, rtol))
        self.failed += not ok
        return ok

    def true(self, name, cond, detail=""):
        print("%-4s %s %s" % ("ok" if cond else "FAIL", name, detail))
        self.failed += not cond

    def exit(self):
        print("FAILED: %d checks" % self.failed if self.failed else "all checks passed")
        sys.exit(1 if self.failed else 0)
