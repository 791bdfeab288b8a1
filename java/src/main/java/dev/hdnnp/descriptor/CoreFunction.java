package dev.hdnnp.descriptor;

/**
 * The smooth step functions f(x) on [0, 1] with f(0) = 1 and f(1) = 0 shared by the cutoff
 * functions (COS aside) and the compact symmetry functions: the polynomials POLY1..POLY4 and EXP.
 */
public enum CoreFunction {
    POLY1, POLY2, POLY3, POLY4, EXP;

    /** f(x) for x in [0, 1]. */
    public double value(double x) {
        return switch (this) {
            case POLY1 -> (2.0 * x - 3.0) * x * x + 1.0;
            case POLY2 -> ((15.0 - 6.0 * x) * x - 10.0) * x * x * x + 1.0;
            case POLY3 -> (x * (x * (20.0 * x - 70.0) + 84.0) - 35.0) * x * x * x * x + 1.0;
            case POLY4 -> (x * (x * ((315.0 - 70.0 * x) * x - 540.0) + 420.0) - 126.0) * x * x * x * x * x + 1.0;
            case EXP -> x >= 1.0 ? 0.0 : Math.E * Math.exp(1.0 / (x * x - 1.0));
        };
    }

    /** df/dx for x in [0, 1]. */
    public double derivative(double x) {
        return switch (this) {
            case POLY1 -> 6.0 * x * (x - 1.0);
            case POLY2 -> x * x * ((60.0 - 30.0 * x) * x - 30.0);
            case POLY3 -> x * x * x * (x * (x * (140.0 * x - 420.0) + 420.0) - 140.0);
            case POLY4 -> x * x * x * x * (x * (x * ((2520.0 - 630.0 * x) * x - 3780.0) + 2520.0) - 630.0);
            case EXP -> {
                if (x >= 1.0) yield 0.0;
                double u = 1.0 / (x * x - 1.0);
                yield -2.0 * Math.E * x * u * u * Math.exp(u);
            }
        };
    }

    /**
     * d²f/dx² for x in [0, 1]; needed only for the limit of an angular window at a collinear
     * triplet, where dC/dcos θ = −C'(θ)/sin θ is 0/0 (see {@link CompactFunction#cosineSlopeLimit}).
     */
    public double secondDerivative(double x) {
        return switch (this) {
            case POLY1 -> 12.0 * x - 6.0;
            case POLY2 -> x * ((180.0 - 120.0 * x) * x - 60.0);
            case POLY3 -> x * x * (x * (x * (840.0 * x - 2100.0) + 1680.0) - 420.0);
            case POLY4 -> x * x * x * (x * (x * ((17640.0 - 5040.0 * x) * x - 22680.0) + 12600.0) - 2520.0);
            case EXP -> {
                if (x >= 1.0) yield 0.0;
                // f = e·exp(u), u = 1/(x² − 1): f'' = f·(u'² + u''), u' = −2x u², u'' = −2u² + 8x²u³
                double u = 1.0 / (x * x - 1.0);
                double du = -2.0 * x * u * u;
                yield Math.E * Math.exp(u) * (du * du - 2.0 * u * u + 8.0 * x * x * u * u * u);
            }
        };
    }
}
