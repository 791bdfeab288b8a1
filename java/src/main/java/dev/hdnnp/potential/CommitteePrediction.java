package dev.hdnnp.potential;

/**
 * What a committee gives for one structure, in the structure's units: the members' mean energy,
 * forces, per-atom energies and stress (as in {@link Prediction}); every member's energy, forces
 * and virial; per atom the energy disagreement (standard deviation of the members' atomic
 * energies) and the force disagreement (sqrt of the mean over members of |F_i^m − F̄_i|²); and
 * the standard deviation of the members' total energies.
 */
public record CommitteePrediction(Prediction mean, double[] memberEnergies, double[][] memberForces, double[][] memberVirials,
                                  double[] atomEnergyDisagreement, double[] forceDisagreement, double energyDisagreement) {

    /** The largest per-atom force disagreement. */
    public double maxForceDisagreement() {
        double m = 0;
        for (double d : forceDisagreement) m = Math.max(m, d);
        return m;
    }
}
