package dev.hdnnp.descriptor;

import dev.hdnnp.neighbor.Neighborhood;

/**
 * Wide angular Gaussian functions (no r_jk term, no cutoff on r_jk) of one neighbour-element
 * pair and cutoff:
 * <pre>
 *   type 9: G = 2^(1−ζ) Σ_{j<k} (1 + λ cos θ_ijk)^ζ exp(−η ((r_ij−r_s)² + (r_ik−r_s)²)) f_c(r_ij) f_c(r_ik)
 *           {@code <ec> 9 <e1> <e2> <eta> <lambda> <zeta> <rc> [<rs>]}
 * </pre>
 * The exponential is a product of per-neighbour factors, so a triplet costs no exponential.
 */
final class WideAngularGroup implements FunctionGroup {
    private final int e1, e2;           // neighbour elements, e1 ≤ e2
    private final CutoffFunction cutoff;
    private final double rc;
    private final AngularMembers mem;
    private final boolean simd;         // the SIMD loops (vector module present)

    WideAngularGroup(int e1, int e2, CutoffFunction cutoff, AngularMembers members, boolean simd) {
        this.e1 = e1;
        this.e2 = e2;
        this.cutoff = cutoff;
        this.rc = cutoff.rc();
        this.mem = members;
        this.simd = simd && VectorSupport.enabled();
    }

    @Override
    public void values(Neighborhood nb, KernelWorkspace ws, double[] G) {
        NarrowAngularGroup.select(nb, ws, e1, e2, rc, cutoff, mem, false);
        if (simd) {
            AngularVectorLoops.wideValues(nb, ws, mem, e1 == e2, G);
            return;
        }
        final boolean same = e1 == e2;
        final int n1 = ws.n1, n2 = ws.n2;
        final int[] l1 = ws.list1, l2 = same ? ws.list1 : ws.list2;
        final double[] r = nb.r, dx = nb.dx, dy = nb.dy, dz = nb.dz, rad = ws.rad;
        final int F = ws.factors(), Q = mem.subgroups;
        final int[] start = mem.start, index = mem.index, term = mem.term;
        final double[] pref = mem.prefactor, T = ws.termValue, D = ws.termSlope;
        for (int a = 0; a < n1; a++) {
            final int j = l1[a];
            final double rij = r[j], xij = dx[j], yij = dy[j], zij = dz[j];
            for (int b = same ? a + 1 : 0; b < n2; b++) {
                final int k = l2[b];
                final double xik = dx[k], yik = dy[k], zik = dz[k];
                final double rik = r[k];
                final double cos = (xij * xik + yij * yik + zij * zik) / (rij * rik);
                final int oj = j * F, ok = k * F;
                mem.angularTerms(cos, T, D);
                for (int q = 0; q < Q; q++) {
                    final double EF = rad[oj + q] * rad[ok + q];
                    for (int s = start[q], end = start[q + 1]; s < end; s++) G[index[s]] += pref[s] * T[term[s]] * EF;
                }
            }
        }
    }

    @Override
    public void gradient(Neighborhood nb, KernelWorkspace ws, double[] coef) {
        NarrowAngularGroup.select(nb, ws, e1, e2, rc, cutoff, mem, true);
        if (simd) {
            AngularVectorLoops.wideGradient(nb, ws, mem, e1 == e2, coef);
            return;
        }
        final boolean same = e1 == e2;
        final int n1 = ws.n1, n2 = ws.n2;
        final int[] l1 = ws.list1, l2 = same ? ws.list1 : ws.list2;
        final double[] r = nb.r, dx = nb.dx, dy = nb.dy, dz = nb.dz, rad = ws.rad, drad = ws.drad;
        final double[] gx = ws.gx, gy = ws.gy, gz = ws.gz;
        final int F = ws.factors(), Q = mem.subgroups;
        final double[] T = ws.termValue, D = ws.termSlope, ex = ws.ex, W = ws.fold;
        final int nt = mem.terms;
        mem.foldCoefficients(coef, W);
        for (int a = 0; a < n1; a++) {
            final int j = l1[a];
            final double rij = r[j], xij = dx[j], yij = dy[j], zij = dz[j];
            final double invRij = 1.0 / rij;
            double gjx = 0.0, gjy = 0.0, gjz = 0.0;
            for (int b = same ? a + 1 : 0; b < n2; b++) {
                final int k = l2[b];
                final double xik = dx[k], yik = dy[k], zik = dz[k];
                final double rik = r[k];
                final double inv = 1.0 / (rij * rik);
                final double cos = (xij * xik + yij * yik + zij * zik) * inv;
                final int oj = j * F, ok = k * F;
                // fold Σ_s c_s ∂T_s/∂(cos θ, r_ij, r_ik, r_jk) into four scalars
                mem.angularTerms(cos, T, D);
                double dCos = 0.0, dRij = 0.0, dRik = 0.0;
                for (int q = 0; q < Q; q++) {
                    double A = 0.0, B = 0.0;
                    for (int t = 0, o = q * nt; t < nt; t++) {
                        A += W[o + t] * T[t];
                        B += W[o + t] * D[t];
                    }
                    final double Rj = rad[oj + q], Rk = rad[ok + q];
                    dCos += B * Rj * Rk;
                    dRij += A * drad[oj + q] * Rk;
                    dRik += A * Rj * drad[ok + q];
                }
                // ∇_j T = a_j d_ij + b d_ik ; ∇_k T = a_k d_ik + b d_ij
                final double invRik = 1.0 / rik;
                final double bb = -dCos * inv;
                final double aj = (dCos * cos * invRij - dRij) * invRij;
                final double ak = (dCos * cos * invRik - dRik) * invRik;
                gjx += aj * xij + bb * xik;
                gjy += aj * yij + bb * yik;
                gjz += aj * zij + bb * zik;
                gx[k] += ak * xik + bb * xij;
                gy[k] += ak * yik + bb * yij;
                gz[k] += ak * zik + bb * zij;
            }
            gx[j] += gjx;
            gy[j] += gjy;
            gz[j] += gjz;
        }
    }

    @Override
    public void jacobian(Neighborhood nb, KernelWorkspace ws, double[] J, int ns) {
        NarrowAngularGroup.jacobian(nb, ws, e1, e2, rc, cutoff, mem, false, J, ns);
    }
}
