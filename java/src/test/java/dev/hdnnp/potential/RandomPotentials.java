package dev.hdnnp.potential;

import dev.hdnnp.descriptor.CutoffType;
import dev.hdnnp.descriptor.Scaling;
import dev.hdnnp.descriptor.ScalingMode;
import dev.hdnnp.descriptor.SymmetryFunction;
import dev.hdnnp.nn.Activation;
import dev.hdnnp.nn.NeuralNetwork;
import dev.hdnnp.structure.Structure;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/** Random potentials that exercise every symmetry-function type and random structures for finite-difference tests. */
final class RandomPotentials {
    static final List<String> ELEMENTS = List.of("H", "C", "O");

    private RandomPotentials() {}

    /** A model with every symmetry-function type for every element, random scaling, and networks with the given activations. */
    static Model model(Random rnd, CutoffType cutoff, double alpha, double rc, Activation[] activations, ScalingMode mode) {
        List<List<SymmetryFunction>> functions = new ArrayList<>();
        List<Scaling> scalings = new ArrayList<>();
        List<NeuralNetwork> nets = new ArrayList<>();
        String[] subtypes = {"p1", "p2", "p3", "p4", "e", "p2a", "p4a", "ea"};
        // windows that vanish at 0 and 180 degrees: collinear triplets (an atom and two of its own images)
        // sit exactly there, where a window centred at 0 or 180 would switch on and off with rounding
        double[][] windows = {{0, 180}, {30, 150}, {45, 120}, {10, 170}};
        for (String c : ELEMENTS) {
            List<String> lines = new ArrayList<>();
            for (String e1 : ELEMENTS) {
                lines.add(c + " 2 " + e1 + " " + r(rnd, 0.05, 0.8) + " " + r(rnd, 0.0, 1.5) + " " + rc);
                lines.add(c + " 20 " + e1 + " " + (rnd.nextBoolean() ? -rc : r(rnd, 0.2, 1.0)) + " " + rc + " " + subtypes[rnd.nextInt(subtypes.length)]);
                for (String e2 : ELEMENTS) {
                    if (ELEMENTS.indexOf(e2) < ELEMENTS.indexOf(e1)) continue;
                    double zeta = new double[]{1, 2, 4, 3.5}[rnd.nextInt(4)];
                    double lambda = rnd.nextBoolean() ? 1 : -1;
                    lines.add(c + " 3 " + e1 + " " + e2 + " " + r(rnd, 0.01, 0.2) + " " + lambda + " " + zeta + " " + rc + " " + (rnd.nextBoolean() ? 0.0 : r(rnd, 0.1, 0.8)));
                    lines.add(c + " 9 " + e1 + " " + e2 + " " + r(rnd, 0.01, 0.2) + " " + (-lambda) + " " + zeta + " " + rc);
                    double[] w = windows[rnd.nextInt(windows.length)];
                    lines.add(c + " 21 " + e1 + " " + e2 + " " + (rnd.nextBoolean() ? -rc : r(rnd, 0.1, 0.8)) + " " + rc + " " + w[0] + " " + w[1] + " " + subtypes[rnd.nextInt(subtypes.length)]);
                    w = windows[rnd.nextInt(windows.length)];
                    lines.add(c + " 22 " + e1 + " " + e2 + " " + -rc + " " + rc + " " + w[0] + " " + w[1] + " " + subtypes[rnd.nextInt(subtypes.length)]);
                }
            }
            lines.add(c + " 12 " + r(rnd, 0.05, 0.5) + " " + r(rnd, 0, 1) + " " + rc);
            lines.add(c + " 13 " + r(rnd, 0.01, 0.1) + " " + r(rnd, 0, 0.5) + " 1.0 2.0 " + rc);
            lines.add(c + " 13 " + r(rnd, 0.01, 0.1) + " 0.0 -1.0 1.0 " + rc);
            lines.add(c + " 23 " + -rc + " " + rc + " p3");
            lines.add(c + " 24 " + -rc + " " + rc + " 20 160 p2");
            lines.add(c + " 25 0.3 " + rc + " 5 175 p2a");
            List<SymmetryFunction> sfs = new ArrayList<>();
            for (String l : lines) sfs.add(SymmetryFunction.parse(l));
            sfs.sort(SymmetryFunction.N2P2_ORDER);
            functions.add(sfs);
            int n = sfs.size();
            double[] min = new double[n], max = new double[n], mean = new double[n], sigma = new double[n];
            for (int s = 0; s < n; s++) {
                min[s] = r(rnd, 0, 0.5);
                max[s] = min[s] + r(rnd, 1, 20);
                mean[s] = 0.5 * (min[s] + max[s]);
                sigma[s] = r(rnd, 0.5, 5);
            }
            scalings.add(new Scaling(mode, -0.9, 0.9, min, max, mean, sigma));
            int[] sizes = {n, 6, 5, 1};
            NeuralNetwork net = new NeuralNetwork(sizes, activations, rnd.nextBoolean(), null);
            double[] p = net.parameters();
            for (int l = 1; l < sizes.length; l++) {
                double w = 1.5 / Math.sqrt(sizes[l - 1]);
                for (int i = net.weightOffset(l); i < net.biasOffset(l) + sizes[l]; i++) p[i] = rnd.nextGaussian() * w;
            }
            nets.add(net);
        }
        double[] offsets = {r(rnd, -1, 1), r(rnd, -5, 5), r(rnd, -10, 10)};
        return new Model(ELEMENTS, cutoff, alpha, functions, scalings, nets, new Normalization(-0.3, 2.5, 1.7), offsets,
                "angstrom", "eV", Map.of("test", "random"));
    }

