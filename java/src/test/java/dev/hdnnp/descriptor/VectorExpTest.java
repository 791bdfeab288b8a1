package dev.hdnnp.descriptor;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The kernel's deterministic SIMD exp: within 2 ulp of StrictMath.exp (an independent, correctly
 * rounded-to-1-ulp implementation) over the arguments the kernel meets, and the vector lanes equal
 * the same arithmetic done on scalars, bit for bit (what makes results independent of JIT tiers).
 */
final class VectorExpTest {
    private static final VectorSpecies<Double> SP = DoubleVector.SPECIES_PREFERRED;

    @Test
    void agreesWithStrictMathWithinTwoUlp() {
        SplittableRandom rnd = new SplittableRandom(7);
        double worst = 0;
        double[] x = new double[SP.length()], y = new double[SP.length()];
        for (int n = 0; n < 200_000; n++) {
            for (int l = 0; l < x.length; l++) x[l] = rnd.nextDouble(-707.0, 708.0) * (rnd.nextBoolean() ? 1 : 1e-3);
            VectorExp.exp(DoubleVector.fromArray(SP, x, 0)).intoArray(y, 0);
            for (int l = 0; l < x.length; l++) {
                double ref = StrictMath.exp(x[l]);
                worst = Math.max(worst, Math.abs(y[l] - ref) / Math.ulp(ref));
                assertEquals(Double.doubleToRawLongBits(VectorExp.exp(x[l])), Double.doubleToRawLongBits(y[l]), () -> "lane differs from scalar");
            }
        }
        final double w = worst;
        assertTrue(w <= 2.0, () -> "worst error " + w + " ulp");
    }

    @Test
    void edges() {
        assertEquals(1.0, VectorExp.exp(0.0));
        assertEquals(0.0, VectorExp.exp(-800.0));
        assertEquals(0.0, VectorExp.exp(Double.NEGATIVE_INFINITY));
        assertTrue(Double.isNaN(VectorExp.exp(Double.NaN)));
        assertEquals(Math.E, VectorExp.exp(1.0), Math.ulp(Math.E) * 2);
        double[] x = new double[SP.length()], y = new double[SP.length()];
        java.util.Arrays.fill(x, -800.0);
        x[0] = Double.NaN;
        VectorExp.exp(DoubleVector.fromArray(SP, x, 0)).intoArray(y, 0);
        assertTrue(Double.isNaN(y[0]));
        for (int l = 1; l < y.length; l++) assertEquals(0.0, y[l]);
    }
}
