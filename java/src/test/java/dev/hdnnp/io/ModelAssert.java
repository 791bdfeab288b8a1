package dev.hdnnp.io;

import dev.hdnnp.neighbor.NeighborList;
import dev.hdnnp.potential.EvaluationResult;
import dev.hdnnp.potential.Evaluator;
import dev.hdnnp.potential.Model;
import dev.hdnnp.structure.Structure;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Bit-for-bit comparison of two models, and energies of structures under a model. */
final class ModelAssert {
    private ModelAssert() {}

    static void assertSameModel(Model a, Model b) {
        assertEquals(a.elements(), b.elements());
        assertEquals(a.cutoffType(), b.cutoffType());
        assertBits(a.cutoffAlpha(), b.cutoffAlpha(), "alpha");
        assertEquals(a.normalization(), b.normalization()); // record equality compares doubles bitwise
        assertArrayEquals(a.energyOffsets(), b.energyOffsets());
        for (int e = 0; e < a.elements().size(); e++) {
            String el = a.elements().get(e);
            assertEquals(a.functions(e), b.functions(e), el + " symmetry functions");
            var sa = a.scaling(e);
            var sb = b.scaling(e);
            assertEquals(sa.mode(), sb.mode());
            assertEquals(sa.hasStatistics(), sb.hasStatistics());
            assertBits(sa.sMin(), sb.sMin(), "smin");
            assertBits(sa.sMax(), sb.sMax(), "smax");
            for (int s = 0; s < sa.size(); s++) {
                assertBits(sa.min(s), sb.min(s), el + " min " + s);
                assertBits(sa.max(s), sb.max(s), el + " max " + s);
                assertBits(sa.mean(s), sb.mean(s), el + " mean " + s);
                assertBits(sa.sigma(s), sb.sigma(s), el + " sigma " + s);
            }
            var na = a.network(e);
            var nb = b.network(e);
            assertArrayEquals(na.sizes(), nb.sizes());
            assertArrayEquals(na.activations(), nb.activations());
            assertEquals(na.normalizeNodes(), nb.normalizeNodes());
            double[] pa = na.parameters(), pb = nb.parameters();
            assertEquals(pa.length, pb.length);
            for (int i = 0; i < pa.length; i++) assertBits(pa[i], pb[i], el + " parameter " + i);
        }
    }

    static void assertBits(double expected, double actual, String what) {
        assertTrue(Double.doubleToRawLongBits(expected) == Double.doubleToRawLongBits(actual),
                () -> what + ": " + expected + " became " + actual);
    }

    /** Total energies of the structures, in the model's units. */
    static double[] energies(Model m, List<Structure> structures) {
        double[] out = new double[structures.size()];
        try (Evaluator ev = new Evaluator(m, 1)) {
            EvaluationResult r = new EvaluationResult();
            for (int k = 0; k < out.length; k++) {
                ev.compute(NeighborList.build(structures.get(k), m.cutoff(), m::elementIndex), r);
                out[k] = r.energy;
            }
        }
        return out;
    }
}
