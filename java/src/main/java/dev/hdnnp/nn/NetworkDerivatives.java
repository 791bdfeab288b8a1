package dev.hdnnp.nn;

/**
 * Derivatives of an atomic network with respect to its parameters, for training.
 *
 * <p>Energies need ∂E/∂w (ordinary back-propagation). Forces are F = −Σ_s (∂E/∂G_s) ∂G_s/∂r, so
 * their weight derivatives need ∂/∂w of the directional input derivative D = Σ_s u_s ∂E/∂G_s
 * for a direction u (u = ∂G/∂r for one force component, or the force residual contracted with
 * ∂G/∂r for a whole loss). D is computed by a forward tangent pass (ẋ = W ẏ, ẏ = f'(x) ẋ) and
 * differentiated by one reverse pass through both the primal and the tangent graph ("double
 * back-propagation"), which costs about three network evaluations whatever the number of inputs.
 *
 * <p>One instance per thread and network (it holds scratch arrays).
 */
public final class NetworkDerivatives {
    private final NeuralNetwork net;
    private final int[] sizes;
    private final double[][] xt, yt, ddy;      // tangent of x and y per layer, f''(x)
    private final double[] gx, gxt;            // adjoints of x and ẋ of the current layer (times the normalisation)
    private final double[][] ybar, ytbar;      // adjoints of y and ẏ per layer

    public NetworkDerivatives(NeuralNetwork net) {
        this.net = net;
        this.sizes = net.sizes();
        int L = sizes.length;
        xt = new double[L][];
        yt = new double[L][];
        ddy = new double[L][];
        ybar = new double[L][];
        ytbar = new double[L][];
        int max = 0;
        for (int l = 0; l < L; l++) {
            xt[l] = new double[sizes[l]];
            yt[l] = new double[sizes[l]];
            ddy[l] = new double[sizes[l]];
            ybar[l] = new double[sizes[l]];
            ytbar[l] = new double[sizes[l]];
            max = Math.max(max, sizes[l]);
        }
        gx = new double[max];
        gxt = new double[max];
    }

    public NeuralNetwork network() { return net; }

    /**
     * After {@code net.evaluate(input, ws)}: adds a·∂E/∂w + b·∂D/∂w to {@code grad[offset + p]} for
     * every parameter p (n2p2 order), where D = Σ_s u_s ∂E/∂G_s. {@code u} may be null when b = 0.
     *
     * @return D (0 when u is null)
     */
    public double accumulate(NeuralNetwork.Workspace ws, double a, double b, double[] u, double[] grad, int offset) {
        final int L = sizes.length - 1;
        final double[] p = net.parameters();
        final boolean tangent = u != null && b != 0.0;
        final boolean norm = net.normalizeNodes();
        double d = 0.0;
        if (u != null) {
            System.arraycopy(u, 0, yt[0], 0, sizes[0]);
            for (int l = 1; l <= L; l++) {
                final int nin = sizes[l - 1], nout = sizes[l];
                final double[] tin = yt[l - 1], x = xt[l];
                final int wo = net.weightOffset(l);
                java.util.Arrays.fill(x, 0, nout, 0.0);
                for (int j = 0; j < nin; j++) {
                    final double tj = tin[j];
                    if (tj == 0.0) continue;
                    final int row = wo + j * nout;
                    for (int k = 0; k < nout; k++) x[k] += p[row + k] * tj;
                }
                final double inv = norm ? 1.0 / nin : 1.0;
                final Activation f = net.activation(l);
                final double[] xl = ws.x[l], yl = ws.y[l], dyl = ws.dy[l], t = yt[l], dd = ddy[l];
                for (int k = 0; k < nout; k++) {
                    x[k] *= inv;
                    t[k] = dyl[k] * x[k];
                    dd[k] = f.secondDerivative(xl[k], yl[k], dyl[k]);
                }
            }
            d = yt[L][0];
        }
        ybar[L][0] = a;
        ytbar[L][0] = tangent ? b : 0.0;
        for (int l = L; l >= 1; l--) {
            final int nin = sizes[l - 1], nout = sizes[l];
            final double inv = norm ? 1.0 / nin : 1.0;
            final double[] dyl = ws.dy[l], yb = ybar[l], ytb = ytbar[l];
            if (tangent) {
                final double[] dd = ddy[l], x = xt[l];
                for (int k = 0; k < nout; k++) {
                    gxt[k] = dyl[k] * ytb[k] * inv;
                    gx[k] = (dyl[k] * yb[k] + dd[k] * x[k] * ytb[k]) * inv;
                }
            } else {
                for (int k = 0; k < nout; k++) gx[k] = dyl[k] * yb[k] * inv;
            }
            final double[] yin = ws.y[l - 1], tin = yt[l - 1];
            final int wo = net.weightOffset(l), bo = net.biasOffset(l);
            final boolean more = l > 1;
            final double[] ybIn = ybar[l - 1], ytbIn = ytbar[l - 1];
            for (int j = 0; j < nin; j++) {
                final int row = wo + j * nout;
                final int grow = offset + row;
                final double yj = yin[j];
                double sb = 0.0, st = 0.0;
                if (tangent) {
                    final double tj = tin[j];
                    for (int k = 0; k < nout; k++) {
                        grad[grow + k] += gx[k] * yj + gxt[k] * tj;
                        final double w = p[row + k];
                        sb += w * gx[k];
                        st += w * gxt[k];
                    }
                } else {
                    for (int k = 0; k < nout; k++) {
                        grad[grow + k] += gx[k] * yj;
                        sb += p[row + k] * gx[k];
                    }
                }
                if (more) {
                    ybIn[j] = sb;
                    ytbIn[j] = st;
                }
            }
            for (int k = 0; k < nout; k++) grad[offset + bo + k] += gx[k];
        }
        return d;
    }
}
