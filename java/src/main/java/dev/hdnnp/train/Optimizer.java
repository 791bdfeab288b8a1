package dev.hdnnp.train;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.List;
import java.util.Random;

/**
 * A weight-update method. One call of {@link #epoch} is one pass over the training data; all
 * randomness comes from {@link #random(long, int)} so that an epoch depends only on the seed,
 * the epoch number and the state saved by {@link #write}, which makes a resumed run identical
 * to an uninterrupted one.
 */
interface Optimizer {
    /**
     * Everything one epoch needs. {@code w} holds the parameters and is updated in place;
     * {@code progress} is told after each structure's worth of work (for the progress bar).
     */
    record Epoch(LossEngine engine, List<Sample> train, double[] w, int epoch, long seed, double forceWeight,
                 double stressWeight, double lastEnergyRmse, double lastForceRmse, Progress progress) {
        Epoch(LossEngine engine, List<Sample> train, double[] w, int epoch, long seed, double forceWeight,
              double lastEnergyRmse, double lastForceRmse) {
            this(engine, train, w, epoch, seed, forceWeight, 0.0, lastEnergyRmse, lastForceRmse, Progress.NONE);
        }
    }

    /** Receives the fraction of the epoch done, in [0, 1]. */
    @FunctionalInterface
    interface Progress {
        Progress NONE = f -> {};
        void done(double fraction);
    }

    String name();

    void epoch(Epoch ctx);

    void write(DataOutputStream out) throws IOException;

    void read(DataInputStream in) throws IOException;

    /** The generator for one epoch: a pure function of seed and epoch. */
    static Random random(long seed, int epoch) {
        return new Random(seed * 0x9E3779B97F4A7C15L + 0x632BE59BD9B4E019L * (epoch + 1));
    }

    /** A seeded Fisher–Yates permutation of 0..n-1. */
    static int[] permutation(int n, Random r) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = p[i]; p[i] = p[j]; p[j] = t;
        }
        return p;
    }

    static void writeArray(DataOutputStream out, double[] a) throws IOException {
        out.writeInt(a.length);
        for (double v : a) out.writeDouble(v);
    }

    static double[] readArray(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0) throw new IOException("corrupt checkpoint: negative array length");
        double[] a = new double[n];
        for (int i = 0; i < n; i++) a[i] = in.readDouble();
        return a;
    }
}
