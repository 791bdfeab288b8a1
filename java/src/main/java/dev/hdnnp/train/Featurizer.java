package dev.hdnnp.train;

import dev.hdnnp.descriptor.DescriptorSpec;
import dev.hdnnp.descriptor.KernelWorkspace;
import dev.hdnnp.descriptor.SymmetryKernel;
import dev.hdnnp.neighbor.NeighborList;
import dev.hdnnp.neighbor.Neighborhood;
import dev.hdnnp.structure.Elements;
import dev.hdnnp.structure.Structure;

import java.util.Arrays;

/**
 * Computes a {@link Sample} (raw symmetry functions and their derivatives) for one structure,
 * with the force kernel's own descriptor code: {@link SymmetryKernel#values} for G and its
 * training mode {@link SymmetryKernel#jacobian} for ∂G/∂r. One instance per thread. Derivatives w.r.t. periodic images are folded onto the image's owner
 * and the central atom's own derivative (−Σ_k ∂G/∂r_k) is added, so that a force component is a
 * plain sparse dot product later. For stress training it also sums the virial derivatives
 * V_it = Σ_k d_ik ⊗ ∂G_it/∂r_k over the neighbours as they are (images included, before folding),
 * which makes the model's virial exact for any periodic cell.
 */
final class Featurizer {
    private final DescriptorSpec spec;
    private final SymmetryKernel[] sets;
    private final KernelWorkspace ws;
    private final double[] cutoff2;
    private final double[] atomicNumber;
    private final Neighborhood nb = new Neighborhood();
    private final boolean derivatives, onDemand;
    private boolean values = true;
    private double[] g, dgRaw = new double[0], acc = new double[0];
    private int[] slot = new int[0], owners = new int[16], row = new int[0];

    Featurizer(DescriptorSpec spec, boolean derivatives) { this(spec, derivatives, false); }

    /**
     * @param onDemand keep no ∂G/∂r but the structure, so that a {@link DerivativeSource} can
     *                 recompute them (the on-demand memory mode; {@code derivatives} must be false)
     */
    Featurizer(DescriptorSpec spec, boolean derivatives, boolean onDemand) {
        if (derivatives && onDemand) throw new IllegalArgumentException("on-demand samples keep no derivatives");
        this.spec = spec;
        this.derivatives = derivatives;
        this.onDemand = onDemand;
        int ne = spec.elements().size();
        sets = new SymmetryKernel[ne];
        cutoff2 = new double[ne];
        atomicNumber = new double[ne];
        int max = 0;
        for (int e = 0; e < ne; e++) {
            sets[e] = spec.kernel(e);
            cutoff2[e] = sets[e].maxCutoff() * sets[e].maxCutoff();
            atomicNumber[e] = Elements.atomicNumber(spec.elements().get(e));
            max = Math.max(max, sets[e].size());
        }
        g = new double[max];
        ws = SymmetryKernel.workspace(sets);
    }

    Sample compute(int index, Structure s) { return compute(index, s, null); }

    /** Derivatives only, G left 0 (for {@link DerivativeSource}: the samples keep G already). */
    Featurizer withoutValues() {
        values = false;
        return this;
    }

