package dev.hdnnp.descriptor;

import dev.hdnnp.neighbor.Neighborhood;

/**
 * Compact angular functions sharing type, neighbour elements and radial window (r_l, r_c,
 * subtype); each member has its own angular window C_θ:
 * <pre>
 *   type 21: G = Σ_{j<k} C_θ(θ_ijk) C(r_ij) C(r_ik) C(r_jk)   {@code <ec> 21 <e1> <e2> <rl> <rc> <thetal> <thetar> <subtype>}
 *   type 22: G = Σ_{j<k} C_θ(θ_ijk) C(r_ij) C(r_ik)            {@code <ec> 22 <e1> <e2> <rl> <rc> <thetal> <thetar> <subtype>}
 *   type 24: type 21 over all neighbour pairs, times Z_j Z_k     {@code <ec> 24 <rl> <rc> <thetal> <thetar> <subtype>}
 *   type 25: type 22 over all neighbour pairs, times Z_j Z_k     {@code <ec> 25 <rl> <rc> <thetal> <thetar> <subtype>}
 * </pre>
 * A collinear triplet (cos θ = ±1 after rounding, e.g. an atom between two images of one
 * neighbour) takes the window's limit at θ = 0 or π, value and derivative
 * ({@link CompactFunction#cosineSlopeLimit}), where n2p2 skips the triplet; energy and forces are
 * then continuous through collinear geometries.
 */
final class CompactAngularGroup implements FunctionGroup {
    private final int e1, e2;           // neighbour elements (e1 ≤ e2), both −1 for the weighted types
    private final boolean narrow;
    private final CompactFunction radial;
    private final double rl, rc, rjkMin;
    private final int[] index;
    private final CompactFunction[] window;
    private final double[] left, right, value0, slope0, valuePi, slopePi;

    CompactAngularGroup(int e1, int e2, boolean narrow, CompactFunction radial, int[] index, CompactFunction[] window) {
        this.e1 = e1;
        this.e2 = e2;
        this.narrow = narrow;
        this.radial = radial;
        this.rl = radial.left();
        this.rc = radial.right();
        this.rjkMin = Math.max(rl, 0.0);
        this.index = index;
        this.window = window;
        int n = index.length;
        left = new double[n]; right = new double[n];
        value0 = new double[n]; slope0 = new double[n]; valuePi = new double[n]; slopePi = new double[n];
        for (int s = 0; s < n; s++) {
            left[s] = window[s].left();
            right[s] = window[s].right();
            value0[s] = window[s].value(0.0);
            slope0[s] = window[s].cosineSlopeLimit(0.0);
            valuePi[s] = window[s].value(Math.PI);
            slopePi[s] = window[s].cosineSlopeLimit(Math.PI);
        }
    }

    /** Selects neighbours with r_l < r < r_c into list1 (e1) and list2 (e2), radial window in ws.fc/dfc. */
    private void select(Neighborhood nb, KernelWorkspace ws) {
        ws.n1 = selectOne(nb, ws, e1, ws.list1);
        ws.n2 = e1 == e2 ? ws.n1 : selectOne(nb, ws, e2, ws.list2);
    }

    private int selectOne(Neighborhood nb, KernelWorkspace ws, int element, int[] out) {
        final int m = nb.count;
        final double[] r = nb.r, fc = ws.fc, dfc = ws.dfc, tmp = ws.tmp;
        int n = 0;
        for (int k = 0; k < m; k++) {
            if ((element >= 0 && nb.element[k] != element) || !(r[k] < rc) || !(r[k] > rl)) continue;
            radial.evaluate(r[k], tmp, 0);
            fc[k] = tmp[0];
            dfc[k] = tmp[1];
            out[n++] = k;
        }
        return n;
    }

    @Override
    public void values(Neighborhood nb, KernelWorkspace ws, double[] G) {
        triplets(nb, ws, G, null, null, 0);
    }

    @Override
    public void gradient(Neighborhood nb, KernelWorkspace ws, double[] coef) {
        triplets(nb, ws, null, coef, null, 0);
    }

    @Override
    public void jacobian(Neighborhood nb, KernelWorkspace ws, double[] J, int ns) {
        triplets(nb, ws, null, null, J, ns);
    }

