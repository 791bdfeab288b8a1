package dev.hdnnp.descriptor;

import dev.hdnnp.neighbor.Neighborhood;

/**
 * Narrow angular Gaussian functions (with the r_jk term) of one neighbour-element pair and
 * cutoff, or their weighted form:
 * <pre>
 *   type 3:  G = 2^(1−ζ) Σ_{j<k} (1 + λ cos θ_ijk)^ζ exp(−η ((r_ij−r_s)² + (r_ik−r_s)² + (r_jk−r_s)²)) f_c(r_ij) f_c(r_ik) f_c(r_jk)
 *            {@code <ec> 3 <e1> <e2> <eta> <lambda> <zeta> <rc> [<rs>]}
 *   type 13: the same over all neighbour pairs, each term times Z_j Z_k
 *            {@code <ec> 13 <eta> <rs> <lambda> <zeta> <rc>}
 * </pre>
 * The exponential factorizes: exp(−η (r_ij−r_s)²) f_c(r_ij) is computed once per neighbour and
 * (η, r_s); per triplet there is one cutoff f_c(r_jk) for the group and one exponential per
 * (η, r_s) subgroup.
 */
final class NarrowAngularGroup implements FunctionGroup {
    private final int e1, e2;           // neighbour elements (e1 ≤ e2), both −1 for the weighted type
    private final CutoffFunction cutoff;
    private final double rc;
    private final AngularMembers mem;
    private final boolean simd;         // the SIMD loops (tanh cutoffs, vector module present)

    NarrowAngularGroup(int e1, int e2, CutoffFunction cutoff, AngularMembers members, boolean simd) {
        this.e1 = e1;
        this.e2 = e2;
        this.cutoff = cutoff;
        this.rc = cutoff.rc();
        this.mem = members;
        this.simd = simd && VectorSupport.enabled() && (cutoff.type() == CutoffType.TANHU || cutoff.type() == CutoffType.TANH);
    }

    /** Selects the neighbours into ws.list1 (e1) and ws.list2 (e2) and fills their radial factors. */
    static void select(Neighborhood nb, KernelWorkspace ws, int e1, int e2, double rc, CutoffFunction cutoff,
                       AngularMembers mem, boolean derivatives) {
        ws.n1 = KernelWorkspace.select(nb, e1, rc, ws.list1);
        mem.radialFactors(nb, ws, cutoff, ws.list1, ws.n1, derivatives);
        if (e1 != e2) {
            ws.n2 = KernelWorkspace.select(nb, e2, rc, ws.list2);
            mem.radialFactors(nb, ws, cutoff, ws.list2, ws.n2, derivatives);
        } else {
            ws.n2 = ws.n1;
        }
    }

    @Override
    public void values(Neighborhood nb, KernelWorkspace ws, double[] G) {
        select(nb, ws, e1, e2, rc, cutoff, mem, simd);
        if (simd) {
            NarrowVectorLoops.values(nb, ws, mem, cutoff, e1 == e2, e1 < 0, G);
            return;
        }
        final boolean same = e1 == e2;
        final int n1 = ws.n1, n2 = ws.n2;
        final int[] l1 = ws.list1, l2 = same ? ws.list1 : ws.list2;
        final double[] r = nb.r, dx = nb.dx, dy = nb.dy, dz = nb.dz, z = nb.z, rad = ws.rad, tmp = ws.tmp;
        final int F = ws.factors(), Q = mem.subgroups;
        final int[] start = mem.start, index = mem.index, term = mem.term;
        final double[] pref = mem.prefactor, T = ws.termValue, D = ws.termSlope, ex = ws.ex;
        final boolean weighted = e1 < 0;
        for (int a = 0; a < n1; a++) {
            final int j = l1[a];
            final double rij = r[j], xij = dx[j], yij = dy[j], zij = dz[j];
            for (int b = same ? a + 1 : 0; b < n2; b++) {
                final int k = l2[b];
                final double xik = dx[k], yik = dy[k], zik = dz[k];
                final double xjk = xik - xij, yjk = yik - yij, zjk = zik - zij;
                final double rjk = Math.sqrt(xjk * xjk + yjk * yjk + zjk * zjk);
                if (!(rjk < rc)) continue;
                final double rik = r[k];
                final double cos = (xij * xik + yij * yik + zij * zik) / (rij * rik);
                cutoff.evaluate(rjk, tmp, 0);
                final double fjk = tmp[0];
                final double w = weighted ? z[j] * z[k] : 1.0;
                final int oj = j * F, ok = k * F;
                mem.angularTerms(cos, T, D);
                mem.gaussians(rjk, ex);
                for (int q = 0; q < Q; q++) {
                    final double EF = rad[oj + q] * rad[ok + q] * (ex[q] * fjk) * w;
                    for (int s = start[q], end = start[q + 1]; s < end; s++) G[index[s]] += pref[s] * T[term[s]] * EF;
                }
            }
        }
    }

