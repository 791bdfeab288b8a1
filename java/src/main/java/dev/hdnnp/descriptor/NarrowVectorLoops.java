package dev.hdnnp.descriptor;

import dev.hdnnp.neighbor.Neighborhood;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The triplet loops of the narrow Gaussian angular groups (types 3 and 13 with a tanh cutoff) over
 * SIMD lanes, on compacted triplet rows that pass 1 builds and pass 2 replays.
 *
 * <p>Pass 1, for each neighbour j, computes r_jk for all candidate k and keeps only the k with
 * r_jk < r_c (about half of them for a spherical cutoff: two points in a ball of radius r_c are
 * farther apart than r_c with probability 0.53), copying what the triplet needs into one row of
 * {@link KernelWorkspace#rows}: r_jk (1/r_jk once the row is built), f_c(r_jk), f_c'(r_jk), cos θ, d_ik, 1/r_ik, the weight Z_k,
 * and per (η, r_s) subgroup the products R_k S Z_k, R_k S' Z_k and R_k' S Z_k of k's radial factor
 * R_k = exp(−η (r_ik − r_s)²) f_c(r_ik) (R_k' its derivative) with S = exp(−η (r_jk − r_s)²) f_c(r_jk)
 * (S' its derivative); R_j, R_j' head the row. All vector work then runs on dense rows, padded to whole lanes with
 * entries whose radial factors are 0 (they contribute exactly nothing).
 *
 * <p>Pass 2 ({@link #gradient}) reads the rows again: no neighbour selection, packing, radial
 * factors, square root, exponential or cutoff; only the angular terms (cheap polynomials for
 * integral ζ), the fold with dE/dG, and the force update. It may run any number of times after one
 * pass 1 (a committee's members). Rows grow with the atom's triplets, never with functions.
 *
 * <p>Determinism: lane sums in lane order ({@link AngularVectorLoops#laneSum}), exponentials by
 * {@link VectorExp}; the results do not depend on JIT state.
 */
final class NarrowVectorLoops {
    private static final VectorSpecies<Double> SP = AngularVectorLoops.SP;
    private static final int L = AngularVectorLoops.L;
    // per-entry blocks of a row, each of the row's padded length; then 3 blocks per subgroup
    private static final int R = 0, FC = 1, DFC = 2, COS = 3, X = 4, Y = 5, Z = 6, INV = 7, W = 8, FIXED = 9;

    private NarrowVectorLoops() {}

    /** Doubles a row of n kept entries occupies (header included), for Q subgroups. */
    private static int rowSize(int len, int Q) {
        return 2 + 2 * Q + len * (FIXED + 3 * Q);
    }

    /**
     * Pass 1 of one group: builds its rows after the header (number of rows) at ws.rowCursor and
     * adds the members' values to G. Needs ws.list1/list2 and ws.rad/drad from the group's select
     * with derivatives.
     */
    static void values(Neighborhood nb, KernelWorkspace ws, AngularMembers mem, CutoffFunction cutoff, boolean same, boolean weighted, double[] G) {
        final int n1 = ws.n1, n2 = ws.n2;
        final int[] l1 = ws.list1, l2 = same ? ws.list1 : ws.list2;
        final int Q = mem.subgroups, cap = ws.packCapacity();
        AngularVectorLoops.pack(nb, ws, l2, n2, Q, true, weighted);
        final double[] vT = ws.vT, vEF = ws.vA;
        final double[] pref = mem.prefactor;
        final int[] start = mem.start, term = mem.term, index = mem.index;
        final double[] acc = ws.memberLanes(index.length * L);
        ws.reserveRow(1, 0);
        final int header = ws.rowCursor++;
        int count = 0;
        for (int a = 0; a < n1; a++) {
            final int from = same ? a + 1 : 0;
            if (from >= n2) continue;
            final int n = buildRow(nb, ws, mem, cutoff, l2, n2, l1[a], from, weighted);
            if (n == 0) continue;
            final int len = (n + L - 1) / L * L;
            final double[] rows = ws.rows;
            final int o = ws.rowCursor, oi = ws.indexCursor;
            final int base = o + 2 + 2 * Q, oEx = base + FIXED * len;
            for (int q = 0; q < Q; q++) {
                // EF_k = R_j · R_k S Z_k  (Z_j is in R_j)
                final double Rj = rows[o + 2 + q];
                final int oe = oEx + q * len;
                for (int k = 0; k < len; k += L) DoubleVector.fromArray(SP, rows, oe + k).mul(Rj).intoArray(vEF, k);
                for (int s = start[q], end = start[q + 1]; s < end; s++) {
                    final int ot = term[s] * cap;
                    DoubleVector sum = DoubleVector.fromArray(SP, acc, s * L);
                    for (int k = 0; k < len; k += L)
                        sum = DoubleVector.fromArray(SP, vT, ot + k).fma(DoubleVector.fromArray(SP, vEF, k), sum);
                    sum.intoArray(acc, s * L);
                }
            }
            ws.rowCursor = o + rowSize(len, Q);
            ws.indexCursor = oi + len;
            count++;
        }
        ws.rows[header] = count;
        // each member's lanes summed once, in lane order
        for (int s = 0; s < index.length; s++) G[index[s]] += pref[s] * AngularVectorLoops.laneSum(acc, s * L);
    }

    /**
     * The training mode of one group ({@link SymmetryKernel#jacobian} and its column mode): each
     * row built as in pass 1, then per member the four derivative sums of each entry and the
     * vector update of j and k, one member at a time over the row's lanes; k's derivatives are
     * added to J by neighbour, j's lane sums once per row. Adds ∂G_s/∂r_k to
     * {@code J[(ws.jrow[k]·ns + index[s])·3 + c]} for every neighbour k whose row is not ws.jskip.
     * A pair (j, k) with both rows skipped is not built; a j whose row is skipped gets a row of its
     * wanted k only. Every entry's numbers are computed lane by lane from that entry alone, and
     * j's sums come from its whole row exactly as in the whole Jacobian, so the column mode's rows
     * are the whole Jacobian's to the bit. Needs the group's select with derivatives.
     */
    static void jacobian(Neighborhood nb, KernelWorkspace ws, AngularMembers mem, CutoffFunction cutoff, boolean same, boolean weighted,
                         double[] J, int ns) {
        final int n1 = ws.n1, n2 = ws.n2;
        final int[] l1 = ws.list1, l2 = same ? ws.list1 : ws.list2;
        AngularVectorLoops.pack(nb, ws, l2, n2, mem.subgroups, true, weighted);
        final int[] rowOf = ws.jrow;
        final int skip = ws.jskip;
        if (skip < 0) {
            for (int a = 0; a < n1; a++) {
                final int from = same ? a + 1 : 0;
                if (from >= n2) continue;
                ws.rowCursor = 0;   // one row at a time
                ws.indexCursor = 0;
                if (buildRow(nb, ws, mem, cutoff, l2, n2, l1[a], from, weighted) == 0) continue;
                jacobianRow(nb, ws, mem, rowOf, skip, J, ns, true);
            }
        } else {
            // the column mode, in the whole Jacobian's order for each wanted entry: first the
            // contributions of the triplets in which a wanted neighbour is the k, all j of one
            // such k at once (lanes over j, in the order of the rows), then the sums of the rows
            // of the wanted j
            final int[] wanted = ws.wantedPositions(l2, n2, rowOf, skip);
            final int nw = ws.wantedCount;
            if (nw > 0) {
                packJ(nb, ws, mem, l1, n1, weighted);
                for (int w = 0; w < nw; w++) {
                    final int b = wanted[w];
                    final int to = same ? b : n1;   // the rows holding position b
                    if (to > 0) kColumn(nb, ws, mem, cutoff, l2[b], b, to, rowOf[l2[b]], J, ns);
                }
            }
            for (int a = 0; a < n1; a++) {
                final int j = l1[a], from = same ? a + 1 : 0;
                if (from >= n2 || rowOf[j] == skip) continue;
                ws.rowCursor = 0;
                ws.indexCursor = 0;
                if (buildRow(nb, ws, mem, cutoff, l2, n2, j, from, weighted) == 0) continue;
                jacobianRow(nb, ws, mem, rowOf, skip, J, ns, false);
            }
        }
        ws.rowCursor = 0;
        ws.indexCursor = 0;
    }

    /**
     * The Jacobian entries of the row at 0 (see {@link #jacobian}): j's sums, and with
     * {@code kSide} the k's (else those come from {@link #kColumn}).
     */
    private static void jacobianRow(Neighborhood nb, KernelWorkspace ws, AngularMembers mem, int[] rowOf, int skip, double[] J, int ns, boolean kSide) {
        final int Q = mem.subgroups, cap = ws.packCapacity(), S = mem.index.length;
        final int[] start = mem.start, index = mem.index, term = mem.term;
        final double[] pref = mem.prefactor;
        final double[] rows = ws.rows, vT = ws.vT, vD = ws.vD;
        final int[] kidx = ws.rowIndex;
        final int n = (int) rows[0], j = (int) rows[1];
        final int len = (n + L - 1) / L * L;
        final int base = 2 + 2 * Q, oEx = base + FIXED * len, oRad = oEx + Q * len, oDRad = oRad + Q * len;
        final double xij = nb.dx[j], yij = nb.dy[j], zij = nb.dz[j], invRij = 1.0 / nb.r[j], invRij2 = invRij * invRij;
        // per entry: b = −1/(r_ij r_ik) and cos θ/r_ij², cos θ/r_ik² (the a_j and a_k of the update)
        final double[] mInv = ws.vA, cj = ws.vB, ck = ws.vcos;
        for (int k = 0; k < len; k += L) {
            final DoubleVector invRik = DoubleVector.fromArray(SP, rows, base + INV * len + k);
            final DoubleVector cos = DoubleVector.fromArray(SP, rows, base + COS * len + k);
            invRik.mul(-invRij).intoArray(mInv, k);
            cos.mul(invRij2).intoArray(cj, k);
            cos.mul(invRik).mul(invRik).intoArray(ck, k);
        }
        final double[] kb = ws.jacobianScratch(3 * S * cap), jl = ws.jacobianLanes(4 * S * L);
        final double[] u1 = ws.vCos, u2 = ws.vRij, u3 = ws.vRik, u4 = ws.vRjk;
        for (int q = 0; q < Q; q++) {
            // per entry, what every member of the subgroup multiplies by its A = p T or B = p D:
            // ∂/∂cos = B R_j R_k S, ∂/∂r_ij / r_ij = A R_j' R_k S / r_ij, ∂/∂r_ik / r_ik = A R_j R_k' S / r_ik,
            // ∂/∂r_jk / r_jk = A R_j R_k S' / r_jk (Z_j in R_j, Z_k in the products)
            final double Rj = rows[2 + q], dRjInv = rows[2 + Q + q] * invRij;
            for (int k = 0; k < len; k += L) {
                final DoubleVector RkS = DoubleVector.fromArray(SP, rows, oEx + q * len + k);
                RkS.mul(Rj).intoArray(u1, k);
                RkS.mul(dRjInv).intoArray(u2, k);
                DoubleVector.fromArray(SP, rows, oDRad + q * len + k).mul(Rj).mul(DoubleVector.fromArray(SP, rows, base + INV * len + k)).intoArray(u3, k);
                DoubleVector.fromArray(SP, rows, oRad + q * len + k).mul(Rj).mul(DoubleVector.fromArray(SP, rows, base + k)).intoArray(u4, k);
            }
            for (int s = start[q]; s < start[q + 1]; s++) {
                final int ot = term[s] * cap, ox = 3 * s * cap, oy = ox + cap, oz = oy + cap;
                final double p = pref[s];
                DoubleVector sj = DoubleVector.zero(SP), sx = DoubleVector.zero(SP), sy = DoubleVector.zero(SP), sz = DoubleVector.zero(SP);
                for (int k = 0; k < len; k += L) {
                    final DoubleVector A = DoubleVector.fromArray(SP, vT, ot + k).mul(p);
                    final DoubleVector dCos = DoubleVector.fromArray(SP, vD, ot + k).mul(p).mul(DoubleVector.fromArray(SP, u1, k));
                    final DoubleVector cc = A.mul(DoubleVector.fromArray(SP, u4, k));
                    // ∇_k = (a_k − c) d_ik + (b + c) d_ij and ∇_j = (a_j − c) d_ij + (b + c) d_ik (d_jk = d_ik − d_ij)
                    final DoubleVector sb = dCos.fma(DoubleVector.fromArray(SP, mInv, k), cc);
                    final DoubleVector pj = dCos.mul(DoubleVector.fromArray(SP, cj, k)).sub(A.fma(DoubleVector.fromArray(SP, u2, k), cc));
                    final DoubleVector xk = DoubleVector.fromArray(SP, rows, base + X * len + k);
                    final DoubleVector yk = DoubleVector.fromArray(SP, rows, base + Y * len + k);
                    final DoubleVector zk = DoubleVector.fromArray(SP, rows, base + Z * len + k);
                    if (kSide) {
                        final DoubleVector pk = dCos.mul(DoubleVector.fromArray(SP, ck, k)).sub(A.fma(DoubleVector.fromArray(SP, u3, k), cc));
                        pk.fma(xk, sb.mul(xij)).intoArray(kb, ox + k);
                        pk.fma(yk, sb.mul(yij)).intoArray(kb, oy + k);
                        pk.fma(zk, sb.mul(zij)).intoArray(kb, oz + k);
                    }
                    sj = sj.add(pj);
                    sx = sb.fma(xk, sx);
                    sy = sb.fma(yk, sy);
                    sz = sb.fma(zk, sz);
                }
                sj.intoArray(jl, 4 * s * L);
                sx.intoArray(jl, (4 * s + 1) * L);
                sy.intoArray(jl, (4 * s + 2) * L);
                sz.intoArray(jl, (4 * s + 3) * L);
            }
        }
        final int rj = rowOf[j];
        if (rj != skip) {
            final int pj = 3 * rj * ns;
            for (int s = 0; s < S; s++) {
                final double sum = AngularVectorLoops.laneSum(jl, 4 * s * L);
                final int o = pj + 3 * index[s];
                J[o] += xij * sum + AngularVectorLoops.laneSum(jl, (4 * s + 1) * L);
                J[o + 1] += yij * sum + AngularVectorLoops.laneSum(jl, (4 * s + 2) * L);
                J[o + 2] += zij * sum + AngularVectorLoops.laneSum(jl, (4 * s + 3) * L);
            }
        }
        if (!kSide) return;
        for (int e = 0; e < n; e++) {
            final int r = rowOf[kidx[e]];
            if (r == skip) continue;
            final int pk = 3 * r * ns;
            for (int s = 0; s < S; s++) {
                final int o = pk + 3 * index[s], ox = 3 * s * cap + e;
                J[o] += kb[ox];
                J[o + 1] += kb[ox + cap];
                J[o + 2] += kb[ox + 2 * cap];
            }
        }
    }

    // the j side of a group packed for kColumn, per position a of list1: d_ij, 1/r_ij, and per
    // subgroup R_j Z_j (the row constants of pass 1 and jacobianRow)

    /** Packs the j side (see above) into ws.tj*, padded by L entries at the origin with zero factors. */
    private static void packJ(Neighborhood nb, KernelWorkspace ws, AngularMembers mem, int[] l1, int n1, boolean weighted) {
        final int Q = mem.subgroups, F = ws.factors(), cap = ws.packCapacity();
        ws.ensureJPack();
        final double[] rad = ws.rad;
        for (int a = 0; a < n1 + L; a++) {
            if (a < n1) {
                final int j = l1[a];
                final double zj = weighted ? nb.z[j] : 1.0, invRij = 1.0 / nb.r[j];
                ws.tjx[a] = nb.dx[j];
                ws.tjy[a] = nb.dy[j];
                ws.tjz[a] = nb.dz[j];
                ws.tjinv[a] = invRij;
                for (int q = 0; q < Q; q++) ws.tjR[q * cap + a] = rad[j * F + q] * zj;
            } else {
                ws.tjx[a] = 0.0;
                ws.tjy[a] = 0.0;
                ws.tjz[a] = 0.0;
                ws.tjinv[a] = 1.0;
                for (int q = 0; q < Q; q++) ws.tjR[q * cap + a] = 0.0;
            }
        }
    }

    // blocks of a kColumn row (each of the row's padded length): r_jk (then 1/r_jk), f_c, f_c',
    // cos θ, d_ij, 1/r_ij, then per subgroup R_j Z_j, exp(.. r_jk ..) (then R_k S Z_k), R_k S' Z_k,
    // R_k' S Z_k
    private static final int KX = 4, KY = 5, KZ = 6, KINV = 7, KFIXED = 8;

    /**
     * The contributions to wanted neighbour k (position b of list2, row rk of J) of the
     * triplets (j, k) of the rows [0, to) of list1, j on the lanes: each entry's numbers by
     * the same operations on the same operands as in buildRow and jacobianRow with j's row
     * (only which side is a lane and which a scalar differs), added to J in the order of the
     * rows, as the whole Jacobian adds them. Needs packJ and the k side packed.
     */
    private static void kColumn(Neighborhood nb, KernelWorkspace ws, AngularMembers mem, CutoffFunction cutoff, int k, int b, int to, int rk,
                                double[] J, int ns) {
        final int Q = mem.subgroups, cap = ws.packCapacity(), S = mem.index.length;
        final double rc = cutoff.rc();
        final double xk = ws.px[b], yk = ws.py[b], zk = ws.pz[b], invRik = ws.pinv[b], wk = ws.pw[b];
        final double[] tjx = ws.tjx, tjy = ws.tjy, tjz = ws.tjz, vr = ws.vr;
        // r_jk for the rows [0, to), kept where r_jk < r_c
        for (int a = 0; a < to; a += L) {
            final DoubleVector xjk = DoubleVector.broadcast(SP, xk).sub(DoubleVector.fromArray(SP, tjx, a));
            final DoubleVector yjk = DoubleVector.broadcast(SP, yk).sub(DoubleVector.fromArray(SP, tjy, a));
            final DoubleVector zjk = DoubleVector.broadcast(SP, zk).sub(DoubleVector.fromArray(SP, tjz, a));
            xjk.mul(xjk).add(yjk.mul(yjk)).add(zjk.mul(zjk)).sqrt().intoArray(vr, a);
        }
        final int[] keep = ws.list2keep;
        int n = 0;
        for (int a = 0; a < to; a++) {
            keep[n] = a;
            n += vr[a] < rc ? 1 : 0;
        }
        if (n == 0) return;
        final int len = (n + L - 1) / L * L;
        ws.rowCursor = 0;
        ws.indexCursor = 0;
        final int size = len * (KFIXED + 4 * Q);
        ws.reserveRow(size, 0);
        final double[] rows = ws.rows, tjinv = ws.tjinv, tjR = ws.tjR;
        final int base = 0, oJ = KFIXED * len, oEx = oJ + Q * len, oRkdS = oEx + Q * len, oDRkS = oRkdS + Q * len;
        int c = 0;
        for (; c < n; c++) {
            final int a = keep[c];
            rows[base + c] = vr[a];
            rows[KX * len + c] = tjx[a];
            rows[KY * len + c] = tjy[a];
            rows[KZ * len + c] = tjz[a];
            rows[KINV * len + c] = tjinv[a];
            for (int q = 0; q < Q; q++) rows[oJ + q * len + c] = tjR[q * cap + a];
        }
        for (; c < len; c++) {
            // padding: a finite geometry with zero radial factors
            rows[base + c] = 1.0;
            rows[KX * len + c] = 0.0;
            rows[KY * len + c] = 0.0;
            rows[KZ * len + c] = 0.0;
            rows[KINV * len + c] = 1.0;
            for (int q = 0; q < Q; q++) rows[oJ + q * len + c] = 0.0;
        }
        cutoffs(rows, base, len, cutoff);
        // cos θ = (d_ij·d_ik) / r_ik / r_ij, multiplied in pass 1's order
        for (int c0 = 0; c0 < len; c0 += L) {
            final DoubleVector xj = DoubleVector.fromArray(SP, rows, KX * len + c0), yj = DoubleVector.fromArray(SP, rows, KY * len + c0);
            final DoubleVector zj = DoubleVector.fromArray(SP, rows, KZ * len + c0);
            xj.mul(xk).add(yj.mul(yk)).add(zj.mul(zk)).mul(invRik).mul(DoubleVector.fromArray(SP, rows, KINV * len + c0)).intoArray(rows, COS * len + c0);
        }
        gaussians(rows, mem, base, oEx, len);
        AngularVectorLoops.terms(ws, mem, rows, base + COS * len, 0, len);
        // pass 1's products with k's radial factors as scalars: R_k S Z_k, R_k S' Z_k, R_k' S Z_k
        for (int q = 0; q < Q; q++) {
            final double m2eta = -2.0 * mem.eta[q], sh = mem.rs[q];
            final double Rk = ws.prad[q * cap + b] * wk, dRkW = ws.pdrad[q * cap + b] * wk;
            final int oe = oEx + q * len, od = oRkdS + q * len, odr = oDRkS + q * len;
            for (int c0 = 0; c0 < len; c0 += L) {
                final DoubleVector r = DoubleVector.fromArray(SP, rows, base + c0);
                final DoubleVector f = DoubleVector.fromArray(SP, rows, base + FC * len + c0);
                final DoubleVector df = DoubleVector.fromArray(SP, rows, base + DFC * len + c0);
                final DoubleVector g = DoubleVector.fromArray(SP, rows, oe + c0);
                final DoubleVector Sjk = g.mul(f);
                final DoubleVector dSjk = g.mul(r.sub(sh).mul(f).mul(m2eta).add(df));
                Sjk.mul(Rk).intoArray(rows, oe + c0);
                dSjk.mul(Rk).intoArray(rows, od + c0);
                Sjk.mul(dRkW).intoArray(rows, odr + c0);
            }
        }
        for (int c0 = 0; c0 < len; c0 += L) DoubleVector.broadcast(SP, 1.0).div(DoubleVector.fromArray(SP, rows, base + c0)).intoArray(rows, base + c0);
        // jacobianRow's per-member k update, lane by lane
        final double[] vT = ws.vT, vD = ws.vD, kb = ws.jacobianScratch(3 * S * cap);
        final int[] start = mem.start, term = mem.term, index = mem.index;
        final double[] pref = mem.prefactor;
        for (int q = 0; q < Q; q++) {
            for (int s = start[q]; s < start[q + 1]; s++) {
                final int ot = term[s] * cap, ox = 3 * s * cap;
                final double p = pref[s];
                for (int c0 = 0; c0 < len; c0 += L) {
                    final DoubleVector invRij = DoubleVector.fromArray(SP, rows, KINV * len + c0);
                    final DoubleVector cos = DoubleVector.fromArray(SP, rows, COS * len + c0);
                    final DoubleVector Rj = DoubleVector.fromArray(SP, rows, oJ + q * len + c0);
                    final DoubleVector RkS = DoubleVector.fromArray(SP, rows, oEx + q * len + c0);
                    final DoubleVector u1 = RkS.mul(Rj);
                    final DoubleVector u3 = DoubleVector.fromArray(SP, rows, oDRkS + q * len + c0).mul(Rj).mul(invRik);
                    final DoubleVector u4 = DoubleVector.fromArray(SP, rows, oRkdS + q * len + c0).mul(Rj).mul(DoubleVector.fromArray(SP, rows, base + c0));
                    final DoubleVector mInv = DoubleVector.broadcast(SP, invRik).mul(invRij.neg());
                    final DoubleVector ck = cos.mul(invRik).mul(invRik);
                    final DoubleVector A = DoubleVector.fromArray(SP, vT, ot + c0).mul(p);
                    final DoubleVector dCos = DoubleVector.fromArray(SP, vD, ot + c0).mul(p).mul(u1);
                    final DoubleVector cc = A.mul(u4);
                    final DoubleVector sb = dCos.fma(mInv, cc);
                    final DoubleVector pk = dCos.mul(ck).sub(A.fma(u3, cc));
                    final DoubleVector xj = DoubleVector.fromArray(SP, rows, KX * len + c0), yj = DoubleVector.fromArray(SP, rows, KY * len + c0);
                    final DoubleVector zj = DoubleVector.fromArray(SP, rows, KZ * len + c0);
                    pk.fma(DoubleVector.broadcast(SP, xk), sb.mul(xj)).intoArray(kb, ox + c0);
                    pk.fma(DoubleVector.broadcast(SP, yk), sb.mul(yj)).intoArray(kb, ox + cap + c0);
                    pk.fma(DoubleVector.broadcast(SP, zk), sb.mul(zj)).intoArray(kb, ox + 2 * cap + c0);
                }
            }
        }
        final int o0 = 3 * rk * ns;
        for (int s = 0; s < S; s++) {
            for (int cc = 0; cc < 3; cc++) {
                final int o = o0 + 3 * index[s] + cc, ox = (3 * s + cc) * cap;
                double v = J[o];
                for (int e = 0; e < n; e++) v += kb[ox + e];
                J[o] = v;
            }
        }
    }

    /**
     * Builds the row of neighbour j at ws.rowCursor (ws.rowIndex at ws.indexCursor; neither is
     * advanced): the packed k at positions [from, n2) with r_jk < r_c, with everything pass 2 needs (see the class comment). Returns the
     * number of kept entries; 0 writes no row. Needs the k side packed (AngularVectorLoops.pack)
     * and ws.rad/drad of j.
     */
    private static int buildRow(Neighborhood nb, KernelWorkspace ws, AngularMembers mem, CutoffFunction cutoff, int[] l2, int n2, int j,
                                int from, boolean weighted) {
        final int Q = mem.subgroups, F = ws.factors(), cap = ws.packCapacity();
        final double rc = cutoff.rc();
        final double[] px = ws.px, py = ws.py, pz = ws.pz, pinv = ws.pinv, pw = ws.pw, prad = ws.prad, pdrad = ws.pdrad;
        final double[] rad = ws.rad, drad = ws.drad, vr = ws.vr;
        final double xij = nb.dx[j], yij = nb.dy[j], zij = nb.dz[j];
        jkDistances(px, py, pz, vr, from, n2, xij, yij, zij);
        // the kept k, without a data-dependent branch (about half are kept: a branch would mispredict)
        final int[] keep = ws.list2keep;
        int n = 0;
        for (int b = from; b < n2; b++) {
            keep[n] = b;
            n += vr[b] < rc ? 1 : 0;
        }
        if (n == 0) return 0;
        final int len = (n + L - 1) / L * L;
        ws.reserveRow(rowSize(len, Q), len);
        final double[] rows = ws.rows;
        final int[] kidx = ws.rowIndex;
        final int o = ws.rowCursor, oi = ws.indexCursor;
        final double zj = weighted ? nb.z[j] : 1.0;
        rows[o] = n;
        rows[o + 1] = j;
        for (int q = 0; q < Q; q++) {
            rows[o + 2 + q] = rad[j * F + q] * zj;
            rows[o + 2 + Q + q] = drad[j * F + q] * zj;
        }
        final int base = o + 2 + 2 * Q, oEx = base + FIXED * len, oRad = oEx + Q * len, oDRad = oRad + Q * len;
        int c = 0;
        for (; c < n; c++) {
            final int b = keep[c];
            rows[base + c] = vr[b];
            rows[base + X * len + c] = px[b];
            rows[base + Y * len + c] = py[b];
            rows[base + Z * len + c] = pz[b];
            rows[base + INV * len + c] = pinv[b];
            rows[base + W * len + c] = pw[b];
            for (int q = 0; q < Q; q++) {
                rows[oRad + q * len + c] = prad[q * cap + b];
                rows[oDRad + q * len + c] = pdrad[q * cap + b];
            }
            kidx[oi + c] = l2[b];
        }
        for (; c < len; c++) {
            // padding: a finite geometry with zero radial factors and weight
            rows[base + c] = 1.0;
            rows[base + X * len + c] = 0.0;
            rows[base + Y * len + c] = 0.0;
            rows[base + Z * len + c] = 0.0;
            rows[base + INV * len + c] = 1.0;
            rows[base + W * len + c] = 0.0;
            for (int q = 0; q < Q; q++) {
                rows[oRad + q * len + c] = 0.0;
                rows[oDRad + q * len + c] = 0.0;
            }
            kidx[oi + c] = -1;
        }
        cutoffs(rows, base, len, cutoff);
        cosines(rows, base, len, xij, yij, zij, 1.0 / nb.r[j]);
        gaussians(rows, mem, base, oEx, len);
        AngularVectorLoops.terms(ws, mem, rows, base + COS * len, 0, len);
        products(rows, mem, base, len);
        // pass 2 needs r_jk only as 1/r_jk: one division here instead of one per pass 2 (and member)
        for (int k = 0; k < len; k += L) DoubleVector.broadcast(SP, 1.0).div(DoubleVector.fromArray(SP, rows, base + k)).intoArray(rows, base + k);
        return n;
    }

    /**
     * Replaces, per subgroup, the Gaussian g and the radial factors R_k, R_k' of each entry by the
     * products pass 2 needs: R_k S Z_k (in g's place), R_k S' Z_k (in R_k's) and R_k' S Z_k (in
     * R_k''s), with S = g f_c(r_jk) and S' = dS/dr_jk = g (f_c' − 2η (r_jk − r_s) f_c).
     */
    private static void products(double[] rows, AngularMembers mem, int base, int len) {
        final int Q = mem.subgroups, oEx = base + FIXED * len, oRad = oEx + Q * len, oDRad = oRad + Q * len;
        for (int q = 0; q < Q; q++) {
            final double m2eta = -2.0 * mem.eta[q], sh = mem.rs[q];
            final int oe = oEx + q * len, orad = oRad + q * len, odrad = oDRad + q * len;
            for (int k = 0; k < len; k += L) {
                final DoubleVector r = DoubleVector.fromArray(SP, rows, base + k);
                final DoubleVector f = DoubleVector.fromArray(SP, rows, base + FC * len + k);
                final DoubleVector df = DoubleVector.fromArray(SP, rows, base + DFC * len + k);
                final DoubleVector w = DoubleVector.fromArray(SP, rows, base + W * len + k);
                final DoubleVector g = DoubleVector.fromArray(SP, rows, oe + k);
                final DoubleVector S = g.mul(f);
                final DoubleVector dS = g.mul(r.sub(sh).mul(f).mul(m2eta).add(df));
                final DoubleVector Rk = DoubleVector.fromArray(SP, rows, orad + k).mul(w);
                Rk.mul(S).intoArray(rows, oe + k);
                Rk.mul(dS).intoArray(rows, orad + k);
                DoubleVector.fromArray(SP, rows, odrad + k).mul(w).mul(S).intoArray(rows, odrad + k);
            }
        }
    }

    /** r_jk = |d_ik − d_ij| for the packed k in [from, to) into vr. */
    private static void jkDistances(double[] px, double[] py, double[] pz, double[] vr, int from, int to, double xij, double yij, double zij) {
        for (int b = from; b < to; b += L) {
            final DoubleVector xjk = DoubleVector.fromArray(SP, px, b).sub(xij);
            final DoubleVector yjk = DoubleVector.fromArray(SP, py, b).sub(yij);
            final DoubleVector zjk = DoubleVector.fromArray(SP, pz, b).sub(zij);
            xjk.mul(xjk).add(yjk.mul(yjk)).add(zjk.mul(zjk)).sqrt().intoArray(vr, b);
        }
    }

    /** The tanh cutoff f_c(r_jk) = norm·tanh³(1 − r/r_c) and its derivative into the row (all entries are within r_c). */
    private static void cutoffs(double[] rows, int base, int len, CutoffFunction cutoff) {
        final double invRc = 1.0 / cutoff.rc(), norm = cutoff.tanhNorm(), dnorm = 3.0 * norm * invRc;
        for (int k = 0; k < len; k += L) {
            final DoubleVector r = DoubleVector.fromArray(SP, rows, base + k);
            final DoubleVector e2 = VectorExp.exp(r.mul(invRc).neg().add(1.0).mul(2.0));
            final DoubleVector t = e2.sub(1.0).div(e2.add(1.0));
            final DoubleVector t2 = t.mul(t);
            t2.mul(t).mul(norm).intoArray(rows, base + FC * len + k);
            t2.mul(t2.sub(1.0)).mul(dnorm).intoArray(rows, base + DFC * len + k);
        }
    }

    /** cos θ = d_ij·d_ik / (r_ij r_ik) into the row. */
    private static void cosines(double[] rows, int base, int len, double xij, double yij, double zij, double invRij) {
        for (int k = 0; k < len; k += L) {
            final DoubleVector xk = DoubleVector.fromArray(SP, rows, base + X * len + k);
            final DoubleVector yk = DoubleVector.fromArray(SP, rows, base + Y * len + k);
            final DoubleVector zk = DoubleVector.fromArray(SP, rows, base + Z * len + k);
            xk.mul(xij).add(yk.mul(yij)).add(zk.mul(zij)).mul(DoubleVector.fromArray(SP, rows, base + INV * len + k)).mul(invRij)
                    .intoArray(rows, base + COS * len + k);
        }
    }

    /**
     * exp(−η_q (r_jk − r_s,q)²) per subgroup into the row: by exp for a base subgroup, as a power
     * of its base's value for the others (see {@link AngularMembers}).
     */
    private static void gaussians(double[] rows, AngularMembers mem, int base, int oEx, int len) {
        for (int q = 0; q < mem.subgroups; q++) {
            if (mem.expBase[q] != q) continue;
            final double e = -mem.eta[q], sh = mem.rs[q];
            final int oq = oEx + q * len;
            for (int k = 0; k < len; k += L) {
                final DoubleVector a = DoubleVector.fromArray(SP, rows, base + k).sub(sh);
                VectorExp.exp(a.mul(a).mul(e)).intoArray(rows, oq + k);
            }
        }
        for (int q = 0; q < mem.subgroups; q++) {
            final int b0 = mem.expBase[q];
            if (b0 == q) continue;
            // x^n by squaring, one straight-line loop per step
            final int ob = oEx + b0 * len, oq = oEx + q * len, n = mem.expPower[q];
            System.arraycopy(rows, ob, rows, oq, len);
            for (int bit = Integer.highestOneBit(n) >> 1; bit != 0; bit >>= 1) {
                for (int k = 0; k < len; k += L) {
                    final DoubleVector x = DoubleVector.fromArray(SP, rows, oq + k);
                    x.mul(x).intoArray(rows, oq + k);
                }
                if ((n & bit) != 0) {
                    for (int k = 0; k < len; k += L)
                        DoubleVector.fromArray(SP, rows, oq + k).mul(DoubleVector.fromArray(SP, rows, ob + k)).intoArray(rows, oq + k);
                }
            }
        }
    }

    /**
     * Pass 2 of one group: replays its rows from ws.rowCursor and adds Σ_s coef[s] ∂G_s/∂r_k to
     * ws.gx/gy/gz[k] for every neighbour k.
     */
    static void gradient(Neighborhood nb, KernelWorkspace ws, AngularMembers mem, double[] coef) {
        final double[] folds = ws.folds(mem.subgroups * mem.terms);
        mem.foldCoefficients(coef, folds);
        replay(nb, ws, mem, folds, 1, true);
    }

    /**
     * Pass 2 of one group for several coefficient sets (a committee's members) in one sweep of the
     * rows: the angular terms are computed once per row, the fold and update once per member.
     * Adds Σ_s coef[c][s] ∂G_s/∂r_k to ws.mgx/mgy/mgz[c][k].
     */
    static void gradients(Neighborhood nb, KernelWorkspace ws, AngularMembers mem, double[][] coef, int members) {
        final int size = mem.subgroups * mem.terms;
        final double[] folds = ws.folds(members * size);
        for (int c = 0; c < members; c++) {
            mem.foldCoefficients(coef[c], ws.fold);
            System.arraycopy(ws.fold, 0, folds, c * size, size);
        }
        replay(nb, ws, mem, folds, members, false);
    }

    private static void replay(Neighborhood nb, KernelWorkspace ws, AngularMembers mem, double[] folds, int members, boolean single) {
        final int Q = mem.subgroups, size = Q * mem.terms;
        final double[] rows = ws.rows;
        int o = ws.rowCursor, oi = ws.indexCursor;
        final int count = (int) rows[o++];
        for (int row = 0; row < count; row++) {
            final int n = (int) rows[o];
            final int len = (n + L - 1) / L * L;
            final int base = o + 2 + 2 * Q;
            AngularVectorLoops.terms(ws, mem, rows, base + COS * len, 0, len);
            if (single) {
                row(nb, ws, mem, o, oi, folds, 0, ws.gx, ws.gy, ws.gz);
            } else {
                // members two at a time: the row's entries, angular terms and geometry are loaded
                // once per pair; an odd last member alone
                int c = 0;
                for (; c + 1 < members; c += 2)
                    rowPair(nb, ws, mem, o, oi, folds, c * size, (c + 1) * size, c, c + 1);
                if (c < members) row(nb, ws, mem, o, oi, folds, c * size, ws.mgx[c], ws.mgy[c], ws.mgz[c]);
            }
            o = base + len * (FIXED + 3 * Q);
            oi += len;
        }
        ws.rowCursor = o;
        ws.indexCursor = oi;
    }

    /**
     * One row of pass 2 for one coefficient set (folded per (subgroup, term) at fold[fo ..]), all
     * in one loop over the k chunks: per subgroup A = Σ_t W[q,t] T_t and B = Σ_t W[q,t] D_t, the
     * four derivative sums ∂/∂(cos θ, r_ij, r_ik, r_jk) held in registers, then the vector update
     * ∇_j T = a_j d_ij + b d_ik + c d_jk, ∇_k T = a_k d_ik + b d_ij − c d_jk. Needs the row's
     * angular terms in ws.vT/vD.
     */
    private static void row(Neighborhood nb, KernelWorkspace ws, AngularMembers mem, int o, int oi, double[] fold, int fo,
                            double[] gx, double[] gy, double[] gz) {
        final int Q = mem.subgroups, nt = mem.terms, cap = ws.packCapacity();
        final double[] rows = ws.rows, vT = ws.vT, vD = ws.vD, cgx = ws.pgx, cgy = ws.pgy, cgz = ws.pgz;
        final int[] kidx = ws.rowIndex;
        final int n = (int) rows[o], j = (int) rows[o + 1];
        final int len = (n + L - 1) / L * L;
        final int base = o + 2 + 2 * Q, oEx = base + FIXED * len, oRad = oEx + Q * len, oDRad = oRad + Q * len;
        final double xij = nb.dx[j], yij = nb.dy[j], zij = nb.dz[j], invRij = 1.0 / nb.r[j];
        DoubleVector gjx = DoubleVector.zero(SP), gjy = DoubleVector.zero(SP), gjz = DoubleVector.zero(SP);
        for (int k = 0; k < len; k += L) {
            DoubleVector dCos = DoubleVector.zero(SP), dRij = DoubleVector.zero(SP), dRik = DoubleVector.zero(SP), dRjk = DoubleVector.zero(SP);
            for (int q = 0; q < Q; q++) {
                final int ow = fo + q * nt;
                DoubleVector A = DoubleVector.fromArray(SP, vT, k).mul(fold[ow]);
                DoubleVector B = DoubleVector.fromArray(SP, vD, k).mul(fold[ow]);
                for (int t = 1; t < nt; t++) {
                    final DoubleVector w = DoubleVector.broadcast(SP, fold[ow + t]);
                    A = DoubleVector.fromArray(SP, vT, t * cap + k).fma(w, A);
                    B = DoubleVector.fromArray(SP, vD, t * cap + k).fma(w, B);
                }
                // the products of pass 1: R_k S Z_k, R_k S' Z_k, R_k' S Z_k
                final DoubleVector RkS = DoubleVector.fromArray(SP, rows, oEx + q * len + k);
                final DoubleVector RkdS = DoubleVector.fromArray(SP, rows, oRad + q * len + k);
                final DoubleVector dRkS = DoubleVector.fromArray(SP, rows, oDRad + q * len + k);
                final DoubleVector Rj = DoubleVector.broadcast(SP, rows[o + 2 + q]);
                dCos = B.mul(RkS).fma(Rj, dCos);
                dRij = A.mul(RkS).fma(DoubleVector.broadcast(SP, rows[o + 2 + Q + q]), dRij);
                dRik = A.mul(dRkS).fma(Rj, dRik);
                dRjk = A.mul(RkdS).fma(Rj, dRjk);
            }
            final DoubleVector invRjk = DoubleVector.fromArray(SP, rows, base + k);
            final DoubleVector xk = DoubleVector.fromArray(SP, rows, base + X * len + k);
            final DoubleVector yk = DoubleVector.fromArray(SP, rows, base + Y * len + k);
            final DoubleVector zk = DoubleVector.fromArray(SP, rows, base + Z * len + k);
            final DoubleVector invRik = DoubleVector.fromArray(SP, rows, base + INV * len + k);
            final DoubleVector dCosCos = dCos.mul(DoubleVector.fromArray(SP, rows, base + COS * len + k));
            final DoubleVector bb = dCos.mul(invRik).mul(-invRij);
            final DoubleVector aj = dCosCos.mul(invRij).sub(dRij).mul(invRij);
            final DoubleVector ak = dCosCos.mul(invRik).sub(dRik).mul(invRik);
            final DoubleVector cc = dRjk.mul(invRjk);
            final DoubleVector xjk = xk.sub(xij), yjk = yk.sub(yij), zjk = zk.sub(zij);
            ak.mul(xk).add(bb.mul(xij)).sub(cc.mul(xjk)).intoArray(cgx, k);
            ak.mul(yk).add(bb.mul(yij)).sub(cc.mul(yjk)).intoArray(cgy, k);
            ak.mul(zk).add(bb.mul(zij)).sub(cc.mul(zjk)).intoArray(cgz, k);
            gjx = gjx.add(aj.mul(xij).add(bb.mul(xk)).add(cc.mul(xjk)));
            gjy = gjy.add(aj.mul(yij).add(bb.mul(yk)).add(cc.mul(yjk)));
            gjz = gjz.add(aj.mul(zij).add(bb.mul(zk)).add(cc.mul(zjk)));
        }
        // through an array: row() is too large for laneSum(vector) to be inlined, and a vector
        // passed to a call is boxed
        final double[] lanes = ws.lanes;
        gjx.intoArray(lanes, 0);
        gjy.intoArray(lanes, L);
        gjz.intoArray(lanes, 2 * L);
        gx[j] += AngularVectorLoops.laneSum(lanes, 0);
        gy[j] += AngularVectorLoops.laneSum(lanes, L);
        gz[j] += AngularVectorLoops.laneSum(lanes, 2 * L);
        for (int c = 0; c < n; c++) {
            final int kk = kidx[oi + c];
            gx[kk] += cgx[c];
            gy[kk] += cgy[c];
            gz[kk] += cgz[c];
        }
    }

    /**
     * One row of pass 2 for two coefficient sets a and b (a committee's members) in one loop over
     * the k chunks: what the sets share (the row's entries, angular terms, the products with
     * R_j and R_j', the geometry of the update, the neighbour indices) is loaded or computed once
     * for both. Cheaper per set than {@link #row}, with the same sums in another grouping (a
     * set's results differ from {@link #row}'s in the last bits only): per subgroup only the
     * terms its members use enter the fold (the folded coefficients of the others are exactly
     * 0); the products are grouped as B (R_j · R_k S Z_k); and the update uses d_jk = d_ik − d_ij
     * to need two vectors per neighbour instead of three, with j's part summed over the row
     * before it is multiplied by d_ij.
     */
    private static void rowPair(Neighborhood nb, KernelWorkspace ws, AngularMembers mem, int o, int oi, double[] fold, int fa, int fb,
                                int ca, int cb) {
        final int Q = mem.subgroups, nt = mem.terms, cap = ws.packCapacity();
        final int[] usedStart = mem.usedStart, usedTerm = mem.usedTerm;
        final double[] rows = ws.rows, vT = ws.vT, vD = ws.vD;
        final double[] agx = ws.pgx, agy = ws.pgy, agz = ws.pgz, bgx = ws.qgx, bgy = ws.qgy, bgz = ws.qgz;
        final int[] kidx = ws.rowIndex;
        final int n = (int) rows[o], j = (int) rows[o + 1];
        final int len = (n + L - 1) / L * L;
        final int base = o + 2 + 2 * Q, oEx = base + FIXED * len, oRad = oEx + Q * len, oDRad = oRad + Q * len;
        final double xij = nb.dx[j], yij = nb.dy[j], zij = nb.dz[j], invRij = 1.0 / nb.r[j];
        DoubleVector ajx = DoubleVector.zero(SP), ajy = DoubleVector.zero(SP), ajz = DoubleVector.zero(SP);
        DoubleVector bjx = DoubleVector.zero(SP), bjy = DoubleVector.zero(SP), bjz = DoubleVector.zero(SP);
        DoubleVector aj = DoubleVector.zero(SP), bj = DoubleVector.zero(SP);
        for (int k = 0; k < len; k += L) {
            DoubleVector aCos = DoubleVector.zero(SP), aRij = DoubleVector.zero(SP), aRik = DoubleVector.zero(SP), aRjk = DoubleVector.zero(SP);
            DoubleVector bCos = DoubleVector.zero(SP), bRij = DoubleVector.zero(SP), bRik = DoubleVector.zero(SP), bRjk = DoubleVector.zero(SP);
            for (int q = 0; q < Q; q++) {
                final int u0 = usedStart[q], u1 = usedStart[q + 1];
                int t = usedTerm[u0];
                DoubleVector T = DoubleVector.fromArray(SP, vT, t * cap + k), D = DoubleVector.fromArray(SP, vD, t * cap + k);
                final int wa = fa + q * nt, wb = fb + q * nt;
                DoubleVector Aa = T.mul(fold[wa + t]), Ba = D.mul(fold[wa + t]);
                DoubleVector Ab = T.mul(fold[wb + t]), Bb = D.mul(fold[wb + t]);
                for (int u = u0 + 1; u < u1; u++) {
                    t = usedTerm[u];
                    T = DoubleVector.fromArray(SP, vT, t * cap + k);
                    D = DoubleVector.fromArray(SP, vD, t * cap + k);
                    final DoubleVector xa = DoubleVector.broadcast(SP, fold[wa + t]), xb = DoubleVector.broadcast(SP, fold[wb + t]);
                    Aa = T.fma(xa, Aa);
                    Ba = D.fma(xa, Ba);
                    Ab = T.fma(xb, Ab);
                    Bb = D.fma(xb, Bb);
                }
                final double Rj = rows[o + 2 + q], dRj = rows[o + 2 + Q + q];
                final DoubleVector RkS = DoubleVector.fromArray(SP, rows, oEx + q * len + k);
                final DoubleVector pCos = RkS.mul(Rj), pRij = RkS.mul(dRj);
                final DoubleVector pRik = DoubleVector.fromArray(SP, rows, oDRad + q * len + k).mul(Rj);
                final DoubleVector pRjk = DoubleVector.fromArray(SP, rows, oRad + q * len + k).mul(Rj);
                aCos = Ba.fma(pCos, aCos);
                aRij = Aa.fma(pRij, aRij);
                aRik = Aa.fma(pRik, aRik);
                aRjk = Aa.fma(pRjk, aRjk);
                bCos = Bb.fma(pCos, bCos);
                bRij = Ab.fma(pRij, bRij);
                bRik = Ab.fma(pRik, bRik);
                bRjk = Ab.fma(pRjk, bRjk);
            }
            // ∇_k = a_k d_ik + b d_ij − c d_jk and ∇_j = a_j d_ij + b d_ik + c d_jk with d_jk = d_ik − d_ij:
            // ∇_k = (a_k − c) d_ik + (b + c) d_ij, ∇_j = (a_j − c) d_ij + (b + c) d_ik; summed over
            // the row, ∇_j = d_ij Σ(a_j − c) + Σ (b + c) d_ik
            final DoubleVector invRjk = DoubleVector.fromArray(SP, rows, base + k);
            final DoubleVector xk = DoubleVector.fromArray(SP, rows, base + X * len + k);
            final DoubleVector yk = DoubleVector.fromArray(SP, rows, base + Y * len + k);
            final DoubleVector zk = DoubleVector.fromArray(SP, rows, base + Z * len + k);
            final DoubleVector invRik = DoubleVector.fromArray(SP, rows, base + INV * len + k);
            final DoubleVector cos = DoubleVector.fromArray(SP, rows, base + COS * len + k);
            final DoubleVector mInv = invRik.mul(-invRij);
            {
                final DoubleVector dCosCos = aCos.mul(cos);
                final DoubleVector cc = aRjk.mul(invRjk);
                final DoubleVector sb = aCos.fma(mInv, cc);
                final DoubleVector pj = dCosCos.mul(invRij).sub(aRij).mul(invRij).sub(cc);
                final DoubleVector pk = dCosCos.mul(invRik).sub(aRik).mul(invRik).sub(cc);
                pk.fma(xk, sb.mul(xij)).intoArray(agx, k);
                pk.fma(yk, sb.mul(yij)).intoArray(agy, k);
                pk.fma(zk, sb.mul(zij)).intoArray(agz, k);
                aj = aj.add(pj);
                ajx = sb.fma(xk, ajx);
                ajy = sb.fma(yk, ajy);
                ajz = sb.fma(zk, ajz);
            }
            {
                final DoubleVector dCosCos = bCos.mul(cos);
                final DoubleVector cc = bRjk.mul(invRjk);
                final DoubleVector sb = bCos.fma(mInv, cc);
                final DoubleVector pj = dCosCos.mul(invRij).sub(bRij).mul(invRij).sub(cc);
                final DoubleVector pk = dCosCos.mul(invRik).sub(bRik).mul(invRik).sub(cc);
                pk.fma(xk, sb.mul(xij)).intoArray(bgx, k);
                pk.fma(yk, sb.mul(yij)).intoArray(bgy, k);
                pk.fma(zk, sb.mul(zij)).intoArray(bgz, k);
                bj = bj.add(pj);
                bjx = sb.fma(xk, bjx);
                bjy = sb.fma(yk, bjy);
                bjz = sb.fma(zk, bjz);
            }
        }
        final double[] lanes = ws.lanes;
        ajx.intoArray(lanes, 0);
        ajy.intoArray(lanes, L);
        ajz.intoArray(lanes, 2 * L);
        bjx.intoArray(lanes, 3 * L);
        bjy.intoArray(lanes, 4 * L);
        bjz.intoArray(lanes, 5 * L);
        aj.intoArray(lanes, 6 * L);
        bj.intoArray(lanes, 7 * L);
        final double sa = AngularVectorLoops.laneSum(lanes, 6 * L), sbj = AngularVectorLoops.laneSum(lanes, 7 * L);
        final double[] gxa = ws.mgx[ca], gya = ws.mgy[ca], gza = ws.mgz[ca], gxb = ws.mgx[cb], gyb = ws.mgy[cb], gzb = ws.mgz[cb];
        gxa[j] += xij * sa + AngularVectorLoops.laneSum(lanes, 0);
        gya[j] += yij * sa + AngularVectorLoops.laneSum(lanes, L);
        gza[j] += zij * sa + AngularVectorLoops.laneSum(lanes, 2 * L);
        gxb[j] += xij * sbj + AngularVectorLoops.laneSum(lanes, 3 * L);
        gyb[j] += yij * sbj + AngularVectorLoops.laneSum(lanes, 4 * L);
        gzb[j] += zij * sbj + AngularVectorLoops.laneSum(lanes, 5 * L);
        for (int c = 0; c < n; c++) {
            final int kk = kidx[oi + c];
            gxa[kk] += agx[c];
            gya[kk] += agy[c];
            gza[kk] += agz[c];
            gxb[kk] += bgx[c];
            gyb[kk] += bgy[c];
            gzb[kk] += bgz[c];
        }
    }
}
