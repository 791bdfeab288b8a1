package dev.hdnnp.train;

import org.ejml.data.DMatrixRMaj;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * n2p2's global extended Kalman filter ("standard" type): every update takes one scalar
 * observation, the per-atom energy of one structure or one force component, with error
 * ξ = reference − prediction and Jacobian H = ∂prediction/∂w, and does
 * <pre>
 *   X = P H,  A = Hᵀ X + 1/η,  K = X / A,  P ← P − K Xᵀ + q I,  w ← w + K ξ
 * </pre>
 * starting from P = I/ε. q decays and η grows per epoch: q = max(q0·e^(−t/qtau), qmin),
 * η = min(η0·e^(t/etatau), ηmax), t in epochs (fractional). Force updates multiply ξ and H by
 * the force weight, as n2p2 does. An epoch has energyFraction·N_structures energy updates and
 * forceFraction·N_components force updates in random order; with a threshold, up to
 * {@code trials} random candidates are tried and the first whose error exceeds
 * threshold·RMSE(last epoch) is used.
 *
 * <p>With {@code perElement} each element's weights get their own P (a decoupled filter: P is
 * block diagonal, A sums over the blocks), which costs (n_H² + n_O²) instead of (n_H + n_O)².
 * P is an EJML matrix; the two O(n²) operations per update (P·H and the rank-1 downdate) are
 * plain row loops over its data split across the training threads: they are memory bound, and
 * row blocks keep every sum in a fixed order, so results do not depend on the thread count.
 */
final class KalmanOptimizer implements Optimizer {
    record Settings(double epsilon, double q0, double qtau, double qmin, double eta0, double etatau, double etamax,
                    boolean perElement, double energyFraction, double forceFraction,
                    double energyThreshold, double forceThreshold, int trials) {}

    private final Settings st;
    private final Parallel parallel;
    private DMatrixRMaj[] p;
    private int[] blockStart;
    private double updates;          // in epochs, for the q and η schedules
    private double[] x;
    private static final int ROWS = 32;

    KalmanOptimizer(Settings st, Parallel parallel) {
        this.st = st;
        this.parallel = parallel;
    }

    @Override public String name() { return "kalman"; }

    private void init(LossEngine eng) {
        int nw = eng.parameterCount();
        if (st.perElement()) {
            int ne = eng.elementCount();
            blockStart = new int[ne + 1];
            for (int e = 0; e <= ne; e++) blockStart[e] = e == ne ? nw : eng.offset(e);
        } else {
            blockStart = new int[]{0, nw};
        }
        p = new DMatrixRMaj[blockStart.length - 1];
        for (int b = 0; b < p.length; b++) {
            int n = blockStart[b + 1] - blockStart[b];
            p[b] = new DMatrixRMaj(n, n);
            for (int i = 0; i < n; i++) p[b].data[i * n + i] = 1.0 / st.epsilon();
        }
        x = new double[nw];
    }

    @Override
    public void epoch(Epoch c) {
        LossEngine eng = c.engine();
        if (pending != null) restore(eng);
        if (p == null) init(eng);
        List<Sample> train = c.train();
        List<Sample> withForces = new ArrayList<>();
        long components = 0;
        for (Sample s : train) if (s.hasForces()) { withForces.add(s); components += 3L * s.atoms; }
        int nE = (int) Math.round(st.energyFraction() * train.size());
        int nF = c.forceWeight() > 0 ? (int) Math.round(st.forceFraction() * components) : 0;
        int total = nE + nF;
        if (total == 0) return;
        Random r = Optimizer.random(c.seed(), c.epoch());
        boolean[] isForce = new boolean[total];
        for (int k = 0; k < nF; k++) isForce[k] = true;
        for (int k = total - 1; k > 0; k--) { int j = r.nextInt(k + 1); boolean t = isForce[k]; isForce[k] = isForce[j]; isForce[j] = t; }
        int[] order = Optimizer.permutation(train.size(), r);
        int nextE = 0;
        double[] h = new double[eng.parameterCount()];
        double[] w = c.w();
        double fw = c.forceWeight();
        for (int u = 0; u < total; u++) {
            double xi;
            if (!isForce[u]) {
                double pred = 0;
                Sample s = null;
                for (int trial = 0; trial < Math.max(1, st.trials()); trial++) {
                    s = train.get(order[nextE++ % order.length]);
                    pred = eng.energyJacobian(s, h);
                    if (!(st.energyThreshold() > 0) || Math.abs(s.energy / s.atoms - pred) > st.energyThreshold() * c.lastEnergyRmse()) break;
                }
                xi = s.energy / s.atoms - pred;
            } else {
                double pred = 0, ref = 0;
                for (int trial = 0; trial < Math.max(1, st.trials()); trial++) {
                    Sample s = withForces.get(r.nextInt(withForces.size()));
                    int atom = r.nextInt(s.atoms), comp = r.nextInt(3);
                    pred = eng.forceJacobian(s, atom, comp, h);
                    ref = s.forces[3 * atom + comp];
                    if (!(st.forceThreshold() > 0) || Math.abs(ref - pred) > st.forceThreshold() * c.lastForceRmse()) break;
                }
                xi = (ref - pred) * fw;
                for (int k = 0; k < h.length; k++) h[k] *= fw;
            }
            update(h, xi, w);
            updates += 1.0 / total;
            eng.setParameters(w);
        }
    }