    @Override
    public void gradients(Neighborhood nb, KernelWorkspace ws, double[][] coef, int sets) {
        if (simd) NarrowVectorLoops.gradients(nb, ws, mem, coef, sets);
        else FunctionGroup.super.gradients(nb, ws, coef, sets);
    }

    @Override
    public void gradient(Neighborhood nb, KernelWorkspace ws, double[] coef) {
        if (simd) {
            // replays the triplet rows of pass 1 (SymmetryKernel.gradient makes sure they exist)
            NarrowVectorLoops.gradient(nb, ws, mem, coef);
            return;
        }
        select(nb, ws, e1, e2, rc, cutoff, mem, true);
        final boolean same = e1 == e2;
        final int n1 = ws.n1, n2 = ws.n2;
        final int[] l1 = ws.list1, l2 = same ? ws.list1 : ws.list2;
        final double[] r = nb.r, dx = nb.dx, dy = nb.dy, dz = nb.dz, z = nb.z, rad = ws.rad, drad = ws.drad, tmp = ws.tmp;
        final double[] gx = ws.gx, gy = ws.gy, gz = ws.gz;
        final int F = ws.factors(), Q = mem.subgroups;
        final double[] eta = mem.eta, rs = mem.rs, T = ws.termValue, D = ws.termSlope, ex = ws.ex, W = ws.fold;
        final int nt = mem.terms;
        mem.foldCoefficients(coef, W);
        final boolean weighted = e1 < 0;
        for (int a = 0; a < n1; a++) {
            final int j = l1[a];
            final double rij = r[j], xij = dx[j], yij = dy[j], zij = dz[j];
            final double invRij = 1.0 / rij;
            double gjx = 0.0, gjy = 0.0, gjz = 0.0;
            for (int b = same ? a + 1 : 0; b < n2; b++) {
                final int k = l2[b];
                final double xik = dx[k], yik = dy[k], zik = dz[k];
                final double xjk = xik - xij, yjk = yik - yij, zjk = zik - zij;
                final double rjk = Math.sqrt(xjk * xjk + yjk * yjk + zjk * zjk);
                if (!(rjk < rc)) continue;
                final double rik = r[k];
                final double inv = 1.0 / (rij * rik);
                final double cos = (xij * xik + yij * yik + zij * zik) * inv;
                cutoff.evaluate(rjk, tmp, 0);
                final double fjk = tmp[0], dfjk = tmp[1];
                final int oj = j * F, ok = k * F;
                // fold Σ_s c_s ∂T_s/∂(cos θ, r_ij, r_ik, r_jk) into four scalars
                mem.angularTerms(cos, T, D);
                mem.gaussians(rjk, ex);
                double dCos = 0.0, dRij = 0.0, dRik = 0.0, dRjk = 0.0;
                for (int q = 0; q < Q; q++) {
                    double A = 0.0, B = 0.0;
                    for (int t = 0, o = q * nt; t < nt; t++) {
                        A += W[o + t] * T[t];
                        B += W[o + t] * D[t];
                    }
                    final double ajk = rjk - rs[q];
                    final double e = ex[q];
                    final double S = e * fjk, dS = e * (dfjk - 2.0 * eta[q] * ajk * fjk);
                    final double Rj = rad[oj + q], Rk = rad[ok + q];
                    final double RjRk = Rj * Rk;
                    dCos += B * RjRk * S;
                    dRij += A * drad[oj + q] * Rk * S;
                    dRik += A * Rj * drad[ok + q] * S;
                    dRjk += A * RjRk * dS;
                }
                if (weighted) {
                    final double w = z[j] * z[k];
                    dCos *= w; dRij *= w; dRik *= w; dRjk *= w;
                }
                // ∇_j T = a_j d_ij + b d_ik + c d_jk ; ∇_k T = a_k d_ik + b d_ij − c d_jk
                final double invRik = 1.0 / rik;
                final double bb = -dCos * inv;
                final double aj = (dCos * cos * invRij - dRij) * invRij;
                final double ak = (dCos * cos * invRik - dRik) * invRik;
                final double cc = dRjk / rjk;
                gjx += aj * xij + bb * xik + cc * xjk;
                gjy += aj * yij + bb * yik + cc * yjk;
                gjz += aj * zij + bb * zik + cc * zjk;
                gx[k] += ak * xik + bb * xij - cc * xjk;
                gy[k] += ak * yik + bb * yij - cc * yjk;
                gz[k] += ak * zik + bb * zij - cc * zjk;
            }
            gx[j] += gjx;
            gy[j] += gjy;
            gz[j] += gjz;
        }
    }

    @Override
    public void jacobian(Neighborhood nb, KernelWorkspace ws, double[] J, int ns) {
        if (simd) {
            select(nb, ws, e1, e2, rc, cutoff, mem, true);
            NarrowVectorLoops.jacobian(nb, ws, mem, cutoff, e1 == e2, e1 < 0, J, ns);
            return;
        }
        jacobian(nb, ws, e1, e2, rc, cutoff, mem, true, J, ns);
    }

