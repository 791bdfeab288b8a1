package dev.hdnnp.descriptor;

import dev.hdnnp.neighbor.Neighborhood;

/**
 * One thread's scratch for a {@link SymmetryKernel}: neighbour selections, per-neighbour radial
 * factors, the rows pass 1 keeps for pass 2 (triplets within the cutoff, radial factors) and the
 * per-neighbour gradient ∂E/∂r_k that the force pass produces. Its size grows with the
 * neighbours and the triplets of an atom (times the number of (η, r_s) pairs of a group), never
 * with the number of functions. Grown when an atom needs more than any before; otherwise
 * reused, so a force call allocates nothing.
 */
public final class KernelWorkspace {
    private final int factors;   // per neighbour: the largest number of (η, r_s) pairs of a group
    int[] list1 = new int[0], list2 = new int[0];
    int n1, n2;                  // lengths of list1 and list2
    double[] fc = new double[0], dfc = new double[0];
    double[] rad = new double[0], drad = new double[0];   // neighbour-major: [k · factors + q]
    final double[] tmp = new double[2];
    // per triplet of a Gaussian angular group: (1 + λ cos)^ζ and its slope per term, exponential per
    // subgroup; per atom: the coefficients folded per (subgroup, term)
    final double[] termValue, termSlope, ex, fold;
    /** ∂E/∂r_k of the last {@link SymmetryKernel#gradient} call, per neighbour k. */
    public double[] gx = new double[0], gy = new double[0], gz = new double[0];

    // the SIMD loops (AngularVectorLoops): the k-side neighbours packed contiguously, padded by
    // MAX_LANES; per-member lane accumulators; per-term lane values
    static final int MAX_LANES = 8;
    double[] px = new double[0], py = new double[0], pz = new double[0], pr = new double[0], pinv = new double[0], pw = new double[0];
    double[] prad = new double[0], pdrad = new double[0], pgx = new double[0], pgy = new double[0], pgz = new double[0];
    double[] qgx = new double[0], qgy = new double[0], qgz = new double[0];   // a second coefficient set's (committee pairs)
    // per k for the current j: cos θ, r_jk, f_c(r_jk), f_c'; per term (1 + λ cos)^ζ and its slope;
    // folded coefficients; the four derivative sums
    double[] vcos = new double[0], vr = new double[0], vT = new double[0], vD = new double[0];
    double[] vA = new double[0], vB = new double[0], vCos = new double[0], vRij = new double[0], vRik = new double[0], vRjk = new double[0];
    final double[] tmp3 = new double[3];
    final double[] lanes = new double[8 * MAX_LANES];
    private final int termCount;

    // Pass 1 of the SIMD narrow loops keeps each triplet within the cutoff here, row by row (one
    // row per j, see NarrowVectorLoops), so that pass 2 replays the rows instead of computing the
    // geometry again: it grows with the triplets of one atom, not with functions.
    double[] rows = new double[0];
    int rowCursor;               // next entry of rows
    int[] rowIndex = new int[0]; // per row entry: the neighbour k
    int indexCursor;
    boolean replay;              // pass 2 reads the rows pass 1 kept
    private double[] scratchG = new double[0];
    int[] list2keep = new int[0];   // the kept k of one row
    private double[] memberLanes = new double[0];
    private double[] folds = new double[0];
    /** ∂E_c/∂r_k of the last {@link SymmetryKernel#gradients} call, per coefficient set c and neighbour k. */
    public double[][] mgx = new double[0][], mgy = new double[0][], mgz = new double[0][];
    // what pass 1 was computed for: pass 2 replays only for the same kernel and neighbourhood
    private Object keptFor;
    private int keptCount;
    private double[] keptX = new double[0], keptY = new double[0], keptZ = new double[0];
    private int[] keptElement = new int[0];
    private int packCapacity;
    // the training mode's rows: neighbour k's derivatives go to row jrow[k] of the Jacobian; a
    // pair or triplet whose neighbours all have row jskip is skipped (the column mode: jskip is
    // the spare row that unwanted neighbours' contributions land in); identity and -1 for the
    // whole Jacobian
    int[] jrow = new int[0];
    int jskip = -1;

