package dev.hdnnp.bench;

import dev.hdnnp.descriptor.KernelWorkspace;
import dev.hdnnp.descriptor.SymmetryKernel;
import dev.hdnnp.neighbor.Neighborhood;
import dev.hdnnp.descriptor.Scaling;
import dev.hdnnp.io.InputDataFormat;
import dev.hdnnp.io.N2p2Potential;
import dev.hdnnp.neighbor.NeighborList;
import dev.hdnnp.nn.NeuralNetwork;
import dev.hdnnp.potential.EvaluationResult;
import dev.hdnnp.potential.Evaluator;
import dev.hdnnp.potential.Model;
import dev.hdnnp.structure.Elements;
import dev.hdnnp.structure.Structure;

import java.nio.file.Path;
import java.util.Arrays;

/**
 * Paired timing on a shared, busy machine: the grouped two-pass kernel ({@link Evaluator}) and the
 * kernel's training mode ({@link SymmetryKernel#jacobian}, which writes ∂G_s/∂r_k for every
 * neighbour and function, then contracted with dE/dG: what the trainer computes per structure in
 * its on-demand memory mode; before the grouped kernel the force path worked this way too) on the 1080-atom
 * water box, alternating call by call so that both see the same load. Prints the median of the
 * per-round ratios. Also pairs the evaluator on 2 threads with 1 thread.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar dev.hdnnp.bench.KernelComparison /path/to/shared [rounds]}
 */
