package dev.hdnnp.descriptor;

/**
 * The compact window C(x; left, right) of the polynomial symmetry functions (types 20-25):
 * C(x) = core(u) with u = |x − c|/w, c = (left + right)/2, w = (right − left)/2; the asymmetric
 * variants ("p2a", ...) use core(u(2 − u)) instead.
 */
public final class CompactFunction {
    private final CoreFunction core;
    private final boolean asymmetric;
    private final double left, right, center, invHalfWidth;

    public CompactFunction(CoreFunction core, boolean asymmetric, double left, double right) {
        if (!(right > left)) throw new IllegalArgumentException("compact function needs left < right, got " + left + " and " + right);
        this.core = core;
        this.asymmetric = asymmetric;
        this.left = left;
        this.right = right;
        this.center = 0.5 * (left + right);
        this.invHalfWidth = 2.0 / (right - left);
    }

    public double left() { return left; }
    public double right() { return right; }

    /** Writes C(x) to out[off] and dC/dx to out[off + 1]; x must lie within [left, right]. */
    public void evaluate(double x, double[] out, int off) {
        double d = x - center;
        double sign = d < 0 ? -1.0 : 1.0;
        double u = Math.abs(d) * invHalfWidth;
        if (u >= 1.0) { out[off] = 0.0; out[off + 1] = 0.0; return; }
        double du = sign * invHalfWidth;
        if (asymmetric) {
            du *= 2.0 - 2.0 * u;
            u = u * (2.0 - u);
        }
        out[off] = core.value(u);
        out[off + 1] = core.derivative(u) * du;
    }

    /** C(x), for x within [left, right]. */
    public double value(double x) {
        double u = Math.abs(x - center) * invHalfWidth;
        if (u >= 1.0) return 0.0;
        if (asymmetric) u = u * (2.0 - u);
        return core.value(u);
    }

    /**
     * For an angular window, the limit of dC(θ)/d(cos θ) = −C'(θ)/sin θ as θ → x0, where x0 is
     * 0 or π (a collinear triplet) and lies within the window. Where C'(x0) = 0 (the window is
     * centred at x0 or ends there) the limit is finite: −C''(0) at 0 and +C''(π) at π. Otherwise
     * C(θ(r)) has a cusp at the collinear geometry (like |x|): the one-sided gradients are
     * opposite, and 0, their mean, is returned.
     */
    public double cosineSlopeLimit(double x0) {
        double d = x0 - center;
        double sign = d < 0 ? -1.0 : 1.0;
        double u = Math.abs(d) * invHalfWidth;
        if (u >= 1.0) return 0.0;
        double du = sign * invHalfWidth;
        double first, second;
        if (asymmetric) {
            double v = u * (2.0 - u);
            double dv = (2.0 - 2.0 * u) * du;
            first = core.derivative(v) * dv;
            second = core.secondDerivative(v) * dv * dv - 2.0 * core.derivative(v) * invHalfWidth * invHalfWidth;
        } else {
            first = core.derivative(u) * du;
            second = core.secondDerivative(u) * du * du;
        }
        if (Math.abs(first) > 1e-12 * invHalfWidth) return 0.0;
        return x0 == 0.0 ? -second : second;
    }
}
