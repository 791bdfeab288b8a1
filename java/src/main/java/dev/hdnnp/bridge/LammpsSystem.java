package dev.hdnnp.bridge;

import dev.hdnnp.neighbor.AtomicSystem;

import java.lang.foreign.MemorySegment;

import static dev.hdnnp.bridge.HdnnpJavaH.HDNNP_E_ARGUMENT;
import static dev.hdnnp.bridge.HdnnpJavaH.HDNNP_E_MODEL;
import static dev.hdnnp.bridge.HdnnpJavaH.HDNNP_NEIGHMASK;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * LAMMPS's atoms and full neighbour list, read in place from native memory (nothing is copied):
 * {@code x} (nall×3 doubles), {@code type} (nall ints, 1-based), {@code ilist}, {@code numneigh},
 * {@code firstneigh} (pointers to int arrays) of an {@code hdnnp_request}. One instance per model is
 * re-bound for every call.
 *
 * <p>Every array is read through a segment bounded to the size the request gives (nall, inum,
 * ntypes + 1), so a wrong size is an exception, never a read of unrelated memory. The neighbour
 * lists live in LAMMPS's pages; they are read through one segment spanning the lowest to the end of
 * the highest list. A segment is re-made only when its address or size changes (when LAMMPS grows
 * an array or rebuilds the lists), so calls in between allocate nothing.
 *
 * <p>{@link #bind} is the one place the request is validated (the C side checks only struct sizes):
 * every index the evaluator will follow (types, ilist, neighbour indices) and every coordinate of an
 * atom the model handles, so bad input gives an error, not a crash or silent physics.
 */
final class LammpsSystem implements AtomicSystem {
    private MemorySegment x = MemorySegment.NULL, type = MemorySegment.NULL, map = MemorySegment.NULL,
            ilist = MemorySegment.NULL, numneigh = MemorySegment.NULL, firstneigh = MemorySegment.NULL,
            neigh = MemorySegment.NULL;
    private long neighBase;
    private int nlocal, nall, inum, ntypes;
    private int[] typeElement = new int[8];

    /** A segment of {@code bytes} at {@code address}: the cached one when nothing changed. */
    static MemorySegment view(MemorySegment cached, long address, long bytes) {
        if (address == 0 || bytes == 0) return MemorySegment.NULL;
        if (cached.address() == address && cached.byteSize() == bytes) return cached;
        return MemorySegment.ofAddress(address).reinterpret(bytes);
    }

    /**
     * Binds to a request and checks it. {@code numElements} is the model's element count.
     *
     * @throws BridgeException with HDNNP_E_ARGUMENT / HDNNP_E_MODEL for inconsistent input
     */
    void bind(MemorySegment request, int numElements) {
        nlocal = request.get(JAVA_INT, HdnnpJavaH.RQ_NLOCAL);
        nall = request.get(JAVA_INT, HdnnpJavaH.RQ_NALL);
        inum = request.get(JAVA_INT, HdnnpJavaH.RQ_INUM);
        ntypes = request.get(JAVA_INT, HdnnpJavaH.RQ_NTYPES);
        long xAddr = request.get(JAVA_LONG, HdnnpJavaH.RQ_X);
        long typeAddr = request.get(JAVA_LONG, HdnnpJavaH.RQ_TYPE);
        long mapAddr = request.get(JAVA_LONG, HdnnpJavaH.RQ_TYPE_TO_ELEMENT);
        long ilistAddr = request.get(JAVA_LONG, HdnnpJavaH.RQ_ILIST);
        long numneighAddr = request.get(JAVA_LONG, HdnnpJavaH.RQ_NUMNEIGH);
        long firstneighAddr = request.get(JAVA_LONG, HdnnpJavaH.RQ_FIRSTNEIGH);

        if (nlocal < 0 || nall < nlocal || inum < 0 || inum > nall || ntypes < 0)
            throw new BridgeException(HDNNP_E_ARGUMENT, "inconsistent sizes: nlocal " + nlocal
                    + ", nall " + nall + ", inum " + inum + ", ntypes " + ntypes);
        if (nall > 0 && (xAddr == 0 || typeAddr == 0))
            throw new BridgeException(HDNNP_E_ARGUMENT, "x and type must not be NULL");
        if (mapAddr == 0) throw new BridgeException(HDNNP_E_ARGUMENT, "type_to_element must not be NULL");
        if (inum > 0 && (ilistAddr == 0 || numneighAddr == 0 || firstneighAddr == 0))
            throw new BridgeException(HDNNP_E_ARGUMENT, "ilist, numneigh and firstneigh must not be NULL");
        x = view(x, xAddr, 24L * nall);
        type = view(type, typeAddr, 4L * nall);
        map = view(map, mapAddr, 4L * (ntypes + 1));
        ilist = view(ilist, ilistAddr, 4L * inum);
        // numneigh and firstneigh are indexed by atom index: they reach up to the largest one in ilist
        int maxAtom = -1;
        for (int ii = 0; ii < inum; ii++) {
            int i = ilist.getAtIndex(JAVA_INT, ii);
            if (i < 0 || i >= nall)
                throw new BridgeException(HDNNP_E_ARGUMENT, "ilist[" + ii + "] = " + i + ", outside 0.." + (nall - 1));
            maxAtom = Math.max(maxAtom, i);
        }
        numneigh = view(numneigh, numneighAddr, 4L * (maxAtom + 1));
        firstneigh = view(firstneigh, firstneighAddr, 8L * (maxAtom + 1));

        if (typeElement.length < ntypes + 1) typeElement = new int[Math.max(ntypes + 1, 2 * typeElement.length)];
        typeElement[0] = -1;
        for (int t = 1; t <= ntypes; t++) {
            int e = map.getAtIndex(JAVA_INT, t);
            if (e < -1 || e >= numElements)
                throw new BridgeException(HDNNP_E_MODEL, "type " + t + " is mapped to element index " + e
                        + ", but the model has " + numElements + " element" + (numElements == 1 ? "" : "s")
                        + " (valid: 0.." + (numElements - 1) + " or -1 for atoms the model does not handle)");
            typeElement[t] = e;
        }
        for (int i = 0; i < nall; i++) {
            int t = type.getAtIndex(JAVA_INT, i);
            if (t < 1 || t > ntypes)
                throw new BridgeException(HDNNP_E_ARGUMENT, "atom " + i + " has type " + t + ", outside 1.." + ntypes);
            if (typeElement[t] < 0) continue;
            double px = x.getAtIndex(JAVA_DOUBLE, 3L * i), py = x.getAtIndex(JAVA_DOUBLE, 3L * i + 1),
                    pz = x.getAtIndex(JAVA_DOUBLE, 3L * i + 2);
            if (!(Double.isFinite(px) && Double.isFinite(py) && Double.isFinite(pz)))
                throw new BridgeException(HDNNP_E_ARGUMENT, "atom " + i + " (" + (i < nlocal ? "owned" : "ghost")
                        + ", type " + t + ") has a non-finite position (" + px + ", " + py + ", " + pz + ")");
        }
        long lo = Long.MAX_VALUE, hi = Long.MIN_VALUE;
        for (int ii = 0; ii < inum; ii++) {
            int i = ilist.getAtIndex(JAVA_INT, ii);
            int n = numneigh.getAtIndex(JAVA_INT, i);
            long p = firstneigh.getAtIndex(JAVA_LONG, i);
            if (n < 0 || (n > 0 && p == 0))
                throw new BridgeException(HDNNP_E_ARGUMENT, "atom " + i + ": numneigh " + n
                        + (p == 0 ? " with a NULL neighbour list" : ""));
            if (n == 0) continue;
            lo = Math.min(lo, p);
            hi = Math.max(hi, p + 4L * n);
        }
        if (hi <= lo) {
            neigh = MemorySegment.NULL;
            neighBase = 0;
            return;
        }
        neigh = view(neigh, lo, hi - lo);
        neighBase = lo;
        for (int ii = 0; ii < inum; ii++) {
            int i = ilist.getAtIndex(JAVA_INT, ii);
            int n = numneigh.getAtIndex(JAVA_INT, i);
            long off = firstneigh.getAtIndex(JAVA_LONG, i) - neighBase;
            for (int k = 0; k < n; k++) {
                int j = neigh.get(JAVA_INT, off + 4L * k) & HDNNP_NEIGHMASK;
                if (j >= nall)
                    throw new BridgeException(HDNNP_E_ARGUMENT, "atom " + i + ": neighbour " + k + " is atom "
                            + j + ", outside 0.." + (nall - 1));
            }
        }
    }

    int nlocal() { return nlocal; }

    /** "atoms i and j" for the first pair of handled atoms at one position, or null. Only for messages. */
    String coincidentPair() {
        for (int ii = 0; ii < inum; ii++) {
            int i = atom(ii);
            if (element(i) < 0) continue;
            for (int k = 0, n = neighborCount(i); k < n; k++) {
                int j = neighbor(i, k);
                if (j == i || element(j) < 0) continue;
                if (position(i, 0) == position(j, 0) && position(i, 1) == position(j, 1)
                        && position(i, 2) == position(j, 2))
                    return "atoms " + i + " and " + j;
            }
        }
        return null;
    }

    @Override public int localCount() { return inum; }

    @Override public int atom(int ii) { return ilist.getAtIndex(JAVA_INT, ii); }

    @Override public int totalCount() { return nall; }

    @Override public int element(int atom) { return typeElement[type.getAtIndex(JAVA_INT, atom)]; }

    @Override public double position(int atom, int dim) { return x.getAtIndex(JAVA_DOUBLE, 3L * atom + dim); }

    @Override public int neighborCount(int atom) { return numneigh.getAtIndex(JAVA_INT, atom); }

    @Override public int neighbor(int atom, int k) {
        long off = firstneigh.getAtIndex(JAVA_LONG, atom) - neighBase;
        return neigh.get(JAVA_INT, off + 4L * k) & HDNNP_NEIGHMASK;
    }
}
