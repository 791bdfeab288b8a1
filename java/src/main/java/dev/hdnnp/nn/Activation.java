package dev.hdnnp.nn;

/** n2p2's activation functions, by their letter in {@code global_activation_short}. */
public enum Activation {
    IDENTITY('l'), TANH('t'), LOGISTIC('s'), SOFTPLUS('p'), RELU('r'), GAUSSIAN('g'), COSINE('c'),
    REVERSE_LOGISTIC('S'), EXP('e'), HARMONIC('h');

    private final char letter;

    Activation(char letter) { this.letter = letter; }

    public char letter() { return letter; }

    public static Activation ofLetter(char c) {
        for (Activation a : values()) if (a.letter == c) return a;
        throw new IllegalArgumentException("unknown activation '" + c + "' (known: l t s p r g c S e h)");
    }

    /** f(x); logistic and softplus are clamped at |x| > 35 as in n2p2. */
    public double value(double x) {
        return switch (this) {
            case IDENTITY -> x;
            case TANH -> Math.tanh(x);
            case LOGISTIC -> x > 35.0 ? 1.0 : x < -35.0 ? 0.0 : 1.0 / (1.0 + Math.exp(-x));
            case SOFTPLUS -> x > 35.0 ? x : x < -35.0 ? 0.0 : Math.log(1.0 + Math.exp(x));
            case RELU -> x > 0.0 ? x : 0.0;
            case GAUSSIAN -> Math.exp(-0.5 * x * x);
            case COSINE -> Math.cos(x);
            case REVERSE_LOGISTIC -> 1.0 - 1.0 / (1.0 + Math.exp(-x));
            case EXP -> Math.exp(-x);
            case HARMONIC -> x * x;
        };
    }

    /** f'(x), given f(x) = fx. */
    public double derivative(double x, double fx) {
        return switch (this) {
            case IDENTITY -> 1.0;
            case TANH -> 1.0 - fx * fx;
            case LOGISTIC -> (x > 35.0 || x < -35.0) ? 0.0 : fx * (1.0 - fx);
            case SOFTPLUS -> x > 35.0 ? 1.0 : x < -35.0 ? 0.0 : 1.0 / (1.0 + Math.exp(-x));
            case RELU -> x > 0.0 ? 1.0 : 0.0;
            case GAUSSIAN -> -x * fx;
            case COSINE -> -Math.sin(x);
            case REVERSE_LOGISTIC -> {
                double s = 1.0 / (1.0 + Math.exp(-x));
                yield s * (s - 1.0);
            }
            case EXP -> -fx;
            case HARMONIC -> 2.0 * x;
        };
    }

    /** f''(x), given f(x) = fx and f'(x) = dfx (needed by force training). */
    public double secondDerivative(double x, double fx, double dfx) {
        return switch (this) {
            case IDENTITY, RELU -> 0.0;
            case TANH -> -2.0 * fx * dfx;
            case LOGISTIC -> (x > 35.0 || x < -35.0) ? 0.0 : dfx * (1.0 - 2.0 * fx);
            case SOFTPLUS -> x > 35.0 || x < -35.0 ? 0.0 : dfx * (1.0 - dfx);
            case GAUSSIAN -> (x * x - 1.0) * fx;
            case COSINE -> -fx;
            case REVERSE_LOGISTIC -> dfx * (2.0 * fx - 1.0);
            case EXP -> fx;
            case HARMONIC -> 2.0;
        };
    }
}
