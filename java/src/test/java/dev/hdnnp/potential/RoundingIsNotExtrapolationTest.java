package dev.hdnnp.potential;

import dev.hdnnp.TestData;
import dev.hdnnp.descriptor.Scaling;
import dev.hdnnp.io.InputDataFormat;
import dev.hdnnp.io.N2p2Potential;
import dev.hdnnp.neighbor.NeighborList;
import dev.hdnnp.structure.Structure;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Symmetry-function values outside the training range [min, max] only by rounding are not
 * extrapolation warnings (n2p2 reports none for its SCAN examples, whose excursions are ~5e-14
 * of the range). n2p2's example potentials get a range taken from their own example structure
 * (as n2p2's scaling does, from the training set) and then narrowed by 5e-14 of its width at
 * both ends: values do leave it, by rounding-sized amounts, and must not warn; the same
 * structure squeezed by 20 % must.
 */
class RoundingIsNotExtrapolationTest {
    private static final double EXCURSION = 5e-14;

    @ParameterizedTest
    @ValueSource(strings = {"H2O_RPBE-D3", "Cu2S_PBE"})
    void roundingSizedExcursionsDoNotWarn(String name) throws Exception {
        Path dir = TestData.shared("reference/n2p2/" + name);
        Model original = N2p2Potential.read(dir.resolve("potential"), "bohr", "hartree");
        Structure s = InputDataFormat.read(dir.resolve("single/input.data")).get(0);
        NeighborList nl = NeighborList.build(s, original.cutoff(), original::elementIndex);
        int ne = original.elements().size();
        double[][] min = new double[ne][], max = new double[ne][];
        for (int e = 0; e < ne; e++) {
            int n = original.functions(e).size();
            min[e] = new double[n];
            max[e] = new double[n];
            java.util.Arrays.fill(min[e], Double.MAX_VALUE);
            java.util.Arrays.fill(max[e], -Double.MAX_VALUE);
        }
        AtomAnalysis analysis = new AtomAnalysis(original);
        for (int i = 0; i < s.size(); i++) {
            AtomAnalysis.Atom a = analysis.analyse(nl, i);
            for (int q = 0; q < a.raw().length; q++) {
                min[a.element()][q] = Math.min(min[a.element()][q], a.raw()[q]);
                max[a.element()][q] = Math.max(max[a.element()][q], a.raw()[q]);
            }
        }
        List<Scaling> scalings = new ArrayList<>();
        int narrowed = 0;
        for (int e = 0; e < ne; e++) {
            Scaling o = original.scaling(e);
            int n = min[e].length;
            double[] lo = new double[n], hi = new double[n], mean = new double[n], sigma = new double[n];
            for (int q = 0; q < n; q++) {
                double range = max[e][q] - min[e][q];
                mean[q] = o.mean(q);
                sigma[q] = o.sigma(q);
                if (!(range > 1e-6 * Math.abs(max[e][q]))) { lo[q] = o.min(q); hi[q] = o.max(q); continue; }
                lo[q] = min[e][q] + EXCURSION * range;
                hi[q] = max[e][q] - EXCURSION * range;
                narrowed++;
            }
            scalings.add(new Scaling(o.mode(), o.sMin(), o.sMax(), lo, hi, mean, sigma));
        }
        assertTrue(narrowed > 0, name + ": no function has a range to narrow");
        Model m = new Model(original.elements(), original.cutoffType(), original.cutoffAlpha(),
                java.util.stream.IntStream.range(0, ne).mapToObj(original::functions).toList(), scalings, original.networks(),
                original.normalization(), original.energyOffsets(), original.lengthUnit(), original.energyUnit(), original.provenance());

        EvaluationResult r = new EvaluationResult();
        try (Evaluator ev = new Evaluator(m, 1)) {
            ev.compute(nl, r);
        }
        assertEquals(0, r.extrapolationWarnings, name + ": values outside the range by " + EXCURSION + " of it (rounding) reported as extrapolation");

        double[] x = s.positions().clone();
        for (int c = 0; c < x.length; c++) x[c] *= 0.8;
        double[] cell = s.cell() == null ? null : s.cell().clone();
        if (cell != null) for (int c = 0; c < 9; c++) cell[c] *= 0.8;
        Structure squeezed = new Structure(s.species(), x, cell, s.pbc());
        try (Evaluator ev = new Evaluator(m, 1)) {
            ev.compute(NeighborList.build(squeezed, m.cutoff(), m::elementIndex), r);
        }
        assertTrue(r.extrapolationWarnings > 0, name + ": a structure squeezed by 20 % must warn");
    }
}
