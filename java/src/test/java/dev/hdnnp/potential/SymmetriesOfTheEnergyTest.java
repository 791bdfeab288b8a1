package dev.hdnnp.potential;

import dev.hdnnp.TestData;
import dev.hdnnp.io.InputDataFormat;
import dev.hdnnp.io.N2p2Potential;
import dev.hdnnp.neighbor.NeighborList;
import dev.hdnnp.structure.Structure;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Physical invariances: energies do not change (and forces rotate with the structure) under
 * rotation, translation, permutation of atoms and wrapping by lattice vectors; a cell replicated
 * N times has exactly N times the energy (n2p2 quirk Q8 records the same for 2× and 3×).
 */
class SymmetriesOfTheEnergyTest {
    record Result(double energy, double[] forces) {}

    static Result evaluate(Model m, Structure s, int threads) {
        NeighborList nl = NeighborList.build(s, m.cutoff(), m::elementIndex);
        try (Evaluator ev = new Evaluator(m, threads)) {
            EvaluationResult r = new EvaluationResult();
            ev.compute(nl, r);
            double[] f = new double[3 * s.size()];
            nl.foldGhostForces(r.forces, f);
            return new Result(r.energy, f);
        }
    }

    static Model water() {
        return N2p2Potential.read(TestData.shared("reference/n2p2/H2O_RPBE-D3/potential"), "bohr", "hartree");
    }

    static Structure waterStructure(int index) throws Exception {
        return InputDataFormat.read(TestData.shared("reference/n2p2/H2O_RPBE-D3/structures/input.data")).get(index);
    }

    static double maxAbs(double[] a) {
        double m = 0;
        for (double v : a) m = Math.max(m, Math.abs(v));
        return m;
    }

    @Test
    void rotationAndTranslation() throws Exception {
        Model m = water();
        Structure s = waterStructure(1);
        Result ref = evaluate(m, s, 1);
        // a rotation about an arbitrary axis, applied to atoms and cell, plus a translation
        double[] axis = {0.3, -0.5, 0.81};
        double n = Math.sqrt(axis[0] * axis[0] + axis[1] * axis[1] + axis[2] * axis[2]);
        double ux = axis[0] / n, uy = axis[1] / n, uz = axis[2] / n, a = 0.7, c = Math.cos(a), si = Math.sin(a);
        double[][] R = {
                {c + ux * ux * (1 - c), ux * uy * (1 - c) - uz * si, ux * uz * (1 - c) + uy * si},
                {uy * ux * (1 - c) + uz * si, c + uy * uy * (1 - c), uy * uz * (1 - c) - ux * si},
                {uz * ux * (1 - c) - uy * si, uz * uy * (1 - c) + ux * si, c + uz * uz * (1 - c)}};
        double[] t = {1.3, -7.1, 0.4};
        double[] x = rotate(R, s.positions(), t);
        double[] cell = rotate(R, s.cell(), new double[3]);
        Structure rotated = new Structure(s.species(), x, cell, s.pbc());
        Result r = evaluate(m, rotated, 1);
        assertEquals(ref.energy, r.energy, 1e-12 * Math.abs(ref.energy));
        double[] expected = rotate(R, ref.forces, new double[3]);
        double fmax = maxAbs(ref.forces);
        for (int k = 0; k < expected.length; k++) assertEquals(expected[k], r.forces[k], 1e-10 * fmax);
    }

    static double[] rotate(double[][] R, double[] v, double[] t) {
        double[] out = new double[v.length];
        for (int i = 0; i < v.length / 3; i++)
            for (int a = 0; a < 3; a++)
                out[3 * i + a] = R[a][0] * v[3 * i] + R[a][1] * v[3 * i + 1] + R[a][2] * v[3 * i + 2] + t[a];
        return out;
    }

