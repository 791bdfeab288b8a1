package dev.hdnnp.potential;

/**
 * How much the members of a committee disagree, in the definitions of DeePMD-kit's model
 * deviation so that its tools read our numbers unchanged: per atom the force disagreement
 * sqrt(mean_m |F_i^m − F̄_i|²); per virial component the standard deviation over members divided
 * by the number of atoms. Standard deviations are over members (divisor M, not M − 1).
 */
public final class Disagreement {
    private Disagreement() {}

    /** out[i] = sqrt(mean_m |F_i^m − F̄_i|²) for atoms 0 .. n−1; memberForces[m] holds 3 per atom. */
    public static void forces(double[][] memberForces, int n, double[] out) {
        final int members = memberForces.length;
        final double inv = 1.0 / members;
        for (int i = 0; i < n; i++) {
            double mx = 0, my = 0, mz = 0;
            for (double[] f : memberForces) {
                mx += f[3 * i];
                my += f[3 * i + 1];
                mz += f[3 * i + 2];
            }
            mx *= inv;
            my *= inv;
            mz *= inv;
            double s = 0;
            for (double[] f : memberForces) {
                final double dx = f[3 * i] - mx, dy = f[3 * i + 1] - my, dz = f[3 * i + 2] - mz;
                s += dx * dx + dy * dy + dz * dz;
            }
            out[i] = Math.sqrt(s * inv);
        }
    }

    /** out[i] = standard deviation over members of memberAtomEnergy[m][i] around mean[i], atoms 0 .. n−1. */
    public static void energies(double[][] memberAtomEnergy, double[] mean, int n, double[] out) {
        final double inv = 1.0 / memberAtomEnergy.length;
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (double[] e : memberAtomEnergy) s += (e[i] - mean[i]) * (e[i] - mean[i]);
            out[i] = Math.sqrt(s * inv);
        }
    }

    /**
     * The virial columns of DeePMD-kit's model_devi.out: {max, min, avg} over the nine components
     * of the full tensor of σ_αβ / natoms, where σ is the standard deviation over members and avg
     * is the root mean square over the nine components.
     *
     * @param memberVirial per member, 6 components in LAMMPS order xx, yy, zz, xy, xz, yz
     */
    public static double[] virialColumns(double[][] memberVirial, long natoms) {
        final int members = memberVirial.length;
        double max = Double.NEGATIVE_INFINITY, min = Double.POSITIVE_INFINITY, sum2 = 0;
        for (int c = 0; c < 6; c++) {
            double mean = 0;
            for (double[] v : memberVirial) mean += v[c];
            mean /= members;
            double s = 0;
            for (double[] v : memberVirial) s += (v[c] - mean) * (v[c] - mean);
            final double sigma = Math.sqrt(s / members) / natoms;
            final int weight = c < 3 ? 1 : 2; // the off-diagonal components appear twice in the 3×3 tensor
            max = Math.max(max, sigma);
            min = Math.min(min, sigma);
            sum2 += weight * sigma * sigma;
        }
        return new double[]{max, min, Math.sqrt(sum2 / 9.0)};
    }

    /** The force columns of model_devi.out: {max, min, avg} of the per-atom force disagreement over atoms 0 .. n−1. */
    public static double[] forceColumns(double[] perAtom, int n) {
        double max = Double.NEGATIVE_INFINITY, min = Double.POSITIVE_INFINITY, sum = 0;
        for (int i = 0; i < n; i++) {
            max = Math.max(max, perAtom[i]);
            min = Math.min(min, perAtom[i]);
            sum += perAtom[i];
        }
        return new double[]{max, min, sum / n};
    }
}