public final class KernelComparison {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "../shared").resolve("reference/n2p2/H2O_RPBE-D3");
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 20;
        Model model = N2p2Potential.read(dir.resolve("potential"), "bohr", "hartree");
        Structure box = InputDataFormat.read(dir.resolve("single/input.data")).get(0);
        NeighborList system = NeighborList.build(box, model.cutoff(), model::elementIndex);
        PerFunction old = new PerFunction(model);
        scratch(model, system);
        EvaluationResult r1 = new EvaluationResult(), r2 = new EvaluationResult();
        try (Evaluator one = new Evaluator(model, 1); Evaluator two = new Evaluator(model, 2)) {
            one.compute(system, r1);
            double eOld = old.energy(system);
            System.out.printf("energy: two-pass %.15g, Jacobian mode %.15g, relative difference %.2e%n", r1.energy, eOld, Math.abs(r1.energy - eOld) / Math.abs(eOld));
            double[] tOld = new double[rounds], tNew = new double[rounds], tTwo = new double[rounds];
            for (int w = 0; w < 5; w++) { old.energy(system); one.compute(system, r1); two.compute(system, r2); }
            for (int q = 0; q < rounds; q++) {
                long t0 = System.nanoTime();
                old.energy(system);
                long t1 = System.nanoTime();
                one.compute(system, r1);
                long t2 = System.nanoTime();
                two.compute(system, r2);
                long t3 = System.nanoTime();
                tOld[q] = (t1 - t0) * 1e-6;
                tNew[q] = (t2 - t1) * 1e-6;
                tTwo[q] = (t3 - t2) * 1e-6;
            }
            double[] ratio = new double[rounds], speedup = new double[rounds];
            for (int q = 0; q < rounds; q++) { ratio[q] = tOld[q] / tNew[q]; speedup[q] = tNew[q] / tTwo[q]; }
            int n = system.localCount();
            System.out.printf("Jacobian mode + contraction: median %.1f ms (%.0f us/atom), min %.1f ms%n", median(tOld), 1e3 * median(tOld) / n, min(tOld));
            System.out.printf("grouped kernel, 1 thread: median %.1f ms (%.0f us/atom), min %.1f ms%n", median(tNew), 1e3 * median(tNew) / n, min(tNew));
            System.out.printf("grouped kernel, 2 threads: median %.1f ms (%.0f us/atom), min %.1f ms%n", median(tTwo), 1e3 * median(tTwo) / n, min(tTwo));
            System.out.printf("two-pass force path over the Jacobian mode (median of paired ratios): %.2fx; min/min %.2fx%n", median(ratio), min(tOld) / min(tNew));
            System.out.printf("2 threads over 1 (median of paired ratios): %.2fx; min/min %.2fx%n", median(speedup), min(tNew) / min(tTwo));
        }
    }

    /** Per-thread scratch of both kernels for the atom with the most neighbours. */
    private static void scratch(Model model, NeighborList system) {
        int ne = model.elements().size();
        SymmetryKernel[] kernels = new SymmetryKernel[ne];
        double[] z = new double[ne];
        for (int e = 0; e < ne; e++) {
            kernels[e] = model.kernel(e);
            z[e] = Elements.atomicNumber(model.elements().get(e));
        }
        KernelWorkspace ws = SymmetryKernel.workspace(kernels);
        Neighborhood nb = new Neighborhood();
        int maxM = 0, maxNs = 0;
        double[] G = new double[256];
        for (int ii = 0; ii < system.localCount(); ii++) {
            int i = system.atom(ii), e = system.element(i);
            double rc = kernels[e].maxCutoff();
            system.gather(i, 1.0, rc * rc, z, nb);
            kernels[e].values(nb, ws, G);
            maxM = Math.max(maxM, nb.count);
            maxNs = Math.max(maxNs, kernels[e].size());
        }
        System.out.printf("per-thread scratch, atom with %d neighbours: grouped kernel %.1f KB; Jacobian array alone %.1f KB%n",
                maxM, ws.bytes() / 1024.0, 8.0 * 3 * maxM * maxNs / 1024.0);
    }

    private static double median(double[] a) {
        double[] b = a.clone();
        Arrays.sort(b);
        return b.length % 2 == 1 ? b[b.length / 2] : 0.5 * (b[b.length / 2 - 1] + b[b.length / 2]);
    }

    private static double min(double[] a) {
        return Arrays.stream(a).min().orElse(Double.NaN);
    }

    /** Forces from the training mode: full ∂G/∂r per neighbour and function, then the contraction with dE/dG. */
    static final class PerFunction {
        final Model model;
        final SymmetryKernel[] sets;
        final KernelWorkspace kws;
        final NeuralNetwork.Workspace[] ws;
        final double[] z;
        final Neighborhood nb = new Neighborhood();
        double[] G = new double[64], Gs = new double[64], dEdG = new double[64], dG = new double[0], f = new double[0];

        PerFunction(Model model) {
            this.model = model;
            int ne = model.elements().size();
            sets = new SymmetryKernel[ne];
            ws = new NeuralNetwork.Workspace[ne];
            z = new double[ne];
            for (int e = 0; e < ne; e++) {
                sets[e] = model.kernel(e);
                ws[e] = new NeuralNetwork.Workspace(model.network(e));
                z[e] = Elements.atomicNumber(model.elements().get(e));
            }
            kws = SymmetryKernel.workspace(sets);
        }

        double energy(NeighborList sys) {
            int nall = sys.totalCount();
            if (f.length < 3 * nall) f = new double[3 * nall];
            Arrays.fill(f, 0.0);
            double energy = 0;
            for (int ii = 0; ii < sys.localCount(); ii++) {
                int i = sys.atom(ii), e = sys.element(i);
                SymmetryKernel ds = sets[e];
                sys.gather(i, 1.0, ds.maxCutoff() * ds.maxCutoff(), z, nb);
                int m = nb.count, ns = ds.size();
                if (dG.length < m * ns * 3) dG = new double[m * ns * 3];
                ds.values(nb, kws, G);
                ds.jacobian(nb, kws, dG);
                Scaling sc = model.scaling(e);
                for (int s = 0; s < ns; s++) Gs[s] = sc.scale(s, G[s]);
                NeuralNetwork net = model.network(e);
                energy += net.evaluate(Gs, ws[e]);
                net.inputGradient(ws[e], dEdG);
                for (int s = 0; s < ns; s++) dEdG[s] *= sc.derivative(s);
                for (int k = 0; k < m; k++) {
                    double gx = 0, gy = 0, gz = 0;
                    int o = k * ns * 3;
                    for (int s = 0; s < ns; s++, o += 3) {
                        gx += dEdG[s] * dG[o];
                        gy += dEdG[s] * dG[o + 1];
                        gz += dEdG[s] * dG[o + 2];
                    }
                    int j = nb.atom[k];
                    f[3 * j] -= gx; f[3 * j + 1] -= gy; f[3 * j + 2] -= gz;
                    f[3 * i] += gx; f[3 * i + 1] += gy; f[3 * i + 2] += gz;
                }
            }
            return energy / model.normalization().convEnergy() + offsets(sys);
        }

        private double offsets(NeighborList sys) {
            double s = 0;
            for (int ii = 0; ii < sys.localCount(); ii++) {
                int e = sys.element(sys.atom(ii));
                s += model.normalization().meanEnergy() + model.energyOffset(e);
            }
            return s;
        }
    }
}