    @Test
    void permutationAndWrapping() throws Exception {
        Model m = water();
        Structure s = waterStructure(2);
        Result ref = evaluate(m, s, 1);
        int n = s.size();
        int[] perm = new int[n];
        for (int i = 0; i < n; i++) perm[i] = i;
        Random rnd = new Random(7);
        for (int i = n - 1; i > 0; i--) { int j = rnd.nextInt(i + 1); int tmp = perm[i]; perm[i] = perm[j]; perm[j] = tmp; }
        String[] sp = new String[n];
        double[] x = new double[3 * n];
        double[] h = s.cell();
        for (int i = 0; i < n; i++) {
            sp[i] = s.species(perm[i]);
            // move every atom by a random lattice translation: the same periodic structure
            int n1 = rnd.nextInt(5) - 2, n2 = rnd.nextInt(5) - 2, n3 = rnd.nextInt(5) - 2;
            for (int c = 0; c < 3; c++) x[3 * i + c] = s.positions()[3 * perm[i] + c] + n1 * h[c] + n2 * h[3 + c] + n3 * h[6 + c];
        }
        Result r = evaluate(m, new Structure(sp, x, h.clone(), s.pbc()), 1);
        assertEquals(ref.energy, r.energy, 1e-12 * Math.abs(ref.energy));
        double fmax = maxAbs(ref.forces);
        for (int i = 0; i < n; i++)
            for (int c = 0; c < 3; c++) assertEquals(ref.forces[3 * perm[i] + c], r.forces[3 * i + c], 1e-10 * fmax);
    }

    @Test
    void replicatedCellHasProportionalEnergy() throws Exception {
        Model m = water();
        Structure s = waterStructure(1);
        Result ref = evaluate(m, s, 1);
        for (int[] rep : new int[][]{{2, 1, 1}, {1, 2, 2}}) {
            Structure big = replicate(s, rep);
            Result r = evaluate(m, big, 2);
            int copies = rep[0] * rep[1] * rep[2];
            assertEquals(copies * ref.energy, r.energy, 1e-12 * Math.abs(copies * ref.energy));
            double fmax = maxAbs(ref.forces);
            for (int k = 0; k < big.positions().length; k++)
                assertEquals(ref.forces[k % ref.forces.length], r.forces[k], 1e-10 * fmax);
        }
    }

    static Structure replicate(Structure s, int[] rep) {
        int n = s.size(), copies = rep[0] * rep[1] * rep[2];
        double[] h = s.cell();
        String[] sp = new String[n * copies];
        double[] x = new double[3 * n * copies];
        int o = 0;
        for (int a = 0; a < rep[0]; a++)
            for (int b = 0; b < rep[1]; b++)
                for (int c = 0; c < rep[2]; c++, o++)
                    for (int i = 0; i < n; i++) {
                        sp[o * n + i] = s.species(i);
                        for (int d = 0; d < 3; d++)
                            x[3 * (o * n + i) + d] = s.positions()[3 * i + d] + a * h[d] + b * h[3 + d] + c * h[6 + d];
                    }
        double[] cell = new double[9];
        for (int v = 0; v < 3; v++) for (int d = 0; d < 3; d++) cell[3 * v + d] = rep[v] * h[3 * v + d];
        return new Structure(sp, x, cell, s.pbc());
    }

    @Test
    void threadsGiveTheSameResult() throws Exception {
        Model m = water();
        Structure s = waterStructure(0);
        Result one = evaluate(m, s, 1), two = evaluate(m, s, 2), three = evaluate(m, s, 3);
        assertEquals(one.energy, two.energy, 1e-13 * Math.abs(one.energy));
        assertEquals(one.energy, three.energy, 1e-13 * Math.abs(one.energy));
        double fmax = maxAbs(one.forces);
        for (int k = 0; k < one.forces.length; k++) {
            assertTrue(Math.abs(one.forces[k] - two.forces[k]) <= 1e-12 * fmax);
            assertTrue(Math.abs(one.forces[k] - three.forces[k]) <= 1e-12 * fmax);
        }
    }
}
