package dev.hdnnp.descriptor;

import dev.hdnnp.neighbor.Neighborhood;

import java.util.ArrayList;
import java.util.List;

/**
 * The members of a Gaussian angular group, arranged so that a triplet costs as few
 * transcendental calls as possible:
 * <ul>
 * <li>subgroups of equal (η, r_s) share the exponential; a subgroup whose η is an integer
 *     multiple n·η₀ (n ≤ {@link #MAX_POWER}) of another's with the same r_s takes exp(−η₀ x)^n by
 *     multiplication instead of calling exp (relative difference ~n·1e-16);</li>
 * <li>distinct (λ, ζ) pairs are "terms": (1 + λ cos θ)^ζ and its derivative are computed once
 *     per triplet per term, then shared by every member using them;</li>
 * <li>per member only the prefactor 2^(1−ζ) remains.</li>
 * </ul>
 */
final class AngularMembers {
    static final int MAX_POWER = 64;

    final int subgroups;
    final double[] eta, rs;        // per subgroup
    final int[] expBase, expPower; // per subgroup: exp(−η a²) = (base subgroup's)^power; base: itself, power 1
    final int terms;
    final double[] termLambda, termZeta, termZetaLambda;
    final int[] termZetaInt;       // ζ when integral, else −1
    final int[] start;             // members of subgroup q: start[q] .. start[q+1]−1
    final int[] index;             // per member: position in the element's function list
    final int[] term;              // per member: its (λ, ζ) term
    final double[] prefactor;      // per member: 2^(1−ζ)
    // per subgroup q: the terms its members use, usedTerm[usedStart[q] .. usedStart[q+1]−1] in
    // increasing order (the folded coefficients of the other terms of q are exactly 0)
    final int[] usedStart, usedTerm;

    AngularMembers(double[] eta, double[] rs, int[] start, int[] index, double[] lambda, double[] zeta) {
        this.subgroups = eta.length;
        this.eta = eta;
        this.rs = rs;
        this.start = start;
        this.index = index;
        int n = index.length;
        prefactor = new double[n];
        term = new int[n];
        List<double[]> t = new ArrayList<>();
        for (int s = 0; s < n; s++) {
            prefactor[s] = Math.pow(2.0, 1.0 - zeta[s]);
            int found = -1;
            for (int q = 0; q < t.size(); q++) if (t.get(q)[0] == lambda[s] && t.get(q)[1] == zeta[s]) found = q;
            if (found < 0) {
                found = t.size();
                t.add(new double[]{lambda[s], zeta[s]});
            }
            term[s] = found;
        }
        terms = t.size();
        termLambda = new double[terms];
        termZeta = new double[terms];
        termZetaLambda = new double[terms];
        termZetaInt = new int[terms];
        for (int q = 0; q < terms; q++) {
            termLambda[q] = t.get(q)[0];
            termZeta[q] = t.get(q)[1];
            termZetaLambda[q] = termZeta[q] * termLambda[q];
            double zr = Math.rint(termZeta[q]);
            termZetaInt[q] = Math.abs(termZeta[q] - zr) <= Double.MIN_NORMAL ? (int) zr : -1;
        }
        usedStart = new int[subgroups + 1];
        List<Integer> used = new ArrayList<>();
        for (int q = 0; q < subgroups; q++) {
            usedStart[q] = used.size();
            for (int u = 0; u < terms; u++)
                for (int s = start[q]; s < start[q + 1]; s++)
                    if (term[s] == u) { used.add(u); break; }
        }
        usedStart[subgroups] = used.size();
        usedTerm = used.stream().mapToInt(Integer::intValue).toArray();
        expBase = new int[subgroups];
        expPower = new int[subgroups];
        for (int q = 0; q < subgroups; q++) {
            expBase[q] = q;
            expPower[q] = 1;
            // the smallest-η base (same r_s, η > 0) of which this η is an integer multiple
            for (int b = 0; b < subgroups; b++) {
                if (b == q || rs[b] != rs[q] || !(eta[b] > 0) || !(eta[b] < eta[q])) continue;
                double ratio = eta[q] / eta[b];
                double nr = Math.rint(ratio);
                if (nr <= MAX_POWER && Math.abs(ratio - nr) <= 1e-9 * nr && eta[b] < eta[expBase[q]]) {
                    expBase[q] = b;
                    expPower[q] = (int) nr;
                }
            }
        }
        // a base must itself be computed by exp
        for (int q = 0; q < subgroups; q++) {
            int b = expBase[q];
            if (expBase[b] != b) { expBase[q] = q; expPower[q] = 1; }
        }
    }

    static double intPow(double x, int n) {
        double r = 1.0;
        while (n > 0) {
            if ((n & 1) != 0) r *= x;
            x *= x;
            n >>= 1;
        }
        return r;
    }

    /**
     * Per term: T[t] = (1 + λ cos)^ζ and D[t] = ζλ (1 + λ cos)^(ζ−1), both 0 where 1 + λ cos ≤ 0
     * (n2p2 skips such terms).
     */
    void angularTerms(double cos, double[] T, double[] D) {
        for (int t = 0; t < terms; t++) {
            final double p = 1.0 + termLambda[t] * cos;
            if (!(p > 0.0)) { T[t] = 0.0; D[t] = 0.0; continue; }
            final int zi = termZetaInt[t];
            final double pm1 = zi == 1 ? 1.0 : zi > 0 ? intPow(p, zi - 1) : Math.pow(p, termZeta[t] - 1.0);
            T[t] = pm1 * p;
            D[t] = termZetaLambda[t] * pm1;
        }
    }

    /** ex[q] = exp(−η_q (x − r_s,q)²) for every subgroup. */
    void gaussians(double x, double[] ex) {
        for (int q = 0; q < subgroups; q++) {
            if (expBase[q] != q) continue;
            final double a = x - rs[q];
            ex[q] = Math.exp(-eta[q] * a * a);
        }
        for (int q = 0; q < subgroups; q++) {
            if (expBase[q] != q) ex[q] = intPow(ex[expBase[q]], expPower[q]);
        }
    }

    /** W[q · terms + t] = Σ over members of (q, t) of coef[index] · 2^(1−ζ). */
    void foldCoefficients(double[] coef, double[] W) {
        java.util.Arrays.fill(W, 0, subgroups * terms, 0.0);
        for (int q = 0; q < subgroups; q++)
            for (int s = start[q]; s < start[q + 1]; s++) W[q * terms + term[s]] += coef[index[s]] * prefactor[s];
    }

    /**
     * Fills ws.rad/ws.drad for the listed neighbours: exp(−η_q (r − r_s,q)²) f_c(r) and its
     * r-derivative, so that a triplet's exponential factorizes into per-neighbour factors.
     */
    void radialFactors(Neighborhood nb, KernelWorkspace ws, CutoffFunction cutoff, int[] list, int n, boolean derivatives) {
        final int F = ws.factors();
        final double[] r = nb.r, rad = ws.rad, drad = ws.drad, tmp = ws.tmp;
        for (int a = 0; a < n; a++) {
            final int k = list[a];
            final double rk = r[k];
            cutoff.evaluate(rk, tmp, 0);
            final double f = tmp[0], df = tmp[1];
            final int o = k * F;
            for (int q = 0; q < subgroups; q++) {
                final double d = rk - rs[q];
                final double e = Math.exp(-eta[q] * d * d);
                rad[o + q] = e * f;
                if (derivatives) drad[o + q] = e * (df - 2.0 * eta[q] * d * f);
            }
        }
    }
}