    /** With {@code referenceVirial} (Voigt, data units) non-null, also the virial derivatives (see {@link Sample}). */
    Sample compute(int index, Structure s, double[] referenceVirial) {
        boolean stress = referenceVirial != null;
        NeighborList nl = NeighborList.build(s, spec.maxCutoff(), spec::elementIndex);
        int n = s.size();
        int[] element = new int[n];
        int[] gOffset = new int[n + 1];
        for (int i = 0; i < n; i++) {
            element[i] = nl.element(i);
            gOffset[i + 1] = gOffset[i] + sets[element[i]].size();
        }
        double[] gAll = new double[gOffset[n]];
        double[] vg = stress ? new double[6 * gOffset[n]] : null;
        int[] entryOffset = new int[n + 1];
        int[] dgOffset = new int[n];
        IntBuf entries = new IntBuf();
        FloatBuf dg = new FloatBuf();
        if (slot.length < n) slot = new int[n];
        Arrays.fill(slot, 0, n, -1);
        for (int i = 0; i < n; i++) {
            int e = element[i];
            SymmetryKernel ds = sets[e];
            int ns = ds.size();
            nl.gather(i, 1.0, cutoff2[e], atomicNumber, nb);
            int m = nb.count;
            if (dgRaw.length < m * ns * 3) dgRaw = new double[Math.max(m * ns * 3, 2 * dgRaw.length)];
            if (values) ds.values(nb, ws, g);
            if (derivatives || stress) ds.jacobian(nb, ws, dgRaw);
            System.arraycopy(g, 0, gAll, gOffset[i], ns);
            if (stress) {
                int o = 6 * gOffset[i];
                for (int k = 0; k < m; k++) {
                    double dx = nb.dx[k], dy = nb.dy[k], dz = nb.dz[k];
                    for (int t = 0; t < ns; t++) {
                        int src = (k * ns + t) * 3, dst = o + 6 * t;
                        double gx = dgRaw[src], gy = dgRaw[src + 1], gz = dgRaw[src + 2];
                        vg[dst] += dx * gx;
                        vg[dst + 1] += dy * gy;
                        vg[dst + 2] += dz * gz;
                        vg[dst + 3] += 0.5 * (dy * gz + dz * gy);
                        vg[dst + 4] += 0.5 * (dx * gz + dz * gx);
                        vg[dst + 5] += 0.5 * (dx * gy + dy * gx);
                    }
                }
            }
            entryOffset[i + 1] = entryOffset[i];
            if (!derivatives) continue;
            int count = fold(nl, i, ns);
            dgOffset[i] = dg.size();
            for (int q = 0; q < count; q++) {
                entries.add(owners[q]);
                slot[owners[q]] = -1;
            }
            dg.add(acc, count * ns * 3);
            entryOffset[i + 1] = entryOffset[i] + count;
        }
        double[] forces = s.forces() == null ? null : s.forces().clone();
        if (!derivatives) return new Sample(index, element, gOffset, gAll, entryOffset, new int[0], dgOffset, null, s.energy(), forces,
                vg, stress ? referenceVirial.clone() : null, s.isPeriodic() && s.pbc()[0] && s.pbc()[1] && s.pbc()[2] ? s.volume() : Double.NaN,
                onDemand ? s : null);
        return new Sample(index, element, gOffset, gAll, entryOffset, entries.toArray(), dgOffset, dg.toArray(), s.energy(), forces,
                vg, stress ? referenceVirial.clone() : null, s.isPeriodic() && s.pbc()[0] && s.pbc()[1] && s.pbc()[2] ? s.volume() : Double.NaN);
    }

    /**
     * Merges atom i's derivative rows (dgRaw, one per neighbour of nb) by owning atom into acc:
     * entry 0 is the atom itself (−Σ_k), then each other owner in order of first appearance
     * (owners[q]; slot[owner] = q until the caller resets it). Returns the number of entries.
     */
    private int fold(NeighborList nl, int i, int ns) {
        final int m = nb.count;
        if (acc.length < (m + 1) * ns * 3) acc = new double[Math.max((m + 1) * ns * 3, 2 * acc.length)];
        if (owners.length < m + 1) owners = new int[2 * (m + 1)];
        int count = 1;
        slotOf(i, 0, ns);
        for (int k = 0; k < m; k++) {
            int q = slotOf(nl.owner(nb.atom[k]), count, ns);
            if (q == count) count++;
            int src = k * ns * 3, dst = q * ns * 3, self = 0;
            for (int t = 0; t < ns * 3; t++) {
                double v = dgRaw[src + t];
                acc[dst + t] += v;
                acc[self + t] -= v;
            }
        }
        return count;
    }

    /**
     * The accumulator entry of owning atom a: its slot when it has one, else entry {@code next},
     * opened (recorded in owners and slot, its ns × 3 sums zeroed). The caller counts an opened entry.
     */
    private int slotOf(int a, int next, int ns) {
        int q = slot[a];
        if (q >= 0) return q;
        slot[a] = next;
        owners[next] = a;
        Arrays.fill(acc, next * ns * 3, (next + 1) * ns * 3, 0.0);
        return next;
    }

