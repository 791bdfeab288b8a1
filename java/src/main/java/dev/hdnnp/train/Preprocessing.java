package dev.hdnnp.train;

import dev.hdnnp.descriptor.Scaling;
import dev.hdnnp.descriptor.ScalingMode;
import dev.hdnnp.potential.Normalization;
import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * What is learned from the training set before the networks: per-element symmetry-function
 * statistics (n2p2's scaling.data: min, max, mean, sample sigma), optional per-element energy
 * offsets, and n2p2's normalisation (mean energy per atom, conv_energy = 1/σ of the per-atom
 * energy, conv_length chosen so that force components have unit RMS in internal units).
 */
public final class Preprocessing {
    private final List<Scaling> scalings;
    private final Normalization normalization;
    private final double[] offsets;

    public Preprocessing(List<Scaling> scalings, Normalization normalization, double[] offsets) {
        this.scalings = List.copyOf(scalings);
        this.normalization = normalization;
        this.offsets = offsets.clone();
    }

    public Scaling scaling(int e) { return scalings.get(e); }
    public List<Scaling> scalings() { return scalings; }
    public Normalization normalization() { return normalization; }
    public double[] offsets() { return offsets.clone(); }

    /** Total energy in internal units: (E − Σ offsets − N·mean) · conv_energy. */
    public double internalEnergy(double physical, int[] element) {
        double e = physical - element.length * normalization.meanEnergy();
        for (int el : element) e -= offsets[el];
        return e * normalization.convEnergy();
    }

    /**
     * Scaling statistics over the atoms of the given (raw, not yet normalised) samples.
     * Constant functions get a unit range/sigma so that scaling stays finite, and a warning.
     */
    public static List<Scaling> statistics(List<Sample> train, int[] functionsPerElement, List<String> elements,
                                           ScalingMode mode, double sMin, double sMax, Consumer<String> warn) {
        int ne = functionsPerElement.length;
        List<Scaling> out = new ArrayList<>();
        for (int e = 0; e < ne; e++) {
            int ns = functionsPerElement[e];
            double[] min = new double[ns], max = new double[ns], sum = new double[ns], sum2 = new double[ns];
            java.util.Arrays.fill(min, Double.POSITIVE_INFINITY);
            java.util.Arrays.fill(max, Double.NEGATIVE_INFINITY);
            long n = 0;
            for (Sample s : train) {
                for (int i = 0; i < s.atoms; i++) {
                    if (s.element[i] != e) continue;
                    n++;
                    int o = s.gOffset[i];
                    for (int q = 0; q < ns; q++) {
                        double g = s.g[o + q];
                        if (g < min[q]) min[q] = g;
                        if (g > max[q]) max[q] = g;
                        sum[q] += g;
                        sum2[q] += g * g;
                    }
                }
            }
            if (n == 0) throw new IllegalArgumentException("no atom of element " + elements.get(e) + " in the training set: cannot compute its scaling");
            double[] mean = new double[ns], sigma = new double[ns];
            for (int q = 0; q < ns; q++) {
                mean[q] = sum[q] / n;
                // n2p2's sample standard deviation; 0 for a single atom
                sigma[q] = n > 1 ? Math.sqrt(Math.max(0.0, (sum2[q] - sum[q] * sum[q] / n) / (n - 1))) : 0.0;
                double range = max[q] - min[q];
                boolean constant = !(range > 1e-12 * Math.max(1.0, Math.abs(max[q])));
                if (constant) {
                    warn.accept("symmetry function " + (q + 1) + " of " + elements.get(e) + " is constant (" + min[q]
                            + ") over the training set: its input is fixed and carries no information; consider removing it");
                    if (mode == ScalingMode.SCALE || mode == ScalingMode.SCALECENTER) max[q] = min[q] + 1.0;
                    if (mode == ScalingMode.SCALESIGMA && !(sigma[q] > 0)) sigma[q] = 1.0;
                }
            }
            out.add(new Scaling(mode, sMin, sMax, min, max, mean, sigma));
        }
        return out;
    }

    /**
     * Per-element offsets by least squares on the training energies (E ≈ Σ_e N_e·offset_e), using
     * a pseudo-inverse so that compositions that do not vary (e.g. always H2O) give the
     * minimum-norm solution instead of a singular system.
     */
    public static double[] fitOffsets(List<Sample> train, int elements) {
        DMatrixRMaj a = new DMatrixRMaj(train.size(), elements), b = new DMatrixRMaj(train.size(), 1);
        for (int r = 0; r < train.size(); r++) {
            Sample s = train.get(r);
            for (int e : s.element) a.add(r, e, 1.0);
            b.set(r, 0, s.energy);
        }
        DMatrixRMaj pinv = new DMatrixRMaj(elements, train.size());
        CommonOps_DDRM.pinv(a, pinv);
        DMatrixRMaj x = new DMatrixRMaj(elements, 1);
        CommonOps_DDRM.mult(pinv, b, x);
        return x.data.clone();
    }

    /** Whether any training force component is nonzero (else forces give no length scale). */
    static boolean hasNonzeroForce(List<Sample> train) {
        for (Sample s : train) if (s.forces != null) for (double f : s.forces) if (f != 0) return true;
        return false;
    }

    /**
     * n2p2-like normalisation from the training set (after offsets): mean energy per atom,
     * conv_energy = 1/σ(E/N), conv_length = conv_energy · RMS(force component) (so internal forces have unit RMS).
     */
    public static Normalization normalization(List<Sample> train, double[] offsets) {
        double sum = 0, sum2 = 0;
        int n = 0;
        double f2 = 0;
        long nf = 0;
        for (Sample s : train) {
            double e = s.energy;
            for (int el : s.element) e -= offsets[el];
            double epa = e / s.atoms;
            sum += epa;
            sum2 += epa * epa;
            n++;
            if (s.forces != null) for (double f : s.forces) { f2 += f * f; nf++; }
        }
        double mean = sum / n;
        double var = n > 1 ? (sum2 - sum * sum / n) / (n - 1) : 0.0;
        double convE = var > 0 ? 1.0 / Math.sqrt(var) : 1.0;
        double convL = nf > 0 && f2 > 0 ? convE * Math.sqrt(f2 / nf) : 1.0;
        return new Normalization(mean, convE, convL);
    }
}
