package dev.hdnnp.train;

import dev.hdnnp.nn.NetworkDerivatives;
import dev.hdnnp.nn.NeuralNetwork;

import java.util.Arrays;
import java.util.List;

/**
 * Energies, forces, errors, loss gradients and Jacobians of the atomic networks on precomputed
 * {@link Sample}s, in internal units. All parameters of all elements form one vector (element
 * by element, each in n2p2 order); {@link #setParameters} copies it into the networks.
 *
 * <p>The loss of a batch of S structures with C force components is
 * L = (1/S) Σ_s ((E_s − E_s^ref)/N_s)² + w_F (1/C) Σ_c (F_c − F_c^ref)²
 *     + w_S (1/(6 S_W)) Σ_{s with stress} Σ_v ((W_sv − W_sv^ref)/N_s)²,
 * the last over the six Voigt components v of the virial per atom of the S_W structures that
 * have a reference stress.
 */
final class LossEngine {
    private final List<NeuralNetwork> nets;
    private final int[] offset;
    private final int nw;
    private final Parallel parallel;
    private final Scratch[] scratch;
    private static final int BLOCK = 64; // samples whose gradients are held at once

    LossEngine(List<NeuralNetwork> nets, Parallel parallel) {
        this.nets = nets;
        this.parallel = parallel;
        offset = new int[nets.size() + 1];
        for (int e = 0; e < nets.size(); e++) offset[e + 1] = offset[e] + nets.get(e).parameters().length;
        nw = offset[nets.size()];
        scratch = new Scratch[parallel.threads()];
        for (int t = 0; t < scratch.length; t++) scratch[t] = new Scratch(nets);
    }

    int parameterCount() { return nw; }

    /** Independent copies of the networks with the current parameters. */
    List<NeuralNetwork> networkCopies() {
        List<NeuralNetwork> l = new java.util.ArrayList<>();
        for (NeuralNetwork n : nets) l.add(n.copy());
        return l;
    }
    int offset(int element) { return offset[element]; }
    int elementCount() { return nets.size(); }

    void setParameters(double[] w) {
        for (int e = 0; e < nets.size(); e++) System.arraycopy(w, offset[e], nets.get(e).parameters(), 0, offset[e + 1] - offset[e]);
    }

    double[] parameters() {
        double[] w = new double[nw];
        for (int e = 0; e < nets.size(); e++) System.arraycopy(nets.get(e).parameters(), 0, w, offset[e], offset[e + 1] - offset[e]);
        return w;
    }

    /** Per-thread scratch. */
    static final class Scratch {
        final NeuralNetwork.Workspace[] ws;
        final NetworkDerivatives[] der;
        final double[] in, dEdG, u, virial = new double[6], rs = new double[6];
        double[] forces = new double[0], residual = new double[0];

        Scratch(List<NeuralNetwork> nets) {
            ws = new NeuralNetwork.Workspace[nets.size()];
            der = new NetworkDerivatives[nets.size()];
            int max = 0;
            for (int e = 0; e < nets.size(); e++) {
                ws[e] = new NeuralNetwork.Workspace(nets.get(e));
                der[e] = new NetworkDerivatives(nets.get(e));
                max = Math.max(max, nets.get(e).inputCount());
            }
            in = new double[max];
            dEdG = new double[max];
            u = new double[max];
        }
    }

    /** Forward pass of atom i; leaves the neurons in sc.ws[element]. */
    private double atomEnergy(Sample s, int i, Scratch sc) {
        int e = s.element[i], o = s.gOffset[i], ns = s.gOffset[i + 1] - o;
        System.arraycopy(s.g, o, sc.in, 0, ns);
        return nets.get(e).evaluate(sc.in, sc.ws[e]);
    }

    /**
     * Total energy (internal units) and, if wanted and available, forces into sc.forces and the
     * virial into sc.virial.
     */
    private double predict(Sample s, Scratch sc, boolean forces, boolean stress) {
        return predict(s, forces && s.hasDerivatives() ? s.derivatives() : s, sc, forces, stress);
    }

