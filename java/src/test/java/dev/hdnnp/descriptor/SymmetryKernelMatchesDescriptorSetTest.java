package dev.hdnnp.descriptor;

import dev.hdnnp.neighbor.Neighborhood;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The grouped two-pass kernel against the per-function {@link DescriptorSet} (whose derivatives
 * {@link DescriptorDerivativesMatchFiniteDifferencesTest} checks): the same G for every type and
 * cutoff type, and pass 2 with random coefficients c equals Σ_s c_s ∂G_s/∂r_k. Pass 2 is also
 * checked against finite differences of Σ_s c_s G_s from pass 1 directly. Both the SIMD loops
 * (where they apply: Gaussian angular groups; narrow ones with tanh cutoffs) and the scalar loops.
 * The training mode, {@link SymmetryKernel#jacobian}, is checked element by element against the
 * descriptor set's ∂G_s/∂r_k and against finite differences of each G_s from pass 1, and its
 * contraction with c against pass 2. Its column mode ({@link SymmetryKernel#jacobianColumns}, the
 * rows of a few neighbours) against the whole Jacobian, bit for bit, and finite differences.
 */
class SymmetryKernelMatchesDescriptorSetTest {
    @Test
    void everyTypeAndCutoff() {
        for (CutoffType ct : CutoffType.values()) {
            for (String line : DescriptorDerivativesMatchFiniteDifferencesTest.LINES) {
                check(List.of(SymmetryFunction.parse(line)), ct, ct.usesInnerCutoff() ? 0.3 : 0.0, new Random(line.hashCode() ^ ct.ordinal()), line + " / " + ct);
            }
        }
    }

    @Test
    void allTypesTogether() {
        List<SymmetryFunction> all = new ArrayList<>();
        for (String l : DescriptorDerivativesMatchFiniteDifferencesTest.LINES) all.add(SymmetryFunction.parse(l));
        // a second set of Gaussian parameters so that groups have several (eta, rs) subgroups and members
        for (String l : new String[]{"H 3 O O 0.05 -1.0 4.0 4.0", "H 3 O O 0.01 1.0 2.0 4.0", "H 9 O O 0.05 1.0 1.0 4.0",
                "H 9 O O 0.2 -1.0 16.0 4.0", "H 2 O 0.7 0.8 4.0", "H 3 H O 0.02 1.0 1.0 4.0 0.5"}) all.add(SymmetryFunction.parse(l));
        all.sort(SymmetryFunction.N2P2_ORDER);
        for (CutoffType ct : CutoffType.values()) check(all, ct, 0.2, new Random(17 + ct.ordinal()), "all / " + ct);
    }

    static void check(List<SymmetryFunction> sfs, CutoffType ct, double alpha, Random rnd, String what) {
        assertTrue(VectorSupport.enabled() || Boolean.getBoolean("hdnnp.kernel.scalar"), "the tests run with --add-modules jdk.incubator.vector");
        for (boolean simd : new boolean[]{true, false}) check(sfs, ct, alpha, new Random(rnd.nextLong()), what + (simd ? " / simd" : " / scalar"), simd);
    }

    static void check(List<SymmetryFunction> sfs, CutoffType ct, double alpha, Random rnd, String what, boolean simd) {
        List<String> elements = DescriptorDerivativesMatchFiniteDifferencesTest.ELEMENTS;
        DescriptorSet ds = new DescriptorSet("H", elements, sfs, ct, alpha);
        SymmetryKernel kernel = new SymmetryKernel("H", elements, sfs, ct, alpha, simd);
        KernelWorkspace ws = SymmetryKernel.workspace(kernel);
        int m = 11;
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
        double[] g = new double[ns], dG = new double[m * ns * 3], gk = new double[ns];
        Neighborhood nb = DescriptorDerivativesMatchFiniteDifferencesTest.hood(pos, el);
        ds.compute(nb, g, dG);
        kernel.values(nb, ws, gk);
        for (int s = 0; s < ns; s++)
            assertTrue(Math.abs(g[s] - gk[s]) <= 1e-13 * Math.max(1.0, Math.abs(g[s])), what + ": G " + s + " " + gk[s] + " vs " + g[s]);

        double[] coef = new double[ns];
        for (int s = 0; s < ns; s++) coef[s] = rnd.nextGaussian();
        kernel.gradient(nb, ws, coef);
        double scale = 0;
        double[] expect = new double[3 * m];
        for (int k = 0; k < m; k++) {
            for (int c = 0; c < 3; c++) {
                double sum = 0;
                for (int s = 0; s < ns; s++) sum += coef[s] * dG[(k * ns + s) * 3 + c];
                expect[3 * k + c] = sum;
                scale = Math.max(scale, Math.abs(sum));
            }
        }
        for (int k = 0; k < m; k++) {
            double[] got = {ws.gx[k], ws.gy[k], ws.gz[k]};
            for (int c = 0; c < 3; c++)
                assertTrue(Math.abs(got[c] - expect[3 * k + c]) <= 1e-12 * Math.max(1.0, scale),
                        what + ": neighbour " + k + " comp " + c + ": kernel " + got[c] + " vs descriptor set " + expect[3 * k + c]);
        }

        // the training mode: the whole Jacobian, against the descriptor set and against pass 2
        double[] J = new double[m * ns * 3 + 5];
        java.util.Arrays.fill(J, Double.NaN); // every entry of the used range must be written
        kernel.jacobian(nb, ws, J);
        double jmax = 0;
        for (int t = 0; t < m * ns * 3; t++) jmax = Math.max(jmax, Math.abs(dG[t]));
        for (int t = 0; t < m * ns * 3; t++)
            assertTrue(Math.abs(J[t] - dG[t]) <= 1e-13 * Math.max(1.0, jmax),
                    what + ": Jacobian entry (neighbour " + t / 3 / ns + ", function " + t / 3 % ns + ", comp " + t % 3 + "): kernel " + J[t] + " vs descriptor set " + dG[t]);
        for (int k = 0; k < m; k++) {
            double[] got = {ws.gx[k], ws.gy[k], ws.gz[k]};
            for (int c = 0; c < 3; c++) {
                double sum = 0;
                for (int s = 0; s < ns; s++) sum += coef[s] * J[(k * ns + s) * 3 + c];
                assertTrue(Math.abs(got[c] - sum) <= 1e-12 * Math.max(1.0, scale), what + ": Σ c J " + sum + " vs pass 2 " + got[c]);
            }
        }

        // the column mode: the rows of a few wanted neighbours, bit for bit those of the whole
        // Jacobian, whichever neighbours are wanted (one, several, none, all), in any row order
        for (int trial = 0; trial < 6; trial++) {
            int[] row = new int[m];
            int rows = 0;
            for (int k = 0; k < m; k++) {
                boolean want = trial == 0 ? k == 0 : trial == 1 ? k == m - 1 : trial == 2 ? false : trial == 3 || rnd.nextInt(3) == 0;
                row[k] = want ? rows++ : -1;
            }
            if (trial == 5) for (int k = 0; k < m; k++) if (row[k] >= 0) row[k] = rows - 1 - row[k]; // reversed rows
            double[] C = new double[3 * (rows + 1) * ns + 3];
            java.util.Arrays.fill(C, Double.NaN);
            kernel.jacobianColumns(nb, ws, row, rows, C);
            for (int k = 0; k < m; k++) {
                if (row[k] < 0) continue;
                for (int t = 0; t < 3 * ns; t++)
                    assertTrue(Double.compare(C[3 * row[k] * ns + t], J[3 * k * ns + t]) == 0, what + ": column mode, trial " + trial + ", neighbour " + k
                            + ", function " + t / 3 + ", comp " + t % 3 + ": " + C[3 * row[k] * ns + t] + " vs Jacobian " + J[3 * k * ns + t]);
            }
        }
        // and a whole Jacobian after the column mode is the whole Jacobian again
        double[] J2 = new double[m * ns * 3];
        kernel.jacobian(nb, ws, J2);
        assertTrue(java.util.Arrays.equals(J2, 0, m * ns * 3, J, 0, m * ns * 3), what + ": Jacobian after the column mode");

        // pass 2 in a workspace that never ran pass 1 on this neighbourhood builds what it replays
        // itself: the same arithmetic, so the same bits
        KernelWorkspace fresh = SymmetryKernel.workspace(kernel);
        kernel.values(DescriptorDerivativesMatchFiniteDifferencesTest.hood(new double[]{1.5, 0.2, 0.1}, new int[]{0}), fresh, gp(ns));
        kernel.gradient(nb, fresh, coef);
        for (int k = 0; k < m; k++)
            assertTrue(fresh.gx[k] == ws.gx[k] && fresh.gy[k] == ws.gy[k] && fresh.gz[k] == ws.gz[k], what + ": pass 2 without pass 1, neighbour " + k);

        // several coefficient sets in one sweep (a committee) against one call per set: three, so
        // that both the paired loop and an odd last set run
        double[] coef2 = new double[ns], coef3 = new double[ns];
        for (int s = 0; s < ns; s++) coef2[s] = rnd.nextGaussian();
        for (int s = 0; s < ns; s++) coef3[s] = rnd.nextGaussian();
        double[][] sets = {coef, coef2, coef3};
        kernel.values(nb, ws, gk);
        kernel.gradients(nb, ws, sets, 3);
        for (int c = 0; c < 3; c++) {
            double[] mx = ws.mgx[c].clone(), my = ws.mgy[c].clone(), mz = ws.mgz[c].clone();
            kernel.gradient(nb, fresh, sets[c]);
            for (int k = 0; k < m; k++) {
                double[] one = {fresh.gx[k], fresh.gy[k], fresh.gz[k]}, many = {mx[k], my[k], mz[k]};
                for (int x = 0; x < 3; x++)
                    assertTrue(Math.abs(one[x] - many[x]) <= 1e-13 * Math.max(1.0, scale), what + ": set " + c + " neighbour " + k + ": " + many[x] + " vs " + one[x]);
            }
        }

        // pass 2 and the Jacobian against finite differences of pass 1
        double h = 1e-5;
        double[] gp = new double[ns], gm = new double[ns];
        double gmax = 0;
        for (double v : gk) gmax = Math.max(gmax, Math.abs(v));
        double[] col = new double[3 * 2 * ns];
        int[] one = new int[m];
        for (int k = 0; k < m; k++) {
            java.util.Arrays.fill(one, -1);
            one[k] = 0;
            kernel.jacobianColumns(nb, ws, one, 1, col);
            for (int c = 0; c < 3; c++) {
                double x0 = pos[3 * k + c];
                pos[3 * k + c] = x0 - h; // the neighbour moves by +h: d = r_i − r_k changes by −h
                kernel.values(DescriptorDerivativesMatchFiniteDifferencesTest.hood(pos, el), ws, gp);
                double ep = dot(coef, gp);
                pos[3 * k + c] = x0 + h;
                kernel.values(DescriptorDerivativesMatchFiniteDifferencesTest.hood(pos, el), ws, gm);
                double em = dot(coef, gm);
                pos[3 * k + c] = x0;
                double fd = (ep - em) / (2 * h);
                assertTrue(Math.abs(fd - expect[3 * k + c]) <= 1e-6 * Math.max(1.0, scale), what + ": FD " + fd + " vs " + expect[3 * k + c]);
                for (int s = 0; s < ns; s++) {
                    double fds = (gp[s] - gm[s]) / (2 * h), an = J[(k * ns + s) * 3 + c];
                    assertTrue(Math.abs(fds - an) <= 1e-6 * Math.max(1.0, gmax), what + ": Jacobian function " + s + " neighbour " + k + " comp " + c + ": " + an + " vs FD " + fds);
                    assertTrue(Math.abs(fds - col[3 * s + c]) <= 1e-6 * Math.max(1.0, gmax), what + ": column function " + s + " neighbour " + k + " comp " + c + ": " + col[3 * s + c] + " vs FD " + fds);
                }
            }
        }
    }

    private static double[] gp(int n) { return new double[n]; }

    private static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }
}
