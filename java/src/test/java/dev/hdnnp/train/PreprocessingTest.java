package dev.hdnnp.train;

import dev.hdnnp.descriptor.Scaling;
import dev.hdnnp.descriptor.ScalingMode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

/** Scaling statistics follow n2p2's scaling.data (min, max, mean, sample sigma); constant functions are flagged. */
class PreprocessingTest {
    @Test
    void statisticsAndConstantFunctionWarning() {
        // two structures of two atoms, two functions each; function 2 is constant
        List<Sample> train = List.of(
                Sample.ofDescriptors(0, new int[]{0, 0}, new int[]{0, 2, 4}, new double[]{1, 5, 2, 5}, -1.0),
                Sample.ofDescriptors(1, new int[]{0, 0}, new int[]{0, 2, 4}, new double[]{3, 5, 6, 5}, -2.0));
        List<String> warnings = new ArrayList<>();
        Scaling s = Preprocessing.statistics(train, new int[]{2}, List.of("H"), ScalingMode.SCALECENTER, 0, 1, warnings::add).get(0);
        assertEquals(1, s.min(0));
        assertEquals(6, s.max(0));
        assertEquals(3, s.mean(0));
        assertEquals(Math.sqrt((1 + 9 + 4 + 36 - 144 / 4.0) / 3), s.sigma(0), 1e-15);
        assertEquals(1, warnings.size());
        assertTrue(warnings.get(0).contains("symmetry function 2 of H is constant"), warnings.get(0));
        assertTrue(Double.isFinite(s.scale(1, 5.0)), "a constant function must still scale to a finite input");
    }

    @Test
    void normalizationAndOffsets() {
        List<Sample> train = List.of(
                Sample.ofDescriptors(0, new int[]{0, 1}, new int[]{0, 1, 2}, new double[2], -3.0),
                Sample.ofDescriptors(1, new int[]{0, 1, 1}, new int[]{0, 1, 2, 3}, new double[3], -5.0),
                Sample.ofDescriptors(2, new int[]{0, 0, 1}, new int[]{0, 1, 2, 3}, new double[3], -4.0));
        double[] off = Preprocessing.fitOffsets(train, 2);
        assertEquals(-1.0, off[0], 1e-12); // E = -1·N_0 - 2·N_1 exactly
        assertEquals(-2.0, off[1], 1e-12);
        var n = Preprocessing.normalization(train, new double[2]);
        assertEquals((-1.5 - 5.0 / 3 - 4.0 / 3) / 3, n.meanEnergy(), 1e-12);
        assertEquals(1.0, n.convLength()); // no forces
    }
}
