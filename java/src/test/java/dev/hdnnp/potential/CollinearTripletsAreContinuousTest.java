package dev.hdnnp.potential;

import dev.hdnnp.TestData;
import dev.hdnnp.descriptor.CutoffType;
import dev.hdnnp.descriptor.Scaling;
import dev.hdnnp.descriptor.ScalingMode;
import dev.hdnnp.descriptor.SymmetryFunction;
import dev.hdnnp.io.N2p2Potential;
import dev.hdnnp.neighbor.NeighborList;
import dev.hdnnp.nn.Activation;
import dev.hdnnp.nn.NeuralNetwork;
import dev.hdnnp.structure.Structure;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Compact angular windows that contain 0° or 180° (types 21, 22, 24, 25) give an energy and
 * forces that are continuous through exactly collinear triplets, where n2p2 skips the triplet
 * and its energy jumps. Checked on a linear O–C–O molecule with windows centred at 0° and 180°
 * (including p1 windows, whose derivative limit is not zero) and on n2p2's DMABN_SCAN potential
 * with three collinear carbons: moving an atom off the line by 1e-7 changes the energy by O(δ²)
 * and the forces by O(δ), and the forces at the collinear geometry equal finite differences
 * taken across it.
 */
class CollinearTripletsAreContinuousTest {

    @Test
    void linearCarbonDioxide() {
        List<String> elements = List.of("C", "O");
        String[][] lines = {
                {"C 20 O -4.0 4.0 p2", "C 21 O O -4.0 4.0 150 210 p1", "C 22 O O -4.0 4.0 90 270 p2", "C 22 O O -4.0 4.0 120 240 e",
                        "C 25 -4.0 4.0 170 190 p3", "C 24 -4.0 4.0 0 180 p2"},
                {"O 20 C -4.0 4.0 p2", "O 20 O -4.0 4.0 p3", "O 21 C O -4.0 4.0 -20 20 p1", "O 22 C O -4.0 4.0 -90 90 p2",
                        "O 22 C O -4.0 4.0 -30 30 p2a", "O 25 -4.0 4.0 -15 15 p4", "O 24 0.5 4.0 -40 40 e"}};
        Model m = model(elements, lines, new Random(5));
        // O=C=O along x (angstrom), exactly collinear: cos θ is exactly ±1
        Structure s = new Structure(new String[]{"O", "C", "O"}, new double[]{-1.16, 0, 0, 0, 0, 0, 1.16, 0, 0}, null, null);
        checkContinuous(m, s, new int[]{0, 1}, 1e-7);
    }

    @Test
    void dmabnScanWithThreeCollinearCarbons() {
        Model m = N2p2Potential.read(TestData.shared("reference/n2p2/DMABN_SCAN/potential"), "bohr", "hartree");
        // a 9-atom fragment (bohr) whose first three carbons lie on the x axis
        String[] species = {"C", "C", "C", "N", "H", "H", "C", "H", "N"};
        double[] x = {
                0.0, 0.0, 0.0,
                2.65, 0.0, 0.0,
                5.30, 0.0, 0.0,
                -2.2, 1.9, 0.4,
                2.7, 2.05, 0.1,
                2.5, -2.0, -0.6,
                6.6, 2.3, 0.9,
                7.1, -1.6, -0.3,
                -1.9, -2.4, 1.1};
        Structure s = new Structure(species, x, null, null);
        checkContinuous(m, s, new int[]{0, 1, 2}, 1e-7);
    }

    /** Moves each listed atom off the line (y and z) and checks continuity and finite differences at the line. */
    static void checkContinuous(Model m, Structure s, int[] atoms, double delta) {
        double e0 = ForcesAndVirialMatchFiniteDifferencesTest.energy(m, s);
        double[] f0 = forces(m, s);
        double fmax = 0;
        for (double v : f0) fmax = Math.max(fmax, Math.abs(v));
        assertTrue(fmax > 1e-4, "forces must not vanish for a meaningful test: " + fmax);
        double[] x = s.positions();
        for (int a : atoms) {
            for (int c = 1; c < 3; c++) {
                int coord = 3 * a + c;
                double x0 = x[coord];
                x[coord] = x0 + delta;
                double e1 = ForcesAndVirialMatchFiniteDifferencesTest.energy(m, s);
                double[] f1 = forces(m, s);
                x[coord] = x0;
                // smooth: the change is first order in delta with the force as slope (zero across the line by symmetry or not)
                double predicted = -f0[coord] * delta;
                assertTrue(Math.abs(e1 - e0 - predicted) <= 1e-6 * delta * Math.max(1.0, fmax) + 1e-12 * Math.abs(e0),
                        "atom " + a + " comp " + c + ": energy jumps by " + (e1 - e0) + " (expected " + predicted + ")");
                for (int q = 0; q < f0.length; q++)
                    assertTrue(Math.abs(f1[q] - f0[q]) <= 1e-4 * fmax, "atom " + a + " comp " + c + ": force " + q + " jumps from " + f0[q] + " to " + f1[q]);
                double fd = -ForcesAndVirialMatchFiniteDifferencesTest.derivative(m, s, coord, 1e-4);
                assertTrue(Math.abs(fd - f0[coord]) <= 1e-6 * fmax + 1e-11,
                        "atom " + a + " comp " + c + ": force at the collinear geometry " + f0[coord] + " vs finite difference across it " + fd);
            }
        }
    }

    static double[] forces(Model m, Structure s) {
        NeighborList nl = NeighborList.build(s, m.cutoff(), m::elementIndex);
        EvaluationResult r = new EvaluationResult();
        try (Evaluator ev = new Evaluator(m, 1)) {
            ev.compute(nl, r);
        }
        double[] f = new double[3 * s.size()];
        nl.foldGhostForces(r.forces, f);
        return f;
    }

    /** A model from symfunction lines with random tanh networks and identity scaling. */
    static Model model(List<String> elements, String[][] lines, Random rnd) {
        List<List<SymmetryFunction>> functions = new ArrayList<>();
        List<Scaling> scalings = new ArrayList<>();
        List<NeuralNetwork> nets = new ArrayList<>();
        for (String[] ls : lines) {
            List<SymmetryFunction> sfs = new ArrayList<>();
            for (String l : ls) sfs.add(SymmetryFunction.parse(l));
            sfs.sort(SymmetryFunction.N2P2_ORDER);
            functions.add(sfs);
            int n = sfs.size();
            scalings.add(Scaling.none(n));
            int[] sizes = {n, 5, 1};
            NeuralNetwork net = new NeuralNetwork(sizes, new Activation[]{Activation.TANH, Activation.IDENTITY}, false, null);
            double[] p = net.parameters();
            for (int i = 0; i < p.length; i++) p[i] = rnd.nextGaussian() * 0.7;
            nets.add(net);
        }
        return new Model(elements, CutoffType.COS, 0.0, functions, scalings, nets, new Normalization(0, 1, 1), new double[elements.size()],
                "angstrom", "eV", Map.of("test", "collinear"));
    }
}
