package dev.hdnnp.potential;

import dev.hdnnp.descriptor.KernelWorkspace;
import dev.hdnnp.descriptor.Scaling;
import dev.hdnnp.descriptor.SymmetryKernel;
import dev.hdnnp.neighbor.AtomicSystem;
import dev.hdnnp.neighbor.Neighborhood;
import dev.hdnnp.nn.NeuralNetwork;
import dev.hdnnp.structure.Elements;

import java.util.Arrays;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Energies, forces, per-atom energies and the virial of an {@link AtomicSystem} for one
 * {@link Model}. The one implementation of the physics that prediction, training validation,
 * the C ABI and LAMMPS all use.
 *
 * <p>Forces are assembled by scattering: each atom i adds −∂E_i/∂r_k to every neighbour entry k
 * (local or ghost) and the balancing +Σ_k ∂E_i/∂r_k to itself. This is the exact gradient also
 * when an atom sees periodic images of itself. Atoms are split into contiguous blocks, one per
 * thread; each thread has its own scratch and force buffer, and the buffers are summed in
 * thread order, so results do not depend on scheduling. After the first calls on a system of a
 * given size, a call allocates nothing.
 */
public final class Evaluator implements AutoCloseable {
    private final Model model;
    private final Worker[] workers;
    private final Thread[] threads;
    private final AtomicInteger pending = new AtomicInteger();
    private volatile int generation;
    private volatile boolean closed;
    private Thread caller;
    private double lengthToModel = 1.0, energyFromModel = 1.0;

    // the job of the current call, read by the worker threads after they see the new generation
    private AtomicSystem jobSystem;
    private EvaluationResult jobResult;
    private volatile Throwable failure;

    /** An evaluator with {@code threads} threads (1..{@link ThreadCount#MAX}); the extra threads are daemons that {@link #close} stops. */
    public Evaluator(Model model, int threads) {
        ThreadCount.check(threads);
        this.model = model;
        this.workers = new Worker[threads];
        // compiled once, shared by the workers (immutable); each worker has its own workspace
        SymmetryKernel[] kernels = new SymmetryKernel[model.elements().size()];
        for (int e = 0; e < kernels.length; e++) kernels[e] = model.kernel(e);
        for (int t = 0; t < threads; t++) workers[t] = new Worker(model, kernels, t);
        this.threads = new Thread[threads - 1];
        for (int t = 1; t < threads; t++) {
            final Worker w = workers[t];
            Thread th = new Thread(() -> workerLoop(w), "hdnnp-evaluator-" + t);
            th.setDaemon(true);
            this.threads[t - 1] = th;
            th.start();
        }
    }

    public Evaluator(Model model) { this(model, 1); }

    public Model model() { return model; }
    public int threads() { return workers.length; }

    /**
     * Sets the caller's units: model length = caller length × lengthToModel; caller energy =
     * model energy × energyFromModel. Forces and virials follow.
     */
    public void setUnits(double lengthToModel, double energyFromModel) {
        if (!(lengthToModel > 0) || !(energyFromModel > 0)) throw new IllegalArgumentException("unit factors must be positive");
        this.lengthToModel = lengthToModel;
        this.energyFromModel = energyFromModel;
    }

    /** Sets the caller's units by name (e.g. "angstrom", "eV"). */
    public void setUnits(String lengthUnit, String energyUnit) {
        setUnits(Units.lengthFactor(lengthUnit, model.lengthUnit()), Units.energyFactor(model.energyUnit(), energyUnit));
    }

