"""Energy conservation of an ASE VelocityVerlet run with the calculator (48-atom water box, 300 K).

Velocity Verlet conserves a shadow energy; the total energy fluctuates about it with an amplitude
that scales as dt². So with forces that are the exact gradient of the energy: (1) the fluctuation of
the total energy is a small fraction of the kinetic energy's (bound: 2 %), (2) halving dt divides
it by 4 (accepted: 2.5 to 6.5), (3) there is no drift beyond the fluctuation. Wrong forces (a
missing image, a unit slip, a sign) break all three.
"""
import numpy as np
from ase import units
from ase.io import read
from ase.md.velocitydistribution import MaxwellBoltzmannDistribution, Stationary
from ase.md.verlet import VelocityVerlet

from common import Checks, hdnnp, scratch, shared, water_model
from hdnnp_java import HdnnpJava


def run(atoms0, calc, dt_fs, time_fs):
    a = atoms0.copy()
    a.calc = calc
    md = VelocityVerlet(a, timestep=dt_fs * units.fs)
    epot, ekin = [], []

    def record():
        epot.append(a.get_potential_energy())
        ekin.append(a.get_kinetic_energy())
    md.attach(record, interval=1)
    md.run(int(round(time_fs / dt_fs)))
    epot, ekin = np.array(epot), np.array(ekin)
    return epot + ekin, ekin


def main():
    ref = shared()
    work = scratch()
    checks = Checks()
    water = water_model(work)
    xyz = work / "water.xyz"
    hdnnp("convert", ref / "H2O_RPBE-D3" / "structures" / "input.data", xyz, "--length-unit", "bohr", "--energy-unit", "hartree",
          "--to-length-unit", "angstrom", "--to-energy-unit", "eV")
    atoms = read(xyz, index=1)
    checks.true("a 48-atom periodic water box", len(atoms) == 48 and atoms.pbc.all(), "(%d atoms)" % len(atoms))
    MaxwellBoltzmannDistribution(atoms, temperature_K=300, rng=np.random.default_rng(11))
    Stationary(atoms)
    calc = HdnnpJava(water, threads=2)

    time_fs = 20.0
    spread = {}
    for dt in (0.5, 0.25):
        etot, ekin = run(atoms, calc, dt, time_fs)
        spread[dt] = etot.std()
        drift = abs(etot[-1] - etot[0])
        print("dt %.2f fs, %d steps: std(Etot) %.3e eV, std(Ekin) %.3e eV, |Etot(end) - Etot(0)| %.3e eV"
              % (dt, len(etot) - 1, etot.std(), ekin.std(), drift))
        checks.true("dt %.2f fs: std(Etot) < 2%% of std(Ekin)" % dt, etot.std() < 0.02 * ekin.std(),
                    "(%.2e vs %.2e)" % (etot.std(), ekin.std()))
        checks.true("dt %.2f fs: no drift beyond the fluctuation" % dt, drift < 4 * etot.std() + 1e-9,
                    "(%.2e vs 4 x %.2e)" % (drift, etot.std()))
    ratio = spread[0.5] / spread[0.25]
    checks.true("halving dt divides the fluctuation by about 4 (Verlet's dt^2)", 2.5 < ratio < 6.5, "(ratio %.2f)" % ratio)
    checks.exit()


if __name__ == "__main__":
    main()
