package dev.hdnnp.neighbor;

import dev.hdnnp.structure.Structure;
import dev.hdnnp.structure.StructureValidator;

import java.util.Arrays;
import java.util.function.ToIntFunction;

/**
 * A structure laid out as LAMMPS would hand it to a pair style: local atoms {@code 0..n-1} (the
 * structure's atoms, wrapped into the cell along periodic directions), then ghost atoms: the
 * periodic images of local atoms that lie within the cutoff of some local atom. Each local atom
 * has a full neighbour list of every other atom (local or ghost) within the cutoff (distance
 * ≤ cutoff, as n2p2 uses). When the cell is smaller than the cutoff an atom may list images of itself.
 *
 * <p>Built with a cell list (binning) in Cartesian space over the local and candidate image
 * positions, so the cost is linear in the number of atoms. All data are flat arrays; lengths are in
 * the structure's unit.
 */
public final class NeighborList implements AtomicSystem {
    /**
     * Atoms closer than this (in the structure's length unit, whichever it is) are the same
     * position written twice: at distance 0 the descriptors are 0/0, so such a structure is
     * refused rather than evaluated to NaN.
     */
    public static final double MIN_DISTANCE = 1e-6;

    /**
     * Mean neighbours per atom beyond which a periodic cell is refused as too small for the
     * cutoff: dense solids have a few hundred, and the images needed for more would not fit in
     * memory long before the neighbour list does.
     */
    public static final double MAX_MEAN_NEIGHBORS = 20_000;

    /** Neighbour pairs beyond which the list is refused (4 bytes each: 1 GiB). */
    static final int MAX_PAIRS = 1 << 28;

    private final int nlocal;
    private final int nall;
    private final double cutoff;
    private final double[] x;        // 3·nall Cartesian positions
    private final int[] element;     // nall
    private final int[] owner;       // nall; owner[a] = a for local atoms
    private final int[] offsets;     // nlocal + 1
    private final int[] neighbors;   // offsets[nlocal] atom indices

    private NeighborList(int nlocal, double cutoff, double[] x, int[] element, int[] owner, int[] offsets, int[] neighbors) {
        this.nlocal = nlocal;
        this.nall = owner.length;
        this.cutoff = cutoff;
        this.x = x;
        this.element = element;
        this.owner = owner;
        this.offsets = offsets;
        this.neighbors = neighbors;
    }

    /**
     * Builds local and ghost atoms and full neighbour lists.
     *
     * @param s            the structure; positions, cell and cutoff in the same length unit
     * @param cutoff       neighbour cutoff (≥ 0); pairs with |x_i − x_j| ≤ cutoff are listed
     * @param elementIndex the model's index of a species symbol, or -1 for species it does not handle
     * @throws IllegalArgumentException for a structure that fails {@link StructureValidator},
     *         a negative or non-finite cutoff, a cell so small for the cutoff that the images would
     *         not fit in memory, or two atoms (or an atom and an image) closer than {@link #MIN_DISTANCE}
     */
    public static NeighborList build(Structure s, double cutoff, ToIntFunction<String> elementIndex) {
        return build(s, cutoff, elementIndex, false);
    }

