package dev.hdnnp.descriptor;

import dev.hdnnp.neighbor.Neighborhood;
import dev.hdnnp.structure.Elements;

import java.util.ArrayList;
import java.util.List;

/**
 * The test oracle for {@link SymmetryKernel}: the per-function descriptor code that preceded the
 * grouped kernel (the force path and, through {@link SymmetryKernel#jacobian}, the trainer now
 * use the kernel only), kept under src/test because it is an independent second implementation —
 * other loops, other grouping, another order of operations — checked itself against finite
 * differences ({@link DescriptorDerivativesMatchFiniteDifferencesTest}).
 *
 * <p>The symmetry functions of one central element, in n2p2's input order, compiled for fast
 * evaluation: functions that share a neighbour element (pair) are bucketed, cutoff values are
 * computed once per neighbour and radius, and consecutive angular functions with the same
 * (r_c, η, r_s) share their exponential and cutoff products.
 *
 * <p>{@link #compute} returns the raw values G_s and their derivatives with respect to each
 * neighbour's position, ∂G_s/∂r_k. The derivative with respect to the central atom is
 * −Σ_k ∂G_s/∂r_k (every function depends on relative positions only).
 */
final class DescriptorSet {
    private final String centerElement;
    private final List<String> elements;
    private final List<SymmetryFunction> functions;
    private final int n;
    private final int nElements;
    private final double maxCutoff;

    // per function
    private final int[] kind;            // SymmetryFunctionType ordinal
    private final double[] eta, rs, lambda, zeta, rc, rl, prefactor;
    private final int[] zetaInt;         // zeta as an integer, or -1
    private final int[] rcIndex;         // index into cutoffs (Gaussian types)
    private final int[] group;           // angular functions with equal (type, rc, eta, rs) share a group id
    private final CompactFunction[] radialWindow, angularWindow;
    private final boolean[] narrow, weighted, compact;

    private final CutoffFunction[] cutoffs;   // one per distinct Gaussian cutoff radius
    private final int[][] radialByElement;    // type 2 and 20 functions by neighbour element
    private final int[] weightedRadial;       // types 12 and 23
    private final int[][] angularByPair;      // all angular functions applicable to a neighbour element pair
    private final double maxAngularCutoff;

    // scratch, reused from atom to atom
    private double[] fc = new double[0], dfc = new double[0];
    private final double[] tmp = new double[2], tmp2 = new double[2], tmp3 = new double[2], tmp4 = new double[2];
    private final double[] fjkVal, fjkDer;
    private final boolean[] fjkDone;