    /**
     * The same model with scaling statistics taken from the structure's own symmetry functions
     * (so that network inputs are of order one, as after training) and, for the modes that do not
     * divide by a spread, first-layer weights divided by the functions' magnitude.
     */
    static Model calibrate(Model m, Structure s) {
        dev.hdnnp.neighbor.NeighborList nl = dev.hdnnp.neighbor.NeighborList.build(s, m.cutoff(), m::elementIndex);
        AtomAnalysis analysis = new AtomAnalysis(m);
        int ne = m.elements().size();
        List<Scaling> scalings = new ArrayList<>();
        List<NeuralNetwork> nets = new ArrayList<>();
        for (int e = 0; e < ne; e++) {
            int n = m.functions(e).size();
            double[] min = new double[n], max = new double[n], sum = new double[n], sum2 = new double[n];
            java.util.Arrays.fill(min, Double.MAX_VALUE);
            java.util.Arrays.fill(max, -Double.MAX_VALUE);
            int count = 0;
            for (int i = 0; i < s.size(); i++) {
                if (nl.element(i) != e) continue;
                double[] g = analysis.analyse(nl, i).raw();
                count++;
                for (int q = 0; q < n; q++) {
                    min[q] = Math.min(min[q], g[q]);
                    max[q] = Math.max(max[q], g[q]);
                    sum[q] += g[q];
                    sum2[q] += g[q] * g[q];
                }
            }
            double[] mean = new double[n], sigma = new double[n];
            for (int q = 0; q < n; q++) {
                if (count == 0) { min[q] = 0; max[q] = 1; }
                double spread = Math.max(max[q] - min[q], 0.1 * Math.max(1e-3, Math.abs(max[q])));
                min[q] -= 0.05 * spread;
                max[q] = min[q] + 1.1 * spread;
                mean[q] = count == 0 ? 0.5 : sum[q] / count;
                sigma[q] = 0.3 * spread;
            }
            Scaling old = m.scaling(e);
            scalings.add(new Scaling(old.mode(), old.sMin(), old.sMax(), min, max, mean, sigma));
            NeuralNetwork net = m.network(e).copy();
            if (old.mode() == ScalingMode.NONE || old.mode() == ScalingMode.CENTER) {
                double[] p = net.parameters();
                int nout = net.size(1);
                for (int q = 0; q < n; q++) {
                    double mag = Math.max(1.0, Math.max(Math.abs(max[q]), Math.abs(min[q])));
                    for (int k = 0; k < nout; k++) p[net.weightOffset(1) + q * nout + k] /= mag;
                }
            }
            nets.add(net);
        }
        return new Model(m.elements(), m.cutoffType(), m.cutoffAlpha(), java.util.stream.IntStream.range(0, ne).mapToObj(m::functions).toList(),
                scalings, nets, m.normalization(), m.energyOffsets(), m.lengthUnit(), m.energyUnit(), m.provenance());
    }

    /** Atoms in a random (triclinic when asked) cell, no two closer than dmin. */
    static Structure structure(Random rnd, int n, boolean[] pbc, boolean triclinic, double size) {
        double[] cell = {size, 0, 0, 0, size * 1.1, 0, 0, 0, size * 0.95};
        if (triclinic) {
            cell[3] = r(rnd, -0.3, 0.3) * size;
            cell[6] = r(rnd, -0.3, 0.3) * size;
            cell[7] = r(rnd, -0.3, 0.3) * size;
        }
        double[] x = new double[3 * n];
        String[] sp = new String[n];
        int placed = 0;
        while (placed < n) {
            double a = rnd.nextDouble(), b = rnd.nextDouble(), c = rnd.nextDouble();
            double px = a * cell[0] + b * cell[3] + c * cell[6];
            double py = a * cell[1] + b * cell[4] + c * cell[7];
            double pz = a * cell[2] + b * cell[5] + c * cell[8];
            boolean ok = true;
            for (int j = 0; j < placed && ok; j++) {
                double dx = px - x[3 * j], dy = py - x[3 * j + 1], dz = pz - x[3 * j + 2];
                ok = dx * dx + dy * dy + dz * dz > 0.9 * 0.9;
            }
            if (!ok) continue;
            x[3 * placed] = px;
            x[3 * placed + 1] = py;
            x[3 * placed + 2] = pz;
            sp[placed] = ELEMENTS.get(rnd.nextInt(ELEMENTS.size()));
            placed++;
        }
        boolean periodic = pbc[0] || pbc[1] || pbc[2];
        return new Structure(sp, x, periodic ? cell : null, pbc);
    }

    static double r(Random rnd, double lo, double hi) { return lo + (hi - lo) * rnd.nextDouble(); }
}