    /** {@code bruteForce}: compare every local atom with every candidate (O(N²); for tests). */
    static NeighborList build(Structure s, double cutoff, ToIntFunction<String> elementIndex, boolean bruteForce) {
        if (!(cutoff >= 0) || Double.isInfinite(cutoff)) throw new IllegalArgumentException("cutoff must be finite and >= 0, got " + cutoff);
        String problem = StructureValidator.problem(s);
        if (problem != null) throw new IllegalArgumentException(problem);
        int n = s.size();
        Images img = Images.of(s, cutoff);
        int np = img.ownerOf.length;                   // locals + candidate images
        double rc2 = cutoff * cutoff;

        // Capacity from the mean density (periodic) so that a dense system does not regrow the list many times.
        long guess = (long) n * 16;
        if (s.isPeriodic()) guess = Math.max(guess, (long) (1.1 * n * n / s.volume() * 4.0 / 3.0 * Math.PI * cutoff * cutoff * cutoff));
        IntList nb = new IntList((int) Math.min(guess, 1 << 24));
        int[] offsets = new int[n + 1];
        if (bruteForce) {
            double[] p = img.pos;
            for (int i = 0; i < n; i++) {
                double xi = p[3 * i], yi = p[3 * i + 1], zi = p[3 * i + 2];
                for (int j = 0; j < np; j++) {
                    double dx = xi - p[3 * j], dy = yi - p[3 * j + 1], dz = zi - p[3 * j + 2];
                    if (j != i && dx * dx + dy * dy + dz * dz <= rc2) nb.add(j);
                }
                offsets[i + 1] = nb.size();
            }
        } else {
            new CellList(img.pos, np, cutoff).search(n, rc2, nb, offsets);
        }

        // Keep only candidate images that some local atom lists; number them in candidate order.
        int[] list = nb.array();
        int total = offsets[n];
        int[] newIndex = new int[np];
        for (int i = 0; i < n; i++) newIndex[i] = i;
        for (int k = 0; k < total; k++) if (list[k] >= n) newIndex[list[k]] = -1;
        int nall = n;
        for (int c = n; c < np; c++) newIndex[c] = newIndex[c] == -1 ? nall++ : -2;
        int[] neighbors = new int[total];
        for (int k = 0; k < total; k++) neighbors[k] = newIndex[list[k]];
        String clash = coincidence(s, img, list, offsets, n);
        if (clash != null) throw new IllegalArgumentException(clash);

        double[] x = new double[3 * nall];
        int[] owner = new int[nall];
        for (int c = 0; c < np; c++) {
            int a = newIndex[c];
            if (a < 0) continue;
            System.arraycopy(img.pos, 3 * c, x, 3 * a, 3);
            owner[a] = img.ownerOf[c];
        }
        int[] localElement = new int[n];
        for (int i = 0; i < n; i++) localElement[i] = elementIndex.applyAsInt(s.species(i));
        int[] element = new int[nall];
        for (int a = 0; a < nall; a++) element[a] = localElement[owner[a]];
        return new NeighborList(n, cutoff, x, element, owner, offsets, neighbors);
    }

    /**
     * Describes the first pair of atoms of a structure closer than {@link #MIN_DISTANCE}
     * (including an atom and a periodic image of another or of itself), or returns null. Linear
     * in the number of atoms; readers use it to reject such structures with the file and line.
     */
    public static String coincidentAtoms(Structure s) {
        return coincidence(s, MIN_DISTANCE);
    }

    private static String coincidence(Structure s, double within) {
        int n = s.size();
        Images img = Images.of(s, within);
        IntList nb = new IntList(16);
        int[] offsets = new int[n + 1];
        new CellList(img.pos, img.ownerOf.length, within).search(n, within * within, nb, offsets);
        return coincidence(s, img, nb.array(), offsets, n);
    }

    private static String coincidence(Structure s, Images img, int[] list, int[] offsets, int n) {
        double min2 = MIN_DISTANCE * MIN_DISTANCE;
        double[] p = img.pos;
        for (int i = 0; i < n; i++) {
            for (int k = offsets[i]; k < offsets[i + 1]; k++) {
                int j = list[k];
                double dx = p[3 * i] - p[3 * j], dy = p[3 * i + 1] - p[3 * j + 1], dz = p[3 * i + 2] - p[3 * j + 2];
                double d2 = dx * dx + dy * dy + dz * dz;
                if (!(d2 < min2)) continue;
                String d = "distance " + Math.sqrt(d2) + " < " + MIN_DISTANCE;
                int o = img.ownerOf[j];
                String ai = "atom " + (i + 1) + " (" + s.species(i) + ")", ao = "atom " + (o + 1) + " (" + s.species(o) + ")";
                if (o == i) return ai + " lies on its own periodic image (" + d + "); expected a cell with non-zero lattice vectors";
                if (j < n && sameRawPosition(s, i, j)) return ai + " and " + ao + " are at the same position (" + d + "); expected distinct atoms";
                return ai + " and a periodic image of " + ao + " are at the same position (" + d
                        + ": the structure repeats an atom across the cell boundary); expected distinct atoms";
            }
        }
        return null;
    }

    private static boolean sameRawPosition(Structure s, int i, int j) {
        double[] r = s.positions();
        double dx = r[3 * i] - r[3 * j], dy = r[3 * i + 1] - r[3 * j + 1], dz = r[3 * i + 2] - r[3 * j + 2];
        return dx * dx + dy * dy + dz * dz < MIN_DISTANCE * MIN_DISTANCE;
    }