    /**
     * The Jacobian of a narrow (with the r_jk factor) or wide Gaussian angular group, triplet by
     * triplet in the order of the scalar loops, each member's four partials by (cos θ, r_ij,
     * r_ik, r_jk) turned into the vectors of j and k as in {@link #gradient}.
     */
    static void jacobian(Neighborhood nb, KernelWorkspace ws, int e1, int e2, double rc, CutoffFunction cutoff, AngularMembers mem,
                         boolean narrow, double[] J, int ns) {
        select(nb, ws, e1, e2, rc, cutoff, mem, true);
        final boolean same = e1 == e2, weighted = e1 < 0;
        final int n1 = ws.n1, n2 = ws.n2;
        final int[] l1 = ws.list1, l2 = same ? ws.list1 : ws.list2;
        final double[] r = nb.r, dx = nb.dx, dy = nb.dy, dz = nb.dz, z = nb.z, rad = ws.rad, drad = ws.drad, tmp = ws.tmp;
        final int F = ws.factors(), Q = mem.subgroups;
        final int[] start = mem.start, index = mem.index, term = mem.term;
        final double[] eta = mem.eta, rs = mem.rs, pref = mem.prefactor, T = ws.termValue, D = ws.termSlope, ex = ws.ex;
        final int[] row = ws.jrow;
        final int skip = ws.jskip;
        // the column mode: for a j that is not wanted, only the wanted k (positions in l2, ascending)
        final int[] all = ws.positions(n2), wanted = ws.wantedPositions(l2, n2, row, skip);
        final int nw = ws.wantedCount;
        int after = 0; // first wanted position > a (same lists)
        for (int a = 0; a < n1; a++) {
            final int j = l1[a];
            final double rij = r[j], xij = dx[j], yij = dy[j], zij = dz[j];
            final double invRij = 1.0 / rij;
            final int rowJ = row[j];
            while (after < nw && wanted[after] <= a) after++;
            final boolean every = rowJ != skip;
            final int[] bs = every ? all : wanted;
            final int end = every ? n2 : nw;
            for (int p = every ? (same ? a + 1 : 0) : (same ? after : 0); p < end; p++) {
                final int b = bs[p];
                final int k = l2[b];
                final int rowK = row[k];
                if (rowJ == skip && rowK == skip) continue;
                final double xik = dx[k], yik = dy[k], zik = dz[k];
                final double xjk = xik - xij, yjk = yik - yij, zjk = zik - zij;
                double rjk = 1.0, fjk = 1.0, dfjk = 0.0;
                if (narrow) {
                    rjk = Math.sqrt(xjk * xjk + yjk * yjk + zjk * zjk);
                    if (!(rjk < rc)) continue;
                    cutoff.evaluate(rjk, tmp, 0);
                    fjk = tmp[0];
                    dfjk = tmp[1];
                    mem.gaussians(rjk, ex);
                }
                final double rik = r[k], invRik = 1.0 / rik;
                final double inv = 1.0 / (rij * rik);
                final double cos = (xij * xik + yij * yik + zij * zik) * inv;
                final double w = weighted ? z[j] * z[k] : 1.0;
                final int oj = j * F, ok = k * F, pj = 3 * rowJ * ns, pk = 3 * rowK * ns;
                mem.angularTerms(cos, T, D);
                for (int q = 0; q < Q; q++) {
                    final double S = narrow ? ex[q] * fjk : 1.0;
                    final double dS = narrow ? ex[q] * (dfjk - 2.0 * eta[q] * (rjk - rs[q]) * fjk) : 0.0;
                    final double Rj = rad[oj + q], Rk = rad[ok + q], RjRk = Rj * Rk;
                    final double cCos = RjRk * S * w, cRij = drad[oj + q] * Rk * S * w, cRik = Rj * drad[ok + q] * S * w, cRjk = RjRk * dS * w;
                    for (int s = start[q]; s < start[q + 1]; s++) {
                        final double Tt = pref[s] * T[term[s]];
                        final double dCos = pref[s] * D[term[s]] * cCos, dRij = Tt * cRij, dRik = Tt * cRik;
                        final double bb = -dCos * inv;
                        final double aj = (dCos * cos * invRij - dRij) * invRij;
                        final double ak = (dCos * cos * invRik - dRik) * invRik;
                        final double cc = narrow ? Tt * cRjk / rjk : 0.0;
                        final int oJ = pj + 3 * index[s], oK = pk + 3 * index[s];
                        J[oJ] += aj * xij + bb * xik + cc * xjk;
                        J[oJ + 1] += aj * yij + bb * yik + cc * yjk;
                        J[oJ + 2] += aj * zij + bb * zik + cc * zjk;
                        J[oK] += ak * xik + bb * xij - cc * xjk;
                        J[oK + 1] += ak * yik + bb * yij - cc * yjk;
                        J[oK + 2] += ak * zik + bb * zij - cc * zjk;
                    }
                }
            }
        }
    }
}
