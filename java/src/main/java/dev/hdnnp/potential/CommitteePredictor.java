package dev.hdnnp.potential;

import dev.hdnnp.neighbor.NeighborList;
import dev.hdnnp.structure.Structure;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Committee predictions for whole structures: neighbour list, evaluation, ghost forces folded back, disagreements. */
public final class CommitteePredictor {
    private CommitteePredictor() {}

    /** The committee's predictions for every structure, in units (lu, eu). */
    public static List<CommitteePrediction> predictAll(Committee c, List<Structure> input, String lu, String eu, int threads) {
        List<CommitteePrediction> results = new ArrayList<>(input.size());
        Model first = c.member(0);
        double cutoff = c.cutoff() * Units.lengthFactor(first.lengthUnit(), lu) * (1 + 1e-12);
        int members = c.size();
        try (CommitteeEvaluator ev = new CommitteeEvaluator(c, threads)) {
            ev.setUnits(lu, eu);
            CommitteeResult r = new CommitteeResult(members);
            for (Structure s : input) {
                NeighborList nl = NeighborList.build(s, cutoff, first::elementIndex);
                ev.compute(nl, r);
                int n = s.size();
                double[][] memberForces = new double[members][3 * n];
                for (int m = 0; m < members; m++) nl.foldGhostForces(r.memberForces[m], memberForces[m]);
                double[] forces = new double[3 * n];
                nl.foldGhostForces(r.forces, forces);
                double[] forceDisagreement = new double[n];
                Disagreement.forces(memberForces, n, forceDisagreement);
                double[][] virials = new double[members][];
                for (int m = 0; m < members; m++) virials[m] = r.memberVirial[m].clone();
                Prediction mean = new Prediction(r.energy, forces, Arrays.copyOf(r.atomEnergy, n), Predictor.stress(s, r.virial));
                results.add(new CommitteePrediction(mean, r.memberEnergy.clone(), memberForces, virials,
                        Arrays.copyOf(r.atomEnergyDisagreement, n), forceDisagreement, r.energyDisagreement()));
            }
        }
        return results;
    }
}
