package dev.hdnnp.descriptor;

/**
 * One thread's scratch for a {@link SymmetryKernel}: neighbour selections, per-neighbour radial
 * factors and the per-neighbour gradient ∂E/∂r_k that the force pass produces. Its size grows
 * with the number of neighbours only (times the largest number of (η, r_s) pairs of a group),
 * never with neighbours × functions. Grown when an atom has more neighbours than any before;
 * otherwise reused, so a force call allocates nothing.
 */
public final class KernelWorkspace {
    private final int factors;   // per neighbour: the largest number of (η, r_s) pairs of a group
    int[] list1 = new int[0], list2 = new int[0];
    int n1, n2;                  // lengths of list1 and list2
    double[] fc = new double[0], dfc = new double[0];
    double[] rad = new double[0], drad = new double[0];   // neighbour-major: [k · factors + q]
    final double[] tmp = new double[2];
    /** ∂E/∂r_k of the last {@link SymmetryKernel#gradient} call, per neighbour k. */
    public double[] gx = new double[0], gy = new double[0], gz = new double[0];

    KernelWorkspace(int factors) {
        this.factors = Math.max(1, factors);
    }

    int factors() { return factors; }

    void ensure(int m) {
        if (list1.length >= m) return;
        int n = Math.max(m, 2 * list1.length);
        list1 = new int[n];
        list2 = new int[n];
        fc = new double[n];
        dfc = new double[n];
        rad = new double[n * factors];
        drad = new double[n * factors];
        gx = new double[n];
        gy = new double[n];
        gz = new double[n];
    }

    /** Number of doubles and ints held (for the scratch-size figure in the docs). */
    public long bytes() {
        return 8L * (fc.length + dfc.length + rad.length + drad.length + gx.length + gy.length + gz.length) + 4L * (list1.length + list2.length);
    }

    /** Selects into {@code out} the neighbours of element {@code element} (any when negative) with r < rc. */
    static int select(Neighborhood nb, int element, double rc, int[] out) {
        final int m = nb.count;
        final double[] r = nb.r;
        final int[] el = nb.element;
        int n = 0;
        if (element < 0) {
            for (int k = 0; k < m; k++) if (r[k] < rc) out[n++] = k;
        } else {
            for (int k = 0; k < m; k++) if (el[k] == element && r[k] < rc) out[n++] = k;
        }
        return n;
    }
}
