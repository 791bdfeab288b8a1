package dev.hdnnp.descriptor;

import dev.hdnnp.neighbor.Neighborhood;
import jdk.incubator.vector.DoubleVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * The triplet loops of the wide Gaussian angular groups over SIMD lanes (jdk.incubator.vector),
 * and what they share with the narrow ones ({@link NarrowVectorLoops}): packing, angular terms,
 * lane sums. For a
 * fixed neighbour j, all neighbours k in L-lane chunks (L = 4 doubles on AVX2). The k side is
 * packed into contiguous arrays once per group and padded with L entries at the origin whose
 * radial factor is 0, so padding lanes stay finite and contribute exactly nothing.
 *
 * <p>The work for one j runs as a few short loops over k (geometry and cutoff, angular terms,
 * then one loop per (η, r_s) subgroup, then the vector update), each holding its results in
 * per-k scratch arrays: short straight-line loop bodies are what the JIT turns into vector code
 * without boxing. Per term the formulas and operation order are those of the scalar loops in
 * {@link NarrowAngularGroup} and {@link WideAngularGroup}; sums run in another order and the
 * vector exp may differ from {@link Math#exp} in the last bit. Loaded only when
 * {@link VectorSupport#enabled()}.
 */
final class AngularVectorLoops {
    static final VectorSpecies<Double> SP = DoubleVector.SPECIES_PREFERRED;
    static final int L = SP.length();

    private AngularVectorLoops() {}

    /**
     * The sum of a vector's lanes, in lane order. {@code reduceLanes(ADD)} may add in another
     * order once C2 has compiled a loop than before, so two identical processes could differ in
     * the last bits depending on when the JIT got there; this order is the same in every mode.
     */
    static double laneSum(double[] lanes, int off) {
        double s = lanes[off];
        for (int i = 1; i < L; i++) s += lanes[off + i];
        return s;
    }

    /**
     * The sum of a vector's lanes, in lane order (as {@link #laneSum(double[], int)} on its
     * stored lanes). Only for callers where it is surely inlined: passing a vector to a call that
     * is not inlined boxes it (an allocation per call).
     */
    static double laneSum(DoubleVector v) {
        double s = v.lane(0);
        for (int i = 1; i < L; i++) s += v.lane(i);
        return s;
    }

    /** Packs the k-side neighbours with their radial factors and weights, plus L padding entries. */
    static void pack(Neighborhood nb, KernelWorkspace ws, int[] list, int n, int Q, boolean derivatives, boolean weighted) {
        final int F = ws.factors(), cap = ws.packCapacity();
        final double[] px = ws.px, py = ws.py, pz = ws.pz, pr = ws.pr, pinv = ws.pinv, pw = ws.pw, prad = ws.prad, pdrad = ws.pdrad, rad = ws.rad, drad = ws.drad;
        for (int b = 0; b < n; b++) {
            final int k = list[b];
            px[b] = nb.dx[k];
            py[b] = nb.dy[k];
            pz[b] = nb.dz[k];
            pr[b] = nb.r[k];
            pinv[b] = 1.0 / nb.r[k];
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
            pinv[b] = 1.0;
            pw[b] = 0.0;
            for (int q = 0; q < Q; q++) {
                prad[q * cap + b] = 0.0;
                pdrad[q * cap + b] = 0.0;
            }
        }
    }

    /** cos θ_jk for k in [from, to) (chunks of L from {@code from}) into ws.vcos. */
    private static void cosines(KernelWorkspace ws, int from, int to, double xij, double yij, double zij, double rij) {
        final double[] px = ws.px, py = ws.py, pz = ws.pz, pr = ws.pr, vcos = ws.vcos;
        for (int b = from; b < to; b += L) {
            final DoubleVector xk = DoubleVector.fromArray(SP, px, b), yk = DoubleVector.fromArray(SP, py, b), zk = DoubleVector.fromArray(SP, pz, b);
            xk.mul(xij).add(yk.mul(yij)).add(zk.mul(zij)).div(DoubleVector.fromArray(SP, pr, b).mul(rij)).intoArray(vcos, b);
        }
    }

    /** Per term t: (1 + λ cos)^ζ into ws.vT[t·cap + k] and ζλ(1 + λ cos)^(ζ−1) into ws.vD, 0 where 1 + λ cos ≤ 0. */
    static void terms(KernelWorkspace ws, AngularMembers mem, double[] cos, int oc, int from, int to) {
        final int cap = ws.packCapacity();
        for (int t = 0; t < mem.terms; t++) {
            final double lambda = mem.termLambda[t], zl = mem.termZetaLambda[t];
            final int zi = mem.termZetaInt[t], o = t * cap;
            // one straight-line loop per case: a vector chosen by a branch inside the loop would be boxed
            if (zi == 1) termsZeta1(cos, oc, ws.vT, ws.vD, o, lambda, zl, from, to);
            else if (zi == 4) termsZeta4(cos, oc, ws.vT, ws.vD, o, lambda, zl, from, to);
            else if (zi > 1) termsZetaInt(cos, oc, ws.vT, ws.vD, o, lambda, zl, zi, from, to);
            else termsPow(cos, oc, ws.vT, ws.vD, o, lambda, zl, mem.termZeta[t], from, to);
        }
    }

    private static void termsZeta1(double[] vcos, int oc, double[] vT, double[] vD, int o, double lambda, double zl, int from, int to) {
        for (int b = from; b < to; b += L) {
            final DoubleVector p = DoubleVector.fromArray(SP, vcos, oc + b).mul(lambda).add(1.0);
            final VectorMask<Double> pos = p.compare(VectorOperators.GT, 0.0);
            final DoubleVector zero = DoubleVector.zero(SP);
            zero.blend(p, pos).intoArray(vT, o + b);
            zero.blend(DoubleVector.broadcast(SP, zl), pos).intoArray(vD, o + b);
        }
    }

    private static void termsZeta4(double[] vcos, int oc, double[] vT, double[] vD, int o, double lambda, double zl, int from, int to) {
        for (int b = from; b < to; b += L) {
            final DoubleVector p = DoubleVector.fromArray(SP, vcos, oc + b).mul(lambda).add(1.0);
            final VectorMask<Double> pos = p.compare(VectorOperators.GT, 0.0);
            final DoubleVector pm1 = p.mul(p).mul(p);
            final DoubleVector zero = DoubleVector.zero(SP);
            zero.blend(pm1.mul(p), pos).intoArray(vT, o + b);
            zero.blend(pm1.mul(zl), pos).intoArray(vD, o + b);
        }
    }

    /** Integral ζ ≥ 2: p^(ζ−1) by multiplications (left to right, the same in every JIT tier). */
    private static void termsZetaInt(double[] vcos, int oc, double[] vT, double[] vD, int o, double lambda, double zl, int zeta, int from, int to) {
        for (int b = from; b < to; b += L) {
            final DoubleVector p = DoubleVector.fromArray(SP, vcos, oc + b).mul(lambda).add(1.0);
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
    private static void termsPow(double[] vcos, int oc, double[] vT, double[] vD, int o, double lambda, double zl, double zeta, int from, int to) {
        final int end = from + (to - from + L - 1) / L * L; // the padded lanes the vector loops also fill
        for (int k = from; k < end; k++) {
            final double p = vcos[oc + k] * lambda + 1.0;
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

    /** Pass 1 of a wide group: adds its members' values to G. */
    static void wideValues(Neighborhood nb, KernelWorkspace ws, AngularMembers mem, boolean same, double[] G) {
        final int n1 = ws.n1, n2 = ws.n2;
        final int[] l1 = ws.list1;
        final int Q = mem.subgroups, F = ws.factors(), cap = ws.packCapacity();
        pack(nb, ws, same ? ws.list1 : ws.list2, n2, Q, false, false);
        final double[] prad = ws.prad, rad = ws.rad, vT = ws.vT, vEF = ws.vA;
        final double[] pref = mem.prefactor;
        final int[] start = mem.start, term = mem.term, index = mem.index;
        for (int a = 0; a < n1; a++) {
            final int j = l1[a];
            final int from = same ? a + 1 : 0;
            if (from >= n2) continue;
            cosines(ws, from, n2, nb.dx[j], nb.dy[j], nb.dz[j], nb.r[j]);
            terms(ws, mem, ws.vcos, 0, from, n2);
            for (int q = 0; q < Q; q++) {
                // EF_k = R_j R_k
                final double Rj = rad[j * F + q];
                final int oq = q * cap;
                for (int b = from; b < n2; b += L) DoubleVector.fromArray(SP, prad, oq + b).mul(Rj).intoArray(vEF, b);
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

    /** Pass 2 of a wide group: adds Σ_s coef[s] ∂G_s/∂r_k to ws.gx/gy/gz[k]. */
    static void wideGradient(Neighborhood nb, KernelWorkspace ws, AngularMembers mem, boolean same, double[] coef) {
        final int n1 = ws.n1, n2 = ws.n2;
        final int[] l1 = ws.list1, l2 = same ? ws.list1 : ws.list2;
        final int Q = mem.subgroups, F = ws.factors(), nt = mem.terms;
        pack(nb, ws, l2, n2, Q, true, false);
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
            final int from = same ? a + 1 : 0;
            if (from >= n2) continue;
            cosines(ws, from, n2, xij, yij, zij, rij);
            terms(ws, mem, ws.vcos, 0, from, n2);
            clear(ws, from, n2);
            for (int q = 0; q < Q; q++) {
                fold(ws, W, q * nt, nt, from, n2);
                wideSubgroup(ws, q, rad[j * F + q], drad[j * F + q], from, n2);
            }
            updateWide(ws, from, n2, xij, yij, zij, rij, gj);
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
