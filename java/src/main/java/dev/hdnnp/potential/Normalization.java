package dev.hdnnp.potential;

/**
 * n2p2's data-set normalisation: network outputs are in an internal energy unit,
 * E_phys = Σ_i E_i / convEnergy + N · meanEnergy + Σ_i offset(element_i).
 * convLength only rescales lengths internally; symmetry functions are unit-invariant, so the
 * evaluator works in the model's physical length unit and needs it only for export.
 */
public record Normalization(double meanEnergy, double convEnergy, double convLength) {
    public static final Normalization NONE = new Normalization(0.0, 1.0, 1.0);

    public Normalization {
        if (!(convEnergy > 0) || !Double.isFinite(convEnergy)) throw new IllegalArgumentException("conv_energy must be positive, got " + convEnergy);
        if (!(convLength > 0) || !Double.isFinite(convLength)) throw new IllegalArgumentException("conv_length must be positive, got " + convLength);
        if (!Double.isFinite(meanEnergy)) throw new IllegalArgumentException("mean_energy must be finite");
    }

    public boolean isIdentity() { return meanEnergy == 0.0 && convEnergy == 1.0 && convLength == 1.0; }
}
