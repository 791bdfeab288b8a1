package dev.hdnnp.bridge;

import dev.hdnnp.neighbor.AtomicSystem;

import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * LAMMPS's atoms and full neighbour list, read in place from native memory (nothing is copied):
 * {@code x} (nall×3 doubles), {@code type} (nall ints, 1-based), {@code ilist}, {@code numneigh},
 * {@code firstneigh} (pointers to int arrays) of an {@code hdnnp_request}. One instance per model is
 * re-bound for every call, so a call allocates nothing (the small type→element table only grows).
 *
 * <p>All reads go through one segment spanning the address space with absolute addresses, the
 * fastest of the access patterns measured on this machine. {@link #bind} validates every index the
 * evaluator will follow (types, ilist, neighbour indices), so bad input gives an error, not a crash.
 */
final class LammpsSystem implements AtomicSystem {
    /** Every address; reads use absolute addresses. */
    static final MemorySegment ALL = MemorySegment.NULL.reinterpret(Long.MAX_VALUE);

    private long x, type, ilist, numneigh, firstneigh;
    private int nlocal, nall, inum, ntypes;
    private int[] typeElement = new int[8];

    /**
     * Binds to a request and checks it. {@code numElements} is the model's element count.
     *
     * @throws BridgeException with HDNNP_E_ARGUMENT / HDNNP_E_MODEL for inconsistent input
     */
    void bind(long request, int numElements) {
        nlocal = ALL.get(JAVA_INT, request + NativeLayouts.RQ_NLOCAL);
        nall = ALL.get(JAVA_INT, request + NativeLayouts.RQ_NALL);
        inum = ALL.get(JAVA_INT, request + NativeLayouts.RQ_INUM);
        ntypes = ALL.get(JAVA_INT, request + NativeLayouts.RQ_NTYPES);
        x = ALL.get(JAVA_LONG, request + NativeLayouts.RQ_X);
        type = ALL.get(JAVA_LONG, request + NativeLayouts.RQ_TYPE);
        long map = ALL.get(JAVA_LONG, request + NativeLayouts.RQ_TYPE_TO_ELEMENT);
        ilist = ALL.get(JAVA_LONG, request + NativeLayouts.RQ_ILIST);
        numneigh = ALL.get(JAVA_LONG, request + NativeLayouts.RQ_NUMNEIGH);
        firstneigh = ALL.get(JAVA_LONG, request + NativeLayouts.RQ_FIRSTNEIGH);

        if (nlocal < 0 || nall < nlocal || inum < 0 || inum > nall || ntypes < 0)
            throw new BridgeException(NativeLayouts.E_ARGUMENT, "inconsistent sizes: nlocal " + nlocal
                    + ", nall " + nall + ", inum " + inum + ", ntypes " + ntypes);
        if (nall > 0 && (x == 0 || type == 0))
            throw new BridgeException(NativeLayouts.E_ARGUMENT, "x and type must not be NULL");
        if (map == 0) throw new BridgeException(NativeLayouts.E_ARGUMENT, "type_to_element must not be NULL");
        if (inum > 0 && (ilist == 0 || numneigh == 0 || firstneigh == 0))
            throw new BridgeException(NativeLayouts.E_ARGUMENT, "ilist, numneigh and firstneigh must not be NULL");

        if (typeElement.length < ntypes + 1) typeElement = new int[Math.max(ntypes + 1, 2 * typeElement.length)];
        typeElement[0] = -1;
        for (int t = 1; t <= ntypes; t++) {
            int e = ALL.get(JAVA_INT, map + 4L * t);
            if (e < -1 || e >= numElements)
                throw new BridgeException(NativeLayouts.E_MODEL, "type " + t + " is mapped to element index " + e
                        + ", but the model has " + numElements + " element" + (numElements == 1 ? "" : "s")
                        + " (valid: 0.." + (numElements - 1) + " or -1 for atoms the model does not handle)");
            typeElement[t] = e;
        }
        for (int i = 0; i < nall; i++) {
            int t = ALL.get(JAVA_INT, type + 4L * i);
            if (t < 1 || t > ntypes)
                throw new BridgeException(NativeLayouts.E_ARGUMENT, "atom " + i + " has type " + t
                        + ", outside 1.." + ntypes);
        }
        for (int ii = 0; ii < inum; ii++) {
            int i = ALL.get(JAVA_INT, ilist + 4L * ii);
            if (i < 0 || i >= nall)
                throw new BridgeException(NativeLayouts.E_ARGUMENT, "ilist[" + ii + "] = " + i + ", outside 0.." + (nall - 1));
            int n = ALL.get(JAVA_INT, numneigh + 4L * i);
            long p = ALL.get(JAVA_LONG, firstneigh + 8L * i);
            if (n < 0 || (n > 0 && p == 0))
                throw new BridgeException(NativeLayouts.E_ARGUMENT, "atom " + i + ": numneigh " + n
                        + (p == 0 ? " with a NULL neighbour list" : ""));
            for (int k = 0; k < n; k++) {
                int j = ALL.get(JAVA_INT, p + 4L * k) & NativeLayouts.NEIGHMASK;
                if (j >= nall)
                    throw new BridgeException(NativeLayouts.E_ARGUMENT, "atom " + i + ": neighbour " + k + " is atom "
                            + j + ", outside 0.." + (nall - 1));
            }
        }
    }

    int nlocal() { return nlocal; }

    @Override public int localCount() { return inum; }

    @Override public int atom(int ii) { return ALL.get(JAVA_INT, ilist + 4L * ii); }

    @Override public int totalCount() { return nall; }

    @Override public int element(int atom) { return typeElement[ALL.get(JAVA_INT, type + 4L * atom)]; }

    @Override public double position(int atom, int dim) { return ALL.get(JAVA_DOUBLE, x + 8L * (3L * atom + dim)); }

    @Override public int neighborCount(int atom) { return ALL.get(JAVA_INT, numneigh + 4L * atom); }

    @Override public int neighbor(int atom, int k) {
        long p = ALL.get(JAVA_LONG, firstneigh + 8L * atom);
        return ALL.get(JAVA_INT, p + 4L * k) & NativeLayouts.NEIGHMASK;
    }
}
