package dev.hdnnp.descriptor;

import dev.hdnnp.neighbor.Neighborhood;

/**
 * Compact radial functions of one neighbour element, or their weighted form (they ignore
 * {@code cutoff_type}):
 * <pre>
 *   type 20: G = Σ_j C(r_ij; r_l, r_c)          {@code <ec> 20 <e1> <rl> <rc> <subtype>}
 *   type 23: G = Σ_j Z_j C(r_ij; r_l, r_c)      {@code <ec> 23 <rl> <rc> <subtype>}
 * </pre>
 * with the window C of {@link CompactFunction} (nonzero for r_l < r < r_c).
 */
final class CompactRadialGroup implements FunctionGroup {
    private final int element;          // neighbour element, or −1 for the weighted type
    private final double rc;            // largest member cutoff
    private final int[] index;
    private final double[] lo, hi;
    private final CompactFunction[] window;

    CompactRadialGroup(int element, int[] index, CompactFunction[] window) {
        this.element = element;
        this.index = index;
        this.window = window;
        lo = new double[index.length];
        hi = new double[index.length];
        double max = 0;
        for (int s = 0; s < index.length; s++) {
            lo[s] = window[s].left();
            hi[s] = window[s].right();
            max = Math.max(max, hi[s]);
        }
        rc = max;
    }

    @Override
    public void values(Neighborhood nb, KernelWorkspace ws, double[] G) {
        final int[] list = ws.list1;
        final int n = KernelWorkspace.select(nb, element, rc, list);
        final double[] r = nb.r, z = nb.z;
        for (int a = 0; a < n; a++) {
            final int k = list[a];
            final double rk = r[k];
            final double w = element < 0 ? z[k] : 1.0;
            for (int s = 0; s < index.length; s++) {
                if (!(rk < hi[s]) || !(rk > lo[s])) continue;
                G[index[s]] += window[s].value(rk) * w;
            }
        }
    }

    @Override
    public void gradient(Neighborhood nb, KernelWorkspace ws, double[] coef) {
        final int[] list = ws.list1;
        final int n = KernelWorkspace.select(nb, element, rc, list);
        final double[] r = nb.r, z = nb.z, tmp = ws.tmp;
        for (int a = 0; a < n; a++) {
            final int k = list[a];
            final double rk = r[k];
            double sum = 0.0;
            for (int s = 0; s < index.length; s++) {
                if (!(rk < hi[s]) || !(rk > lo[s])) continue;
                window[s].evaluate(rk, tmp, 0);
                sum += coef[index[s]] * tmp[1];
            }
            if (element < 0) sum *= z[k];
            final double u = -sum / rk;
            ws.gx[k] += u * nb.dx[k];
            ws.gy[k] += u * nb.dy[k];
            ws.gz[k] += u * nb.dz[k];
        }
    }

    @Override
    public void jacobian(Neighborhood nb, KernelWorkspace ws, double[] J, int ns) {
        final int[] list = ws.list1;
        final int n = KernelWorkspace.select(nb, element, rc, list);
        final double[] r = nb.r, z = nb.z, tmp = ws.tmp;
        final int[] row = ws.jrow;
        final int skip = ws.jskip;
        for (int a = 0; a < n; a++) {
            final int k = list[a];
            if (row[k] == skip) continue;
            final double rk = r[k];
            final double w = element < 0 ? z[k] : 1.0;
            final double ux = -nb.dx[k] / rk, uy = -nb.dy[k] / rk, uz = -nb.dz[k] / rk;
            for (int s = 0; s < index.length; s++) {
                if (!(rk < hi[s]) || !(rk > lo[s])) continue;
                window[s].evaluate(rk, tmp, 0);
                final double der = tmp[1] * w;
                final int p = 3 * (row[k] * ns + index[s]);
                J[p] += der * ux;
                J[p + 1] += der * uy;
                J[p + 2] += der * uz;
            }
        }
    }
}
