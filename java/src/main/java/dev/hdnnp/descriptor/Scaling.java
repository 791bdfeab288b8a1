package dev.hdnnp.descriptor;

/**
 * Statistics of one element's raw symmetry functions over a training set (n2p2's
 * {@code scaling.data} rows) and the mapping to network inputs they define.
 */
public final class Scaling {
    private final ScalingMode mode;
    private final double sMin, sMax;
    private final double[] min, max, mean, sigma;
    private final double[] factor, shift; // d(scaled)/dG, and the value subtracted from G
    private final double offset;
    private final boolean statistics;

    public Scaling(ScalingMode mode, double sMin, double sMax, double[] min, double[] max, double[] mean, double[] sigma) {
        int n = min.length;
        if (max.length != n || mean.length != n || sigma.length != n) throw new IllegalArgumentException("scaling arrays differ in length");
        this.mode = mode;
        this.sMin = sMin;
        this.sMax = sMax;
        this.min = min.clone();
        this.max = max.clone();
        this.mean = mean.clone();
        this.sigma = sigma.clone();
        this.factor = new double[n];
        this.shift = new double[n];
        for (int s = 0; s < n; s++) {
            switch (mode) {
                case NONE -> { factor[s] = 1.0; shift[s] = 0.0; }
                case SCALE -> { factor[s] = (sMax - sMin) / (max[s] - min[s]); shift[s] = min[s]; }
                case CENTER -> { factor[s] = 1.0; shift[s] = mean[s]; }
                case SCALECENTER -> { factor[s] = (sMax - sMin) / (max[s] - min[s]); shift[s] = mean[s]; }
                case SCALESIGMA -> { factor[s] = (sMax - sMin) / sigma[s]; shift[s] = mean[s]; }
            }
        }
        this.offset = (mode == ScalingMode.NONE || mode == ScalingMode.CENTER) ? 0.0 : sMin;
        this.statistics = true;
    }

    private Scaling(int n) {
        this.mode = ScalingMode.NONE;
        this.sMin = 0.0;
        this.sMax = 1.0;
        this.min = new double[n];
        this.max = new double[n];
        this.mean = new double[n];
        this.sigma = new double[n];
        this.factor = new double[n];
        java.util.Arrays.fill(factor, 1.0);
        this.shift = new double[n];
        this.offset = 0.0;
        this.statistics = false;
    }

    /** Identity scaling for n functions (statistics unknown). */
    public static Scaling none(int n) {
        return new Scaling(n);
    }

    /** Whether min/max/mean/sigma were measured (false for {@link #none}). */
    public boolean hasStatistics() { return statistics; }

    public int size() { return min.length; }
    public ScalingMode mode() { return mode; }
    public double sMin() { return sMin; }
    public double sMax() { return sMax; }
    public double min(int s) { return min[s]; }
    public double max(int s) { return max[s]; }
    public double mean(int s) { return mean[s]; }
    public double sigma(int s) { return sigma[s]; }

    /** The network input for raw value g of function s (same floating-point operations as n2p2). */
    public double scale(int s, double g) {
        return switch (mode) {
            case NONE -> g;
            case CENTER -> g - shift[s];
            default -> offset + (sMax - sMin) * (g - shift[s]) / denominator(s);
        };
    }

    /** d(scaled)/d(raw) of function s. */
    public double derivative(int s) { return factor[s]; }

    private double denominator(int s) {
        return mode == ScalingMode.SCALESIGMA ? sigma[s] : max[s] - min[s];
    }

    /** Relative part of a function's range [min, max] by which a value may lie outside it through rounding alone. */
    public static final double ROUNDING_TOLERANCE = 1e-10;

    /**
     * Whether raw value g of function s lies outside the training range [min, max] by more than
     * rounding: values within {@link #ROUNDING_TOLERANCE} × (max − min) of the range are not
     * extrapolation (summing the same terms in another order moves G by ~1e-16 relative, and
     * min/max were written with finite digits).
     */
    public boolean extrapolates(int s, double g) {
        if (!statistics) return false;
        final double slack = ROUNDING_TOLERANCE * Math.abs(max[s] - min[s]);
        return g < min[s] - slack || g > max[s] + slack;
    }
}
