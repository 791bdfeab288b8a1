package dev.hdnnp.cli;

import dev.hdnnp.potential.Committee;
import dev.hdnnp.potential.CommitteePrediction;
import dev.hdnnp.potential.CommitteePredictor;
import dev.hdnnp.potential.Prediction;
import dev.hdnnp.structure.Structure;

import java.io.PrintWriter;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * {@code hdnnp test} on a committee: each member's errors, the committee mean's errors, and how
 * well the members' spread predicts the error of the mean: Spearman's rank correlation of the
 * per-atom force disagreement with the per-atom force error |F̄_i − F_i^ref|.
 */
final class CommitteeReport {
    private CommitteeReport() {}

    static void run(Committee c, List<Structure> chosen, String lu, String eu, int threads, PrintWriter out) {
        List<CommitteePrediction> p = CommitteePredictor.predictAll(c, chosen, lu, eu, threads);
        int members = c.size();
        int nAtomsF = 0;
        for (Structure s : chosen) if (s.forces() != null) nAtomsF += s.size();
        double[] disagreement = new double[nAtomsF], error = new double[nAtomsF];
        for (int m = -1; m < members; m++) {
            double[] eRef = new double[chosen.size()], ePred = new double[chosen.size()];
            double[] fRef = new double[3 * nAtomsF], fPred = new double[3 * nAtomsF];
            int o = 0;
            for (int k = 0; k < chosen.size(); k++) {
                Structure s = chosen.get(k);
                CommitteePrediction cp = p.get(k);
                double energy = m < 0 ? cp.mean().energy() : cp.memberEnergies()[m];
                double[] forces = m < 0 ? cp.mean().forces() : cp.memberForces()[m];
                eRef[k] = s.energy() / s.size();
                ePred[k] = energy / s.size();
                if (s.forces() != null) {
                    System.arraycopy(s.forces(), 0, fRef, 3 * o, 3 * s.size());
                    System.arraycopy(forces, 0, fPred, 3 * o, 3 * s.size());
                    if (m < 0) {
                        for (int i = 0; i < s.size(); i++) {
                            disagreement[o + i] = cp.forceDisagreement()[i];
                            double dx = forces[3 * i] - s.forces()[3 * i], dy = forces[3 * i + 1] - s.forces()[3 * i + 1],
                                    dz = forces[3 * i + 2] - s.forces()[3 * i + 2];
                            error[o + i] = Math.sqrt(dx * dx + dy * dy + dz * dz);
                        }
                    }
                    o += s.size();
                }
            }
            TestCommand.Errors e = TestCommand.Errors.of(eRef, ePred), f = TestCommand.Errors.of(fRef, fPred);
            String who = m < 0 ? "committee mean" : "member " + (m + 1);
            out.printf(Locale.ROOT, "%-15s energy per atom RMSE %.6g MAE %.6g %s/atom", who, e.rmse(), e.mae(), eu);
            if (nAtomsF > 0) out.printf(Locale.ROOT, " | force component RMSE %.6g MAE %.6g %s/%s", f.rmse(), f.mae(), eu, lu);
            out.println();
        }
        if (nAtomsF > 1) {
            double mean = Arrays.stream(disagreement).average().orElse(Double.NaN);
            out.printf(Locale.ROOT, "per-atom force disagreement: mean %.6g %s/%s; Spearman rank correlation with the per-atom force error of the mean: %.4f (%d atoms)%n",
                    mean, eu, lu, spearman(disagreement, error), nAtomsF);
        }
        out.flush();
    }

    /** Spearman's rank correlation (Pearson correlation of the ranks; ties get their mean rank). */
    static double spearman(double[] a, double[] b) {
        if (a.length != b.length) throw new IllegalArgumentException("lengths differ");
        return pearson(ranks(a), ranks(b));
    }

    static double[] ranks(double[] x) {
        int n = x.length;
        Integer[] idx = new Integer[n];
        for (int i = 0; i < n; i++) idx[i] = i;
        Arrays.sort(idx, (p, q) -> Double.compare(x[p], x[q]));
        double[] r = new double[n];
        for (int i = 0; i < n; ) {
            int j = i;
            while (j + 1 < n && x[idx[j + 1]] == x[idx[i]]) j++;
            double rank = 0.5 * (i + j) + 1;
            for (int q = i; q <= j; q++) r[idx[q]] = rank;
            i = j + 1;
        }
        return r;
    }

    static double pearson(double[] a, double[] b) {
        int n = a.length;
        double ma = 0, mb = 0;
        for (int i = 0; i < n; i++) {
            ma += a[i];
            mb += b[i];
        }
        ma /= n;
        mb /= n;
        double sab = 0, saa = 0, sbb = 0;
        for (int i = 0; i < n; i++) {
            sab += (a[i] - ma) * (b[i] - mb);
            saa += (a[i] - ma) * (a[i] - ma);
            sbb += (b[i] - mb) * (b[i] - mb);
        }
        return sab / Math.sqrt(saa * sbb);
    }
}
