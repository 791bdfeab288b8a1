package dev.hdnnp.descriptor;

import dev.hdnnp.neighbor.Neighborhood;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTrue;

/** ∂G/∂r_k of every symmetry-function type and cutoff type equals finite differences of G. */
class DescriptorDerivativesMatchFiniteDifferencesTest {
    static final List<String> ELEMENTS = List.of("H", "O");

    static final String[] LINES = {
            "H 2 O 0.3 0.8 4.0", "H 2 H 0.1 0.0 3.5",
            "H 3 O O 0.05 1.0 1.0 4.0", "H 3 H O 0.02 -1.0 4.0 4.0 0.5", "H 3 H H 0.03 1.0 3.5 3.8",
            "H 9 O O 0.05 -1.0 2.0 4.0", "H 9 H O 0.04 1.0 3.5 4.0 0.3",
            "H 12 0.2 0.5 4.0", "H 13 0.03 0.2 -1.0 2.0 4.0", "H 13 0.03 0.0 1.0 3.5 3.7",
            "H 20 O -4.0 4.0 p2", "H 20 H 0.5 4.0 p2a", "H 20 O 0.7 3.9 e", "H 20 H -4.0 4.0 p4a",
            "H 21 H O -4.0 4.0 0 180 p1", "H 21 O O 0.4 4.0 30 150 p3a", "H 21 H H -4.0 4.0 -90 90 p2",
            "H 22 H O -4.0 4.0 90 270 p4", "H 22 O O 0.3 4.0 45 120 ea", "H 22 H H -4.0 4.0 0 180 e",
            "H 23 -4.0 4.0 p3", "H 23 0.6 4.0 ea",
            "H 24 -4.0 4.0 20 160 p2", "H 24 0.5 4.0 -90 90 p4a",
            "H 25 -4.0 4.0 0 180 p2a", "H 25 0.3 3.9 60 170 p1"};

    @Test
    void everyTypeAndCutoff() {
        for (CutoffType ct : CutoffType.values()) {
            for (String line : LINES) {
                check(List.of(SymmetryFunction.parse(line)), ct, ct.usesInnerCutoff() ? 0.3 : 0.0, new Random(line.hashCode() + ct.ordinal()), line + " / " + ct);
            }
        }
    }

    @Test
    void allTypesTogether() {
        List<SymmetryFunction> all = new ArrayList<>();
        for (String l : LINES) all.add(SymmetryFunction.parse(l));
        all.sort(SymmetryFunction.N2P2_ORDER);
        for (CutoffType ct : CutoffType.values()) check(all, ct, 0.2, new Random(ct.ordinal()), "all / " + ct);
    }

    static void check(List<SymmetryFunction> sfs, CutoffType ct, double alpha, Random rnd, String what) {
        DescriptorSet ds = new DescriptorSet("H", ELEMENTS, sfs, ct, alpha);
        int m = 9;
        double[] pos = new double[3 * m];
        int[] el = new int[m];
        for (int k = 0; k < m; k++) {
            double r = 0.8 + 3.0 * rnd.nextDouble();
            double[] u = {rnd.nextGaussian(), rnd.nextGaussian(), rnd.nextGaussian()};
            double n = Math.sqrt(u[0] * u[0] + u[1] * u[1] + u[2] * u[2]);
            for (int c = 0; c < 3; c++) pos[3 * k + c] = r * u[c] / n;
            el[k] = rnd.nextInt(2);
        }
        int ns = sfs.size();
        double[] g = new double[ns], dG = new double[m * ns * 3];
        ds.compute(hood(pos, el), g, dG);
        double gmax = 0;
        for (double v : g) gmax = Math.max(gmax, Math.abs(v));
        double h = 1e-5;
        double[] gp = new double[ns], gm = new double[ns], scratch = new double[m * ns * 3];
        for (int k = 0; k < m; k++) {
            for (int c = 0; c < 3; c++) {
                // the neighbour moves by +h: d = r_i − r_k changes by −h
                double x0 = pos[3 * k + c];
                pos[3 * k + c] = x0 - h;
                ds.compute(hood(pos, el), gp, scratch);
                pos[3 * k + c] = x0 + h;
                ds.compute(hood(pos, el), gm, scratch);
                pos[3 * k + c] = x0;
                for (int s = 0; s < ns; s++) {
                    double fd = (gp[s] - gm[s]) / (2 * h);
                    double an = dG[(k * ns + s) * 3 + c];
                    assertTrue(Math.abs(fd - an) <= 1e-6 * Math.max(1, gmax), what + ": function " + s + " neighbour " + k + " comp " + c + ": analytic " + an + " vs FD " + fd);
                }
            }
        }
    }

    static Neighborhood hood(double[] d, int[] el) {
        Neighborhood nb = new Neighborhood();
        for (int k = 0; k < el.length; k++) nb.add(k, el[k], el[k] == 0 ? 1 : 8, d[3 * k], d[3 * k + 1], d[3 * k + 2]);
        return nb;
    }
}
