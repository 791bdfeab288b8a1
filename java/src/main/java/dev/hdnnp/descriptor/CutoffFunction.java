package dev.hdnnp.descriptor;

/**
 * A cutoff function f_c(r) with cutoff radius r_c and inner cutoff alpha·r_c (n2p2 semantics:
 * f_c = 1 below the inner cutoff for COS, EXP and POLY*, f_c = 0 for r ≥ r_c).
 */
public final class CutoffFunction {
    private static final double TANH_NORM;
    static {
        double e = Math.E, ie = 1.0 / Math.E;
        double c = (e + ie) / (e - ie);
        TANH_NORM = c * c * c;
    }

    private final CutoffType type;
    private final double rc, rci, width, invWidth, invRc;
    private final CoreFunction core;

    public CutoffFunction(CutoffType type, double rc, double alpha) {
        if (!(rc > 0)) throw new IllegalArgumentException("cutoff radius must be positive, got " + rc);
        if (!(alpha >= 0 && alpha < 1)) throw new IllegalArgumentException("inner cutoff fraction alpha must be in [0, 1), got " + alpha);
        this.type = type;
        this.rc = rc;
        this.rci = type.usesInnerCutoff() ? alpha * rc : 0.0;
        this.width = rc - rci;
        this.invWidth = 1.0 / width;
        this.invRc = 1.0 / rc;
        this.core = switch (type) {
            case POLY1 -> CoreFunction.POLY1;
            case POLY2 -> CoreFunction.POLY2;
            case POLY3 -> CoreFunction.POLY3;
            case POLY4 -> CoreFunction.POLY4;
            case EXP -> CoreFunction.EXP;
            default -> null;
        };
    }

    public double rc() { return rc; }

    /** The prefactor of the tanh types: 1 for TANHU, ((e + 1/e)/(e − 1/e))³ for TANH (so that f_c(0) = 1). */
    double tanhNorm() { return type == CutoffType.TANH ? TANH_NORM : 1.0; }
    public CutoffType type() { return type; }

    /** Writes f_c(r) to out[off] and df_c/dr to out[off + 1]. */
    public void evaluate(double r, double[] out, int off) {
        if (r >= rc) {
            out[off] = 0.0;
            out[off + 1] = 0.0;
            return;
        }
        switch (type) {
            case HARD -> { out[off] = 1.0; out[off + 1] = 0.0; }
            case TANHU, TANH -> {
                // tanh through the intrinsic exp: Math.tanh is several times slower, and x is in (0, 1]
                double e2 = Math.exp(2.0 * (1.0 - r * invRc));
                double t = (e2 - 1.0) / (e2 + 1.0);
                double t2 = t * t;
                double norm = type == CutoffType.TANH ? TANH_NORM : 1.0;
                out[off] = norm * t2 * t;
                out[off + 1] = norm * 3.0 * t2 * (t2 - 1.0) * invRc;
            }
            default -> {
                if (r < rci) { out[off] = 1.0; out[off + 1] = 0.0; return; }
                double x = (r - rci) * invWidth;
                if (type == CutoffType.COS) {
                    double px = Math.PI * x;
                    out[off] = 0.5 * (Math.cos(px) + 1.0);
                    out[off + 1] = -0.5 * Math.PI * Math.sin(px) * invWidth;
                } else {
                    out[off] = core.value(x);
                    out[off + 1] = core.derivative(x) * invWidth;
                }
            }
        }
    }
}
