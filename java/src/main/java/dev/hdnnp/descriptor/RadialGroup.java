package dev.hdnnp.descriptor;

import dev.hdnnp.neighbor.Neighborhood;

/**
 * Radial Gaussian functions of one neighbour element and cutoff, or their weighted form:
 * <pre>
 *   type 2:  G = Σ_j exp(−η (r_ij − r_s)²) f_c(r_ij)          {@code <ec> 2 <e1> <eta> <rs> <rc>}
 *   type 12: G = Σ_j Z_j exp(−η (r_ij − r_s)²) f_c(r_ij)      {@code <ec> 12 <eta> <rs> <rc>}
 * </pre>
 * The cutoff is evaluated once per neighbour for all members; pass 1 keeps each term's radial
 * derivative for pass 2.
 */
final class RadialGroup implements FunctionGroup {
    private final int element;          // neighbour element, or −1 for the weighted type (all elements)
    private final CutoffFunction cutoff;
    private final double rc;
    private final int[] index;
    private final double[] eta, rs;

    RadialGroup(int element, CutoffFunction cutoff, int[] index, double[] eta, double[] rs) {
        this.element = element;
        this.cutoff = cutoff;
        this.rc = cutoff.rc();
        this.index = index;
        this.eta = eta;
        this.rs = rs;
    }

    /**
     * Pass 1; also keeps, per neighbour k within the cutoff and member s, the factor
     * D[k,s] = −(∂/∂r)[exp(−η (r − r_s)²) f_c(r)] w_k / r at r = r_ik in the workspace rows, so
     * that pass 2 computes no exponential: ∂G_s/∂r_k = D[k,s] d_ik.
     */
    @Override
    public void values(Neighborhood nb, KernelWorkspace ws, double[] G) {
        final int[] list = ws.list1;
        final int n = KernelWorkspace.select(nb, element, rc, list);
        final double[] r = nb.r, z = nb.z, tmp = ws.tmp;
        final int ms = index.length;
        ws.reserveRow(1 + n * ms, n);
        final double[] rows = ws.rows;
        final int[] kidx = ws.rowIndex;
        int o = ws.rowCursor, oi = ws.indexCursor;
        rows[o++] = n;
        for (int a = 0; a < n; a++) {
            final int k = list[a];
            final double rk = r[k];
            cutoff.evaluate(rk, tmp, 0);
            final double f = tmp[0], df = tmp[1];
            final double w = element < 0 ? z[k] : 1.0;
            final double u = -w / rk;
            for (int s = 0; s < ms; s++) {
                final double d = rk - rs[s];
                final double e = Math.exp(-eta[s] * d * d);
                G[index[s]] += e * f * w;
                rows[o++] = e * (df - 2.0 * eta[s] * d * f) * u;
            }
            kidx[oi++] = k;
        }
        ws.rowCursor = o;
        ws.indexCursor = oi;
    }

    /** Pass 2 from the factors pass 1 kept (SymmetryKernel makes sure they exist). */
    @Override
    public void gradient(Neighborhood nb, KernelWorkspace ws, double[] coef) {
        replay(nb, ws, coef, ws.gx, ws.gy, ws.gz);
    }

    /** All sets in one pass over the rows (each row read once), each set's sums as in {@link #gradient}. */
    @Override
    public void gradients(Neighborhood nb, KernelWorkspace ws, double[][] coef, int sets) {
        final double[] rows = ws.rows, dx = nb.dx, dy = nb.dy, dz = nb.dz;
        final int[] kidx = ws.rowIndex;
        final int ms = index.length;
        int o = ws.rowCursor, oi = ws.indexCursor;
        final int n = (int) rows[o++];
        for (int a = 0; a < n; a++, o += ms) {
            final int k = kidx[oi++];
            for (int c = 0; c < sets; c++) {
                final double[] cf = coef[c];
                double u = 0.0;
                for (int s = 0; s < ms; s++) u += cf[index[s]] * rows[o + s];
                ws.mgx[c][k] += u * dx[k];
                ws.mgy[c][k] += u * dy[k];
                ws.mgz[c][k] += u * dz[k];
            }
        }
        ws.rowCursor = o;
        ws.indexCursor = oi;
    }

    private void replay(Neighborhood nb, KernelWorkspace ws, double[] coef, double[] gx, double[] gy, double[] gz) {
        final double[] rows = ws.rows, dx = nb.dx, dy = nb.dy, dz = nb.dz;
        final int[] kidx = ws.rowIndex;
        final int ms = index.length;
        int o = ws.rowCursor, oi = ws.indexCursor;
        final int n = (int) rows[o++];
        for (int a = 0; a < n; a++, o += ms) {
            final int k = kidx[oi++];
            double u = 0.0;
            for (int s = 0; s < ms; s++) u += coef[index[s]] * rows[o + s];
            gx[k] += u * dx[k];
            gy[k] += u * dy[k];
            gz[k] += u * dz[k];
        }
        ws.rowCursor = o;
        ws.indexCursor = oi;
    }

    @Override
    public void jacobian(Neighborhood nb, KernelWorkspace ws, double[] J, int ns) {
        final int[] list = ws.list1;
        final int n = KernelWorkspace.select(nb, element, rc, list);
        final double[] r = nb.r, z = nb.z, tmp = ws.tmp;
        final int ms = index.length;
        final int[] row = ws.jrow;
        final int skip = ws.jskip;
        for (int a = 0; a < n; a++) {
            final int k = list[a];
            if (row[k] == skip) continue;
            final double rk = r[k];
            cutoff.evaluate(rk, tmp, 0);
            final double f = tmp[0], df = tmp[1];
            final double w = element < 0 ? z[k] : 1.0;
            final double ux = -nb.dx[k] / rk, uy = -nb.dy[k] / rk, uz = -nb.dz[k] / rk;
            final int o = row[k] * ns;
            for (int s = 0; s < ms; s++) {
                final double d = rk - rs[s];
                final double der = Math.exp(-eta[s] * d * d) * (df - 2.0 * eta[s] * d * f) * w;
                final int p = 3 * (o + index[s]);
                J[p] += der * ux;
                J[p + 1] += der * uy;
                J[p + 2] += der * uz;
            }
        }
    }
}