    /**
     * @param centerElement the central element's symbol
     * @param elements      the model's elements sorted by atomic number (index = element index)
     * @param functions     this element's functions in n2p2 order (see {@link SymmetryFunction#N2P2_ORDER})
     */
    public DescriptorSet(String centerElement, List<String> elements, List<SymmetryFunction> functions,
                         CutoffType cutoffType, double alpha) {
        this.centerElement = centerElement;
        this.elements = List.copyOf(elements);
        this.functions = List.copyOf(functions);
        this.n = functions.size();
        this.nElements = elements.size();
        kind = new int[n];
        eta = new double[n]; rs = new double[n]; lambda = new double[n]; zeta = new double[n];
        rc = new double[n]; rl = new double[n]; prefactor = new double[n];
        zetaInt = new int[n]; rcIndex = new int[n]; group = new int[n];
        radialWindow = new CompactFunction[n]; angularWindow = new CompactFunction[n];
        narrow = new boolean[n]; weighted = new boolean[n]; compact = new boolean[n];

        List<Double> radii = new ArrayList<>();
        double maxRc = 0, maxAng = 0;
        List<List<Integer>> radial = new ArrayList<>();
        for (int e = 0; e < nElements; e++) radial.add(new ArrayList<>());
        List<Integer> wRadial = new ArrayList<>();
        List<List<Integer>> angular = new ArrayList<>();
        for (int p = 0; p < nElements * nElements; p++) angular.add(new ArrayList<>());

        for (int s = 0; s < n; s++) {
            SymmetryFunction f = functions.get(s);
            if (!f.center().equals(centerElement))
                throw new IllegalArgumentException("function " + f.toN2p2() + " belongs to " + f.center() + ", not " + centerElement);
            SymmetryFunctionType t = f.type();
            kind[s] = t.ordinal();
            eta[s] = f.eta(); rs[s] = f.rs(); lambda[s] = f.lambda(); zeta[s] = f.zeta();
            rc[s] = f.rc(); rl[s] = f.rl();
            narrow[s] = t.narrow(); weighted[s] = t.weighted(); compact[s] = t.compact();
            maxRc = Math.max(maxRc, f.rc());
            if (t.angular()) maxAng = Math.max(maxAng, f.rc());
            if (t.compact()) {
                CoreFunction core = SymmetryFunction.coreOf(f.subtype());
                radialWindow[s] = new CompactFunction(core, f.asymmetric(), f.rl(), f.rc());
                if (t.angular()) angularWindow[s] = new CompactFunction(core, false, Math.toRadians(f.thetaL()), Math.toRadians(f.thetaR()));
                prefactor[s] = 1.0;
            } else {
                int q = radii.indexOf(f.rc());
                if (q < 0) { q = radii.size(); radii.add(f.rc()); }
                rcIndex[s] = q;
                prefactor[s] = t.angular() ? Math.pow(2.0, 1.0 - f.zeta()) : 1.0;
                double zr = Math.rint(f.zeta());
                zetaInt[s] = (t.angular() && Math.abs(f.zeta() - zr) <= Double.MIN_NORMAL) ? (int) zr : -1;
            }
            if (!t.angular()) {
                if (t.weighted()) wRadial.add(s);
                else radial.get(index(f.e1())).add(s);
            } else if (t.weighted()) {
                for (int p = 0; p < nElements * nElements; p++) angular.get(p).add(s);
            } else {
                int a = index(f.e1()), b = index(f.e2());
                angular.get(a * nElements + b).add(s);
                if (a != b) angular.get(b * nElements + a).add(s);
            }
        }
        // Group ids: consecutive angular Gaussian functions (in bucket order) with equal type, rc, eta, rs.
        int g = 0;
        for (int s = 0; s < n; s++) {
            if (s > 0 && kind[s] == kind[s - 1] && !compact[s] && rc[s] == rc[s - 1] && eta[s] == eta[s - 1] && rs[s] == rs[s - 1]) {
                group[s] = group[s - 1];
            } else {
                group[s] = g++;
            }
        }
        for (List<Integer> bucket : angular) bucket.sort(Integer::compare);
        cutoffs = new CutoffFunction[radii.size()];
        for (int q = 0; q < cutoffs.length; q++) cutoffs[q] = new CutoffFunction(cutoffType, radii.get(q), alpha);
        radialByElement = new int[nElements][];
        for (int e = 0; e < nElements; e++) radialByElement[e] = toArray(radial.get(e));
        weightedRadial = toArray(wRadial);
        angularByPair = new int[nElements * nElements][];
        for (int p = 0; p < angularByPair.length; p++) angularByPair[p] = toArray(angular.get(p));
        maxCutoff = maxRc;
        maxAngularCutoff = maxAng;
        fjkVal = new double[cutoffs.length];
        fjkDer = new double[cutoffs.length];
        fjkDone = new boolean[cutoffs.length];
    }

    public String centerElement() { return centerElement; }
    public List<SymmetryFunction> functions() { return functions; }
    public int size() { return n; }
    /** The largest cutoff radius of this element's functions (model length unit). */
    public double maxCutoff() { return maxCutoff; }

    private int index(String symbol) {
        int i = elements.indexOf(symbol);
        if (i < 0) throw new IllegalArgumentException("element " + symbol + " of a symmetry function is not among the model's elements " + elements);
        return i;
    }

    private static int[] toArray(List<Integer> l) {
        int[] a = new int[l.size()];
        for (int i = 0; i < a.length; i++) a[i] = l.get(i);
        return a;
    }

    /**
     * Computes G (length ≥ size()) and dG, where dG[(k·size() + s)·3 + c] = ∂G_s/∂r_k,c for
     * neighbour k of {@code nb}. Only neighbours with r below each function's cutoff contribute.
     */
    public void compute(Neighborhood nb, double[] G, double[] dG) {
        final int m = nb.count;
        final int ns = n;
        java.util.Arrays.fill(G, 0, ns, 0.0);
        java.util.Arrays.fill(dG, 0, m * ns * 3, 0.0);
        final int nrc = cutoffs.length;
        if (fc.length < m * nrc) {
            fc = new double[Math.max(m * nrc, 2 * fc.length)];
            dfc = new double[fc.length];
        }
        final double[] r = nb.r, dx = nb.dx, dy = nb.dy, dz = nb.dz;
        for (int k = 0; k < m; k++) {
            for (int q = 0; q < nrc; q++) {
                cutoffs[q].evaluate(r[k], tmp, 0);
                fc[k * nrc + q] = tmp[0];
                dfc[k * nrc + q] = tmp[1];
            }
        }
        radial(nb, G, dG);
        if (maxAngularCutoff > 0) angular(nb, G, dG);
    }

