package dev.hdnnp.nn;

import java.util.Arrays;

/**
 * A feed-forward atomic network: input layer (the scaled symmetry functions), hidden layers,
 * one output neuron (the atomic energy in the model's internal energy unit).
 *
 * <p>Parameters are kept in one flat array in n2p2's weights-file order: for each layer, its
 * incoming weights source-major (w[j][k] at {@code j·n_out + k}), then its biases. With
 * {@code normalizeNodes}, each pre-activation (bias included) is divided by the fan-in.
 * The network is immutable apart from {@link #parameters()}, which trainers update in place;
 * per-thread state lives in a {@link Workspace}.
 */
public final class NeuralNetwork {
    private final int[] sizes;
    private final Activation[] activations; // per layer 1..L
    private final boolean normalizeNodes;
    private final double[] params;
    private final int[] weightOffset, biasOffset; // per layer 1..L (index 0 unused)

    public NeuralNetwork(int[] sizes, Activation[] activations, boolean normalizeNodes, double[] params) {
        if (sizes.length < 2) throw new IllegalArgumentException("a network needs at least an input and an output layer");
        if (sizes[sizes.length - 1] != 1) throw new IllegalArgumentException("the output layer must have one neuron");
        if (activations.length != sizes.length - 1)
            throw new IllegalArgumentException("need " + (sizes.length - 1) + " activations (hidden layers + output), got " + activations.length);
        this.sizes = sizes.clone();
        this.activations = activations.clone();
        this.normalizeNodes = normalizeNodes;
        this.weightOffset = new int[sizes.length];
        this.biasOffset = new int[sizes.length];
        int o = 0;
        for (int l = 1; l < sizes.length; l++) {
            weightOffset[l] = o;
            o += sizes[l - 1] * sizes[l];
            biasOffset[l] = o;
            o += sizes[l];
        }
        if (params == null) params = new double[o];
        if (params.length != o) throw new IllegalArgumentException("network " + Arrays.toString(sizes) + " has " + o + " parameters, got " + params.length);
        this.params = params;
    }

    /** Number of weights and biases of a network with these layer sizes. */
    public static int parameterCount(int[] sizes) {
        int o = 0;
        for (int l = 1; l < sizes.length; l++) o += sizes[l - 1] * sizes[l] + sizes[l];
        return o;
    }

    public int[] sizes() { return sizes.clone(); }
    public int layerCount() { return sizes.length; }
    public int size(int layer) { return sizes[layer]; }
    public int inputCount() { return sizes[0]; }
    public Activation activation(int layer) { return activations[layer - 1]; }
    public Activation[] activations() { return activations.clone(); }
    public boolean normalizeNodes() { return normalizeNodes; }
    /** The parameters, in n2p2 order; trainers update them in place. */
    public double[] parameters() { return params; }
    public int weightOffset(int layer) { return weightOffset[layer]; }
    public int biasOffset(int layer) { return biasOffset[layer]; }

    public NeuralNetwork copy() {
        return new NeuralNetwork(sizes, activations, normalizeNodes, params.clone());
    }

    /** Per-thread neuron values of one evaluation. */
    public static final class Workspace {
        /** Per layer: pre-activations x, outputs y, and f'(x). Layer 0 holds the inputs in y. */
        public final double[][] x, y, dy;
        /** Back-propagated ∂E/∂x per layer. */
        public final double[][] delta;

        public Workspace(NeuralNetwork net) {
            int L = net.sizes.length;
            x = new double[L][];
            y = new double[L][];
            dy = new double[L][];
            delta = new double[L][];
            for (int l = 0; l < L; l++) {
                x[l] = new double[net.sizes[l]];
                y[l] = new double[net.sizes[l]];
                dy[l] = new double[net.sizes[l]];
                delta[l] = new double[net.sizes[l]];
            }
        }
    }

    /** Forward pass: returns the output (atomic energy, internal units); keeps all neuron values in ws. */
    public double evaluate(double[] input, Workspace ws) {
        System.arraycopy(input, 0, ws.y[0], 0, sizes[0]);
        for (int l = 1; l < sizes.length; l++) {
            final int nin = sizes[l - 1], nout = sizes[l];
            final double[] yin = ws.y[l - 1], x = ws.x[l], y = ws.y[l], dy = ws.dy[l];
            final int wo = weightOffset[l], bo = biasOffset[l];
            System.arraycopy(params, bo, x, 0, nout);
            for (int j = 0; j < nin; j++) {
                final double yj = yin[j];
                final int row = wo + j * nout;
                for (int k = 0; k < nout; k++) x[k] += params[row + k] * yj;
            }
            if (normalizeNodes) {
                final double inv = 1.0 / nin;
                for (int k = 0; k < nout; k++) x[k] *= inv;
            }
            final Activation f = activations[l - 1];
            for (int k = 0; k < nout; k++) {
                y[k] = f.value(x[k]);
                dy[k] = f.derivative(x[k], y[k]);
            }
        }
        return ws.y[sizes.length - 1][0];
    }

    /**
     * Back-propagation after {@link #evaluate}: fills {@code dEdInput} with ∂E/∂input and
     * ws.delta with ∂E/∂x of every layer.
     */
    public void inputGradient(Workspace ws, double[] dEdInput) {
        final int L = sizes.length - 1;
        ws.delta[L][0] = ws.dy[L][0];
        for (int l = L; l >= 1; l--) {
            final int nin = sizes[l - 1], nout = sizes[l];
            final double[] d = ws.delta[l];
            final double norm = normalizeNodes ? 1.0 / nin : 1.0;
            final double[] target = l == 1 ? dEdInput : ws.delta[l - 1];
            final double[] dyin = ws.dy[l - 1];
            final int wo = weightOffset[l];
            for (int j = 0; j < nin; j++) {
                final int row = wo + j * nout;
                double sum = 0.0;
                for (int k = 0; k < nout; k++) sum += params[row + k] * d[k];
                sum *= norm;
                target[j] = l == 1 ? sum : sum * dyin[j];
            }
        }
    }
}
