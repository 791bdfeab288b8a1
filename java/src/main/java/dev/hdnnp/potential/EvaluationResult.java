package dev.hdnnp.potential;

/**
 * What one evaluation produces, in the caller's units. Reused from call to call: arrays grow
 * when a system is larger than any before and are otherwise overwritten in place.
 */
public final class EvaluationResult {
    /** Total energy of the computed atoms. */
    public double energy;
    /** Virial Σ r ⊗ F in LAMMPS order xx, yy, zz, xy, xz, yz (energy units). */
    public final double[] virial = new double[6];
    /** Forces on every atom of the system (3 per atom, ghosts included before folding). */
    public double[] forces = new double[0];
    /** Per-atom energies (atom index), or null when not requested. */
    public double[] atomEnergy;
    /** Per-atom virials, 6 per atom in {@link #virial}'s order, or null when not requested. */
    public double[] atomVirial;
    /** Number of (atom, symmetry function) values outside the training range in this call. */
    public int extrapolationWarnings;

    /** Details of the first {@link #MAX_RECORDED} extrapolation warnings of this call. */
    public static final int MAX_RECORDED = 64;
    public final int[] warningAtom = new int[MAX_RECORDED];
    public final int[] warningElement = new int[MAX_RECORDED];
    public final int[] warningFunction = new int[MAX_RECORDED];
    public final double[] warningValue = new double[MAX_RECORDED];
    public final double[] warningMin = new double[MAX_RECORDED];
    public final double[] warningMax = new double[MAX_RECORDED];

    private boolean wantAtomEnergy, wantAtomVirial;

    public EvaluationResult() {}

    /** Makes room for {@code totalAtoms} atoms and selects the optional per-atom outputs. */
    public void ensureCapacity(int totalAtoms, boolean atomEnergies, boolean atomVirials) {
        if (forces.length < 3 * totalAtoms) forces = new double[3 * totalAtoms];
        wantAtomEnergy = atomEnergies;
        wantAtomVirial = atomVirials;
        if (atomEnergies && (atomEnergy == null || atomEnergy.length < totalAtoms)) atomEnergy = new double[totalAtoms];
        if (atomVirials && (atomVirial == null || atomVirial.length < 6 * totalAtoms)) atomVirial = new double[6 * totalAtoms];
    }

    public boolean wantsAtomEnergy() { return wantAtomEnergy; }
    public boolean wantsAtomVirial() { return wantAtomVirial; }

    /** Number of warnings whose details were recorded. */
    public int recordedWarnings() { return Math.min(extrapolationWarnings, MAX_RECORDED); }
}
