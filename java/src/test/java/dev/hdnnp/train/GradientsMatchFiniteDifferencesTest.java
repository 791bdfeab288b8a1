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
            out.add(fz.compute(k, s, dev.hdnnp.io.ReferenceStress.virial(s, "fixture", "structure " + k)));
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

    /** The same with the stress term (and without forces, so that the stress part is checked alone). */
    @ParameterizedTest
    @EnumSource(value = Activation.class, names = {"TANH", "SOFTPLUS"})
    void lossGradientWithStress(Activation act) {
        DescriptorSpec spec = Fixtures.spec(RC);
        List<Sample> data = samples(2, 17);
        List<NeuralNetwork> nets = Fixtures.networks(spec, 4, act);
        try (Parallel par = new Parallel(1)) {
            LossEngine eng = new LossEngine(nets, par);
            for (double fw : new double[]{0.0, 0.7}) {
                double[] w = eng.parameters();
                double[] grad = new double[w.length];
                double l0 = eng.lossAndGradient(data, fw, 0.9, grad);
                assertTrue(l0 > eng.lossAndGradient(data, fw, 0.0, new double[w.length]), "the stress term adds to the loss");
                double h = 1e-6, scale = 0, maxErr = 0;
                for (double g : grad) scale = Math.max(scale, Math.abs(g));
                for (int p = 0; p < w.length; p++) {
                    double w0 = w[p];
                    w[p] = w0 + h; eng.setParameters(w);
                    double lp = eng.lossAndGradient(data, fw, 0.9, new double[w.length]);
                    w[p] = w0 - h; eng.setParameters(w);
                    double lm = eng.lossAndGradient(data, fw, 0.9, new double[w.length]);
                    w[p] = w0; eng.setParameters(w);
                    double fd = (lp - lm) / (2 * h);
                    maxErr = Math.max(maxErr, Math.abs(fd - grad[p]) / scale);
                    assertEquals(fd, grad[p], 1e-6 * scale + 1e-6 * Math.abs(fd), "force weight " + fw + ", parameter " + p);
                }
                System.out.printf("stress loss gradient (%s, force weight %.1f): max |FD - analytic| / max|grad| = %.2e%n", act, fw, maxErr);
            }
        }
    }

    /** The virial Jacobian (Kalman's stress observation) against central differences. */
    @Test
    void virialJacobian() {
        DescriptorSpec spec = Fixtures.spec(RC);
        Sample s = samples(1, 13).get(0);
        List<NeuralNetwork> nets = Fixtures.networks(spec, 6, Activation.TANH);
        try (Parallel par = new Parallel(1)) {
            LossEngine eng = new LossEngine(nets, par);
            double[] w = eng.parameters();
            for (int q : new int[]{0, 3, 5}) {
                double[] hv = new double[w.length];
                eng.virialJacobian(s, q, hv);
                double h = 1e-6;
                for (int p = 0; p < w.length; p++) {
                    double w0 = w[p];
                    w[p] = w0 + h; eng.setParameters(w);
                    double vp = eng.virialJacobian(s, q, new double[w.length]);
                    w[p] = w0 - h; eng.setParameters(w);
                    double vm = eng.virialJacobian(s, q, new double[w.length]);
                    w[p] = w0; eng.setParameters(w);
                    assertEquals((vp - vm) / (2 * h), hv[p], 1e-7 + 1e-6 * Math.abs(hv[p]), "component " + q + ", parameter " + p);
                }
            }
        }
    }

    /**
     * The model's virial from the stored virial derivatives equals −∂E/∂ε, the energy's response to
     * a homogeneous strain of cell and positions (central differences), in a cell smaller than twice
     * the cutoff (atoms see several images of themselves and of each other).
     */
    @Test
    void virialMatchesStrainDerivative() {
        DescriptorSpec spec = Fixtures.spec(RC);
        Random r = new Random(21);
        Structure st = Fixtures.water(r, 2, 4.5);
        Fixtures.label(st, RC);
        List<NeuralNetwork> nets = Fixtures.networks(spec, 9, Activation.TANH);
        Featurizer fz = new Featurizer(spec, true);
        double[] ref = dev.hdnnp.io.ReferenceStress.virial(st, "fixture", "structure");
        try (Parallel par = new Parallel(1)) {
            LossEngine eng = new LossEngine(nets, par);
            Sample s = fz.compute(0, st, ref);
            double[] predicted = new double[6];
            double[] resid = eng.errors(List.of(s)).stress()[0];
            for (int q = 0; q < 6; q++) predicted[q] = resid[q] * s.volume + ref[q];
            // Voigt q -> (a, b)
            int[][] ab = {{0, 0}, {1, 1}, {2, 2}, {1, 2}, {0, 2}, {0, 1}};
            double h = 1e-6, max = 0, maxErr = 0;
            for (int q = 0; q < 6; q++) {
                double ep = energy(eng, fz.compute(0, strained(st, ab[q][0], ab[q][1], h), ref));
                double em = energy(eng, fz.compute(0, strained(st, ab[q][0], ab[q][1], -h), ref));
                double fd = -(ep - em) / (2 * h);
                max = Math.max(max, Math.abs(fd));
                maxErr = Math.max(maxErr, Math.abs(fd - predicted[q]));
                assertEquals(fd, predicted[q], 1e-6 * Math.max(1, Math.abs(fd)), "virial component " + q);
            }
            System.out.printf("virial vs strain derivative: max |W| %.3g, max |FD - analytic| %.2e%n", max, maxErr);
            assertTrue(max > 1e-3, "the virial should not be trivially zero");
        }
    }

    /** The fixture's reference virial (used by the stress training tests) is −∂E_ref/∂ε too. */
    @Test
    void fixtureVirialMatchesStrainDerivative() {
        Structure st = Fixtures.water(new Random(23), 2, 4.5);
        Fixtures.label(st, RC);
        double[] ref = dev.hdnnp.io.ReferenceStress.virial(st, "fixture", "structure");
        int[][] ab = {{0, 0}, {1, 1}, {2, 2}, {1, 2}, {0, 2}, {0, 1}};
        double h = 1e-6;
        for (int q = 0; q < 6; q++) {
            Structure p = strained(st, ab[q][0], ab[q][1], h), m = strained(st, ab[q][0], ab[q][1], -h);
            Fixtures.label(p, RC);
            Fixtures.label(m, RC);
            assertEquals(-(p.energy() - m.energy()) / (2 * h), ref[q], 1e-6 * Math.max(1, Math.abs(ref[q])), "component " + q);
        }
    }

    /** A copy with positions and cell under the symmetric strain ε_ab = ε_ba = e/2 (e for a = b). */
    private static Structure strained(Structure s, int a, int b, double e) {
        double[][] f = {{1, 0, 0}, {0, 1, 0}, {0, 0, 1}};
        if (a == b) f[a][a] += e;
        else { f[a][b] += e / 2; f[b][a] += e / 2; }
        double[] x = s.positions().clone(), c = s.cell().clone();
        for (double[] v : new double[][]{x, c})
            for (int i = 0; i < v.length / 3; i++) {
                double p0 = v[3 * i], p1 = v[3 * i + 1], p2 = v[3 * i + 2];
                for (int k = 0; k < 3; k++) v[3 * i + k] = f[k][0] * p0 + f[k][1] * p1 + f[k][2] * p2;
            }
        Structure t = new Structure(s.species().clone(), x, c, s.pbc().clone());
        t.setEnergy(s.energy());
        t.setForces(s.forces().clone());
        return t;
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