    /** As above with the sample d holding s's derivatives (s itself when they are kept). */
    private double predict(Sample s, Sample d, Scratch sc, boolean forces, boolean stress) {
        forces &= s.hasDerivatives();
        stress &= s.hasStress();
        if (stress) Arrays.fill(sc.virial, 0.0);
        if (forces) {
            if (sc.forces.length < 3 * s.atoms) sc.forces = new double[3 * s.atoms];
            Arrays.fill(sc.forces, 0, 3 * s.atoms, 0.0);
        }
        double energy = 0;
        for (int i = 0; i < s.atoms; i++) {
            energy += atomEnergy(s, i, sc);
            if (!forces && !stress) continue;
            int e = s.element[i];
            nets.get(e).inputGradient(sc.ws[e], sc.dEdG);
            int ns = s.gOffset[i + 1] - s.gOffset[i];
            if (stress) {
                int v = 6 * s.gOffset[i];
                for (int t = 0; t < ns; t++, v += 6) {
                    double c = sc.dEdG[t];
                    for (int q = 0; q < 6; q++) sc.virial[q] += c * s.vg[v + q];
                }
            }
            if (!forces) continue;
            final float[] dg = d.dg;
            int o = d.dgOffset[i];
            for (int q = d.entryOffset[i]; q < d.entryOffset[i + 1]; q++) {
                double fx = 0, fy = 0, fz = 0;
                for (int t = 0; t < ns; t++, o += 3) {
                    double c = sc.dEdG[t];
                    fx += c * dg[o];
                    fy += c * dg[o + 1];
                    fz += c * dg[o + 2];
                }
                int a = 3 * d.entryAtom[q];
                sc.forces[a] -= fx;
                sc.forces[a + 1] -= fy;
                sc.forces[a + 2] -= fz;
            }
        }
        return energy;
    }

    /** Per-structure errors (internal units) of a set of samples. */
    Errors errors(List<Sample> samples) { return errors(samples, null); }

    /**
     * As above, the force errors only of the samples in {@code forcesOf} (all when null; the
     * others' force entries are null, so the force RMSE and MAE are over those alone).
     */
    Errors errors(List<Sample> samples, java.util.Set<Sample> forcesOf) {
        int n = samples.size();
        double[] de = new double[n];
        double[][] df = new double[n][], ds = new double[n][];
        parallel.forEach(n, (k, t) -> {
            Sample s = samples.get(k);
            Scratch sc = scratch[t];
            boolean f = s.hasForces() && (forcesOf == null || forcesOf.contains(s));
            de[k] = (predict(s, sc, f, s.hasStress()) - s.energy) / s.atoms;
            if (s.hasStress() && s.volume > 0) {
                double[] r = new double[6];
                for (int q = 0; q < 6; q++) r[q] = (sc.virial[q] - s.virial[q]) / s.volume;
                ds[k] = r;
            }
            if (f) {
                double[] r = new double[3 * s.atoms];
                for (int a = 0; a < r.length; a++) r[a] = sc.forces[a] - s.forces[a];
                df[k] = r;
            }
        });
        return new Errors(de, df, ds);
    }

    /**
     * Energy errors per atom, force residuals and stress residuals (virial residual / volume,
     * Voigt; null for structures without stress) per structure, internal units.
     */
    record Errors(double[] energyPerAtom, double[][] forces, double[][] stress) {
        double stressRmse() {
            double s = 0; long c = 0;
            for (double[] f : stress) if (f != null) { for (double v : f) s += v * v; c += f.length; }
            return c == 0 ? Double.NaN : Math.sqrt(s / c);
        }
        double energyRmse() { double s = 0; for (double d : energyPerAtom) s += d * d; return Math.sqrt(s / Math.max(1, energyPerAtom.length)); }
        double energyMae() { double s = 0; for (double d : energyPerAtom) s += Math.abs(d); return s / Math.max(1, energyPerAtom.length); }
        long forceCount() { long c = 0; for (double[] f : forces) if (f != null) c += f.length; return c; }
        double forceRmse() {
            double s = 0; long c = 0;
            for (double[] f : forces) if (f != null) { for (double v : f) s += v * v; c += f.length; }
            return c == 0 ? Double.NaN : Math.sqrt(s / c);
        }
        double forceMae() {
            double s = 0; long c = 0;
            for (double[] f : forces) if (f != null) { for (double v : f) s += Math.abs(v); c += f.length; }
            return c == 0 ? Double.NaN : s / c;
        }
    }

    /**
     * Loss (see class comment) and its gradient over the batch; {@code grad} is overwritten.
     * Force terms are included when {@code forceWeight > 0} for samples that have forces.
     */
    double lossAndGradient(List<Sample> batch, double forceWeight, double[] grad) { return lossAndGradient(batch, forceWeight, 0.0, grad); }

