package dev.hdnnp.train;

import dev.hdnnp.descriptor.CutoffType;
import dev.hdnnp.descriptor.DescriptorSpec;
import dev.hdnnp.descriptor.SymmetryFunction;
import dev.hdnnp.nn.Activation;
import dev.hdnnp.nn.NeuralNetwork;
import dev.hdnnp.structure.Structure;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Small synthetic water-like data for fast trainer tests. */
final class Fixtures {
    private Fixtures() {}

    static DescriptorSpec spec(double rc) {
        List<List<SymmetryFunction>> f = List.of(new ArrayList<>(), new ArrayList<>());
        String[] el = {"H", "O"};
        for (int c = 0; c < 2; c++) {
            for (String n : el) {
                f.get(c).add(SymmetryFunction.parse(el[c] + " 2 " + n + " 0.5 0.0 " + rc));
                f.get(c).add(SymmetryFunction.parse(el[c] + " 2 " + n + " 2.0 1.0 " + rc));
            }
            f.get(c).add(SymmetryFunction.parse(el[c] + " 3 H O 0.3 1.0 2.0 " + rc));
            f.get(c).add(SymmetryFunction.parse(el[c] + " 9 H H 0.3 -1.0 1.0 " + rc));
            f.get(c).add(SymmetryFunction.parse(el[c] + " 3 O O 0.1 1.0 1.0 " + rc));
        }
        return new DescriptorSpec(List.of("H", "O"), CutoffType.ofCode(2), 0.0, f);
    }

    /** Water molecules in a small periodic box (cell smaller than 2 r_c: atoms see their own images). */
    static Structure water(Random r, int molecules, double box) {
        String[] sp = new String[3 * molecules];
        double[] x = new double[9 * molecules];
        for (int m = 0; m < molecules; m++) {
            double ox = r.nextDouble() * box, oy = r.nextDouble() * box, oz = r.nextDouble() * box;
            sp[3 * m] = "O"; sp[3 * m + 1] = "H"; sp[3 * m + 2] = "H";
            x[9 * m] = ox; x[9 * m + 1] = oy; x[9 * m + 2] = oz;
            for (int h = 1; h <= 2; h++)
                for (int c = 0; c < 3; c++) x[9 * m + 3 * h + c] = x[9 * m + c] + (r.nextDouble() - 0.5) * 1.6;
        }
        Structure s = new Structure(sp, x, new double[]{box, 0, 0, 0.3, box, 0, 0, 0, box}, new boolean[]{true, true, true});
        return s;
    }

    /** A toy reference energy/force: pairwise Morse-like so that the data is learnable and forces are exact. */
    static void label(Structure s, double rc) {
        int n = s.size();
        double e = 0;
        double[] f = new double[3 * n];
        double[] w = new double[9]; // virial Σ r ⊗ F = ½ Σ_pairs d ⊗ F_ij, d = r_i − r_j
        double[] x = s.positions(), h = s.cell();
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++)
                for (int a = -1; a <= 1; a++) for (int b = -1; b <= 1; b++) for (int c = -1; c <= 1; c++) {
                    if (i == j && a == 0 && b == 0 && c == 0) continue;
                    double dx = x[3 * i] - x[3 * j] - a * h[0] - b * h[3] - c * h[6];
                    double dy = x[3 * i + 1] - x[3 * j + 1] - a * h[1] - b * h[4] - c * h[7];
                    double dz = x[3 * i + 2] - x[3 * j + 2] - a * h[2] - b * h[5] - c * h[8];
                    double d = Math.sqrt(dx * dx + dy * dy + dz * dz);
                    if (d >= rc) continue;
                    double k = s.species(i).equals(s.species(j)) ? 0.3 : 0.6;
                    double v = k * Math.exp(-d) * (1 - d / rc) * (1 - d / rc);
                    double dv = k * (-Math.exp(-d) * (1 - d / rc) * (1 - d / rc) - Math.exp(-d) * 2 * (1 - d / rc) / rc);
                    e += 0.5 * v;
                    // F_i = −∂E/∂r_i; pair (i,j) counted twice with 1/2 each
                    f[3 * i] -= dv * dx / d;
                    f[3 * i + 1] -= dv * dy / d;
                    f[3 * i + 2] -= dv * dz / d;
                    double[] dd = {dx, dy, dz};
                    for (int p = 0; p < 3; p++) for (int q = 0; q < 3; q++) w[3 * p + q] -= 0.5 * dd[p] * dv * dd[q] / d;
                }
        for (int i = 0; i < n; i++) e += s.species(i).equals("O") ? -3.0 : -0.5;
        s.setEnergy(e);
        s.setForces(f);
        StringBuilder b = new StringBuilder();
        for (double v : w) b.append(b.isEmpty() ? "" : " ").append(v);
        s.info().put("virial", b.toString());
    }

    static List<NeuralNetwork> networks(DescriptorSpec spec, long seed, Activation act) {
        Random r = new Random(seed);
        List<NeuralNetwork> nets = new ArrayList<>();
        for (int e = 0; e < spec.elements().size(); e++) {
            int[] sizes = {spec.functions().get(e).size(), 6, 5, 1};
            NeuralNetwork nn = new NeuralNetwork(sizes, new Activation[]{act, act, Activation.IDENTITY}, false, null);
            double[] p = nn.parameters();
            for (int k = 0; k < p.length; k++) p[k] = r.nextGaussian() * 0.5;
            nets.add(nn);
        }
        return nets;
    }
}