    /**
     * Local positions (wrapped) followed by candidate images: translations along periodic
     * directions whose fractional coordinates lie within the cutoff's reach of the cell. This
     * slab test is a superset of "within cutoff of a local atom"; the search makes it exact.
     */
    private record Images(double[] pos, int[] ownerOf) {
        static Images of(Structure s, double rc) {
            int n = s.size();
            double[] r = s.positions();
            double[] h = s.cell();
            boolean[] pbc = s.pbc();
            if (!s.isPeriodic()) return new Images(r.clone(), identity(n));
            double[][] v = {{h[0], h[1], h[2]}, {h[3], h[4], h[5]}, {h[6], h[7], h[8]}};
            double[][] rec = new double[3][];           // rec[d]·x = fractional coordinate d
            double det = dot(v[0], cross(v[1], v[2]));
            for (int d = 0; d < 3; d++) {
                double[] c = cross(v[(d + 1) % 3], v[(d + 2) % 3]);
                rec[d] = new double[] {c[0] / det, c[1] / det, c[2] / det};
            }
            int[] shells = new int[3];
            double[] reach = new double[3];             // cutoff in units of the cell height
            for (int d = 0; d < 3; d++) {
                if (!pbc[d]) continue;
                double height = Math.abs(det) / norm(cross(v[(d + 1) % 3], v[(d + 2) % 3]));
                reach[d] = rc / height;
                // n·h ≥ rc suffices for wrapped atoms; the tiny margin only adds shells that the search discards
                shells[d] = (int) Math.ceil(reach[d] + 1e-9);
            }
            long images = (2L * shells[0] + 1) * (2L * shells[1] + 1) * (2L * shells[2] + 1);
            double perAtom = n / Math.abs(det) * 4.0 / 3.0 * Math.PI * rc * rc * rc;
            if (perAtom > MAX_MEAN_NEIGHBORS || images * n > 50_000_000L) {
                throw new IllegalArgumentException(String.format(java.util.Locale.ROOT,
                        "the cell (volume %.4g, %d atoms) is too small for the cutoff %.4g: each atom would have about %.3g neighbours "
                                + "within the cutoff (%d periodic images); expected at most %.0f. Check the lattice vectors and their length unit",
                        Math.abs(det), n, rc, perAtom, images, MAX_MEAN_NEIGHBORS));
            }
            // Wrap by subtracting whole lattice vectors (atoms already inside stay bit-identical).
            double[] local = r.clone();
            double[] frac = new double[3 * n];
            for (int i = 0; i < n; i++) {
                for (int d = 0; d < 3; d++) {
                    double f = rec[d][0] * local[3 * i] + rec[d][1] * local[3 * i + 1] + rec[d][2] * local[3 * i + 2];
                    if (pbc[d]) {
                        double fl = Math.floor(f);
                        if (fl != 0) {
                            for (int e = 0; e < 3; e++) local[3 * i + e] -= fl * v[d][e];
                            f -= fl;
                        }
                    }
                    frac[3 * i + d] = f;
                }
            }
            DoubleBuf pos = new DoubleBuf(3 * n * 4);
            IntList own = new IntList(n * 4);
            for (int i = 0; i < n; i++) {
                pos.add(local[3 * i], local[3 * i + 1], local[3 * i + 2]);
                own.add(i);
            }
            final double margin = 1e-8;
            for (int k0 = -shells[0]; k0 <= shells[0]; k0++) {
                for (int k1 = -shells[1]; k1 <= shells[1]; k1++) {
                    for (int k2 = -shells[2]; k2 <= shells[2]; k2++) {
                        if (k0 == 0 && k1 == 0 && k2 == 0) continue;
                        int[] k = {k0, k1, k2};
                        double tx = k0 * v[0][0] + k1 * v[1][0] + k2 * v[2][0];
                        double ty = k0 * v[0][1] + k1 * v[1][1] + k2 * v[2][1];
                        double tz = k0 * v[0][2] + k1 * v[1][2] + k2 * v[2][2];
                        for (int i = 0; i < n; i++) {
                            boolean inside = true;
                            for (int d = 0; d < 3 && inside; d++) {
                                if (k[d] == 0) continue;
                                double f = frac[3 * i + d] + k[d];
                                inside = f >= -reach[d] - margin && f <= 1 + reach[d] + margin;
                            }
                            if (!inside) continue;
                            pos.add(local[3 * i] + tx, local[3 * i + 1] + ty, local[3 * i + 2] + tz);
                            own.add(i);
                        }
                    }
                }
            }
            return new Images(pos.array(), own.toArray());
        }
    }

