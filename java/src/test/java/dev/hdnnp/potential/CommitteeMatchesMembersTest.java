package dev.hdnnp.potential;

import dev.hdnnp.descriptor.CutoffType;
import dev.hdnnp.descriptor.Scaling;
import dev.hdnnp.descriptor.ScalingMode;
import dev.hdnnp.nn.Activation;
import dev.hdnnp.nn.NeuralNetwork;
import dev.hdnnp.structure.Structure;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The committee's means and disagreements against the members' separate predictions
 * ({@link Predictor}, one model at a time), with the disagreements computed here from those
 * predictions: for members sharing their descriptors (the shared kernel pass) and for a
 * committee with a member of other descriptors (one evaluator after the other).
 */
class CommitteeMatchesMembersTest {
    static final double TOL = 1e-12;

    /** The model with other network weights and other scaling statistics, same descriptors. */
    static Model perturbed(Model m, Random rnd) {
        List<Scaling> scalings = new ArrayList<>();
        List<NeuralNetwork> nets = new ArrayList<>();
        for (int e = 0; e < m.elements().size(); e++) {
            Scaling s = m.scaling(e);
            int n = s.size();
            double[] min = new double[n], max = new double[n], mean = new double[n], sigma = new double[n];
            for (int q = 0; q < n; q++) {
                double spread = s.max(q) - s.min(q);
                min[q] = s.min(q) + 0.05 * spread * rnd.nextGaussian();
                max[q] = min[q] + spread * (1 + 0.1 * rnd.nextDouble());
                mean[q] = s.mean(q) * (1 + 0.05 * rnd.nextGaussian());
                sigma[q] = s.sigma(q) * (1 + 0.1 * rnd.nextDouble());
            }
            scalings.add(new Scaling(s.mode(), s.sMin(), s.sMax(), min, max, mean, sigma));
            NeuralNetwork net = m.network(e).copy();
            double[] p = net.parameters();
            for (int k = 0; k < p.length; k++) p[k] += 0.1 * rnd.nextGaussian();
            nets.add(net);
        }
        double[] offsets = m.energyOffsets();
        for (int e = 0; e < offsets.length; e++) offsets[e] += 0.01 * rnd.nextGaussian();
        return new Model(m.descriptor(), scalings, nets, new Normalization(-0.2, 2.0, 1.5), offsets, m.lengthUnit(), m.energyUnit(), Map.of());
    }

    static Model base(Random rnd, Structure s) {
        Activation[] act = {Activation.TANH, Activation.SOFTPLUS, Activation.IDENTITY};
        return RandomPotentials.calibrate(RandomPotentials.model(rnd, CutoffType.TANH, 0.0, 4.2, act, ScalingMode.SCALESIGMA), s);
    }

    @Test
    void sharedDescriptors() {
        Random rnd = new Random(91);
        List<Structure> structures = List.of(
                RandomPotentials.structure(rnd, 9, new boolean[]{true, true, true}, true, 4.0),
                RandomPotentials.structure(rnd, 7, new boolean[]{false, false, false}, false, 4.0));
        Model a = base(rnd, structures.get(0));
        Committee c = new Committee(List.of(a, perturbed(a, rnd), perturbed(a, rnd), perturbed(a, rnd)));
        assertTrue(c.sharesDescriptors());
        check(c, structures);
    }

    @Test
    void differentDescriptorsOneAfterTheOther() {
        Random rnd = new Random(17);
        List<Structure> structures = List.of(RandomPotentials.structure(rnd, 8, new boolean[]{true, true, true}, false, 4.2));
        Model a = base(rnd, structures.get(0));
        Model b = base(rnd, structures.get(0));
        Committee c = new Committee(List.of(a, b, perturbed(a, rnd)));
        assertFalse(c.sharesDescriptors());
        check(c, structures);
    }

    static void check(Committee c, List<Structure> structures) {
        int members = c.size();
        List<List<Prediction>> separate = new ArrayList<>();
        for (Model m : c.members()) separate.add(Predictor.predictAll(m, structures, "angstrom", "eV", 1, null));
        List<CommitteePrediction> got = CommitteePredictor.predictAll(c, structures, "angstrom", "eV", 1);
        for (int k = 0; k < structures.size(); k++) {
            Structure s = structures.get(k);
            int n = s.size();
            CommitteePrediction cp = got.get(k);
            double meanE = 0;
            for (int m = 0; m < members; m++) {
                Prediction p = separate.get(m).get(k);
                close(p.energy(), cp.memberEnergies()[m], "member energy");
                for (int a = 0; a < 3 * n; a++) close(p.forces()[a], cp.memberForces()[m][a], "member force");
                if (p.stress() != null) {
                    // stress −W/V: the member's virial, independently from Predictor's stress
                    double v = s.volume();
                    int[] idx = {0, 4, 8, 1, 2, 5};
                    for (int q = 0; q < 6; q++) close(-p.stress()[idx[q]] * v, cp.memberVirials()[m][q], "member virial");
                }
                meanE += p.energy() / members;
            }
            close(meanE, cp.mean().energy(), "mean energy");
            double eVar = 0;
            for (int m = 0; m < members; m++) eVar += Math.pow(separate.get(m).get(k).energy() - meanE, 2) / members;
            close(Math.sqrt(eVar), cp.energyDisagreement(), "energy disagreement");
            for (int i = 0; i < n; i++) {
                double ae = 0, ax = 0, ay = 0, az = 0;
                for (int m = 0; m < members; m++) {
                    Prediction p = separate.get(m).get(k);
                    ae += p.atomEnergies()[i] / members;
                    ax += p.forces()[3 * i] / members;
                    ay += p.forces()[3 * i + 1] / members;
                    az += p.forces()[3 * i + 2] / members;
                }
                close(ae, cp.mean().atomEnergies()[i], "mean atomic energy");
                close(ax, cp.mean().forces()[3 * i], "mean force x");
                close(ay, cp.mean().forces()[3 * i + 1], "mean force y");
                close(az, cp.mean().forces()[3 * i + 2], "mean force z");
                double ve = 0, vf = 0;
                for (int m = 0; m < members; m++) {
                    Prediction p = separate.get(m).get(k);
                    ve += Math.pow(p.atomEnergies()[i] - ae, 2);
                    vf += Math.pow(p.forces()[3 * i] - ax, 2) + Math.pow(p.forces()[3 * i + 1] - ay, 2) + Math.pow(p.forces()[3 * i + 2] - az, 2);
                }
                close(Math.sqrt(ve / members), cp.atomEnergyDisagreement()[i], "atomic energy disagreement");
                close(Math.sqrt(vf / members), cp.forceDisagreement()[i], "force disagreement");
                assertTrue(cp.forceDisagreement()[i] > 1e-6, "the members differ, so must their forces");
            }
        }
    }

    static void close(double want, double got, String what) {
        assertEquals(want, got, TOL * Math.max(1.0, Math.abs(want)), what);
    }
}
