package dev.hdnnp.potential;

import java.util.Arrays;

/**
 * What one committee evaluation produces, in the caller's units: every member's energy, forces
 * (all atoms, ghosts included before folding), per-atom energies and virial, their means, and
 * the per-atom energy disagreement. The force disagreement needs forces folded onto owned atoms
 * (ghost contributions added), so it is computed afterwards by {@link Disagreement#forces}.
 * Reused from call to call; arrays grow only when a system is larger than any before.
 */
public final class CommitteeResult {
    public final int members;
    /** Committee mean of the total energies. */
    public double energy;
    /** Committee mean of the virials (LAMMPS order xx, yy, zz, xy, xz, yz). */
    public final double[] virial = new double[6];
    /** Committee mean of the forces (3 per atom). */
    public double[] forces = new double[0];
    /** Committee mean of the per-atom energies. */
    public double[] atomEnergy = new double[0];
    /** Per atom: standard deviation over members of the atomic energies. */
    public double[] atomEnergyDisagreement = new double[0];
    public final double[] memberEnergy;
    public final double[][] memberVirial;
    public final double[][] memberForces;
    public final double[][] memberAtomEnergy;
    /** (atom, function) values outside the training range of at least one member, this call. */
    public int extrapolationWarnings;
    /** Details of the first {@link EvaluationResult#MAX_RECORDED} warnings: atom, element, function, the member outside its range, value, that member's range. */
    public final int[] warningAtom = new int[EvaluationResult.MAX_RECORDED];
    public final int[] warningElement = new int[EvaluationResult.MAX_RECORDED];
    public final int[] warningFunction = new int[EvaluationResult.MAX_RECORDED];
    public final int[] warningMember = new int[EvaluationResult.MAX_RECORDED];
    public final double[] warningValue = new double[EvaluationResult.MAX_RECORDED];
    public final double[] warningMin = new double[EvaluationResult.MAX_RECORDED];
    public final double[] warningMax = new double[EvaluationResult.MAX_RECORDED];

    public CommitteeResult(int members) {
        if (members < 1) throw new IllegalArgumentException("members must be >= 1");
        this.members = members;
        memberEnergy = new double[members];
        memberVirial = new double[members][6];
        memberForces = new double[members][0];
        memberAtomEnergy = new double[members][0];
    }

    /** Makes room for {@code totalAtoms} atoms. */
    public void ensureCapacity(int totalAtoms) {
        if (forces.length >= 3 * totalAtoms) return;
        forces = new double[3 * totalAtoms];
        atomEnergy = new double[totalAtoms];
        atomEnergyDisagreement = new double[totalAtoms];
        for (int m = 0; m < members; m++) {
            memberForces[m] = new double[3 * totalAtoms];
            memberAtomEnergy[m] = new double[totalAtoms];
        }
    }

    /** Number of warnings whose details were recorded. */
    public int recordedWarnings() { return Math.min(extrapolationWarnings, EvaluationResult.MAX_RECORDED); }

    /** Keeps the details of warning number k (ignored beyond {@link EvaluationResult#MAX_RECORDED}). */
    void recordWarning(int k, int atom, int element, int function, int member, double value, double min, double max) {
        if (k >= EvaluationResult.MAX_RECORDED) return;
        warningAtom[k] = atom;
        warningElement[k] = element;
        warningFunction[k] = function;
        warningMember[k] = member;
        warningValue[k] = value;
        warningMin[k] = min;
        warningMax[k] = max;
    }

    /** Standard deviation over members of the total energies. */
    public double energyDisagreement() {
        double s = 0;
        for (double e : memberEnergy) s += (e - energy) * (e - energy);
        return Math.sqrt(s / members);
    }

    /** Fills the means and the per-atom energy disagreement from the members' values of atoms 0 .. n−1. */
    void average(int n) {
        final double inv = 1.0 / members;
        double e = 0;
        Arrays.fill(virial, 0.0);
        Arrays.fill(forces, 0, 3 * n, 0.0);
        Arrays.fill(atomEnergy, 0, n, 0.0);
        for (int m = 0; m < members; m++) {
            e += memberEnergy[m];
            for (int c = 0; c < 6; c++) virial[c] += memberVirial[m][c];
            final double[] f = memberForces[m];
            for (int a = 0; a < 3 * n; a++) forces[a] += f[a];
            final double[] ea = memberAtomEnergy[m];
            for (int a = 0; a < n; a++) atomEnergy[a] += ea[a];
        }
        energy = e * inv;
        for (int c = 0; c < 6; c++) virial[c] *= inv;
        for (int a = 0; a < 3 * n; a++) forces[a] *= inv;
        for (int a = 0; a < n; a++) atomEnergy[a] *= inv;
        Disagreement.energies(memberAtomEnergy, atomEnergy, n, atomEnergyDisagreement);
    }
}
