package dev.hdnnp.potential;

import dev.hdnnp.neighbor.NeighborList;
import dev.hdnnp.structure.Structure;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Predictions for whole structures: neighbour list, evaluation, ghost forces folded back, stress. */
public final class Predictor {
    private Predictor() {}

    /** Sees each structure's raw evaluation result (e.g. its extrapolation warnings) before it is reused. */
    @FunctionalInterface
    public interface ResultListener {
        void accept(int structure, Structure s, EvaluationResult r);
    }

    /**
     * Energies, forces, per-atom energies and stress of every structure, in units (lu, eu).
     *
     * @param listener sees every structure's evaluation result, or null
     * @throws IllegalArgumentException "structure K: ..." (K from 1) for a structure that cannot be
     *         evaluated, e.g. a cell too small for the cutoff or coinciding atoms
     */
    public static List<Prediction> predictAll(Model m, List<Structure> input, String lu, String eu, int threads, ResultListener listener) {
        List<Prediction> results = new ArrayList<>(input.size());
        // the neighbour list is built in the structure's unit; the evaluator filters by exact distance
        double cutoff = m.cutoff() * Units.lengthFactor(m.lengthUnit(), lu) * (1 + 1e-12);
        try (Evaluator ev = new Evaluator(m, threads)) {
            ev.setUnits(lu, eu);
            EvaluationResult r = new EvaluationResult();
            for (int k = 0; k < input.size(); k++) {
                Structure s = input.get(k);
                NeighborList nl;
                try {
                    nl = NeighborList.build(s, cutoff, m::elementIndex);
                } catch (IllegalArgumentException e) {
                    throw new IllegalArgumentException("structure " + (k + 1) + ": " + e.getMessage(), e);
                }
                r.ensureCapacity(nl.totalCount(), true, false);
                ev.compute(nl, r);
                double[] forces = new double[3 * s.size()];
                nl.foldGhostForces(r.forces, forces);
                results.add(new Prediction(r.energy, forces, Arrays.copyOf(r.atomEnergy, s.size()), stress(s, r.virial)));
                if (listener != null) listener.accept(k, s, r);
            }
        }
        return results;
    }

    /** −W/V as a 3×3 row-major matrix, or null unless the structure is periodic in all directions. */
    public static double[] stress(Structure s, double[] virial) {
        boolean[] p = s.pbc();
        if (!(p[0] && p[1] && p[2])) return null;
        double v = s.volume();
        double xx = -virial[0] / v, yy = -virial[1] / v, zz = -virial[2] / v;
        double xy = -virial[3] / v, xz = -virial[4] / v, yz = -virial[5] / v;
        return new double[]{xx, xy, xz, xy, yy, yz, xz, yz, zz};
    }
}
