package dev.hdnnp.train;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Adam on mini-batches of structures, with an exponentially decaying learning rate
 * lr(epoch) = max(lrMin, lr0 · decay^epoch).
 */
final class AdamOptimizer implements Optimizer {
    private final double lr0, lrMin, decay, beta1, beta2, eps;
    private final int batchSize;
    private double[] m, v;
    private long t;

    AdamOptimizer(double lr, double lrMin, double decay, double beta1, double beta2, double eps, int batchSize) {
        this.lr0 = lr; this.lrMin = lrMin; this.decay = decay;
        this.beta1 = beta1; this.beta2 = beta2; this.eps = eps;
        this.batchSize = batchSize;
    }

    @Override public String name() { return "adam"; }

    double learningRate(int epoch) { return Math.max(lrMin, lr0 * Math.pow(decay, epoch)); }

    @Override
    public void epoch(Epoch c) {
        int nw = c.w().length;
        if (m == null) { m = new double[nw]; v = new double[nw]; }
        Random r = Optimizer.random(c.seed(), c.epoch());
        int[] order = Optimizer.permutation(c.train().size(), r);
        double[] g = new double[nw];
        double lr = learningRate(c.epoch());
        for (int start = 0; start < order.length; start += batchSize) {
            List<Sample> batch = new ArrayList<>();
            for (int k = start; k < Math.min(order.length, start + batchSize); k++) batch.add(c.train().get(order[k]));
            c.engine().setParameters(c.w());
            c.engine().lossAndGradient(batch, c.forceWeight(), c.stressWeight(), g);
            t++;
            double b1 = 1 - Math.pow(beta1, t), b2 = 1 - Math.pow(beta2, t);
            for (int p = 0; p < nw; p++) {
                m[p] = beta1 * m[p] + (1 - beta1) * g[p];
                v[p] = beta2 * v[p] + (1 - beta2) * g[p] * g[p];
                c.w()[p] -= lr * (m[p] / b1) / (Math.sqrt(v[p] / b2) + eps);
            }
            c.progress().done(Math.min(1.0, (start + batchSize) / (double) order.length));
        }
        c.engine().setParameters(c.w());
    }

    @Override
    public void write(DataOutputStream out) throws IOException {
        out.writeLong(t);
        Optimizer.writeArray(out, m == null ? new double[0] : m);
        Optimizer.writeArray(out, v == null ? new double[0] : v);
    }

    @Override
    public void read(DataInputStream in) throws IOException {
        t = in.readLong();
        m = Optimizer.readArray(in);
        v = Optimizer.readArray(in);
        if (m.length == 0) { m = null; v = null; }
    }
}