    /**
     * The on-demand force picks: for each of the distinct atoms {@code picks} of s and each
     * component c, the column {@link LossEngine.ForceColumn} of ∂G_i/∂r_{a,c} over the atoms i
     * whose G depends on atom a, normalised with {@code pre}: the numbers the cached mode's
     * derivatives hold for it (the same fold by owning atom in the same order, rounded to float
     * and normalised as {@link Sample#normalize} does), at the cost of the picked atoms' own
     * Jacobians plus, for every other atom, the pairs and triplets that contain an image of a
     * picked atom ({@link SymmetryKernel#jacobianColumns}) instead of the structure's whole
     * Jacobian. Result [pick][c].
     */
    LossEngine.ForceColumn[][] columns(Structure s, int[] picks, Preprocessing pre) {
        NeighborList nl = NeighborList.build(s, spec.maxCutoff(), spec::elementIndex);
        int n = s.size(), np = picks.length;
        int[] pickOf = new int[n];
        Arrays.fill(pickOf, -1);
        for (int p = 0; p < np; p++) pickOf[picks[p]] = p;
        IntBuf[] colAtoms = new IntBuf[np];
        FloatBuf[][] colValues = new FloatBuf[np][3];
        for (int p = 0; p < np; p++) {
            colAtoms[p] = new IntBuf(64);
            for (int c = 0; c < 3; c++) colValues[p][c] = new FloatBuf(1024);
        }
        if (slot.length < n) slot = new int[n];
        Arrays.fill(slot, 0, n, -1);
        double[][] factor = new double[sets.length][];
        for (int e = 0; e < sets.length; e++) factor[e] = Sample.derivativeFactors(pre, e, sets[e].size());
        for (int i = 0; i < n; i++) {
            int e = nl.element(i);
            SymmetryKernel ds = sets[e];
            int ns = ds.size();
            nl.gather(i, 1.0, cutoff2[e], atomicNumber, nb);
            int m = nb.count;
            int count;
            if (pickOf[i] >= 0) {
                // the atom's own entry sums all its rows: the whole Jacobian, folded as in compute
                if (dgRaw.length < m * ns * 3) dgRaw = new double[Math.max(m * ns * 3, 2 * dgRaw.length)];
                ds.jacobian(nb, ws, dgRaw);
                count = fold(nl, i, ns);
            } else {
                // rows of the picked atoms' images only, summed per owner in neighbour order
                if (row.length < m) row = new int[Math.max(m, 2 * row.length)];
                int rows = 0;
                for (int k = 0; k < m; k++) row[k] = pickOf[nl.owner(nb.atom[k])] >= 0 ? rows++ : -1;
                if (rows == 0) continue;
                if (dgRaw.length < (rows + 1) * ns * 3) dgRaw = new double[Math.max((rows + 1) * ns * 3, 2 * dgRaw.length)];
                ds.jacobianColumns(nb, ws, row, rows, dgRaw);
                if (acc.length < rows * ns * 3) acc = new double[Math.max(rows * ns * 3, 2 * acc.length)];
                if (owners.length < rows) owners = new int[2 * rows];
                count = 0;
                for (int k = 0; k < m; k++) {
                    if (row[k] < 0) continue;
                    int q = slotOf(nl.owner(nb.atom[k]), count, ns);
                    if (q == count) count++;
                    int src = row[k] * ns * 3, dst = q * ns * 3;
                    for (int t = 0; t < ns * 3; t++) acc[dst + t] += dgRaw[src + t];
                }
            }
            final double[] f = factor[e];
            for (int q = 0; q < count; q++) {
                int a = owners[q];
                slot[a] = -1;
                int p = pickOf[a];
                if (p < 0) continue;
                colAtoms[p].add(i);
                // rounded to float, then normalised in float, as the cached mode stores them
                for (int c = 0; c < 3; c++) {
                    FloatBuf col = colValues[p][c];
                    float[] v = col.reserve(ns);
                    int o = col.n, src = q * ns * 3 + c;
                    for (int t = 0; t < ns; t++) v[o + t] = (float) ((float) acc[src + 3 * t] * f[t]);
                    col.n = o + ns;
                }
            }
        }
        LossEngine.ForceColumn[][] out = new LossEngine.ForceColumn[np][3];
        for (int p = 0; p < np; p++)
            for (int c = 0; c < 3; c++) out[p][c] = new LossEngine.ForceColumn(colAtoms[p].toArray(), colValues[p][c].toArray());
        return out;
    }

    private static final class IntBuf {
        int[] a;
        int n;
        IntBuf() { this(1024); }
        IntBuf(int capacity) { a = new int[capacity]; }
        void add(int v) {
            if (n == a.length) a = Arrays.copyOf(a, 2 * n);
            a[n++] = v;
        }
        int[] toArray() { return Arrays.copyOf(a, n); }
    }

    private static final class FloatBuf {
        float[] a;
        int n;
        FloatBuf() { this(1 << 16); }
        FloatBuf(int capacity) { a = new float[capacity]; }
        void add(float v) {
            if (n == a.length) a = Arrays.copyOf(a, 2 * n);
            a[n++] = v;
        }
        int size() { return n; }
        /** Room for {@code len} more values; returns the array to write them at [n, n + len). */
        float[] reserve(int len) {
            if (n + len > a.length) a = Arrays.copyOf(a, Math.max(n + len, 2 * a.length));
            return a;
        }
        void add(double[] v, int len) {
            reserve(len);
            for (int t = 0; t < len; t++) a[n + t] = (float) v[t];
            n += len;
        }
        float[] toArray() { return Arrays.copyOf(a, n); }
    }
}
