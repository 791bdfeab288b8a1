package dev.hdnnp.potential;

/** TEMPORARY STUB on branch native (replaced by the core's class when main is merged). */
public final class EvaluationResult {
    public double energy;
    public final double[] virial = new double[6];
    public double[] forces = new double[0];
    public double[] atomEnergy;
    public double[] atomVirial;
    public int extrapolationWarnings;

    public void ensureCapacity(int totalAtoms, boolean atomEnergies, boolean atomVirials) {
        if (forces.length < 3 * totalAtoms) forces = new double[3 * totalAtoms];
        if (atomEnergies && (atomEnergy == null || atomEnergy.length < totalAtoms)) atomEnergy = new double[totalAtoms];
        if (atomVirials && (atomVirial == null || atomVirial.length < 6 * totalAtoms)) atomVirial = new double[6 * totalAtoms];
    }
}
