package dev.hdnnp.train;

import org.ejml.data.DMatrixRMaj;
import org.ejml.dense.row.CommonOps_DDRM;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** The packed, fused covariance update equals the dense textbook formulas (EJML), for any thread count. */
class CovarianceTest {
    @Test
    void fusedDowndateMatchesDenseAlgebra() {
        int n = 37, o = 5;
        Random r = new Random(2);
        double[] h = new double[n + o], h2 = new double[n + o], x = new double[n + o], out = new double[n + o];
        for (int i = 0; i < n + o; i++) { h[i] = r.nextGaussian(); h2[i] = r.nextGaussian(); }
        DMatrixRMaj P = CommonOps_DDRM.identity(n);
        CommonOps_DDRM.scale(100.0, P);
        try (Parallel one = new Parallel(1); Parallel two = new Parallel(2)) {
            Covariance a = new Covariance(n, 100.0), b = new Covariance(n, 100.0);
            for (int step = 0; step < 5; step++) {
                a.multiply(h, o, x, one);
                double[] xb = new double[n + o];
                b.multiply(h, o, xb, two);
                assertArrayEquals(x, xb, 0.0);
                DMatrixRMaj hv = new DMatrixRMaj(n, 1), xv = new DMatrixRMaj(n, 1);
                for (int i = 0; i < n; i++) hv.data[i] = h[o + i];
                CommonOps_DDRM.mult(P, hv, xv);
                for (int i = 0; i < n; i++) assertEquals(xv.data[i], x[o + i], 1e-9 * Math.abs(xv.data[i]) + 1e-9);
                double c = 1.0 / (1.0 + CommonOps_DDRM.dot(hv, xv)), q = 0.01;
                // P ← P − c x xᵀ + q I
                CommonOps_DDRM.multAddTransB(-c, xv, xv, P);
                for (int i = 0; i < n; i++) P.add(i, i, q);
                a.downdateAndMultiply(c, x, q, h2, o, out, one);
                double[] outB = new double[n + o];
                b.downdateAndMultiply(c, x, q, h2, o, outB, two);
                assertArrayEquals(out, outB, 0.0);
                DMatrixRMaj h2v = new DMatrixRMaj(n, 1), yv = new DMatrixRMaj(n, 1);
                for (int i = 0; i < n; i++) h2v.data[i] = h2[o + i];
                CommonOps_DDRM.mult(P, h2v, yv);
                for (int i = 0; i < n; i++) assertEquals(yv.data[i], out[o + i], 1e-9 * Math.abs(yv.data[i]) + 1e-9);
                double[] t = h; h = h2; h2 = t;
            }
        }
    }
}
