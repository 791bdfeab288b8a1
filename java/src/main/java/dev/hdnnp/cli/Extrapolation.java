package dev.hdnnp.cli;

import dev.hdnnp.potential.EvaluationResult;
import dev.hdnnp.potential.Model;
import dev.hdnnp.potential.Predictor;
import dev.hdnnp.structure.Structure;

import java.io.PrintWriter;
import java.util.Locale;

/**
 * Collects extrapolation warnings (raw symmetry-function values outside the training range)
 * over all structures of a prediction and summarises them in one stderr line: how many, and the
 * one furthest outside its range, measured in units of the range width.
 */
final class Extrapolation implements Predictor.ResultListener {
    private final Model model;
    private long count;
    private int structuresAffected;
    private boolean truncated;
    private double worstExcess = -1;
    private String worst;

    Extrapolation(Model model) { this.model = model; }

    @Override
    public void accept(int structure, Structure s, EvaluationResult r) {
        if (r.extrapolationWarnings == 0) return;
        count += r.extrapolationWarnings;
        structuresAffected++;
        truncated |= r.extrapolationWarnings > r.recordedWarnings();
        for (int q = 0; q < r.recordedWarnings(); q++) {
            double g = r.warningValue[q], lo = r.warningMin[q], hi = r.warningMax[q];
            double width = hi - lo;
            double outside = g < lo ? lo - g : g - hi;
            double excess = width > 0 ? outside / width : outside;
            if (excess > worstExcess) {
                worstExcess = excess;
                int e = r.warningElement[q], f = r.warningFunction[q], atom = r.warningAtom[q];
                worst = String.format(Locale.ROOT, "structure %d, atom %d (%s), function %d [%s] = %s outside [%s, %s]",
                        structure + 1, atom + 1, s.species(atom), f + 1, model.functions(e).get(f).toN2p2(), g, lo, hi);
            }
        }
    }

    long count() { return count; }

    void report(PrintWriter err, int structures) {
        if (count == 0) return;
        err.println("hdnnp: warning: " + count + " symmetry-function value" + (count == 1 ? "" : "s") + " outside the training range in "
                + structuresAffected + " of " + structures + " structures (predictions there are extrapolations); worst"
                + (truncated ? " of the first " + EvaluationResult.MAX_RECORDED + " per structure" : "") + ": " + worst);
        err.flush();
    }
}
