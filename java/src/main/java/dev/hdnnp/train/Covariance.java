package dev.hdnnp.train;

/**
 * The Kalman filter's error covariance P for one block of weights, stored as a packed lower
 * triangle (row i holds P[i][0..i]), which halves the memory traffic of every update: P is the
 * dominant cost (2827 weights: 32 MB packed) and each update streams it once.
 *
 * <p>{@link #downdateAndMultiply} fuses the update P ← P − c·x xᵀ + q I with the product
 * P_new·h needed by the next observation, so each Kalman step makes one pass over P instead
 * of two. Rows are cut into a fixed number of chunks of equal area, each with its own partial
 * product that is summed in chunk order afterwards: the result does not depend on how many
 * threads run the chunks.
 */
final class Covariance {
    private static final int CHUNKS = 16;
    final int n;
    final double[] p;          // packed lower triangle, n(n+1)/2
    private final int[] chunkStart;
    private final double[][] partial;

    Covariance(int n, double diagonal) {
        this.n = n;
        this.p = new double[(int) ((long) n * (n + 1) / 2)];
        for (int i = 0; i < n; i++) p[row(i) + i] = diagonal;
        chunkStart = new int[CHUNKS + 1];
        for (int c = 0; c <= CHUNKS; c++) chunkStart[c] = (int) Math.round(n * Math.sqrt((double) c / CHUNKS));
        partial = new double[CHUNKS][n];
    }

    static int row(int i) { return (int) ((long) i * (i + 1) / 2); }

    /** out = P·h (h and out start at offset o of the full weight vector). */
    void multiply(double[] h, int o, double[] out, Parallel par) {
        sweep(0.0, null, 0.0, h, o, out, par);
    }

    /** P ← P − c·x xᵀ + q I, then out = P·h, in one pass. */
    void downdateAndMultiply(double c, double[] x, double q, double[] h, int o, double[] out, Parallel par) {
        sweep(c, x, q, h, o, out, par);
    }

    private void sweep(double c, double[] x, double q, double[] h, int o, double[] out, Parallel par) {
        final boolean update = x != null;
        par.forEach(CHUNKS, (chunk, t) -> {
            final double[] acc = partial[chunk];
            java.util.Arrays.fill(acc, 0.0);
            for (int i = chunkStart[chunk]; i < chunkStart[chunk + 1]; i++) {
                final int r = row(i);
                final double hi = h[o + i];
                double sum = 0.0;
                if (update) {
                    final double cx = c * x[o + i];
                    for (int j = 0; j < i; j++) {
                        final double v = p[r + j] - cx * x[o + j];
                        p[r + j] = v;
                        sum += v * h[o + j];
                        acc[j] += v * hi;
                    }
                    final double d = p[r + i] - cx * x[o + i] + q;
                    p[r + i] = d;
                    sum += d * hi;
                } else {
                    for (int j = 0; j < i; j++) {
                        final double v = p[r + j];
                        sum += v * h[o + j];
                        acc[j] += v * hi;
                    }
                    sum += p[r + i] * hi;
                }
                acc[i] += sum;
            }
        });
        for (int i = 0; i < n; i++) out[o + i] = 0.0;
        for (int chunk = 0; chunk < CHUNKS; chunk++) {
            final double[] acc = partial[chunk];
            final int end = chunkStart[chunk + 1];
            for (int i = 0; i < end; i++) out[o + i] += acc[i];
        }
    }
}
