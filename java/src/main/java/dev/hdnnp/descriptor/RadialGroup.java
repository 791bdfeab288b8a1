package dev.hdnnp.descriptor;

import dev.hdnnp.neighbor.Neighborhood;

/**
 * Radial Gaussian functions of one neighbour element and cutoff, or their weighted form:
 * <pre>
 *   type 2:  G = Σ_j exp(−η (r_ij − r_s)²) f_c(r_ij)          {@code <ec> 2 <e1> <eta> <rs> <rc>}
 *   type 12: G = Σ_j Z_j exp(−η (r_ij − r_s)²) f_c(r_ij)      {@code <ec> 12 <eta> <rs> <rc>}
 * </pre>
 * The cutoff is evaluated once per neighbour for all members.
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

    @Override
    public void values(Neighborhood nb, KernelWorkspace ws, double[] G) {
        final int[] list = ws.list1;
        final int n = KernelWorkspace.select(nb, element, rc, list);
        final double[] r = nb.r, z = nb.z, tmp = ws.tmp;
        final int ms = index.length;
        for (int a = 0; a < n; a++) {
            final int k = list[a];
            final double rk = r[k];
            cutoff.evaluate(rk, tmp, 0);
            final double f = tmp[0];
            final double w = element < 0 ? z[k] : 1.0;
            for (int s = 0; s < ms; s++) {
                final double d = rk - rs[s];
                G[index[s]] += Math.exp(-eta[s] * d * d) * f * w;
            }
        }
    }

    @Override
    public void gradient(Neighborhood nb, KernelWorkspace ws, double[] coef) {
        final int[] list = ws.list1;
        final int n = KernelWorkspace.select(nb, element, rc, list);
        final double[] r = nb.r, z = nb.z, tmp = ws.tmp;
        final double[] gx = ws.gx, gy = ws.gy, gz = ws.gz;
        final int ms = index.length;
        for (int a = 0; a < n; a++) {
            final int k = list[a];
            final double rk = r[k];
            cutoff.evaluate(rk, tmp, 0);
            final double f = tmp[0], df = tmp[1];
            double sum = 0.0;
            for (int s = 0; s < ms; s++) {
                final double d = rk - rs[s];
                sum += coef[index[s]] * Math.exp(-eta[s] * d * d) * (df - 2.0 * eta[s] * d * f);
            }
            if (element < 0) sum *= z[k];
            // ∂r_ik/∂r_k = −d_ik / r_ik with d_ik = r_i − r_k
            final double u = -sum / rk;
            gx[k] += u * nb.dx[k];
            gy[k] += u * nb.dy[k];
            gz[k] += u * nb.dz[k];
        }
    }

    @Override
    public void jacobian(Neighborhood nb, KernelWorkspace ws, double[] J, int ns) {
        final int[] list = ws.list1;
        final int n = KernelWorkspace.select(nb, element, rc, list);
        final double[] r = nb.r, z = nb.z, tmp = ws.tmp;
        final int ms = index.length;
        for (int a = 0; a < n; a++) {
            final int k = list[a];
            final double rk = r[k];
            cutoff.evaluate(rk, tmp, 0);
            final double f = tmp[0], df = tmp[1];
            final double w = element < 0 ? z[k] : 1.0;
            final double ux = -nb.dx[k] / rk, uy = -nb.dy[k] / rk, uz = -nb.dz[k] / rk;
            final int o = k * ns;
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