    /** Points sorted into a Cartesian grid of bins about cutoff/2 wide; queries scan a box of bins. */
    private static final class CellList {
        private final double[] sorted;   // 3·np positions in bin order
        private final int[] index;       // point index of each sorted entry
        private final int[] start;       // nbins + 1
        private final int[] binOf;       // bin of each point (by point index)
        private final int[] slot;        // sorted position of each point (by point index)
        private final int[] nb = new int[3], reach = new int[3];

        CellList(double[] p, int np, double rc) {
            double[] lo = {Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY, Double.POSITIVE_INFINITY};
            double[] hi = {Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY};
            for (int j = 0; j < np; j++) {
                for (int d = 0; d < 3; d++) {
                    lo[d] = Math.min(lo[d], p[3 * j + d]);
                    hi[d] = Math.max(hi[d], p[3 * j + d]);
                }
            }
            // Bins of about rc/2 scan ~3.7× the cutoff sphere's volume, against ~6.4× for rc-sized bins.
            // A sparse system (e.g. molecules far apart) could ask for absurdly many bins: cap the count.
            double size = rc > 0 ? rc / 2 : 1;
            long cap = Math.max(64, 4L * np);
            double[] w = new double[3];
            while (true) {
                long count = 1;
                for (int d = 0; d < 3; d++) {
                    double ext = hi[d] - lo[d];
                    nb[d] = (int) Math.max(1, Math.min(1 << 20, Math.floor(ext / size)));
                    count *= nb[d];
                }
                if (count <= cap) break;
                size *= 1.25;
            }
            for (int d = 0; d < 3; d++) {
                double ext = hi[d] - lo[d];
                w[d] = nb[d] == 1 ? Math.max(ext, 1e-300) : ext / nb[d];
                // floor(rc/w)+1 ≥ the largest bin-index difference of two points ≤ rc apart (with rounding slack)
                reach[d] = nb[d] == 1 ? 0 : (int) Math.min(nb[d] - 1, Math.floor(rc / w[d] * (1 + 1e-12)) + 1);
            }
            int nbins = nb[0] * nb[1] * nb[2];
            binOf = new int[np];
            start = new int[nbins + 1];
            for (int j = 0; j < np; j++) {
                int b = 0;
                for (int d = 2; d >= 0; d--) {
                    int bd = (int) ((p[3 * j + d] - lo[d]) / w[d]);
                    b = b * nb[d] + Math.min(Math.max(bd, 0), nb[d] - 1);
                }
                binOf[j] = b;
                start[b + 1]++;
            }
            for (int b = 0; b < nbins; b++) start[b + 1] += start[b];
            int[] fill = Arrays.copyOf(start, nbins);
            sorted = new double[3 * np];
            index = new int[np];
            slot = new int[np];
            for (int j = 0; j < np; j++) {
                int k = fill[binOf[j]]++;
                index[k] = j;
                slot[j] = k;
                sorted[3 * k] = p[3 * j];
                sorted[3 * k + 1] = p[3 * j + 1];
                sorted[3 * k + 2] = p[3 * j + 2];
            }
        }

        /** Neighbour lists of points 0..n-1 (by point index) into {@code out}, offsets into {@code offsets}. */
        void search(int n, double rc2, IntList out, int[] offsets) {
            int nx = nb[0], ny = nb[1], nz = nb[2];
            for (int i = 0; i < n; i++) {
                int b = binOf[i];
                int bx = b % nx, by = (b / nx) % ny, bz = b / (nx * ny);
                int k0 = slot[i];
                double xi = sorted[3 * k0], yi = sorted[3 * k0 + 1], zi = sorted[3 * k0 + 2];
                int x0 = Math.max(0, bx - reach[0]), x1 = Math.min(nx - 1, bx + reach[0]);
                for (int z = Math.max(0, bz - reach[2]); z <= Math.min(nz - 1, bz + reach[2]); z++) {
                    for (int y = Math.max(0, by - reach[1]); y <= Math.min(ny - 1, by + reach[1]); y++) {
                        int row = (z * ny + y) * nx;
                        int from = start[row + x0], to = start[row + x1 + 1];
                        for (int k = from; k < to; k++) {
                            double dx = xi - sorted[3 * k], dy = yi - sorted[3 * k + 1], dz = zi - sorted[3 * k + 2];
                            if (dx * dx + dy * dy + dz * dz <= rc2 && k != k0) out.add(index[k]);
                        }
                    }
                }
                offsets[i + 1] = out.size();
            }
        }
    }