    private void radial(Neighborhood nb, double[] G, double[] dG) {
        final int m = nb.count, ns = n, nrc = cutoffs.length;
        final double[] r = nb.r, dx = nb.dx, dy = nb.dy, dz = nb.dz;
        for (int k = 0; k < m; k++) {
            final double rk = r[k];
            final double ux = -dx[k] / rk, uy = -dy[k] / rk, uz = -dz[k] / rk; // ∂r/∂r_k
            final int base = k * ns * 3;
            for (int pass = 0; pass < 2; pass++) {
                final int[] list = pass == 0 ? radialByElement[nb.element[k]] : weightedRadial;
                for (int s : list) {
                    if (!(rk < rc[s])) continue;
                    double val, der;
                    if (compact[s]) {
                        if (!(rk > rl[s])) continue;
                        radialWindow[s].evaluate(rk, tmp, 0);
                        val = tmp[0];
                        der = tmp[1];
                    } else {
                        int q = k * nrc + rcIndex[s];
                        double d = rk - rs[s];
                        double e = Math.exp(-eta[s] * d * d);
                        val = e * fc[q];
                        der = e * (dfc[q] - 2.0 * eta[s] * d * fc[q]);
                    }
                    if (weighted[s]) {
                        val *= nb.z[k];
                        der *= nb.z[k];
                    }
                    G[s] += val;
                    int o = base + 3 * s;
                    dG[o] += der * ux;
                    dG[o + 1] += der * uy;
                    dG[o + 2] += der * uz;
                }
            }
        }
    }

