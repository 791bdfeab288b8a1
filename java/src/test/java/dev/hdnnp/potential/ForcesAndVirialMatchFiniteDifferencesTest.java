package dev.hdnnp.potential;

import dev.hdnnp.descriptor.CutoffType;
import dev.hdnnp.descriptor.ScalingMode;
import dev.hdnnp.neighbor.NeighborList;
import dev.hdnnp.nn.Activation;
import dev.hdnnp.structure.Structure;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Analytic forces and virials equal finite differences of the energy, for random potentials
 * that use every symmetry-function type, with every cutoff type, every activation and scaling
 * mode, in small triclinic cells (atoms see their own images), partly periodic and open systems.
 */
class ForcesAndVirialMatchFiniteDifferencesTest {
    static final Activation[][] ACTIVATIONS = {
            {Activation.TANH, Activation.SOFTPLUS, Activation.IDENTITY},
            {Activation.GAUSSIAN, Activation.COSINE, Activation.IDENTITY},
            {Activation.REVERSE_LOGISTIC, Activation.EXP, Activation.HARMONIC},
            // ReLU only where few neurons could cross its kink during a finite-difference step
            {Activation.LOGISTIC, Activation.RELU, Activation.IDENTITY}};

    static double energy(Model m, Structure s) {
        NeighborList nl = NeighborList.build(s, m.cutoff(), m::elementIndex);
        try (Evaluator ev = new Evaluator(m, 1)) {
            EvaluationResult r = new EvaluationResult();
            ev.compute(nl, r);
            return r.energy;
        }
    }

    /** Fourth-order central difference of the energy along one coordinate. */
    static double derivative(Model m, Structure s, int coord, double h) {
        double[] x = s.positions();
        double x0 = x[coord];
        double[] e = new double[4];
        double[] steps = {-2 * h, -h, h, 2 * h};
        for (int q = 0; q < 4; q++) {
            x[coord] = x0 + steps[q];
            e[q] = energy(m, s);
        }
        x[coord] = x0;
        return (8 * (e[2] - e[1]) - (e[3] - e[0])) / (12 * h);
    }

    @ParameterizedTest
    @EnumSource(CutoffType.class)
    void forcesAndVirial(CutoffType type) {
        Random rnd = new Random(1234 + type.ordinal());
        ScalingMode[] modes = ScalingMode.values();
        Model raw = RandomPotentials.model(rnd, type, type.usesInnerCutoff() ? 0.25 : 0.0, 4.2,
                ACTIVATIONS[(type.ordinal() + 1) % ACTIVATIONS.length], modes[type.ordinal() % modes.length]);
        boolean[][] pbcs = {{true, true, true}, {true, false, true}, {false, false, false}};
        for (boolean[] pbc : pbcs) {
            // cells smaller than the cutoff: atoms see their own images
            Structure s = RandomPotentials.structure(rnd, 7, pbc, true, 3.6);
            Model m = RandomPotentials.calibrate(raw, s);
            NeighborList nl = NeighborList.build(s, m.cutoff(), m::elementIndex);
            EvaluationResult r = new EvaluationResult();
            r.ensureCapacity(nl.totalCount(), true, true);
            double[] f = new double[3 * s.size()];
            try (Evaluator ev = new Evaluator(m, 1)) {
                ev.compute(nl, r);
            }
            nl.foldGhostForces(r.forces, f);
            double fmax = 0;
            for (double v : f) fmax = Math.max(fmax, Math.abs(v));
            assertTrue(fmax > 1e-4, "forces must not vanish for a meaningful test: " + fmax);
            for (int c = 0; c < f.length; c++) {
                double fd = -derivative(m, s, c, 1e-4);
                assertTrue(Math.abs(fd - f[c]) <= 1e-6 * fmax + 1e-11,
                        type + " pbc " + java.util.Arrays.toString(pbc) + " coord " + c + ": analytic " + f[c] + " vs finite difference " + fd);
            }
            // per-atom energies and virials add up to the totals
            double esum = 0;
            for (int a = 0; a < s.size(); a++) esum += r.atomEnergy[a];
            assertTrue(Math.abs(esum - r.energy) <= 1e-12 * Math.abs(r.energy) + 1e-12);
            for (int c = 0; c < 6; c++) {
                double vsum = 0;
                for (int a = 0; a < nl.totalCount(); a++) vsum += r.atomVirial[6 * a + c];
                assertTrue(Math.abs(vsum - r.virial[c]) <= 1e-10 * (1 + Math.abs(r.virial[c])));
            }
            if (pbc[0] && pbc[1] && pbc[2]) checkVirial(m, s, r.virial);
        }
    }

    /** W_ab = −∂E/∂ε_ba under the homogeneous strain x → (1 + ε)x of atoms and cell. */
    static void checkVirial(Model m, Structure s, double[] virial) {
        int[][] comps = {{0, 0}, {1, 1}, {2, 2}, {0, 1}, {0, 2}, {1, 2}};
        double h = 1e-4;
        double scale = 0;
        for (double v : virial) scale = Math.max(scale, Math.abs(v));
        for (int c = 0; c < 6; c++) {
            int a = comps[c][0], b = comps[c][1];
            double[] e = new double[4];
            double[] steps = {-2 * h, -h, h, 2 * h};
            for (int q = 0; q < 4; q++) e[q] = energy(m, strained(s, b, a, steps[q]));
            double dE = (8 * (e[2] - e[1]) - (e[3] - e[0])) / (12 * h);
            // absolute floor: rounding of energies of order 10 divided by the strain step
            assertTrue(Math.abs(-dE - virial[c]) <= 1e-6 * scale + 1e-10, "virial " + c + ": " + virial[c] + " vs " + (-dE));
        }
    }

    /** A copy with x_a += eps · x_b for every position and cell vector. */
    static Structure strained(Structure s, int a, int b, double eps) {
        double[] x = s.positions().clone();
        for (int i = 0; i < s.size(); i++) x[3 * i + a] += eps * s.positions()[3 * i + b];
        double[] cell = s.cell().clone();
        for (int v = 0; v < 3; v++) cell[3 * v + a] += eps * s.cell()[3 * v + b];
        return new Structure(s.species(), x, cell, s.pbc());
    }
}
