package dev.hdnnp.descriptor;

/**
 * The members of a Gaussian angular group: subgroups of equal (η, r_s), and per member the
 * angular term 2^(1−ζ) (1 + λ cos θ)^ζ with its constants precomputed.
 */
final class AngularMembers {
    final int subgroups;
    final double[] eta, rs;        // per subgroup
    final int[] start;             // members of subgroup q: start[q] .. start[q+1]−1
    final int[] index;             // per member: position in the element's function list
    final double[] lambda, zeta, prefactor, zetaLambda;
    final int[] zetaInt;           // ζ when integral, else −1

    AngularMembers(double[] eta, double[] rs, int[] start, int[] index, double[] lambda, double[] zeta) {
        this.subgroups = eta.length;
        this.eta = eta;
        this.rs = rs;
        this.start = start;
        this.index = index;
        this.lambda = lambda;
        this.zeta = zeta;
        int n = index.length;
        prefactor = new double[n];
        zetaLambda = new double[n];
        zetaInt = new int[n];
        for (int s = 0; s < n; s++) {
            prefactor[s] = Math.pow(2.0, 1.0 - zeta[s]);
            zetaLambda[s] = zeta[s] * lambda[s];
            double zr = Math.rint(zeta[s]);
            zetaInt[s] = Math.abs(zeta[s] - zr) <= Double.MIN_NORMAL ? (int) zr : -1;
        }
    }

    /** p^(ζ_s − 1) for p > 0. */
    double powM1(int s, double p) {
        final int zi = zetaInt[s];
        if (zi < 0) return Math.pow(p, zeta[s] - 1.0);
        double r = 1.0, x = p;
        int n = zi - 1;
        while (n > 0) {
            if ((n & 1) != 0) r *= x;
            x *= x;
            n >>= 1;
        }
        return r;
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
