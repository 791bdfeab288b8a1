package dev.hdnnp.nn;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** Every activation's first and second derivative equal central differences; n2p2's clamps hold. */
class ActivationDerivativesTest {
    @Test
    void derivativesMatchFiniteDifferences() {
        double h = 1e-5;
        for (Activation a : Activation.values()) {
            for (double x = -4.9; x < 5; x += 0.37) {
                if (a == Activation.RELU && Math.abs(x) < 2 * h) continue;
                double f = a.value(x), df = a.derivative(x, f);
                double fd = (a.value(x + h) - a.value(x - h)) / (2 * h);
                assertEquals(fd, df, 1e-7 * Math.max(1, Math.abs(df)), a + " f' at " + x);
                double d2 = a.secondDerivative(x, f, df);
                double fd2 = (a.derivative(x + h, a.value(x + h)) - a.derivative(x - h, a.value(x - h))) / (2 * h);
                assertEquals(fd2, d2, 1e-6 * Math.max(1, Math.abs(d2)), a + " f'' at " + x);
            }
        }
    }

    @Test
    void logisticAndSoftplusAreClampedAt35LikeN2p2() {
        assertEquals(1.0, Activation.LOGISTIC.value(36));
        assertEquals(0.0, Activation.LOGISTIC.value(-36));
        assertEquals(0.0, Activation.LOGISTIC.derivative(36, 1.0));
        assertEquals(36.0, Activation.SOFTPLUS.value(36));
        assertEquals(0.0, Activation.SOFTPLUS.value(-36));
        assertEquals(1.0, Activation.SOFTPLUS.derivative(36, 36));
        assertEquals(Math.log(1 + Math.exp(2.0)), Activation.SOFTPLUS.value(2.0), 0.0);
    }
}
