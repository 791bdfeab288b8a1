package dev.hdnnp.descriptor;

import dev.hdnnp.neighbor.Neighborhood;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The triplet loops of the Gaussian angular groups over SIMD lanes (jdk.incubator.vector): for a
 * fixed neighbour j, all neighbours k in L-lane chunks (L = 4 doubles on AVX2). The k side is
 * packed into contiguous arrays once per group and padded with L entries at the origin whose
 * radial factor is 0, so padding lanes stay finite and contribute exactly nothing.
 *
 * <p>The work for one j runs as a few short loops over k (geometry and cutoff, angular terms,
 * then one loop per (η, r_s) subgroup, then the vector update), each holding its results in
 * per-k scratch arrays: short straight-line loop bodies are what the JIT turns into vector code
 * without boxing. Per term the formulas and operation order are those of the scalar loops in
 * {@link NarrowAngularGroup} and {@link WideAngularGroup}; sums run in another order and the
 * vector exp may differ from {@link Math#exp} in the last bit. The narrow loops are used for
 * the tanh cutoffs only (the water potentials' type), the wide ones for all. Loaded only when
 * {@link VectorSupport#enabled()}.
 */
final class AngularVectorLoops {
    private static final VectorSpecies<Double> SP = DoubleVector.SPECIES_PREFERRED;
    static final int L = SP.length();

    private AngularVectorLoops() {}

    /**
     * The sum of a vector's lanes, in lane order. {@code reduceLanes(ADD)} may add in another
     * order once C2 has compiled a loop than before, so two identical processes could differ in
     * the last bits depending on when the JIT got there; this order is the same in every mode.
     */
    static double laneSum(DoubleVector v) {
        double s = v.lane(0);
        for (int i = 1; i < L; i++) s += v.lane(i);
        return s;
    }

    /** Packs the k-side neighbours with their radial factors and weights, plus L padding entries. */
    private static void pack(Neighborhood nb, KernelWorkspace ws, int[] list, int n, int Q, boolean derivatives, boolean weighted) {
        final int F = ws.factors(), cap = ws.packCapacity();
        final double[] px = ws.px, py = ws.py, pz = ws.pz, pr = ws.pr, pw = ws.pw, prad = ws.prad, pdrad = ws.pdrad, rad = ws.rad, drad = ws.drad;
        for (int b = 0; b < n; b++) {
            final int k = list[b];
            px[b] = nb.dx[k];
            py[b] = nb.dy[k];
            pz[b] = nb.dz[k];
            pr[b] = nb.r[k];
            pw[b] = weighted ? nb.z[k] : 1.0;   // the weight Z_k, or 1
            for (int q = 0; q < Q; q++) {
                prad[q * cap + b] = rad[k * F + q];
                if (derivatives) pdrad[q * cap + b] = drad[k * F + q];
            }
        }
        for (int b = n; b < n + L; b++) {
            px[b] = 0.0;
            py[b] = 0.0;
            pz[b] = 0.0;
            pr[b] = 1.0;
            pw[b] = 0.0;
            for (int q = 0; q < Q; q++) {
                prad[q * cap + b] = 0.0;
                pdrad[q * cap + b] = 0.0;
            }
        }
    }

    /** Doubles of one kept row: r_jk, f_c, f_c', cos θ and Q Gaussians over the padded range [from, to). */
    private static int rowLength(int from, int to, int Q) {
        return (4 + Q) * ((to - from + L - 1) / L * L);
    }

    /** Keeps the row just computed (pass 1) for pass 2; see {@link KernelWorkspace#rows}. */
    private static void keep(KernelWorkspace ws, int Q, int from, int to) {
        final int len = (to - from + L - 1) / L * L, cap = ws.packCapacity();
        final double[] rows = ws.rows;
        int o = ws.rowCursor;
        System.arraycopy(ws.vr, from, rows, o, len);
        System.arraycopy(ws.vf, from, rows, o += len, len);
        System.arraycopy(ws.vdf, from, rows, o += len, len);
        System.arraycopy(ws.vcos, from, rows, o += len, len);
        for (int q = 0; q < Q; q++) System.arraycopy(ws.vEx, q * cap + from, rows, o += len, len);
        ws.rowCursor = o + len;
    }

    /** Pass 2: reads back the row that {@link #keep} kept for this j. */
    private static void restore(KernelWorkspace ws, int Q, int from, int to) {
        final int len = (to - from + L - 1) / L * L, cap = ws.packCapacity();
        final double[] rows = ws.rows;
        int o = ws.rowCursor;
        System.arraycopy(rows, o, ws.vr, from, len);
        System.arraycopy(rows, o += len, ws.vf, from, len);
        System.arraycopy(rows, o += len, ws.vdf, from, len);
        System.arraycopy(rows, o += len, ws.vcos, from, len);
        for (int q = 0; q < Q; q++) System.arraycopy(rows, o += len, ws.vEx, q * cap + from, len);
        ws.rowCursor = o + len;
    }

    /** cos θ_jk for k in [from, to) (chunks of L from {@code from}) into ws.vcos. */
    private static void cosines(KernelWorkspace ws, int from, int to, double xij, double yij, double zij, double rij) {
        final double[] px = ws.px, py = ws.py, pz = ws.pz, pr = ws.pr, vcos = ws.vcos;
        for (int b = from; b < to; b += L) {
            final DoubleVector xk = DoubleVector.fromArray(SP, px, b), yk = DoubleVector.fromArray(SP, py, b), zk = DoubleVector.fromArray(SP, pz, b);
            xk.mul(xij).add(yk.mul(yij)).add(zk.mul(zij)).div(DoubleVector.fromArray(SP, pr, b).mul(rij)).intoArray(vcos, b);
        }
    }

    /**
     * r_jk and the tanh cutoff f_c(r_jk), df_c/dr (0 where r_jk ≥ r_c) into ws.vr, ws.vf, ws.vdf;
     * returns whether any k of the range lies within the cutoff.
     */
    private static boolean distances(KernelWorkspace ws, int from, int to, double xij, double yij, double zij, CutoffFunction cutoff) {
        final double[] px = ws.px, py = ws.py, pz = ws.pz, vr = ws.vr, vf = ws.vf, vdf = ws.vdf;
        final double rc = cutoff.rc(), invRc = 1.0 / rc, norm = cutoff.tanhNorm(), dnorm = 3.0 * norm * invRc;
        boolean any = false;
        for (int b = from; b < to; b += L) {
            final DoubleVector xjk = DoubleVector.fromArray(SP, px, b).sub(xij);
            final DoubleVector yjk = DoubleVector.fromArray(SP, py, b).sub(yij);
            final DoubleVector zjk = DoubleVector.fromArray(SP, pz, b).sub(zij);
            final DoubleVector rjk = xjk.mul(xjk).add(yjk.mul(yjk)).add(zjk.mul(zjk)).lanewise(VectorOperators.SQRT);
            rjk.intoArray(vr, b);
            final VectorMask<Double> in = rjk.compare(VectorOperators.LT, rc);
            any |= in.anyTrue();
            final DoubleVector e2 = VectorExp.exp(rjk.mul(invRc).neg().add(1.0).mul(2.0));
            final DoubleVector t = e2.sub(1.0).div(e2.add(1.0));
            final DoubleVector t2 = t.mul(t);
            final DoubleVector zero = DoubleVector.zero(SP);
            zero.blend(t2.mul(t).mul(norm), in).intoArray(vf, b);
            zero.blend(t2.mul(t2.sub(1.0)).mul(dnorm), in).intoArray(vdf, b);
        }
        return any;
    }

    /** Per term t: (1 + λ cos)^ζ into ws.vT[t·cap + k] and ζλ(1 + λ cos)^(ζ−1) into ws.vD, 0 where 1 + λ cos ≤ 0. */
    private static void terms(KernelWorkspace ws, AngularMembers mem, int from, int to) {
        final int cap = ws.packCapacity();
        for (int t = 0; t < mem.terms; t++) {
            final double lambda = mem.termLambda[t], zl = mem.termZetaLambda[t];
            final int zi = mem.termZetaInt[t], o = t * cap;
            // one straight-line loop per case: a vector chosen by a branch inside the loop would be boxed
            if (zi == 1) termsZeta1(ws.vcos, ws.vT, ws.vD, o, lambda, zl, from, to);
            else if (zi == 4) termsZeta4(ws.vcos, ws.vT, ws.vD, o, lambda, zl, from, to);
            else if (zi > 1) termsZetaInt(ws.vcos, ws.vT, ws.vD, o, lambda, zl, zi, from, to);
            else termsPow(ws.vcos, ws.vT, ws.vD, o, lambda, zl, mem.termZeta[t], from, to);
        }
    }

    private static void termsZeta1(double[] vcos, double[] vT, double[] vD, int o, double lambda, double zl, int from, int to) {
        for (int b = from; b < to; b += L) {
            final DoubleVector p = DoubleVector.fromArray(SP, vcos, b).mul(lambda).add(1.0);
            final VectorMask<Double> pos = p.compare(VectorOperators.GT, 0.0);
            final DoubleVector zero = DoubleVector.zero(SP);
            zero.blend(p, pos).intoArray(vT, o + b);
            zero.blend(DoubleVector.broadcast(SP, zl), pos).intoArray(vD, o + b);
        }
    }

    private static void termsZeta4(double[] vcos, double[] vT, double[] vD, int o, double lambda, double zl, int from, int to) {
        for (int b = from; b < to; b += L) {
            final DoubleVector p = DoubleVector.fromArray(SP, vcos, b).mul(lambda).add(1.0);
            final VectorMask<Double> pos = p.compare(VectorOperators.GT, 0.0);
            final DoubleVector pm1 = p.mul(p).mul(p);
            final DoubleVector zero = DoubleVector.zero(SP);
            zero.blend(pm1.mul(p), pos).intoArray(vT, o + b);
            zero.blend(pm1.mul(zl), pos).intoArray(vD, o + b);
        }
    }

    /** Integral ζ ≥ 2: p^(ζ−1) by multiplications (left to right, the same in every JIT tier). */
    private static void termsZetaInt(double[] vcos, double[] vT, double[] vD, int o, double lambda, double zl, int zeta, int from, int to) {
        for (int b = from; b < to; b += L) {
            final DoubleVector p = DoubleVector.fromArray(SP, vcos, b).mul(lambda).add(1.0);
            final VectorMask<Double> pos = p.compare(VectorOperators.GT, 0.0);
            DoubleVector pm1 = p;
            for (int n = 2; n < zeta; n++) pm1 = pm1.mul(p);
            final DoubleVector zero = DoubleVector.zero(SP);
            zero.blend(pm1.mul(p), pos).intoArray(vT, o + b);
            zero.blend(pm1.mul(zl), pos).intoArray(vD, o + b);
        }
    }

    /**
     * Non-integral ζ: Math.pow per lane. Not lanewise(POW): its C2 form and its interpreted form
     * differ in the last bit, which made results depend on JIT timing (see {@link VectorExp}).
     */
    private static void termsPow(double[] vcos, double[] vT, double[] vD, int o, double lambda, double zl, double zeta, int from, int to) {
        final int end = from + (to - from + L - 1) / L * L; // the padded lanes the vector loops also fill
        for (int k = from; k < end; k++) {
            final double p = vcos[k] * lambda + 1.0;
            if (p > 0.0) {
                final double pm1 = Math.pow(p, zeta - 1.0);
                vT[o + k] = pm1 * p;
                vD[o + k] = pm1 * zl;
            } else {
                vT[o + k] = 0.0;
                vD[o + k] = 0.0;
            }
        }
    }

    /**
     * exp(−η_q (r_jk − r_s,q)²) for every subgroup into ws.vEx[q·cap + k]: by exp for a base
     * subgroup, as a power of its base's value for the others (see {@link AngularMembers}).
     */
    private static void gaussians(KernelWorkspace ws, AngularMembers mem, int from, int to) {
        final int cap = ws.packCapacity();
        final double[] vr = ws.vr, vEx = ws.vEx;
        for (int q = 0; q < mem.subgroups; q++) {
            final int oq = q * cap, base = mem.expBase[q];
            if (base == q) {
                final double e = -mem.eta[q], sh = mem.rs[q];
                for (int b = from; b < to; b += L) {
                    final DoubleVector a = DoubleVector.fromArray(SP, vr, b).sub(sh);
                    VectorExp.exp(a.mul(a).mul(e)).intoArray(vEx, oq + b);
                }
            } else {
                // x^n by squaring, one straight-line loop per step
                final int ob = base * cap, n = mem.expPower[q];
                System.arraycopy(vEx, ob + from, vEx, oq + from, to - from + L);
                for (int bit = Integer.highestOneBit(n) >> 1; bit != 0; bit >>= 1) {
                    for (int b = from; b < to; b += L) {
                        final DoubleVector r = DoubleVector.fromArray(SP, vEx, oq + b);
                        r.mul(r).intoArray(vEx, oq + b);
                    }
                    if ((n & bit) != 0) {
                        for (int b = from; b < to; b += L)
                            DoubleVector.fromArray(SP, vEx, oq + b).mul(DoubleVector.fromArray(SP, vEx, ob + b)).intoArray(vEx, oq + b);
                    }
                }
            }
        }
    }

    static void narrowValues(Neighborhood nb, KernelWorkspace ws, AngularMembers mem, CutoffFunction cutoff, boolean same, boolean weighted, double[] G) {
        anyValues(nb, ws, mem, cutoff, same, weighted, true, G);
    }

    static void wideValues(Neighborhood nb, KernelWorkspace ws, AngularMembers mem, boolean same, double[] G) {
        anyValues(nb, ws, mem, null, same, false, false, G);
    }

    private static void anyValues(Neighborhood nb, KernelWorkspace ws, AngularMembers mem, CutoffFunction cutoff, boolean same, boolean weighted,
                                  boolean narrow, double[] G) {
        final int n1 = ws.n1, n2 = ws.n2;
        final int[] l1 = ws.list1;
        final int Q = mem.subgroups, F = ws.factors(), cap = ws.packCapacity();
        pack(nb, ws, same ? ws.list1 : ws.list2, n2, Q, false, weighted);
        final double[] prad = ws.prad, rad = ws.rad, vT = ws.vT, vf = ws.vf, pw = ws.pw, vEF = ws.vA, vEx = ws.vEx;
        final double[] pref = mem.prefactor;
        final int[] start = mem.start, term = mem.term, index = mem.index;
        for (int a = 0; a < n1; a++) {
            final int j = l1[a];
            final double xij = nb.dx[j], yij = nb.dy[j], zij = nb.dz[j], rij = nb.r[j];
            final double zj = weighted ? nb.z[j] : 1.0;
            final int from = same ? a + 1 : 0;
            if (from >= n2) continue;
            if (narrow) {
                ws.reserveRow(rowLength(from, n2, Q));
                final boolean any = distances(ws, from, n2, xij, yij, zij, cutoff);
                ws.rowUsed[ws.rowCount++] = any;
                if (!any) continue;
                cosines(ws, from, n2, xij, yij, zij, rij);
                gaussians(ws, mem, from, n2);
                keep(ws, Q, from, n2);
            } else {
                cosines(ws, from, n2, xij, yij, zij, rij);
            }
            terms(ws, mem, from, n2);
            for (int q = 0; q < Q; q++) {
                final double Rj = rad[j * F + q] * zj;
                final int oq = q * cap;
                // EF_k = R_j R_k exp(−η (r_jk − r_s)²) f_c(r_jk) Z_j Z_k
                if (narrow) narrowFactors(prad, vEx, vf, pw, vEF, oq, Rj, from, n2);
                else wideFactors(prad, vEF, oq, Rj, from, n2);
                for (int s = start[q], end = start[q + 1]; s < end; s++) {
                    final int ot = term[s] * cap;
                    DoubleVector sum = DoubleVector.zero(SP);
                    for (int b = from; b < n2; b += L)
                        sum = sum.add(DoubleVector.fromArray(SP, vT, ot + b).mul(DoubleVector.fromArray(SP, vEF, b)));
                    G[index[s]] += pref[s] * laneSum(sum);
                }
            }
        }
    }

    private static void narrowFactors(double[] prad, double[] vEx, double[] vf, double[] pw, double[] vEF, int oq, double Rj, int from, int to) {
        for (int b = from; b < to; b += L) {
            DoubleVector.fromArray(SP, prad, oq + b).mul(Rj)
                    .mul(DoubleVector.fromArray(SP, vEx, oq + b).mul(DoubleVector.fromArray(SP, vf, b)))
                    .mul(DoubleVector.fromArray(SP, pw, b)).intoArray(vEF, b);
        }
    }

    private static void wideFactors(double[] prad, double[] vEF, int oq, double Rj, int from, int to) {
        for (int b = from; b < to; b += L) DoubleVector.fromArray(SP, prad, oq + b).mul(Rj).intoArray(vEF, b);
    }

    static void narrowGradient(Neighborhood nb, KernelWorkspace ws, AngularMembers mem, CutoffFunction cutoff, boolean same, boolean weighted, double[] coef) {
        anyGradient(nb, ws, mem, cutoff, same, weighted, true, coef);
    }

    static void wideGradient(Neighborhood nb, KernelWorkspace ws, AngularMembers mem, boolean same, double[] coef) {
        anyGradient(nb, ws, mem, null, same, false, false, coef);
    }

    private static void anyGradient(Neighborhood nb, KernelWorkspace ws, AngularMembers mem, CutoffFunction cutoff, boolean same, boolean weighted,
                                    boolean narrow, double[] coef) {
        final int n1 = ws.n1, n2 = ws.n2;
        final int[] l1 = ws.list1, l2 = same ? ws.list1 : ws.list2;
        final int Q = mem.subgroups, F = ws.factors(), cap = ws.packCapacity(), nt = mem.terms;
        pack(nb, ws, l2, n2, Q, true, weighted);
        final double[] W = ws.fold, rad = ws.rad, drad = ws.drad;
        mem.foldCoefficients(coef, W);
        final double[] pgx = ws.pgx, pgy = ws.pgy, pgz = ws.pgz;
        java.util.Arrays.fill(pgx, 0, n2 + L, 0.0);
        java.util.Arrays.fill(pgy, 0, n2 + L, 0.0);
        java.util.Arrays.fill(pgz, 0, n2 + L, 0.0);
        final double[] gj = ws.tmp3;
        for (int a = 0; a < n1; a++) {
            final int j = l1[a];
            final double xij = nb.dx[j], yij = nb.dy[j], zij = nb.dz[j], rij = nb.r[j];
            final double zj = weighted ? nb.z[j] : 1.0;
            final int from = same ? a + 1 : 0;
            if (from >= n2) continue;
            if (narrow && ws.replay) {
                if (!ws.rowUsed[ws.rowCount++]) continue;
                restore(ws, Q, from, n2);
            } else if (narrow) {
                if (!distances(ws, from, n2, xij, yij, zij, cutoff)) continue;
                cosines(ws, from, n2, xij, yij, zij, rij);
                gaussians(ws, mem, from, n2);
            } else {
                cosines(ws, from, n2, xij, yij, zij, rij);
            }
            terms(ws, mem, from, n2);
            clear(ws, from, n2);
            for (int q = 0; q < Q; q++) {
                fold(ws, W, q * nt, nt, from, n2);
                if (narrow) narrowSubgroup(ws, mem, q, rad[j * F + q] * zj, drad[j * F + q] * zj, from, n2);
                else wideSubgroup(ws, q, rad[j * F + q], drad[j * F + q], from, n2);
            }
            if (narrow) updateNarrow(ws, from, n2, xij, yij, zij, rij, gj);
            else updateWide(ws, from, n2, xij, yij, zij, rij, gj);
            ws.gx[j] += gj[0];
            ws.gy[j] += gj[1];
            ws.gz[j] += gj[2];
        }
        for (int b = 0; b < n2; b++) {
            final int k = l2[b];
            ws.gx[k] += pgx[b];
            ws.gy[k] += pgy[b];
            ws.gz[k] += pgz[b];
        }
    }

    private static void clear(KernelWorkspace ws, int from, int to) {
        final int end = to + L;
        java.util.Arrays.fill(ws.vCos, from, end, 0.0);
        java.util.Arrays.fill(ws.vRij, from, end, 0.0);
        java.util.Arrays.fill(ws.vRik, from, end, 0.0);
        java.util.Arrays.fill(ws.vRjk, from, end, 0.0);
    }

    /** A_k = Σ_t W[q,t] T_t,k and B_k = Σ_t W[q,t] D_t,k into ws.vA, ws.vB. */
    private static void fold(KernelWorkspace ws, double[] W, int o, int nt, int from, int to) {
        final int cap = ws.packCapacity();
        final double[] vT = ws.vT, vD = ws.vD, vA = ws.vA, vB = ws.vB;
        final double w0 = W[o];
        for (int b = from; b < to; b += L) {
            DoubleVector.fromArray(SP, vT, b).mul(w0).intoArray(vA, b);
            DoubleVector.fromArray(SP, vD, b).mul(w0).intoArray(vB, b);
        }
        for (int t = 1; t < nt; t++) {
            final double w = W[o + t];
            final int ot = t * cap;
            for (int b = from; b < to; b += L) {
                DoubleVector.fromArray(SP, vA, b).add(DoubleVector.fromArray(SP, vT, ot + b).mul(w)).intoArray(vA, b);
                DoubleVector.fromArray(SP, vB, b).add(DoubleVector.fromArray(SP, vD, ot + b).mul(w)).intoArray(vB, b);
            }
        }
    }

    /** Adds subgroup q's ∂/∂(cos θ, r_ij, r_ik, r_jk) of Σ c T (narrow: with exp(−η (r_jk − r_s)²) f_c(r_jk)). */
    private static void narrowSubgroup(KernelWorkspace ws, AngularMembers mem, int q, double Rj, double dRj, int from, int to) {
        final int oq = q * ws.packCapacity();
        final double twoEta = 2.0 * mem.eta[q], sh = mem.rs[q];
        final double[] vEx = ws.vEx, vA = ws.vA, vB = ws.vB, vr = ws.vr, vf = ws.vf, vdf = ws.vdf, prad = ws.prad, pdrad = ws.pdrad, pw = ws.pw;
        final double[] vCos = ws.vCos, vRij = ws.vRij, vRik = ws.vRik, vRjk = ws.vRjk;
        for (int b = from; b < to; b += L) {
            final DoubleVector ajk = DoubleVector.fromArray(SP, vr, b).sub(sh);
            final DoubleVector fjk = DoubleVector.fromArray(SP, vf, b);
            final DoubleVector g = DoubleVector.fromArray(SP, vEx, oq + b);
            final DoubleVector S = g.mul(fjk);
            final DoubleVector dS = g.mul(DoubleVector.fromArray(SP, vdf, b).sub(ajk.mul(fjk).mul(twoEta)));
            final DoubleVector wRk = DoubleVector.fromArray(SP, prad, oq + b).mul(DoubleVector.fromArray(SP, pw, b));
            final DoubleVector wdRk = DoubleVector.fromArray(SP, pdrad, oq + b).mul(DoubleVector.fromArray(SP, pw, b));
            final DoubleVector A = DoubleVector.fromArray(SP, vA, b);
            final DoubleVector AS = A.mul(S);
            DoubleVector.fromArray(SP, vCos, b).add(DoubleVector.fromArray(SP, vB, b).mul(wRk).mul(S).mul(Rj)).intoArray(vCos, b);
            DoubleVector.fromArray(SP, vRij, b).add(AS.mul(wRk).mul(dRj)).intoArray(vRij, b);
            DoubleVector.fromArray(SP, vRik, b).add(AS.mul(wdRk).mul(Rj)).intoArray(vRik, b);
            DoubleVector.fromArray(SP, vRjk, b).add(A.mul(wRk).mul(dS).mul(Rj)).intoArray(vRjk, b);
        }
    }

    private static void wideSubgroup(KernelWorkspace ws, int q, double Rj, double dRj, int from, int to) {
        final int oq = q * ws.packCapacity();
        final double[] vA = ws.vA, vB = ws.vB, prad = ws.prad, pdrad = ws.pdrad;
        final double[] vCos = ws.vCos, vRij = ws.vRij, vRik = ws.vRik;
        for (int b = from; b < to; b += L) {
            final DoubleVector Rk = DoubleVector.fromArray(SP, prad, oq + b), dRk = DoubleVector.fromArray(SP, pdrad, oq + b);
            final DoubleVector A = DoubleVector.fromArray(SP, vA, b);
            DoubleVector.fromArray(SP, vCos, b).add(DoubleVector.fromArray(SP, vB, b).mul(Rk).mul(Rj)).intoArray(vCos, b);
            DoubleVector.fromArray(SP, vRij, b).add(A.mul(Rk).mul(dRj)).intoArray(vRij, b);
            DoubleVector.fromArray(SP, vRik, b).add(A.mul(dRk).mul(Rj)).intoArray(vRik, b);
        }
    }

    /**
     * The vector update of the triplets (i; j, k): ∇_j T = a_j d_ij + b d_ik + c d_jk and
     * ∇_k T = a_k d_ik + b d_ij − c d_jk (c = 0 for wide), k's part into ws.pg*, j's summed into gj.
     */
    private static void updateNarrow(KernelWorkspace ws, int from, int to, double xij, double yij, double zij, double rij, double[] gj) {
        final double[] px = ws.px, py = ws.py, pz = ws.pz, pr = ws.pr, vcos = ws.vcos, vr = ws.vr;
        final double[] vCos = ws.vCos, vRij = ws.vRij, vRik = ws.vRik, vRjk = ws.vRjk, pgx = ws.pgx, pgy = ws.pgy, pgz = ws.pgz;
        final double invRij = 1.0 / rij;
        DoubleVector gjx = DoubleVector.zero(SP), gjy = DoubleVector.zero(SP), gjz = DoubleVector.zero(SP);
        for (int b = from; b < to; b += L) {
            final DoubleVector xk = DoubleVector.fromArray(SP, px, b), yk = DoubleVector.fromArray(SP, py, b), zk = DoubleVector.fromArray(SP, pz, b);
            final DoubleVector rk = DoubleVector.fromArray(SP, pr, b);
            final DoubleVector invRik = DoubleVector.broadcast(SP, 1.0).div(rk);
            final DoubleVector dCos = DoubleVector.fromArray(SP, vCos, b);
            final DoubleVector dCosCos = dCos.mul(DoubleVector.fromArray(SP, vcos, b));
            final DoubleVector bb = dCos.mul(invRik).mul(-invRij);
            final DoubleVector aj = dCosCos.mul(invRij).sub(DoubleVector.fromArray(SP, vRij, b)).mul(invRij);
            final DoubleVector ak = dCosCos.mul(invRik).sub(DoubleVector.fromArray(SP, vRik, b)).mul(invRik);
            final DoubleVector cc = DoubleVector.fromArray(SP, vRjk, b).div(DoubleVector.fromArray(SP, vr, b));
            final DoubleVector xjk = xk.sub(xij), yjk = yk.sub(yij), zjk = zk.sub(zij);
            final DoubleVector kx = ak.mul(xk).add(bb.mul(xij)).sub(cc.mul(xjk));
            final DoubleVector ky = ak.mul(yk).add(bb.mul(yij)).sub(cc.mul(yjk));
            final DoubleVector kz = ak.mul(zk).add(bb.mul(zij)).sub(cc.mul(zjk));
            final DoubleVector jx = aj.mul(xij).add(bb.mul(xk)).add(cc.mul(xjk));
            final DoubleVector jy = aj.mul(yij).add(bb.mul(yk)).add(cc.mul(yjk));
            final DoubleVector jz = aj.mul(zij).add(bb.mul(zk)).add(cc.mul(zjk));
            gjx = gjx.add(jx);
            gjy = gjy.add(jy);
            gjz = gjz.add(jz);
            DoubleVector.fromArray(SP, pgx, b).add(kx).intoArray(pgx, b);
            DoubleVector.fromArray(SP, pgy, b).add(ky).intoArray(pgy, b);
            DoubleVector.fromArray(SP, pgz, b).add(kz).intoArray(pgz, b);
        }
        gj[0] = laneSum(gjx);
        gj[1] = laneSum(gjy);
        gj[2] = laneSum(gjz);
    }

    private static void updateWide(KernelWorkspace ws, int from, int to, double xij, double yij, double zij, double rij, double[] gj) {
        final double[] px = ws.px, py = ws.py, pz = ws.pz, pr = ws.pr, vcos = ws.vcos;
        final double[] vCos = ws.vCos, vRij = ws.vRij, vRik = ws.vRik, pgx = ws.pgx, pgy = ws.pgy, pgz = ws.pgz;
        final double invRij = 1.0 / rij;
        DoubleVector gjx = DoubleVector.zero(SP), gjy = DoubleVector.zero(SP), gjz = DoubleVector.zero(SP);
        for (int b = from; b < to; b += L) {
            final DoubleVector xk = DoubleVector.fromArray(SP, px, b), yk = DoubleVector.fromArray(SP, py, b), zk = DoubleVector.fromArray(SP, pz, b);
            final DoubleVector rk = DoubleVector.fromArray(SP, pr, b);
            final DoubleVector invRik = DoubleVector.broadcast(SP, 1.0).div(rk);
            final DoubleVector dCos = DoubleVector.fromArray(SP, vCos, b);
            final DoubleVector dCosCos = dCos.mul(DoubleVector.fromArray(SP, vcos, b));
            final DoubleVector bb = dCos.mul(invRik).mul(-invRij);
            final DoubleVector aj = dCosCos.mul(invRij).sub(DoubleVector.fromArray(SP, vRij, b)).mul(invRij);
            final DoubleVector ak = dCosCos.mul(invRik).sub(DoubleVector.fromArray(SP, vRik, b)).mul(invRik);
            final DoubleVector kx = ak.mul(xk).add(bb.mul(xij)), ky = ak.mul(yk).add(bb.mul(yij)), kz = ak.mul(zk).add(bb.mul(zij));
            final DoubleVector jx = aj.mul(xij).add(bb.mul(xk)), jy = aj.mul(yij).add(bb.mul(yk)), jz = aj.mul(zij).add(bb.mul(zk));
            gjx = gjx.add(jx);
            gjy = gjy.add(jy);
            gjz = gjz.add(jz);
            DoubleVector.fromArray(SP, pgx, b).add(kx).intoArray(pgx, b);
            DoubleVector.fromArray(SP, pgy, b).add(ky).intoArray(pgy, b);
            DoubleVector.fromArray(SP, pgz, b).add(kz).intoArray(pgz, b);
        }
        gj[0] = laneSum(gjx);
        gj[1] = laneSum(gjy);
        gj[2] = laneSum(gjz);
    }
}
