package dev.hdnnp.bench;

import dev.hdnnp.io.InputDataFormat;
import dev.hdnnp.io.N2p2Potential;
import dev.hdnnp.neighbor.NeighborList;
import dev.hdnnp.nn.NeuralNetwork;
import dev.hdnnp.potential.Committee;
import dev.hdnnp.potential.CommitteeEvaluator;
import dev.hdnnp.potential.CommitteeResult;
import dev.hdnnp.potential.EvaluationResult;
import dev.hdnnp.potential.Evaluator;
import dev.hdnnp.potential.Model;
import dev.hdnnp.structure.Structure;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Paired timing on a shared machine: one model ({@link Evaluator}) against a committee of four
 * members with the same symmetry functions ({@link CommitteeEvaluator}: descriptors once, four
 * networks and force folds) on the 1080-atom water box, alternating call by call; prints the
 * median of the per-round ratios.
 *
 * <p>Run: {@code java -cp benchmarks/target/benchmarks.jar dev.hdnnp.bench.CommitteeCost /path/to/shared [rounds]}
 */
public final class CommitteeCost {
    public static void main(String[] args) throws Exception {
        Path dir = Path.of(args.length > 0 ? args[0] : "../shared").resolve("reference/n2p2/H2O_RPBE-D3");
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 10;
        Model model = N2p2Potential.read(dir.resolve("potential"), "bohr", "hartree");
        Structure box = InputDataFormat.read(dir.resolve("single/input.data")).get(0);
        NeighborList system = NeighborList.build(box, model.cutoff(), model::elementIndex);
        List<Model> members = new ArrayList<>(List.of(model));
        Random rnd = new Random(1);
        for (int m = 1; m < 4; m++) {
            List<NeuralNetwork> nets = new ArrayList<>();
            for (NeuralNetwork n : model.networks()) {
                NeuralNetwork c = n.copy();
                double[] p = c.parameters();
                for (int k = 0; k < p.length; k++) p[k] *= 1 + 0.02 * rnd.nextGaussian();
                nets.add(c);
            }
            members.add(model.withNetworks(nets, null));
        }
        EvaluationResult r1 = new EvaluationResult();
        CommitteeResult r4 = new CommitteeResult(4);
        try (Evaluator one = new Evaluator(model, 1); CommitteeEvaluator four = new CommitteeEvaluator(new Committee(members), 1)) {
            for (int w = 0; w < 3; w++) { one.compute(system, r1); four.compute(system, r4); }
            double[] t1 = new double[rounds], t4 = new double[rounds], ratio = new double[rounds];
            for (int q = 0; q < rounds; q++) {
                long a = System.nanoTime();
                one.compute(system, r1);
                long b = System.nanoTime();
                four.compute(system, r4);
                long c = System.nanoTime();
                t1[q] = (b - a) * 1e-6;
                t4[q] = (c - b) * 1e-6;
                ratio[q] = t4[q] / t1[q];
            }
            System.out.printf("one model: median %.1f ms; committee of 4 (shared descriptors): median %.1f ms; median ratio %.2f (%d rounds)%n",
                    median(t1), median(t4), median(ratio), rounds);
            System.out.printf("member 1 energy in the committee %.15g, alone %.15g%n", r4.memberEnergy[0], r1.energy);
        }
    }

    static double median(double[] x) {
        double[] s = x.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
