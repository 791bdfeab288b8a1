package dev.hdnnp.train;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Iterator;

/**
 * Limited-memory BFGS on the full training batch (deterministic, no sampling): the two-loop
 * recursion for the direction and a backtracking line search with the Armijo condition.
 * One "epoch" is a fixed number of iterations.
 */
final class LbfgsOptimizer implements Optimizer {
    private final int history, iterationsPerEpoch;
    private final Deque<double[]> s = new ArrayDeque<>(), y = new ArrayDeque<>();

    LbfgsOptimizer(int history, int iterationsPerEpoch) {
        this.history = history;
        this.iterationsPerEpoch = iterationsPerEpoch;
    }

    @Override public String name() { return "lbfgs"; }

    @Override
    public void epoch(Epoch c) {
        double[] w = c.w();
        int n = w.length;
        double[] g = new double[n];
        c.engine().setParameters(w);
        double f = c.engine().lossAndGradient(c.train(), c.forceWeight(), c.stressWeight(), g);
        for (int it = 0; it < iterationsPerEpoch; it++) {
            double[] d = direction(g);
            double slope = dot(d, g);
            if (!(slope < 0)) { // not a descent direction: forget the curvature and use −g
                s.clear(); y.clear();
                for (int p = 0; p < n; p++) d[p] = -g[p];
                slope = dot(d, g);
            }
            if (slope == 0) break;
            double step = s.isEmpty() ? Math.min(1.0, 1.0 / Math.sqrt(dot(g, g))) : 1.0;
            double[] wNew = new double[n], gNew = new double[n];
            double fNew = Double.NaN;
            boolean accepted = false;
            for (int ls = 0; ls < 30; ls++) {
                for (int p = 0; p < n; p++) wNew[p] = w[p] + step * d[p];
                c.engine().setParameters(wNew);
                fNew = c.engine().lossAndGradient(c.train(), c.forceWeight(), c.stressWeight(), gNew);
                if (Double.isFinite(fNew) && fNew <= f + 1e-4 * step * slope) { accepted = true; break; }
                step *= 0.5;
            }
            if (!accepted) { c.engine().setParameters(w); s.clear(); y.clear(); break; }
            double[] sk = new double[n], yk = new double[n];
            for (int p = 0; p < n; p++) { sk[p] = wNew[p] - w[p]; yk[p] = gNew[p] - g[p]; }
            if (dot(sk, yk) > 1e-12 * Math.sqrt(dot(sk, sk) * dot(yk, yk))) {
                s.addLast(sk); y.addLast(yk);
                if (s.size() > history) { s.removeFirst(); y.removeFirst(); }
            }
            System.arraycopy(wNew, 0, w, 0, n);
            c.progress().done((it + 1) / (double) iterationsPerEpoch);
            System.arraycopy(gNew, 0, g, 0, n);
            f = fNew;
        }
        c.engine().setParameters(w);
    }

    private double[] direction(double[] g) {
        int n = g.length, m = s.size();
        double[] q = g.clone();
        double[] alpha = new double[m], rho = new double[m];
        double[][] ss = s.toArray(new double[0][]), yy = y.toArray(new double[0][]);
        for (int k = m - 1; k >= 0; k--) {
            rho[k] = 1.0 / dot(yy[k], ss[k]);
            alpha[k] = rho[k] * dot(ss[k], q);
            for (int p = 0; p < n; p++) q[p] -= alpha[k] * yy[k][p];
        }
        double gamma = m > 0 ? dot(ss[m - 1], yy[m - 1]) / dot(yy[m - 1], yy[m - 1]) : 1.0;
        for (int p = 0; p < n; p++) q[p] *= gamma;
        for (int k = 0; k < m; k++) {
            double beta = rho[k] * dot(yy[k], q);
            for (int p = 0; p < n; p++) q[p] += ss[k][p] * (alpha[k] - beta);
        }
        for (int p = 0; p < n; p++) q[p] = -q[p];
        return q;
    }

    private static double dot(double[] a, double[] b) {
        double t = 0;
        for (int i = 0; i < a.length; i++) t += a[i] * b[i];
        return t;
    }

    @Override
    public void write(DataOutputStream out) throws IOException {
        out.writeInt(s.size());
        Iterator<double[]> a = s.iterator(), b = y.iterator();
        while (a.hasNext()) { Optimizer.writeArray(out, a.next()); Optimizer.writeArray(out, b.next()); }
    }

    @Override
    public void read(DataInputStream in) throws IOException {
        s.clear(); y.clear();
        int m = in.readInt();
        for (int k = 0; k < m; k++) { s.addLast(Optimizer.readArray(in)); y.addLast(Optimizer.readArray(in)); }
    }
}
