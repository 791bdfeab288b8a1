package dev.hdnnp.potential;

import dev.hdnnp.neighbor.AtomicSystem;
import dev.hdnnp.structure.Structure;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToIntFunction;

/**
 * A brute-force {@link AtomicSystem} for tests: every periodic image within n2p2's image-shell
 * range becomes a ghost atom and neighbour lists come from an O(N²) search, exactly as
 * n2p2-formats.md §8 describes. Independent of the production neighbour search.
 */
public final class ImageSystem implements AtomicSystem {
    final int nlocal;
    final double[] x;
    final int[] owner, element;
    final int[][] neighbors;

    public ImageSystem(Structure s, double cutoff, ToIntFunction<String> elementIndex) {
        int n = s.size();
        nlocal = n;
        double[] pos = s.positions().clone();
        int[] shells = new int[3];
        double[] h = s.cell();
        if (h != null) wrap(pos, h, s.pbc());
        if (h != null) {
            double vol = s.volume();
            for (int a = 0; a < 3; a++) {
                if (!s.pbc()[a]) continue;
                int b = (a + 1) % 3, c = (a + 2) % 3;
                double cx = h[3 * b + 1] * h[3 * c + 2] - h[3 * b + 2] * h[3 * c + 1];
                double cy = h[3 * b + 2] * h[3 * c] - h[3 * b] * h[3 * c + 2];
                double cz = h[3 * b] * h[3 * c + 1] - h[3 * b + 1] * h[3 * c];
                double height = vol / Math.sqrt(cx * cx + cy * cy + cz * cz);
                shells[a] = (int) Math.ceil(cutoff / height);
            }
        }
        List<double[]> xs = new ArrayList<>();
        List<Integer> own = new ArrayList<>();
        for (int i = 0; i < n; i++) { xs.add(new double[]{pos[3 * i], pos[3 * i + 1], pos[3 * i + 2]}); own.add(i); }
        for (int n1 = -shells[0]; n1 <= shells[0]; n1++)
            for (int n2 = -shells[1]; n2 <= shells[1]; n2++)
                for (int n3 = -shells[2]; n3 <= shells[2]; n3++) {
                    if (n1 == 0 && n2 == 0 && n3 == 0) continue;
                    double tx = n1 * h[0] + n2 * h[3] + n3 * h[6];
                    double ty = n1 * h[1] + n2 * h[4] + n3 * h[7];
                    double tz = n1 * h[2] + n2 * h[5] + n3 * h[8];
                    for (int i = 0; i < n; i++) {
                        xs.add(new double[]{pos[3 * i] + tx, pos[3 * i + 1] + ty, pos[3 * i + 2] + tz});
                        own.add(i);
                    }
                }
        int nall = xs.size();
        x = new double[3 * nall];
        owner = new int[nall];
        element = new int[nall];
        for (int a = 0; a < nall; a++) {
            System.arraycopy(xs.get(a), 0, x, 3 * a, 3);
            owner[a] = own.get(a);
            element[a] = elementIndex.applyAsInt(s.species(owner[a]));
        }
        neighbors = new int[n][];
        double rc2 = cutoff * cutoff;
        for (int i = 0; i < n; i++) {
            List<Integer> l = new ArrayList<>();
            for (int j = 0; j < nall; j++) {
                if (j == i) continue;
                double dx = x[3 * i] - x[3 * j], dy = x[3 * i + 1] - x[3 * j + 1], dz = x[3 * i + 2] - x[3 * j + 2];
                if (dx * dx + dy * dy + dz * dz <= rc2) l.add(j);
            }
            neighbors[i] = l.stream().mapToInt(Integer::intValue).toArray();
        }
    }

    /** Maps positions into the cell along periodic directions (fractional coordinates in [0, 1)). */
    static void wrap(double[] pos, double[] h, boolean[] pbc) {
        double det = h[0] * (h[4] * h[8] - h[5] * h[7]) - h[1] * (h[3] * h[8] - h[5] * h[6]) + h[2] * (h[3] * h[7] - h[4] * h[6]);
        // inverse of the matrix whose rows are a, b, c: frac = x · inv
        double[] inv = {
            (h[4] * h[8] - h[5] * h[7]) / det, (h[2] * h[7] - h[1] * h[8]) / det, (h[1] * h[5] - h[2] * h[4]) / det,
            (h[5] * h[6] - h[3] * h[8]) / det, (h[0] * h[8] - h[2] * h[6]) / det, (h[2] * h[3] - h[0] * h[5]) / det,
            (h[3] * h[7] - h[4] * h[6]) / det, (h[1] * h[6] - h[0] * h[7]) / det, (h[0] * h[4] - h[1] * h[3]) / det};
        for (int i = 0; i < pos.length / 3; i++) {
            double x = pos[3 * i], y = pos[3 * i + 1], z = pos[3 * i + 2];
            double[] f = new double[3];
            for (int a = 0; a < 3; a++) {
                f[a] = x * inv[a] + y * inv[3 + a] + z * inv[6 + a];
                if (pbc[a]) f[a] -= Math.floor(f[a]);
            }
            for (int c = 0; c < 3; c++) pos[3 * i + c] = f[0] * h[c] + f[1] * h[3 + c] + f[2] * h[6 + c];
        }
    }

    @Override public int localCount() { return nlocal; }
    @Override public int atom(int ii) { return ii; }
    @Override public int totalCount() { return owner.length; }
    @Override public int element(int atom) { return element[atom]; }
    @Override public double position(int atom, int dim) { return x[3 * atom + dim]; }
    @Override public int neighborCount(int atom) { return neighbors[atom].length; }
    @Override public int neighbor(int atom, int k) { return neighbors[atom][k]; }
    public int owner(int atom) { return owner[atom]; }

    /** Forces per local atom: ghost forces added onto their owners. */
    public double[] fold(double[] all) {
        double[] f = new double[3 * nlocal];
        for (int a = 0; a < owner.length; a++)
            for (int c = 0; c < 3; c++) f[3 * owner[a] + c] += all[3 * a + c];
        return f;
    }
}