    KernelWorkspace(int factors, int terms, int members) {
        this.factors = Math.max(1, factors);
        int t = Math.max(1, terms);
        termValue = new double[t];
        termSlope = new double[t];
        ex = new double[this.factors];
        fold = new double[this.factors * t];
        termCount = t;
    }

    int packCapacity() { return packCapacity; }

    int terms() { return termValue.length; }

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
        packCapacity = n + MAX_LANES;
        list2keep = new int[packCapacity];
        px = new double[packCapacity];
        py = new double[packCapacity];
        pz = new double[packCapacity];
        pr = new double[packCapacity];
        pinv = new double[packCapacity];
        pw = new double[packCapacity];
        pgx = new double[packCapacity];
        pgy = new double[packCapacity];
        pgz = new double[packCapacity];
        qgx = new double[packCapacity];
        qgy = new double[packCapacity];
        qgz = new double[packCapacity];
        prad = new double[packCapacity * factors];
        pdrad = new double[packCapacity * factors];
        vcos = new double[packCapacity];
        vr = new double[packCapacity];
        vT = new double[packCapacity * termCount];
        vD = new double[packCapacity * termCount];
        vA = new double[packCapacity];
        vB = new double[packCapacity];
        vCos = new double[packCapacity];
        vRij = new double[packCapacity];
        vRik = new double[packCapacity];
        vRjk = new double[packCapacity];
    }

    /** Starts pass 1: rows are kept from the start again. */
    void beginValues() {
        rowCursor = 0;
        indexCursor = 0;
        replay = false;
        keptFor = null;
    }

    /** Ends pass 1 of {@code kernel} on {@code nb}: from now on its rows may be replayed. */
    void endValues(Object kernel, Neighborhood nb) {
        final int m = nb.count;
        if (keptX.length < m) {
            int n = Math.max(m, 2 * keptX.length);
            keptX = new double[n];
            keptY = new double[n];
            keptZ = new double[n];
            keptElement = new int[n];
        }
        System.arraycopy(nb.dx, 0, keptX, 0, m);
        System.arraycopy(nb.dy, 0, keptY, 0, m);
        System.arraycopy(nb.dz, 0, keptZ, 0, m);
        System.arraycopy(nb.element, 0, keptElement, 0, m);
        keptCount = m;
        keptFor = kernel;
    }

    /**
     * Starts pass 2 of {@code kernel} on {@code nb}: the kept rows are replayed when pass 1 ran
     * last for the same kernel and exactly the same neighbour positions and elements (checked
     * here, so any caller order stays correct); otherwise pass 2 computes the geometry itself.
     */
    void beginGradient(Object kernel, Neighborhood nb) {
        final int m = nb.count;
        replay = keptFor == kernel && keptCount == m
                && java.util.Arrays.equals(keptX, 0, m, nb.dx, 0, m)
                && java.util.Arrays.equals(keptY, 0, m, nb.dy, 0, m)
                && java.util.Arrays.equals(keptZ, 0, m, nb.dz, 0, m)
                && java.util.Arrays.equals(keptElement, 0, m, nb.element, 0, m);
        rowCursor = 0;
        indexCursor = 0;
    }

    /** Makes room for {@code doubles} more row doubles and {@code ints} more row indices. */
    void reserveRow(int doubles, int ints) {
        if (rows.length < rowCursor + doubles) rows = java.util.Arrays.copyOf(rows, Math.max(rowCursor + doubles, 2 * rows.length));
        if (rowIndex.length < indexCursor + ints) rowIndex = java.util.Arrays.copyOf(rowIndex, Math.max(indexCursor + ints, 2 * rowIndex.length));
    }

    private int[] positions = new int[0], wanted = new int[0];
    int wantedCount;

    /** 0, 1, …, n − 1. */
    int[] positions(int n) {
        if (positions.length < n) {
            positions = new int[Math.max(n, 2 * positions.length)];
            for (int b = 0; b < positions.length; b++) positions[b] = b;
        }
        return positions;
    }

    /** The positions b (ascending) of {@code list} whose neighbour has a row other than skip; their number in wantedCount. */
    int[] wantedPositions(int[] list, int n, int[] row, int skip) {
        if (wanted.length < n) wanted = new int[Math.max(n, 2 * wanted.length)];
        int c = 0;
        if (skip >= 0) for (int b = 0; b < n; b++) if (row[list[b]] != skip) wanted[c++] = b;
        wantedCount = c;
        return wanted;
    }

    /** Rows of the whole Jacobian: neighbour k in row k, nothing skipped. */
    void identityRows(int m) {
        if (jrow.length < m) jrow = new int[Math.max(m, 2 * jrow.length)];
        for (int k = 0; k < m; k++) jrow[k] = k;
        jskip = -1;
    }

    /** Rows of the column mode: row[k] ≥ 0 for the wanted neighbours, else the spare row {@code rows}. */
    void columnRows(int[] row, int m, int rows) {
        if (jrow.length < m) jrow = new int[Math.max(m, 2 * jrow.length)];
        for (int k = 0; k < m; k++) jrow[k] = row[k] < 0 ? rows : row[k];
        jskip = rows;
    }

    private double[] jacobianScratch = new double[0], jacobianLanes = new double[0];

    // the training mode's column mode: a group's j side packed (NarrowVectorLoops.kColumn)
    double[] tjx = new double[0], tjy = new double[0], tjz = new double[0], tjinv = new double[0], tjR = new double[0];

    /** Sizes the j-side pack like the packed arrays. */
    void ensureJPack() {
        if (tjx.length == packCapacity) return;
        tjx = new double[packCapacity];
        tjy = new double[packCapacity];
        tjz = new double[packCapacity];
        tjinv = new double[packCapacity];
        tjR = new double[packCapacity * factors];
    }

    /** The training mode's per-member k updates of one row (NarrowVectorLoops.jacobian). */
    double[] jacobianScratch(int n) {
        if (jacobianScratch.length < n) jacobianScratch = new double[Math.max(n, 2 * jacobianScratch.length)];
        return jacobianScratch;
    }

    /** The training mode's per-member lane sums of j's update. */
    double[] jacobianLanes(int n) {
        if (jacobianLanes.length < n) jacobianLanes = new double[n];
        return jacobianLanes;
    }

    /** Folded coefficients of several coefficient sets. */
    double[] folds(int n) {
        if (folds.length < n) folds = new double[n];
        return folds;
    }

    /** Makes mgx/mgy/mgz hold {@code sets} arrays of at least {@code m} entries. */
    void ensureSets(int sets, int m) {
        if (mgx.length < sets) {
            mgx = java.util.Arrays.copyOf(mgx, sets);
            mgy = java.util.Arrays.copyOf(mgy, sets);
            mgz = java.util.Arrays.copyOf(mgz, sets);
        }
        for (int c = 0; c < sets; c++) {
            if (mgx[c] == null || mgx[c].length < m) {
                int n = Math.max(m, mgx[c] == null ? 0 : 2 * mgx[c].length);
                mgx[c] = new double[n];
                mgy[c] = new double[n];
                mgz[c] = new double[n];
            }
        }
    }

    /** Per-member lane accumulators of a group's pass 1, zeroed. */
    double[] memberLanes(int n) {
        if (memberLanes.length < n) memberLanes = new double[n];
        java.util.Arrays.fill(memberLanes, 0, n, 0.0);
        return memberLanes;
    }

    /** Scratch for values that only serve to build the rows (a gradient call without values before it). */
    double[] scratchG(int n) {
        if (scratchG.length < n) scratchG = new double[n];
        return scratchG;
    }

    /** Number of doubles and ints held (for the scratch-size figure in the docs). */
    public long bytes() {
        return 8L * (px.length + py.length + pz.length + pr.length + pinv.length + pw.length + prad.length + pdrad.length + pgx.length + pgy.length + pgz.length + qgx.length + qgy.length + qgz.length
                + vcos.length + vr.length + vT.length + vD.length + vA.length + vB.length + vCos.length + vRij.length
                + vRik.length + vRjk.length + termValue.length + termSlope.length + ex.length + fold.length + fc.length + dfc.length + rad.length + drad.length + gx.length + gy.length + gz.length
                + rows.length + keptX.length + keptY.length + keptZ.length) + 4L * (list1.length + list2.length + keptElement.length + rowIndex.length) + 8L * scratchG.length
                + 8L * (jacobianScratch.length + jacobianLanes.length + tjx.length + tjy.length + tjz.length + tjinv.length + tjR.length);
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