    double q() { return Math.max(st.q0() * Math.exp(-updates / st.qtau()), st.qmin()); }
    double eta() { return Math.min(st.eta0() * Math.exp(updates / st.etatau()), st.etamax()); }

    /** One Kalman update with observation Jacobian h and error xi. */
    void update(double[] h, double xi, double[] w) {
        double a = 1.0 / eta();
        for (int b = 0; b < p.length; b++) {
            final int o = blockStart[b], n = blockStart[b + 1] - o;
            final double[] pd = p[b].data;
            int blocks = (n + ROWS - 1) / ROWS;
            parallel.forEach(blocks, (blk, t) -> {
                int end = Math.min(n, (blk + 1) * ROWS);
                for (int i = blk * ROWS; i < end; i++) {
                    double sum = 0;
                    int row = i * n;
                    for (int j = 0; j < n; j++) sum += pd[row + j] * h[o + j];
                    x[o + i] = sum;
                }
            });
            for (int i = 0; i < n; i++) a += h[o + i] * x[o + i];
        }
        final double inv = 1.0 / a, q = q();
        for (int b = 0; b < p.length; b++) {
            final int o = blockStart[b], n = blockStart[b + 1] - o;
            final double[] pd = p[b].data;
            int blocks = (n + ROWS - 1) / ROWS;
            parallel.forEach(blocks, (blk, t) -> {
                int end = Math.min(n, (blk + 1) * ROWS);
                for (int i = blk * ROWS; i < end; i++) {
                    double ki = x[o + i] * inv;
                    int row = i * n;
                    for (int j = 0; j < n; j++) pd[row + j] -= ki * x[o + j];
                    pd[row + i] += q;
                }
            });
            for (int i = 0; i < n; i++) w[o + i] += x[o + i] * inv * xi;
        }
    }

    @Override
    public void write(DataOutputStream out) throws IOException {
        out.writeDouble(updates);
        out.writeInt(p == null ? 0 : p.length);
        if (p != null) for (DMatrixRMaj m : p) Optimizer.writeArray(out, m.data);
    }

    @Override
    public void read(DataInputStream in) throws IOException {
        updates = in.readDouble();
        int nb = in.readInt();
        if (nb == 0) { p = null; return; }
        double[][] data = new double[nb][];
        for (int b = 0; b < nb; b++) data[b] = Optimizer.readArray(in);
        pending = data;
    }

    private double[][] pending; // P blocks read from a checkpoint, installed on the first epoch

    void restore(LossEngine eng) {
        if (pending == null) return;
        init(eng);
        if (pending.length != p.length) throw new IllegalStateException("checkpoint has " + pending.length + " covariance blocks, the configuration " + p.length);
        for (int b = 0; b < p.length; b++) {
            if (pending[b].length != p[b].data.length) throw new IllegalStateException("checkpoint covariance has the wrong size");
            System.arraycopy(pending[b], 0, p[b].data, 0, pending[b].length);
        }
        pending = null;
    }
}
