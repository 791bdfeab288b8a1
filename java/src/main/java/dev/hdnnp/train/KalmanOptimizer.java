package dev.hdnnp.train;

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
 * threshold·RMSE(last epoch) is used (for forces the training force RMSE over a fixed spread
 * subset of the training structures, the same in both memory modes:
 * {@link Trainer#referenceForceRmse}). With a stress weight, stressFraction·6·N_stress
 * observations of one Voigt component of the virial per atom of a structure with a reference
 * stress join them, their error and Jacobian multiplied by the stress weight like the forces.
 *
 * <p>With {@code perElement} each element's weights get their own P (a decoupled filter: P is
 * block diagonal, A sums over the blocks), which costs (n_H² + n_O²) instead of (n_H + n_O)².
 * The next observation's Jacobian is computed before P is downdated, so that the downdate and
 * the next P·H share one pass over P (see {@link Covariance}).
 */
final class KalmanOptimizer implements Optimizer {
    record Settings(double epsilon, double q0, double qtau, double qmin, double eta0, double etatau, double etamax,
                    boolean perElement, double energyFraction, double forceFraction,
                    double energyThreshold, double forceThreshold, int trials, double stressFraction) {}

    private final Settings st;
    private final Parallel parallel;
    private Covariance[] p;
    private int[] blockStart;
    private double updates;          // in epochs, for the q and η schedules
    private double[][] pending;      // P blocks read from a checkpoint, installed on the first epoch

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
        p = new Covariance[blockStart.length - 1];
        for (int b = 0; b < p.length; b++) p[b] = new Covariance(blockStart[b + 1] - blockStart[b], 1.0 / st.epsilon());
        if (pending != null) {
            if (pending.length != p.length) throw new IllegalStateException("checkpoint has " + pending.length + " covariance blocks, the configuration " + p.length);
            for (int b = 0; b < p.length; b++) {
                if (pending[b].length != p[b].p.length) throw new IllegalStateException("checkpoint covariance has the wrong size");
                System.arraycopy(pending[b], 0, p[b].p, 0, pending[b].length);
            }
            pending = null;
        }
    }

    /** One observation: error (reference − prediction) with its Jacobian in h. */
    private final class Observations {
        final LossEngine eng;
        final List<Sample> train, withForces = new ArrayList<>(), withStress = new ArrayList<>();
        static final byte ENERGY = 0, FORCE = 1, STRESS = 2;
        final byte[] kind;
        final int[] order;
        final Random r;
        final double fw, sw, lastE, lastF;
        int next, nextE;

        Observations(Epoch c) {
            eng = c.engine();
            train = c.train();
            long components = 0;
            for (Sample s : train) if (s.hasForces()) { withForces.add(s); components += 3L * s.atoms; }
            int nE = (int) Math.round(st.energyFraction() * train.size());
            int nF = c.forceWeight() > 0 && !withForces.isEmpty() ? (int) Math.round(st.forceFraction() * components) : 0;
            if (c.stressWeight() > 0) for (Sample s : train) if (s.hasStress()) withStress.add(s);
            int nS = (int) Math.round(st.stressFraction() * 6 * withStress.size());
            r = Optimizer.random(c.seed(), c.epoch());
            kind = new byte[nE + nF + nS];
            for (int k = 0; k < nF; k++) kind[k] = FORCE;
            for (int k = nF; k < nF + nS; k++) kind[k] = STRESS;
            for (int k = kind.length - 1; k > 0; k--) { int j = r.nextInt(k + 1); byte t = kind[k]; kind[k] = kind[j]; kind[j] = t; }
            order = Optimizer.permutation(train.size(), r);
            fw = c.forceWeight();
            sw = c.stressWeight();
            lastE = c.lastEnergyRmse();
            lastF = c.lastForceRmse();
        }

        int count() { return kind.length; }

        // On-demand derivatives: the force picks are drawn up front and their columns computed a
        // window at a time, structures in parallel: per structure once per window, the columns of
        // its picked atoms alone (Featurizer.columns), or its whole derivatives when they are kept
        // or when many of its atoms are picked.
        // The candidates are the generator's stream of (structure, atom, component) triples in the
        // order the lazy path draws them: one per force observation without a threshold (stress
        // picks interleave at their places), up to `trials` per observation with one, which is
        // only possible when no stress pick interleaves (how many a trial consumes depends on the
        // weights). The numbers are those of the lazy path.
        static final int WINDOW = 16384;
        // a structure's picks are computed as columns (Featurizer.columns) while they are at most
        // this share of its atoms; beyond it most pairs and triplets contain a picked atom anyway
        static final int COLUMNS_UP_TO = 4;
        int[] stressSample, stressQ, candSample, candAtom, candComp;
        LossEngine.ForceColumn[] columns;
        int nextCand, windowStart, windowEnd;

        boolean canPredraw() { return !(st.forceThreshold() > 0) || withStress.isEmpty() || kindCount(STRESS) == 0; }

        private int kindCount(byte k) {
            int c = 0;
            for (byte x : kind) if (x == k) c++;
            return c;
        }

        void predraw() {
            int n = kind.length, per = st.forceThreshold() > 0 ? Math.max(1, st.trials()) : 1;
            stressSample = new int[n];
            stressQ = new int[n];
            int nc = kindCount(FORCE) * per, c = 0;
            candSample = new int[nc];
            candAtom = new int[nc];
            candComp = new int[nc];
            for (int u = 0; u < n; u++) {
                if (kind[u] == STRESS) {
                    stressSample[u] = r.nextInt(withStress.size());
                    stressQ[u] = r.nextInt(6);
                } else if (kind[u] == FORCE) {
                    for (int t = 0; t < per; t++, c++) {
                        candSample[c] = r.nextInt(withForces.size());
                        candAtom[c] = r.nextInt(withForces.get(candSample[c]).atoms);
                        candComp[c] = r.nextInt(3);
                    }
                }
            }
            columns = new LossEngine.ForceColumn[Math.min(nc, WINDOW)];
        }

        /** The force columns of candidates [from, from + WINDOW). */
        void prefetch(int from) {
            int to = Math.min(candSample.length, from + WINDOW);
            java.util.Map<Integer, List<Integer>> bySample = new java.util.LinkedHashMap<>();
            for (int j = from; j < to; j++) bySample.computeIfAbsent(candSample[j], x -> new ArrayList<>()).add(j);
            List<List<Integer>> groups = new ArrayList<>(bySample.values());
            java.util.Arrays.fill(columns, null);
            parallel.forEach(groups.size(), (g, t) -> {
                List<Integer> js = groups.get(g);
                Sample s = withForces.get(candSample[js.get(0)]);
                Sample d = s.derivativesAtHand();
                int[] atoms = js.stream().mapToInt(j -> candAtom[j]).distinct().sorted().toArray();
                if (d == null && COLUMNS_UP_TO * atoms.length > s.atoms) d = s.derivatives(); // many picks: the whole Jacobian is cheaper
                if (d != null) {
                    for (int j : js) columns[j - from] = LossEngine.forceColumn(s, d, candAtom[j], candComp[j]);
                    return;
                }
                LossEngine.ForceColumn[][] cols = s.forceColumns(atoms);
                for (int j : js) columns[j - from] = cols[java.util.Arrays.binarySearch(atoms, candAtom[j])][candComp[j]];
            });
            windowStart = from;
            windowEnd = to;
        }

        /** Fills h with the next observation's Jacobian (current weights) and returns its error. */
        double next(double[] h) {
            if (candSample != null) return nextDrawn(h);
            byte k0 = kind[next++];
            if (k0 == STRESS) {
                Sample s = withStress.get(r.nextInt(withStress.size()));
                return stressObservation(s, r.nextInt(6), h);
            }
            if (k0 == ENERGY) return energyObservation(h);
            double pred = 0, ref = 0;
            for (int trial = 0; trial < Math.max(1, st.trials()); trial++) {
                Sample s = withForces.get(r.nextInt(withForces.size()));
                int atom = r.nextInt(s.atoms), comp = r.nextInt(3);
                pred = eng.forceJacobian(s, atom, comp, h);
                ref = s.forces[3 * atom + comp];
                if (!(st.forceThreshold() > 0) || Math.abs(ref - pred) > st.forceThreshold() * lastF) break;
            }
            for (int k = 0; k < h.length; k++) h[k] *= fw;
            return (ref - pred) * fw;
        }

        /** A stress observation: virial component q of s per atom, weighted. */
        private double stressObservation(Sample s, int q, double[] h) {
            double pred = eng.virialJacobian(s, q, h);
            for (int k = 0; k < h.length; k++) h[k] *= sw;
            return (s.virial[q] / s.atoms - pred) * sw;
        }

        /** The next energy observation in the epoch's order (with the energy threshold's trials). */
        private double energyObservation(double[] h) {
            double pred = 0;
            Sample s = null;
            for (int trial = 0; trial < Math.max(1, st.trials()); trial++) {
                s = train.get(order[nextE++ % order.length]);
                pred = eng.energyJacobian(s, h);
                if (!(st.energyThreshold() > 0) || Math.abs(s.energy / s.atoms - pred) > st.energyThreshold() * lastE) break;
            }
            return s.energy / s.atoms - pred;
        }

        /** {@link #next} with the picks drawn up front (see {@link #predraw}). */
        private double nextDrawn(double[] h) {
            int u = next++;
            byte k0 = kind[u];
            if (k0 == STRESS) return stressObservation(withStress.get(stressSample[u]), stressQ[u], h);
            if (k0 == ENERGY) return energyObservation(h);
            double pred = 0, ref = 0;
            for (int trial = 0; trial < Math.max(1, st.trials()); trial++) {
                int j = nextCand++;
                if (j >= windowEnd) prefetch(j);
                Sample s = withForces.get(candSample[j]);
                pred = eng.forceJacobian(s, columns[j - windowStart], h);
                ref = s.forces[3 * candAtom[j] + candComp[j]];
                if (!(st.forceThreshold() > 0) || Math.abs(ref - pred) > st.forceThreshold() * lastF) break;
            }
            for (int k = 0; k < h.length; k++) h[k] *= fw;
            return (ref - pred) * fw;
        }
    }

    @Override
    public void epoch(Epoch c) {
        LossEngine eng = c.engine();
        if (p == null) init(eng);
        Observations obs = new Observations(c);
        if (obs.withForces.stream().anyMatch(x -> x.dg == null) && obs.canPredraw()) obs.predraw();
        int total = obs.count();
        if (total == 0) return;
        int nw = eng.parameterCount();
        double[] h = new double[nw], hNext = new double[nw], x = new double[nw], xNext = new double[nw];
        double[] w = c.w();
        double xi = obs.next(h);
        for (int b = 0; b < p.length; b++) p[b].multiply(h, blockStart[b], x, parallel);
        for (int u = 0; u < total; u++) {
            double a = 1.0 / eta();
            for (int k = 0; k < nw; k++) a += h[k] * x[k];
            double inv = 1.0 / a;
            for (int k = 0; k < nw; k++) w[k] += x[k] * inv * xi;
            eng.setParameters(w);
            double q = q();
            updates += 1.0 / total;
            boolean more = u + 1 < total;
            double xiNext = more ? obs.next(hNext) : 0.0;
            if ((u & 63) == 63) c.progress().done((u + 1) / (double) total);
            // P ← P − X Xᵀ/A + q I, fused with X_next = P·h_next
            for (int b = 0; b < p.length; b++) p[b].downdateAndMultiply(inv, x, q, more ? hNext : h, blockStart[b], xNext, parallel);
            double[] t = h; h = hNext; hNext = t;
            t = x; x = xNext; xNext = t;
            xi = xiNext;
        }
    }

    double q() { return Math.max(st.q0() * Math.exp(-updates / st.qtau()), st.qmin()); }
    double eta() { return Math.min(st.eta0() * Math.exp(updates / st.etatau()), st.etamax()); }

    @Override
    public void write(DataOutputStream out) throws IOException {
        out.writeDouble(updates);
        out.writeInt(p == null ? 0 : p.length);
        if (p != null) for (Covariance m : p) Optimizer.writeArray(out, m.p);
    }

    @Override
    public void read(DataInputStream in) throws IOException {
        updates = in.readDouble();
        int nb = in.readInt();
        p = null;
        if (nb == 0) return;
        pending = new double[nb][];
        for (int b = 0; b < nb; b++) pending[b] = Optimizer.readArray(in);
    }
}