    // ---- AtomicSystem ----

    @Override public int localCount() { return nlocal; }
    @Override public int atom(int ii) { return ii; }
    @Override public int totalCount() { return nall; }
    @Override public int element(int atom) { return element[atom]; }
    @Override public double position(int atom, int dim) { return x[3 * atom + dim]; }
    /** Neighbour count of a local atom (ghosts have no lists). */
    @Override public int neighborCount(int atom) { return offsets[atom + 1] - offsets[atom]; }
    @Override public int neighbor(int atom, int k) { return neighbors[offsets[atom] + k]; }

    /** The local atom that atom {@code a} is (an image of); {@code a} itself for local atoms. */
    public int owner(int a) { return owner[a]; }

    /** Positions of all atoms, 3·totalCount() values x0 y0 z0 x1 ...; the list's own array: read only. */
    public double[] positions() { return x; }

    /** Start of each local atom's list in {@link #neighborIndices()}; nlocal + 1 entries; read only. */
    public int[] neighborOffsets() { return offsets; }

    /** All neighbour lists back to back (atom indices); read only. */
    public int[] neighborIndices() { return neighbors; }

    /** The cutoff the lists were built with. */
    public double cutoff() { return cutoff; }

    /**
     * Sums forces on ghost atoms back onto the local atoms they are images of.
     *
     * @param forcesAll   3·totalCount() components (local then ghost atoms)
     * @param forcesLocal 3·localCount() components, overwritten with the folded forces
     */
    public void foldGhostForces(double[] forcesAll, double[] forcesLocal) {
        if (forcesAll.length < 3 * nall || forcesLocal.length < 3 * nlocal) {
            throw new IllegalArgumentException("force arrays need " + 3 * nall + " and " + 3 * nlocal + " entries");
        }
        System.arraycopy(forcesAll, 0, forcesLocal, 0, 3 * nlocal);
        for (int a = nlocal; a < nall; a++) {
            int o = 3 * owner[a];
            forcesLocal[o] += forcesAll[3 * a];
            forcesLocal[o + 1] += forcesAll[3 * a + 1];
            forcesLocal[o + 2] += forcesAll[3 * a + 2];
        }
    }

    private static int[] identity(int n) {
        int[] a = new int[n];
        for (int i = 0; i < n; i++) a[i] = i;
        return a;
    }

    private static double[] cross(double[] a, double[] b) {
        return new double[] {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
    }

    private static double dot(double[] a, double[] b) { return a[0] * b[0] + a[1] * b[1] + a[2] * b[2]; }

    private static double norm(double[] a) { return Math.sqrt(dot(a, a)); }

    /** Growable int array. */
    private static final class IntList {
        private int[] a;
        private int n;
        IntList(int capacity) { a = new int[Math.max(capacity, 4)]; }
        void add(int v) {
            if (n == a.length) {
                if (n >= MAX_PAIRS) throw new IllegalArgumentException("more than " + MAX_PAIRS
                        + " neighbour pairs within the cutoff: the atoms are far denser than any material; check the positions and their length unit");
                a = Arrays.copyOf(a, (int) Math.min(2L * n, MAX_PAIRS));
            }
            a[n++] = v;
        }
        int size() { return n; }
        int[] array() { return a; }
        int[] toArray() { return Arrays.copyOf(a, n); }
    }

    /** Growable double array taking triples. */
    private static final class DoubleBuf {
        private double[] a;
        private int n;
        DoubleBuf(int capacity) { a = new double[Math.max(capacity, 12)]; }
        void add(double u, double v, double w) {
            if (n + 3 > a.length) a = Arrays.copyOf(a, 2 * a.length);
            a[n++] = u;
            a[n++] = v;
            a[n++] = w;
        }
        double[] array() { return Arrays.copyOf(a, n); }
    }
}