    private void angular(Neighborhood nb, double[] G, double[] dG) {
        final int m = nb.count, ns = n, nrc = cutoffs.length;
        final double[] r = nb.r, dx = nb.dx, dy = nb.dy, dz = nb.dz;
        final double rmax = maxAngularCutoff;
        for (int j = 0; j < m; j++) {
            final double rij = r[j];
            if (!(rij < rmax)) continue;
            final int ej = nb.element[j];
            for (int k = j + 1; k < m; k++) {
                final double rik = r[k];
                if (!(rik < rmax)) continue;
                final int[] list = angularByPair[ej * nElements + nb.element[k]];
                if (list.length == 0) continue;
                // geometry of the triplet (i; j, k): d_ij, d_ik, d_jk = d_ik − d_ij = r_j − r_k
                final double xij = dx[j], yij = dy[j], zij = dz[j];
                final double xik = dx[k], yik = dy[k], zik = dz[k];
                final double xjk = xik - xij, yjk = yik - yij, zjk = zik - zij;
                final double rjk = Math.sqrt(xjk * xjk + yjk * yjk + zjk * zjk);
                final double inv = 1.0 / (rij * rik);
                final double cos = (xij * xik + yij * yik + zij * zik) * inv;
                // reciprocals once per triplet: divisions are the slowest arithmetic in the loop below
                final double invRij = 1.0 / rij, invRik = 1.0 / rik, invRjk = 1.0 / rjk;
                final double cosRij2 = cos * invRij * invRij, cosRik2 = cos * invRik * invRik;
                final double zz = nb.z[j] * nb.z[k];
                for (int q = 0; q < nrc; q++) fjkDone[q] = false;
                int cachedGroup = -1;
                double EF = 0, gij = 0, gik = 0, gjk = 0;
                final int bj = j * ns * 3, bk = k * ns * 3;
                for (int s : list) {
                    final double rcs = rc[s];
                    if (!(rij < rcs) || !(rik < rcs)) continue;
                    if (narrow[s] && !(rjk < rcs)) continue;
                    double T, dTdcos, dTdrij, dTdrik, dTdrjk;
                    if (!compact[s]) {
                        final double p = 1.0 + lambda[s] * cos;
                        if (p <= 0.0) continue;
                        if (group[s] != cachedGroup) {
                            cachedGroup = group[s];
                            final int q = rcIndex[s];
                            final double fij = fc[j * nrc + q], dfij = dfc[j * nrc + q];
                            final double fik = fc[k * nrc + q], dfik = dfc[k * nrc + q];
                            final double e = eta[s], sh = rs[s];
                            final double aij = rij - sh, aik = rik - sh;
                            if (narrow[s]) {
                                if (!fjkDone[q]) {
                                    cutoffs[q].evaluate(rjk, tmp, 0);
                                    fjkVal[q] = tmp[0];
                                    fjkDer[q] = tmp[1];
                                    fjkDone[q] = true;
                                }
                                final double fjk = fjkVal[q], dfjk = fjkDer[q];
                                final double ajk = rjk - sh;
                                final double E = Math.exp(-e * (aij * aij + aik * aik + ajk * ajk));
                                final double F = fij * fik * fjk;
                                EF = E * F;
                                gij = E * (dfij * fik * fjk - 2.0 * e * aij * F);
                                gik = E * (fij * dfik * fjk - 2.0 * e * aik * F);
                                gjk = E * (fij * fik * dfjk - 2.0 * e * ajk * F);
                            } else {
                                final double E = Math.exp(-e * (aij * aij + aik * aik));
                                final double F = fij * fik;
                                EF = E * F;
                                gij = E * (dfij * fik - 2.0 * e * aij * F);
                                gik = E * (fij * dfik - 2.0 * e * aik * F);
                                gjk = 0.0;
                            }
                        }
                        final double pzm1 = zetaInt[s] >= 0 ? intPow(p, zetaInt[s] - 1) : Math.pow(p, zeta[s] - 1.0);
                        final double pz = pzm1 * p;
                        double w = prefactor[s];
                        if (weighted[s]) w *= zz;
                        T = w * pz * EF;
                        dTdcos = w * zeta[s] * lambda[s] * pzm1 * EF;
                        dTdrij = w * pz * gij;
                        dTdrik = w * pz * gik;
                        dTdrjk = w * pz * gjk;
                    } else {
                        final double lo = rl[s];
                        if (!(rij > lo) || !(rik > lo)) continue;
                        if (narrow[s] && !(rjk > Math.max(lo, 0.0))) continue;
                        // a collinear triplet (|cos θ| ≥ 1 after rounding) takes the window's limit at 0 or π
                        final boolean collinear = !(cos > -1.0 && cos < 1.0);
                        final double theta = collinear ? (cos > 0.0 ? 0.0 : Math.PI) : Math.acos(cos);
                        final CompactFunction aw = angularWindow[s];
                        if (theta < aw.left() || theta > aw.right()) continue;
                        if (collinear) {
                            tmp[0] = aw.value(theta);
                            tmp[1] = aw.cosineSlopeLimit(theta);
                        } else {
                            aw.evaluate(theta, tmp, 0);
                            tmp[1] = -tmp[1] / Math.sqrt(1.0 - cos * cos);
                        }
                        radialWindow[s].evaluate(rij, tmp2, 0);
                        radialWindow[s].evaluate(rik, tmp3, 0);
                        double cjk = 1.0, dcjk = 0.0;
                        if (narrow[s]) {
                            radialWindow[s].evaluate(rjk, tmp4, 0);
                            cjk = tmp4[0];
                            dcjk = tmp4[1];
                        }
                        double w = weighted[s] ? zz : 1.0;
                        final double ca = tmp[0], dca = tmp[1];
                        final double cij = tmp2[0], dcij = tmp2[1], cik = tmp3[0], dcik = tmp3[1];
                        final double rad = cij * cik * cjk;
                        T = w * rad * ca;
                        dTdcos = w * rad * dca; // dca is dC/dcos θ here
                        dTdrij = w * dcij * cik * cjk * ca;
                        dTdrik = w * cij * dcik * cjk * ca;
                        dTdrjk = w * cij * cik * dcjk * ca;
                    }
                    G[s] += T;
                    // ∇_j T = a_j d_ij + b d_ik + c d_jk ; ∇_k T = a_k d_ik + b d_ij − c d_jk
                    final double b = -dTdcos * inv;
                    final double aj = dTdcos * cosRij2 - dTdrij * invRij;
                    final double ak = dTdcos * cosRik2 - dTdrik * invRik;
                    final double c = dTdrjk * invRjk; // zero for wide types
                    final int oj = bj + 3 * s, ok = bk + 3 * s;
                    dG[oj] += aj * xij + b * xik + c * xjk;
                    dG[oj + 1] += aj * yij + b * yik + c * yjk;
                    dG[oj + 2] += aj * zij + b * zik + c * zjk;
                    dG[ok] += ak * xik + b * xij - c * xjk;
                    dG[ok + 1] += ak * yik + b * yij - c * yjk;
                    dG[ok + 2] += ak * zik + b * zij - c * zjk;
                }
            }
        }
    }

    /** x^n for n ≥ 0 by repeated squaring (zeta is usually 1, 2, 4, 16, ...). */
    private static double intPow(double x, int n) {
        double r = 1.0;
        while (n > 0) {
            if ((n & 1) != 0) r *= x;
            x *= x;
            n >>= 1;
        }
        return r;
    }

    /** Atomic number of an element symbol (used to fill {@link Neighborhood#z}). */
    public static double atomicNumber(String symbol) { return Elements.atomicNumber(symbol); }
}