    /**
     * Values into G when G is given, the gradient contracted with coef when coef is given, else
     * the Jacobian into J (compact types are rare: one loop for all three).
     */
    private void triplets(Neighborhood nb, KernelWorkspace ws, double[] G, double[] coef, double[] J, int ns) {
        select(nb, ws);
        final boolean same = e1 == e2;
        final int n1 = ws.n1, n2 = ws.n2;
        final int[] l1 = ws.list1, l2 = same ? ws.list1 : ws.list2;
        final double[] r = nb.r, dx = nb.dx, dy = nb.dy, dz = nb.dz, z = nb.z, fc = ws.fc, dfc = ws.dfc, tmp = ws.tmp;
        final boolean weighted = e1 < 0;
        final int[] row = ws.jrow;
        final int skip = ws.jskip;
        for (int a = 0; a < n1; a++) {
            final int j = l1[a];
            final double rij = r[j], xij = dx[j], yij = dy[j], zij = dz[j];
            for (int b = same ? a + 1 : 0; b < n2; b++) {
                final int k = l2[b];
                if (J != null && row[j] == skip && row[k] == skip) continue;
                final double rik = r[k], xik = dx[k], yik = dy[k], zik = dz[k];
                final double xjk = xik - xij, yjk = yik - yij, zjk = zik - zij;
                double rjk = 0.0, cjk = 1.0, dcjk = 0.0;
                if (narrow) {
                    rjk = Math.sqrt(xjk * xjk + yjk * yjk + zjk * zjk);
                    if (!(rjk < rc) || !(rjk > rjkMin)) continue;
                    radial.evaluate(rjk, tmp, 0);
                    cjk = tmp[0];
                    dcjk = tmp[1];
                }
                final double inv = 1.0 / (rij * rik);
                final double cos = (xij * xik + yij * yik + zij * zik) * inv;
                final boolean collinear = !(cos > -1.0 && cos < 1.0);
                final double theta = collinear ? (cos > 0.0 ? 0.0 : Math.PI) : Math.acos(cos);
                final double invSin = collinear ? 0.0 : 1.0 / Math.sqrt(1.0 - cos * cos);
                final double w = weighted ? z[j] * z[k] : 1.0;
                final double cij = fc[j], cik = fc[k];
                final double rad = cij * cik * cjk;
                double sumC = 0.0, sumDcos = 0.0;
                for (int s = 0; s < index.length; s++) {
                    if (theta < left[s] || theta > right[s]) continue;
                    double ca, dcaDcos;
                    if (collinear) {
                        ca = theta == 0.0 ? value0[s] : valuePi[s];
                        dcaDcos = theta == 0.0 ? slope0[s] : slopePi[s];
                    } else {
                        window[s].evaluate(theta, tmp, 0);
                        ca = tmp[0];
                        dcaDcos = -tmp[1] * invSin;
                    }
                    if (G != null) {
                        G[index[s]] += w * rad * ca;
                    } else if (J != null) {
                        partials(w * rad * dcaDcos, w * ca * dfc[j] * cik * cjk, w * ca * cij * dfc[k] * cjk, w * ca * cij * cik * dcjk,
                                cos, inv, rij, rik, rjk, xij, yij, zij, xik, yik, zik, xjk, yjk, zjk, J, 3 * (row[j] * ns + index[s]), 3 * (row[k] * ns + index[s]));
                    } else {
                        final double c = coef[index[s]];
                        sumC += c * ca;
                        sumDcos += c * dcaDcos;
                    }
                }
                if (G != null || J != null || (sumC == 0.0 && sumDcos == 0.0)) continue;
                final double dCos = w * rad * sumDcos;
                final double dRij = w * sumC * dfc[j] * cik * cjk;
                final double dRik = w * sumC * cij * dfc[k] * cjk;
                final double dRjk = w * sumC * cij * cik * dcjk;
                final double bb = -dCos * inv;
                final double aj = (dCos * cos / rij - dRij) / rij;
                final double ak = (dCos * cos / rik - dRik) / rik;
                final double cc = narrow ? dRjk / rjk : 0.0;
                ws.gx[j] += aj * xij + bb * xik + cc * xjk;
                ws.gy[j] += aj * yij + bb * yik + cc * yjk;
                ws.gz[j] += aj * zij + bb * zik + cc * zjk;
                ws.gx[k] += ak * xik + bb * xij - cc * xjk;
                ws.gy[k] += ak * yik + bb * yij - cc * yjk;
                ws.gz[k] += ak * zik + bb * zij - cc * zjk;
            }
        }
    }

    /** Adds one triplet's ∇_j and ∇_k (from the partials by cos θ, r_ij, r_ik, r_jk) at J[oj..] and J[ok..]. */
    private void partials(double dCos, double dRij, double dRik, double dRjk, double cos, double inv, double rij, double rik, double rjk,
                          double xij, double yij, double zij, double xik, double yik, double zik, double xjk, double yjk, double zjk,
                          double[] J, int oj, int ok) {
        final double bb = -dCos * inv;
        final double aj = (dCos * cos / rij - dRij) / rij;
        final double ak = (dCos * cos / rik - dRik) / rik;
        final double cc = narrow ? dRjk / rjk : 0.0;
        J[oj] += aj * xij + bb * xik + cc * xjk;
        J[oj + 1] += aj * yij + bb * yik + cc * yjk;
        J[oj + 2] += aj * zij + bb * zik + cc * zjk;
        J[ok] += ak * xik + bb * xij - cc * xjk;
        J[ok + 1] += ak * yik + bb * yij - cc * yjk;
        J[ok + 2] += ak * zik + bb * zij - cc * zjk;
    }
}