    /** Computes everything for the system; overwrites {@code out}'s fields (forces of all totalCount atoms). */
    public void compute(AtomicSystem system, EvaluationResult out) {
        if (closed) throw new IllegalStateException("evaluator is closed");
        final int nall = system.totalCount();
        out.ensureCapacity(nall, out.wantsAtomEnergy(), out.wantsAtomVirial());
        // per-atom outputs are written only at the central atom's index, so threads never share an entry
        if (out.wantsAtomEnergy()) Arrays.fill(out.atomEnergy, 0, nall, 0.0);
        if (out.wantsAtomVirial()) Arrays.fill(out.atomVirial, 0, 6 * nall, 0.0);
        final int T = workers.length;
        final int inum = system.localCount();
        for (int t = 0; t < T; t++) {
            workers[t].from = (int) ((long) inum * t / T);
            workers[t].to = (int) ((long) inum * (t + 1) / T);
        }
        if (T == 1) {
            workers[0].run(system, out, true);
        } else {
            jobSystem = system;
            jobResult = out;
            failure = null;
            caller = Thread.currentThread();
            pending.set(T - 1);
            generation++;
            for (Thread th : threads) LockSupport.unpark(th);
            Throwable own = null;
            try {
                workers[0].run(system, out, false);
            } catch (Throwable e) {
                own = e;
            }
            while (pending.get() != 0) LockSupport.park(this);
            jobSystem = null;
            jobResult = null;
            if (own != null) rethrow(own);
            if (failure != null) rethrow(failure);
        }
        reduce(out, nall);
    }

    private static void rethrow(Throwable t) {
        if (t instanceof RuntimeException r) throw r;
        if (t instanceof Error e) throw e;
        throw new IllegalStateException(t);
    }

    private void reduce(EvaluationResult out, int nall) {
        final int T = workers.length;
        Worker w0 = workers[0];
        double energy = 0;
        Arrays.fill(out.virial, 0.0);
        int warnings = 0;
        for (int t = 0; t < T; t++) {
            Worker w = workers[t];
            energy += w.energy;
            for (int c = 0; c < 6; c++) out.virial[c] += w.virial[c];
            for (int q = 0; q < w.warningCount && warnings + q < EvaluationResult.MAX_RECORDED; q++) {
                int o = warnings + q;
                out.warningAtom[o] = w.wAtom[q];
                out.warningElement[o] = w.wElement[q];
                out.warningFunction[o] = w.wFunction[q];
                out.warningValue[o] = w.wValue[q];
                out.warningMin[o] = w.wMin[q];
                out.warningMax[o] = w.wMax[q];
            }
            warnings += w.warningCount;
        }
        out.energy = energy;
        out.extrapolationWarnings = warnings;
        if (T > 1) {
            final double[] f = out.forces;
            System.arraycopy(w0.forces, 0, f, 0, 3 * nall);
            for (int t = 1; t < T; t++) {
                final double[] g = workers[t].forces;
                for (int a = 0; a < 3 * nall; a++) f[a] += g[a];
            }
        }
    }

    private void workerLoop(Worker w) {
        int seen = 0;
        while (true) {
            int spins = 0;
            while (generation == seen && !closed) {
                if (++spins < 2000) Thread.onSpinWait();
                else LockSupport.park(this);
            }
            if (closed) return;
            seen = generation;
            try {
                w.run(jobSystem, jobResult, false);
            } catch (Throwable e) {
                failure = e;
            }
            if (pending.decrementAndGet() == 0) LockSupport.unpark(caller);
        }
    }

