"""`hdnnp serve` as an i-PI client of ASE's SocketIOCalculator (the i-PI server), on a Unix-domain
socket and on TCP bound to 127.0.0.1 only: 50 VelocityVerlet steps of a 48-atom water box follow
the trajectory of the Python calculator (hdnnp_java.HdnnpJava, item 2) to 1e-10 relative in
energy, forces, stress and positions; the client ends cleanly when the server closes the
connection or sends EXIT.

Units: the socket carries bohr and hartree converted by ASE with ase.units (CODATA 2014), so the
reference calculator is given ASE's factors (unit_factors) instead of the library's CODATA 2018.
"""
import contextlib
import os
import socket
import subprocess

import numpy as np
import ase.calculators.socketio as socketio
from ase import Atoms, units
from ase.calculators.socketio import SocketIOCalculator
from ase.io import read
from ase.md.velocitydistribution import MaxwellBoltzmannDistribution, Stationary
from ase.md.verlet import VelocityVerlet

from common import REPO, Checks, hdnnp, scratch, shared, water_model
from hdnnp_java import HdnnpJava

STEPS = 50
RTOL = 1e-10


@contextlib.contextmanager
def _bind_loopback(port):
    """ASE 3.22 binds its i-PI server to all interfaces: the tests listen on 127.0.0.1 only."""
    s = socket.socket(socket.AF_INET)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("127.0.0.1", port))
    with s:
        yield s


def trajectory(atoms0, calc, steps):
    """Energy, forces, stress and positions after each of `steps` Verlet steps (0.5 fs)."""
    a = atoms0.copy()
    a.calc = calc
    out = []

    def record():
        out.append((a.get_potential_energy(), a.get_forces().copy(), a.get_stress().copy(), a.positions.copy()))
    md = VelocityVerlet(a, timestep=0.5 * units.fs)
    md.attach(record, interval=1)
    md.run(steps)
    return out


@contextlib.contextmanager
def serving(model, structure, *where):
    """`hdnnp serve` in the background; killed if the test fails before it ends by itself."""
    cmd = [str(REPO / "java" / "bin" / "hdnnp"), "serve", str(model), "--structure", str(structure), "--connect-timeout", "10", *where]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        yield proc
    except BaseException:
        proc.kill()
        proc.communicate()
        raise


def finish(checks, proc, label, expect):
    try:
        out, err = proc.communicate(timeout=120)
    except subprocess.TimeoutExpired:
        proc.kill()
        out, err = proc.communicate()
    print(err.strip())
    checks.true("%s: hdnnp serve exits with status 0 (%s)" % (label, expect), proc.returncode == 0 and expect in err,
                "(status %s)" % proc.returncode)


def compare(checks, label, got, want):
    checks.true("%s: %d steps recorded" % (label, len(got)), len(got) == len(want) == STEPS + 1)
    worst = np.zeros(4)
    for (e, f, s, x), (e0, f0, s0, x0) in zip(got, want):
        worst = np.maximum(worst, [abs(e - e0) / abs(e0), np.abs(f - f0).max() / np.abs(f0).max(),
                                   np.abs(s - s0).max() / np.abs(s0).max(), np.abs(x - x0).max() / np.abs(x0).max()])
    for name, w in zip(("energy", "forces", "stress", "positions"), worst):
        checks.true("%s: %s over %d steps equal the Python calculator's to %.0e" % (label, name, STEPS, RTOL), w <= RTOL,
                    "(worst relative %.2e)" % w)


def main():
    ref = shared()
    work = scratch()
    checks = Checks()
    water = water_model(work)
    xyz = work / "water.xyz"
    hdnnp("convert", ref / "H2O_RPBE-D3" / "structures" / "input.data", xyz, "--length-unit", "bohr", "--energy-unit", "hartree",
          "--to-length-unit", "angstrom", "--to-energy-unit", "eV")
    atoms = read(xyz, index=1)
    first = work / "first.xyz"             # the elements for hdnnp serve (its positions are not used)
    Atoms(atoms.get_chemical_symbols(), positions=atoms.positions, cell=atoms.cell, pbc=atoms.pbc).write(first)
    MaxwellBoltzmannDistribution(atoms, temperature_K=300, rng=np.random.default_rng(5))
    Stationary(atoms)

    reference = trajectory(atoms, HdnnpJava(water, unit_factors=(1 / units.Bohr, 1 / units.Hartree)), STEPS)

    # Unix-domain socket /tmp/ipi_NAME; the server closes the connection at the end
    name = "hdnnp_test_%d" % os.getpid()
    with SocketIOCalculator(unixsocket=name, timeout=120) as calc, serving(water, first, "--unix", name) as proc:
        got = trajectory(atoms, calc, STEPS)
        calc.close()
    compare(checks, "unix socket", got, reference)
    finish(checks, proc, "unix socket", "the server closed the connection")

    # TCP on the loopback interface; the server sends EXIT at the end
    socketio.bind_inetsocket = _bind_loopback
    with socket.socket() as probe:           # a free port
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    with SocketIOCalculator(port=port, timeout=120) as calc, serving(water, first, "--ipi", "127.0.0.1:%d" % port) as proc:
        got = trajectory(atoms, calc, STEPS)
        calc.server.protocol.end()
    compare(checks, "tcp 127.0.0.1", got, reference)
    finish(checks, proc, "tcp 127.0.0.1", "EXIT received")
    checks.exit()


if __name__ == "__main__":
    main()