    /** As above with a stress term of weight {@code stressWeight} (see class comment). */
    double lossAndGradient(List<Sample> batch, double forceWeight, double stressWeight, double[] grad) {
        final int n = batch.size();
        long components = 0, stressed = 0;
        if (forceWeight > 0) for (Sample s : batch) if (s.hasForces()) components += 3L * s.atoms;
        if (stressWeight > 0) for (Sample s : batch) if (s.hasStress()) stressed++;
        final double fCoef = components > 0 ? forceWeight / components : 0.0;
        final double sCoef = stressed > 0 ? stressWeight / (6.0 * stressed) : 0.0;
        final double eCoef = 1.0 / n;
        Arrays.fill(grad, 0.0);
        double loss = 0;
        int block = Math.min(BLOCK, n);
        double[][] g = new double[block][nw];
        double[] part = new double[block];
        for (int start = 0; start < n; start += block) {
            final int base = start, count = Math.min(block, n - start);
            parallel.forEach(count, (k, t) -> {
                double[] gk = g[k];
                Arrays.fill(gk, 0.0);
                part[k] = sampleGradient(batch.get(base + k), eCoef, fCoef, sCoef, scratch[t], gk);
            });
            for (int k = 0; k < count; k++) {
                loss += part[k];
                double[] gk = g[k];
                for (int p = 0; p < nw; p++) grad[p] += gk[p];
            }
        }
        return loss;
    }

    /** One structure's share of the loss, its gradient added to grad. */
    private double sampleGradient(Sample s, double eCoef, double fCoef, double sCoef, Scratch sc, double[] grad) {
        boolean forces = fCoef > 0 && s.hasForces(), stress = sCoef > 0 && s.hasStress();
        final Sample d = forces ? s.derivatives() : s; // kept, cached or recomputed: once per structure
        double energy = predict(s, d, sc, forces, stress);
        double de = (energy - s.energy) / s.atoms;
        double loss = eCoef * de * de;
        double aE = 2.0 * eCoef * de / s.atoms;
        double[] r = null;
        if (forces) {
            if (sc.residual.length < 3 * s.atoms) sc.residual = new double[3 * s.atoms];
            r = sc.residual;
            for (int a = 0; a < 3 * s.atoms; a++) {
                r[a] = sc.forces[a] - s.forces[a];
                loss += fCoef * r[a] * r[a];
            }
        }
        double[] rs = sc.rs;
        if (stress)
            for (int q = 0; q < 6; q++) {
                double dq = (sc.virial[q] - s.virial[q]) / s.atoms;
                loss += sCoef * dq * dq;
                rs[q] = sCoef * dq / s.atoms; // the residual's weight on ∂W_q/∂w
            }
        for (int i = 0; i < s.atoms; i++) {
            int e = s.element[i];
            int ns = s.gOffset[i + 1] - s.gOffset[i];
            double[] u = null;
            if (forces || stress) {
                u = sc.u;
                Arrays.fill(u, 0, ns, 0.0);
            }
            if (forces) {
                // u_s = Σ_a r_a · ∂G_s/∂r_a; then ∂(Σ r²)/∂w = −2 ∂/∂w (Σ_s u_s ∂E_i/∂G_s)
                final float[] dg = d.dg;
                int o = d.dgOffset[i];
                for (int q = d.entryOffset[i]; q < d.entryOffset[i + 1]; q++) {
                    int a = 3 * d.entryAtom[q];
                    double rx = r[a], ry = r[a + 1], rz = r[a + 2];
                    for (int t = 0; t < ns; t++, o += 3) u[t] -= fCoef * (rx * dg[o] + ry * dg[o + 1] + rz * dg[o + 2]);
                }
            }
            if (stress) {
                // W_q = Σ_i Σ_t ∂E_i/∂G_t V_itq, so the stress residuals add Σ_q rs_q V_itq to u_t
                int v = 6 * s.gOffset[i];
                for (int t = 0; t < ns; t++, v += 6)
                    for (int q = 0; q < 6; q++) u[t] += rs[q] * s.vg[v + q];
            }
            atomEnergy(s, i, sc);
            sc.der[e].accumulate(sc.ws[e], aE, forces || stress ? 2.0 : 0.0, u, grad, offset[e]);
        }
        return loss;
    }