    /** Stops the worker threads. */
    @Override
    public void close() {
        closed = true;
        for (Thread th : threads) LockSupport.unpark(th);
        for (Thread th : threads) {
            try {
                th.join(1000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    /** One thread's share of the work with its own scratch. */
    private final class Worker {
        final int id;
        final SymmetryKernel[] kernels;
        final KernelWorkspace kws;
        final Scaling[] scalings;
        final NeuralNetwork[] networks;
        final NeuralNetwork.Workspace[] workspaces;
        final double[] atomicNumber, offsets;
        final double[] cutoff2;
        final double invConvEnergy, meanEnergy;
        final Neighborhood nb = new Neighborhood();
        final double[] G, Gs, dEdG, coef;
        double[] forces = new double[0];
        double energy;
        final double[] virial = new double[6];
        int from, to;
        int warningCount;
        final int[] wAtom = new int[EvaluationResult.MAX_RECORDED], wElement = new int[EvaluationResult.MAX_RECORDED],
                wFunction = new int[EvaluationResult.MAX_RECORDED];
        final double[] wValue = new double[EvaluationResult.MAX_RECORDED], wMin = new double[EvaluationResult.MAX_RECORDED],
                wMax = new double[EvaluationResult.MAX_RECORDED];

        Worker(Model model, SymmetryKernel[] kernels, int id) {
            this.id = id;
            int ne = model.elements().size();
            this.kernels = kernels;
            scalings = new Scaling[ne];
            networks = new NeuralNetwork[ne];
            workspaces = new NeuralNetwork.Workspace[ne];
            atomicNumber = new double[ne];
            offsets = new double[ne];
            cutoff2 = new double[ne];
            int maxSf = 0;
            for (int e = 0; e < ne; e++) {
                scalings[e] = model.scaling(e);
                networks[e] = model.network(e);
                workspaces[e] = new NeuralNetwork.Workspace(networks[e]);
                atomicNumber[e] = Elements.atomicNumber(model.elements().get(e));
                offsets[e] = model.energyOffset(e);
                double rc = kernels[e].maxCutoff();
                cutoff2[e] = rc * rc;
                maxSf = Math.max(maxSf, kernels[e].size());
            }
            kws = SymmetryKernel.workspace(kernels);
            G = new double[maxSf];
            Gs = new double[maxSf];
            dEdG = new double[maxSf];
            coef = new double[maxSf];
            invConvEnergy = 1.0 / model.normalization().convEnergy();
            meanEnergy = model.normalization().meanEnergy();
        }

        void run(AtomicSystem sys, EvaluationResult out, boolean direct) {
            final int nall = sys.totalCount();
            final double[] f;
            if (direct) {
                f = out.forces;
            } else {
                if (forces.length < 3 * nall) forces = new double[3 * nall];
                f = forces;
            }
            Arrays.fill(f, 0, 3 * nall, 0.0);
            energy = 0.0;
            Arrays.fill(virial, 0.0);
            warningCount = 0;
            final double L = lengthToModel;
            final double invL = 1.0 / L;
            final double eScale = energyFromModel;
            final double fScale = energyFromModel * L * invConvEnergy;
            final double[] eatom = out.wantsAtomEnergy() ? out.atomEnergy : null;
            final double[] vatom = out.wantsAtomVirial() ? out.atomVirial : null;
            for (int ii = from; ii < to; ii++) {
                final int i = sys.atom(ii);
                final int e = sys.element(i);
                if (e < 0) continue;
                final SymmetryKernel kernel = kernels[e];
                final double rc2 = cutoff2[e];
                sys.gather(i, L, rc2, atomicNumber, nb);
                final int ns = kernel.size();
                kernel.values(nb, kws, G);
                final Scaling sc = scalings[e];
                for (int s = 0; s < ns; s++) {
                    final double g = G[s];
                    Gs[s] = sc.scale(s, g);
                    if (sc.extrapolates(s, g)) {
                        if (warningCount < EvaluationResult.MAX_RECORDED) {
                            wAtom[warningCount] = i;
                            wElement[warningCount] = e;
                            wFunction[warningCount] = s;
                            wValue[warningCount] = g;
                            wMin[warningCount] = sc.min(s);
                            wMax[warningCount] = sc.max(s);
                        }
                        warningCount++;
                    }
                }
                final NeuralNetwork net = networks[e];
                final NeuralNetwork.Workspace ws = workspaces[e];
                final double ei = net.evaluate(Gs, ws);
                net.inputGradient(ws, dEdG);
                final double atomE = (ei * invConvEnergy + meanEnergy + offsets[e]) * eScale;
                energy += atomE;
                if (eatom != null) eatom[i] = atomE;
                for (int s = 0; s < ns; s++) coef[s] = dEdG[s] * sc.derivative(s) * fScale;
                kernel.gradient(nb, kws, coef);
                ForceScatter.add(nb, i, kws.gx, kws.gy, kws.gz, invL, f, virial, vatom);
            }
        }
    }
}
