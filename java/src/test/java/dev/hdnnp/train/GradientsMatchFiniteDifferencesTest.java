package dev.hdnnp.train;

import dev.hdnnp.descriptor.DescriptorSpec;
import dev.hdnnp.nn.Activation;
import dev.hdnnp.nn.NeuralNetwork;
import dev.hdnnp.structure.Structure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Analytic derivatives of energies, forces and the loss w.r.t. every weight agree with central differences (like n2p2's nnp-checkdw). */
class GradientsMatchFiniteDifferencesTest {
    static final double RC = 4.0;

    static List<Sample> samples(int count, long seed) {
        DescriptorSpec spec = Fixtures.spec(RC);
        Random r = new Random(seed);
        Featurizer fz = new Featurizer(spec, true);
        List<Sample> out = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            Structure s = Fixtures.water(r, 2, 5.0);
            Fixtures.label(s, RC);
            out.add(fz.compute(k, s));
        }
        return out;
    }

    @ParameterizedTest
    @EnumSource(value = Activation.class, names = {"TANH", "SOFTPLUS", "LOGISTIC", "GAUSSIAN"})
    void lossGradientWithForces(Activation act) {
        DescriptorSpec spec = Fixtures.spec(RC);
        List<Sample> data = samples(2, 7);
        List<NeuralNetwork> nets = Fixtures.networks(spec, 3, act);
        try (Parallel par = new Parallel(1)) {
            LossEngine eng = new LossEngine(nets, par);
            double[] w = eng.parameters();
            double[] grad = new double[w.length];
            eng.lossAndGradient(data, 0.7, grad);
            double h = 1e-6;
            double scale = 0;
            for (double g : grad) scale = Math.max(scale, Math.abs(g));
            for (int p = 0; p < w.length; p++) {
                double w0 = w[p];
                w[p] = w0 + h; eng.setParameters(w);
                double lp = eng.lossAndGradient(data, 0.7, new double[w.length]);
                w[p] = w0 - h; eng.setParameters(w);
                double lm = eng.lossAndGradient(data, 0.7, new double[w.length]);
                w[p] = w0; eng.setParameters(w);
                double fd = (lp - lm) / (2 * h);
                assertEquals(fd, grad[p], 1e-6 * scale + 1e-6 * Math.abs(fd), "parameter " + p);
            }
        }
    }

    @Test
    void energyAndForceJacobians() {
        DescriptorSpec spec = Fixtures.spec(RC);
        Sample s = samples(1, 11).get(0);
        List<NeuralNetwork> nets = Fixtures.networks(spec, 5, Activation.TANH);
        try (Parallel par = new Parallel(1)) {
            LossEngine eng = new LossEngine(nets, par);
            double[] w = eng.parameters();
            double[] he = new double[w.length], hf = new double[w.length];
            eng.energyJacobian(s, he);
            int atom = 2, comp = 1;
            eng.forceJacobian(s, atom, comp, hf);
            double h = 1e-6;
            for (int p = 0; p < w.length; p++) {
                double w0 = w[p];
                w[p] = w0 + h; eng.setParameters(w);
                double ep = eng.energyJacobian(s, new double[w.length]), fp = eng.forceJacobian(s, atom, comp, new double[w.length]);
                w[p] = w0 - h; eng.setParameters(w);
                double em = eng.energyJacobian(s, new double[w.length]), fm = eng.forceJacobian(s, atom, comp, new double[w.length]);
                w[p] = w0; eng.setParameters(w);
                assertEquals((ep - em) / (2 * h), he[p], 1e-7 + 1e-6 * Math.abs(he[p]), "energy, parameter " + p);
                assertEquals((fp - fm) / (2 * h), hf[p], 1e-7 + 1e-6 * Math.abs(hf[p]), "force, parameter " + p);
            }
        }
    }

    /** The stored, image-folded derivatives give forces equal to −∂E/∂r by finite differences of positions. */
    @Test
    void forcesMatchPositionDifferences() {
        DescriptorSpec spec = Fixtures.spec(RC);
        Random r = new Random(3);
        Structure st = Fixtures.water(r, 2, 4.5);
        Fixtures.label(st, RC);
        List<NeuralNetwork> nets = Fixtures.networks(spec, 9, Activation.TANH);
        Featurizer fz = new Featurizer(spec, true);
        try (Parallel par = new Parallel(1)) {
            LossEngine eng = new LossEngine(nets, par);
            Sample s = fz.compute(0, st);
            double[] resid = eng.errors(List.of(s)).forces()[0];
            double h = 1e-5;
            double max = 0;
            for (int a = 0; a < 3 * st.size(); a++) {
                double predicted = resid[a] + s.forces[a];
                double x0 = st.positions()[a];
                st.positions()[a] = x0 + h;
                double ep = energy(eng, fz.compute(0, st));
                st.positions()[a] = x0 - h;
                double em = energy(eng, fz.compute(0, st));
                st.positions()[a] = x0;
                double fd = -(ep - em) / (2 * h);
                max = Math.max(max, Math.abs(fd));
                assertEquals(fd, predicted, 1e-5 * Math.max(1, Math.abs(fd)), "force component " + a);
            }
            assertTrue(max > 1e-3, "forces should not be trivially zero");
        }
    }

    private static double energy(LossEngine eng, Sample s) {
        return eng.errors(List.of(s)).energyPerAtom()[0] * s.atoms + s.energy;
    }
}