    /** h = ∂(E/N)/∂w for one structure; returns the predicted E/N (internal). */
    double energyJacobian(Sample s, double[] h) {
        Arrays.fill(h, 0.0);
        double[] part = parts(s.atoms);
        double inv = 1.0 / s.atoms;
        // one element per thread: its weights are its own block of h, and each block is summed
        // over its atoms in atom order, so any thread count gives the same bits
        parallel.forEach(nets.size(), (e, t) -> {
            Scratch sc = scratch[t];
            for (int i = 0; i < s.atoms; i++) {
                if (s.element[i] != e) continue;
                part[i] = atomEnergy(s, i, sc);
                sc.der[e].accumulate(sc.ws[e], inv, 0.0, null, h, offset[e]);
            }
        });
        double energy = 0;
        for (int i = 0; i < s.atoms; i++) energy += part[i];
        return energy * inv;
    }

    /** Per-atom partial results of the Jacobian calls, summed in atom order afterwards. */
    private double[] parts(int n) {
        if (parts.length < n) parts = new double[Math.max(n, 2 * parts.length)];
        return parts;
    }

    private double[] parts = new double[0];

    /** h = ∂F_{atom,c}/∂w; returns the predicted force component (internal). */
    double forceJacobian(Sample s, int atom, int c, double[] h) {
        return forceJacobian(s, forceColumn(s, s.derivatives(), atom, c), h);
    }

    /**
     * The derivatives one force component's Jacobian reads: for every atom i whose G depends on
     * atom {@code atom} (ascending), ∂G_i/∂r_atom,c for each of its functions (normalised floats,
     * concatenated in {@code values}), taken from the sample's derivatives: what
     * {@link #forceJacobian(Sample, int, int, double[])} contracts, and what the on-demand mode's
     * columns ({@link Featurizer#columns}) hold to the bit.
     */
    record ForceColumn(int[] atoms, float[] values) {}

    static ForceColumn forceColumn(Sample s, Sample d, int atom, int c) {
        int count = 0, len = 0;
        int[] atoms = new int[s.atoms];
        for (int i = 0; i < s.atoms; i++) {
            int q = d.entryOffset[i], end = d.entryOffset[i + 1];
            while (q < end && d.entryAtom[q] != atom) q++;
            if (q == end) continue;
            atoms[count++] = i;
            len += s.gOffset[i + 1] - s.gOffset[i];
        }
        float[] v = new float[len];
        for (int k = 0, o = 0; k < count; k++) {
            int i = atoms[k], ns = s.gOffset[i + 1] - s.gOffset[i];
            int q = d.entryOffset[i];
            while (d.entryAtom[q] != atom) q++;
            int src = d.dgOffset[i] + (q - d.entryOffset[i]) * ns * 3 + c;
            for (int t = 0; t < ns; t++) v[o++] = d.dg[src + 3 * t];
        }
        return new ForceColumn(java.util.Arrays.copyOf(atoms, count), v);
    }

    /** h = ∂F/∂w for the force component whose derivatives are {@code col}; returns the predicted component (internal). */
    double forceJacobian(Sample s, ForceColumn col, double[] h) {
        Arrays.fill(h, 0.0);
        final int[] atoms = col.atoms();
        final float[] values = col.values();
        double[] part = parts(atoms.length);
        // one element per thread, as in energyJacobian
        parallel.forEach(nets.size(), (e, t) -> {
            Scratch sc = scratch[t];
            for (int k = 0, o = 0; k < atoms.length; k++) {
                int i = atoms[k];
                int ns = s.gOffset[i + 1] - s.gOffset[i];
                if (s.element[i] != e) {
                    o += ns;
                    continue;
                }
                for (int x = 0; x < ns; x++) sc.u[x] = values[o++];
                atomEnergy(s, i, sc);
                part[k] = sc.der[e].accumulate(sc.ws[e], 0.0, -1.0, sc.u, h, offset[e]);
            }
        });
        double f = 0;
        for (int k = 0; k < atoms.length; k++) f -= part[k];
        return f;
    }

    /** h = ∂(W_q/N)/∂w for Voigt component q of the virial; returns the predicted W_q/N (internal). */
    double virialJacobian(Sample s, int q, double[] h) {
        Arrays.fill(h, 0.0);
        Scratch sc = scratch[0];
        double w = 0, inv = 1.0 / s.atoms;
        for (int i = 0; i < s.atoms; i++) {
            int e = s.element[i];
            int ns = s.gOffset[i + 1] - s.gOffset[i];
            for (int t = 0, v = 6 * s.gOffset[i] + q; t < ns; t++, v += 6) sc.u[t] = s.vg[v];
            atomEnergy(s, i, sc);
            w += sc.der[e].accumulate(sc.ws[e], 0.0, inv, sc.u, h, offset[e]);
        }
        return w * inv;
    }
}
