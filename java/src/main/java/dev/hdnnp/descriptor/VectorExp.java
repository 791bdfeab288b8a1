package dev.hdnnp.descriptor;

import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.LongVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;

/**
 * exp(x) on SIMD lanes from additions, multiplications and fused multiply-adds only, so that the
 * result does not depend on how the JIT has compiled the caller.
 *
 * <p>Why not {@code lanewise(VectorOperators.EXP)}: once C2 compiles a loop it calls a vector math
 * library whose results differ from the interpreter's and C1's ({@code Math.exp} per lane) in the
 * last bit. The same structure then gave energies differing by ~1e-14 between two identical
 * processes, and a LAMMPS run continued from a restart was not bit-identical to the uninterrupted
 * run. Additions, multiplications and FMAs are correctly rounded in every tier, so this is
 * deterministic.
 *
 * <p>Method: x = k ln 2 + r with k = round(x / ln 2) (the shifter 1.5·2^52 rounds and leaves k in
 * the low bits), |r| ≤ ln 2 / 2; exp(r) by its Taylor polynomial of degree 13 (truncation
 * ≤ 2e-17 relative) in Horner form; 2^k built in the exponent bits. Relative error ≤ 2 ulp
 * (tested against {@code StrictMath.exp}). Arguments below −708 give 0 (the true value is below
 * 2e-308, subnormal); above 709, +∞ is not reached but the largest finite 2^1023 scale.
 */
final class VectorExp {
    private VectorExp() {}

    private static final double LOG2E = 0x1.71547652b82fep0;
    private static final double LN2_HI = 0x1.62e42fefa39efp-1;
    private static final double LN2_LO = 0x1.abc9e3b39803fp-56;
    private static final double SHIFTER = 0x1.8p52;
    private static final long SHIFTER_BITS = Double.doubleToRawLongBits(SHIFTER);
    private static final double LOWEST = -708.0, HIGHEST = 709.0;
    /** 1/n! for n = 13 down to 0. */
    private static final double[] C = new double[14];
    static {
        double f = 1.0;
        for (int n = 1; n <= 13; n++) f *= n;
        for (int n = 13; n >= 0; n--) {
            C[13 - n] = 1.0 / f;
            if (n > 0) f /= n;
        }
    }

    /** e^x in every lane. */
    static DoubleVector exp(DoubleVector x) {
        final DoubleVector xc = x.max(LOWEST).min(HIGHEST);
        final DoubleVector s = xc.mul(LOG2E).add(SHIFTER);
        final DoubleVector k = s.sub(SHIFTER);
        final var sp = x.species();
        DoubleVector r = k.fma(DoubleVector.broadcast(sp, -LN2_HI), xc);
        r = k.fma(DoubleVector.broadcast(sp, -LN2_LO), r);
        DoubleVector p = DoubleVector.broadcast(sp, C[0]);
        for (int i = 1; i < C.length; i++) p = p.fma(r, DoubleVector.broadcast(sp, C[i]));
        final LongVector bits = (LongVector) s.viewAsIntegralLanes();
        final DoubleVector scale = (DoubleVector) bits.sub(SHIFTER_BITS).add(1023L).lanewise(VectorOperators.LSHL, 52).viewAsFloatingLanes();
        final VectorMask<Double> under = x.compare(VectorOperators.LT, LOWEST);
        return p.mul(scale).blend(0.0, under);
    }

    /** The same arithmetic on one double, for tests. */
    static double exp(double x) {
        final double xc = Math.min(Math.max(x, LOWEST), HIGHEST);
        final double s = xc * LOG2E + SHIFTER;
        final double k = s - SHIFTER;
        double r = Math.fma(k, -LN2_HI, xc);
        r = Math.fma(k, -LN2_LO, r);
        double p = C[0];
        for (int i = 1; i < C.length; i++) p = Math.fma(p, r, C[i]);
        final double scale = Double.longBitsToDouble((Double.doubleToRawLongBits(s) - SHIFTER_BITS + 1023L) << 52);
        return x < LOWEST ? 0.0 : p * scale;
    }
}
