package dev.hdnnp.descriptor;

import dev.hdnnp.neighbor.Neighborhood;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The symmetry functions of one central element compiled into {@link FunctionGroup}s: the force
 * kernel. Immutable and shared by threads; each thread brings its own {@link KernelWorkspace}.
 *
 * <p>Pass 1, {@link #values}, gives the raw values G. Pass 2, {@link #gradient}, takes any
 * coefficients c_s (for forces: dE/dG_s times the scaling's d(scaled)/dG) and leaves
 * ∂(Σ_s c_s G_s)/∂r_k for every neighbour k in the workspace, folding all functions into one
 * vector update per pair or triplet. The gradient with respect to the central atom is minus
 * the sum over neighbours (only relative positions enter).
 */
public final class SymmetryKernel {
    private final int size;
    private final double maxCutoff;
    private final FunctionGroup[] groups;
    private final int factors, terms, members;

    /**
     * @param elements  the model's elements sorted by atomic number (index = element index)
     * @param functions the central element's functions in n2p2 order (index = position in G)
     */
    public SymmetryKernel(String centerElement, List<String> elements, List<SymmetryFunction> functions,
                          CutoffType cutoffType, double alpha) {
        this(centerElement, elements, functions, cutoffType, alpha, VectorSupport.enabled());
    }

    /** As above; {@code simd} selects the SIMD loops where they apply (tests compare both). */
    SymmetryKernel(String centerElement, List<String> elements, List<SymmetryFunction> functions,
                   CutoffType cutoffType, double alpha, boolean simd) {
        this.size = functions.size();
        Map<String, List<Integer>> byKey = new LinkedHashMap<>();
        double max = 0.0;
        for (int s = 0; s < size; s++) {
            SymmetryFunction f = functions.get(s);
            if (!f.center().equals(centerElement))
                throw new IllegalArgumentException("function " + f.toN2p2() + " belongs to " + f.center() + ", not " + centerElement);
            max = Math.max(max, f.rc());
            SymmetryFunctionType t = f.type();
            String key = t + " " + f.e1() + " " + f.e2() + " " + (t.compact() && !t.angular() ? "" : f.rc())
                    + (t.compact() && t.angular() ? " " + f.rl() + " " + f.subtype() : "");
            byKey.computeIfAbsent(key, x -> new ArrayList<>()).add(s);
        }
        this.maxCutoff = max;
        Map<Double, CutoffFunction> cutoffs = new LinkedHashMap<>();
        List<FunctionGroup> list = new ArrayList<>();
        int maxFactors = 1, maxTerms = 1, maxMembers = 1;
        for (List<Integer> members : byKey.values()) {
            SymmetryFunction f = functions.get(members.get(0));
            SymmetryFunctionType t = f.type();
            int e1 = f.e1() == null ? -1 : index(elements, f.e1());
            int e2 = f.e2() == null ? (t.weighted() ? -1 : e1) : index(elements, f.e2());
            int n = members.size();
            int[] index = members.stream().mapToInt(Integer::intValue).toArray();
            if (t.compact()) {
                CoreFunction core = SymmetryFunction.coreOf(f.subtype());
                CompactFunction[] windows = new CompactFunction[n];
                for (int q = 0; q < n; q++) {
                    SymmetryFunction g = functions.get(index[q]);
                    windows[q] = t.angular()
                            ? new CompactFunction(core, false, Math.toRadians(g.thetaL()), Math.toRadians(g.thetaR()))
                            : new CompactFunction(SymmetryFunction.coreOf(g.subtype()), g.asymmetric(), g.rl(), g.rc());
                }
                if (t.angular()) {
                    list.add(new CompactAngularGroup(e1, e2, t.narrow(), new CompactFunction(core, f.asymmetric(), f.rl(), f.rc()), index, windows));
                } else {
                    list.add(new CompactRadialGroup(e1, index, windows));
                }
                continue;
            }
            CutoffFunction cutoff = cutoffs.computeIfAbsent(f.rc(), rc -> new CutoffFunction(cutoffType, rc, alpha));
            if (!t.angular()) {
                double[] eta = new double[n], rs = new double[n];
                for (int q = 0; q < n; q++) {
                    eta[q] = functions.get(index[q]).eta();
                    rs[q] = functions.get(index[q]).rs();
                }
                list.add(new RadialGroup(e1, cutoff, index, eta, rs));
                continue;
            }
            // angular Gaussian: members ordered by (η, r_s) so each subgroup is contiguous
            Integer[] order = members.toArray(new Integer[0]);
            java.util.Arrays.sort(order, Comparator.<Integer>comparingDouble(s -> functions.get(s).eta())
                    .thenComparingDouble(s -> functions.get(s).rs()).thenComparingInt(s -> s));
            List<Double> etas = new ArrayList<>(), rss = new ArrayList<>();
            List<Integer> starts = new ArrayList<>();
            double[] lambda = new double[n], zeta = new double[n];
            for (int q = 0; q < n; q++) {
                SymmetryFunction g = functions.get(order[q]);
                index[q] = order[q];
                lambda[q] = g.lambda();
                zeta[q] = g.zeta();
                int last = etas.size() - 1;
                if (last < 0 || etas.get(last) != g.eta() || rss.get(last) != g.rs()) {
                    etas.add(g.eta());
                    rss.add(g.rs());
                    starts.add(q);
                }
            }
            starts.add(n);
            AngularMembers mem = new AngularMembers(etas.stream().mapToDouble(Double::doubleValue).toArray(),
                    rss.stream().mapToDouble(Double::doubleValue).toArray(),
                    starts.stream().mapToInt(Integer::intValue).toArray(), index, lambda, zeta);
            maxFactors = Math.max(maxFactors, mem.subgroups);
            maxTerms = Math.max(maxTerms, mem.terms);
            maxMembers = Math.max(maxMembers, n);
            list.add(t.narrow() ? new NarrowAngularGroup(e1, e2, cutoff, mem, simd) : new WideAngularGroup(e1, e2, cutoff, mem, simd));
        }
        this.groups = list.toArray(new FunctionGroup[0]);
        this.factors = maxFactors;
        this.terms = maxTerms;
        this.members = maxMembers;
    }

    private static int index(List<String> elements, String symbol) {
        int i = elements.indexOf(symbol);
        if (i < 0) throw new IllegalArgumentException("element " + symbol + " of a symmetry function is not among the model's elements " + elements);
        return i;
    }

    /** Number of functions (length of G). */
    public int size() { return size; }

    /** The largest cutoff radius of the functions (model length unit). */
    public double maxCutoff() { return maxCutoff; }

    /** Number of groups the functions were compiled into. */
    public int groupCount() { return groups.length; }

    /** A new workspace (one per thread) that serves all the given kernels, e.g. one per element of a model. */
    public static KernelWorkspace workspace(SymmetryKernel... kernels) {
        int f = 1, t = 1, m = 1;
        for (SymmetryKernel k : kernels) {
            f = Math.max(f, k.factors);
            t = Math.max(t, k.terms);
            m = Math.max(m, k.members);
        }
        return new KernelWorkspace(f, t, m);
    }

    /** Pass 1: the raw values G_s (G[0 .. size()−1] is overwritten). */
    public void values(Neighborhood nb, KernelWorkspace ws, double[] G) {
        if (ws.factors() < factors || ws.terms() < terms) throw new IllegalArgumentException("workspace made for another kernel");
        ws.ensure(nb.count);
        ws.beginValues();
        java.util.Arrays.fill(G, 0, size, 0.0);
        for (FunctionGroup g : groups) g.values(nb, ws, G);
        ws.endValues(this, nb);
    }

    /**
     * Pass 2: ∂(Σ_s coef[s] G_s)/∂r_k for each neighbour k, left in ws.gx/gy/gz[0 .. nb.count−1].
     * Needs only the neighbourhood and the coefficients; when {@link #values} ran last on the
     * same neighbourhood with this workspace, the triplet geometry it kept is reused (any number
     * of gradient calls may follow one values call, e.g. one per committee member).
     */
    public void gradient(Neighborhood nb, KernelWorkspace ws, double[] coef) {
        if (ws.factors() < factors || ws.terms() < terms) throw new IllegalArgumentException("workspace made for another kernel");
        final int m = nb.count;
        ws.ensure(m);
        ws.beginGradient(this, nb);
        if (!ws.replay) {
            // groups replay the rows pass 1 kept (triplets, radial factors): build them
            values(nb, ws, ws.scratchG(size));
            ws.beginGradient(this, nb);
        }
        java.util.Arrays.fill(ws.gx, 0, m, 0.0);
        java.util.Arrays.fill(ws.gy, 0, m, 0.0);
        java.util.Arrays.fill(ws.gz, 0, m, 0.0);
        for (FunctionGroup g : groups) g.gradient(nb, ws, coef);
    }

    /**
     * The training mode: the Jacobian ∂G_s/∂r_k of every function s by every neighbour k,
     * {@code J[(k·size() + s)·3 + c]} for c = x, y, z, overwritten for k &lt; nb.count
     * ({@code J.length ≥ 3·nb.count·size()}). The Jacobian by the central atom is −Σ_k of it.
     * Used by the trainer, whose force loss needs each function's derivative; the force pass
     * uses {@link #gradient}, which never forms this neighbours × functions array.
     */
    public void jacobian(Neighborhood nb, KernelWorkspace ws, double[] J) {
        if (ws.factors() < factors || ws.terms() < terms) throw new IllegalArgumentException("workspace made for another kernel");
        final int m = nb.count;
        if (J.length < 3 * m * size) throw new IllegalArgumentException("Jacobian buffer of " + J.length + " doubles, need " + 3 * m * size);
        ws.ensure(m);
        ws.beginValues(); // the radial factors are overwritten: a later pass 2 must not replay pass 1's rows
        java.util.Arrays.fill(J, 0, 3 * m * size, 0.0);
        ws.identityRows(m);
        for (FunctionGroup g : groups) g.jacobian(nb, ws, J, size);
    }

    /**
     * The column mode: the Jacobian rows of a few wanted neighbours only, for a force component
     * of one atom (whose images these neighbours are): ∂G_s/∂r_k in {@code J[(row[k]·size() + s)·3 + c]}
     * for every k with {@code row[k]} in [0, rows), nothing for the others ({@code row[k] < 0}).
     * The groups run their {@link #jacobian} loops restricted to the pairs and triplets that
     * contain a wanted neighbour (the others' contributions land in a spare row {@code rows},
     * so {@code J.length ≥ 3·(rows + 1)·size()}): each wanted entry gets the same additions in the
     * same order as in the whole Jacobian, so the same bits, at a cost that grows with the
     * wanted neighbours instead of with all pairs of neighbours.
     */
    public void jacobianColumns(Neighborhood nb, KernelWorkspace ws, int[] row, int rows, double[] J) {
        if (ws.factors() < factors || ws.terms() < terms) throw new IllegalArgumentException("workspace made for another kernel");
        final int m = nb.count;
        if (J.length < 3 * (rows + 1) * size) throw new IllegalArgumentException("Jacobian buffer of " + J.length + " doubles, need " + 3 * (rows + 1) * size);
        ws.ensure(m);
        ws.beginValues();
        java.util.Arrays.fill(J, 0, 3 * (rows + 1) * size, 0.0);
        ws.columnRows(row, m, rows);
        for (FunctionGroup g : groups) g.jacobian(nb, ws, J, size);
    }

    /**
     * Pass 2 for several coefficient sets at once (a committee's members sharing these
     * functions): ∂(Σ_s coef[c][s] G_s)/∂r_k left in ws.mgx/mgy/mgz[c][0 .. nb.count−1] for
     * c &lt; sets. The triplet rows are swept once, the per-set work is the fold and the update.
     */
    public void gradients(Neighborhood nb, KernelWorkspace ws, double[][] coef, int sets) {
        if (ws.factors() < factors || ws.terms() < terms) throw new IllegalArgumentException("workspace made for another kernel");
        final int m = nb.count;
        ws.ensure(m);
        ws.ensureSets(sets, m);
        ws.beginGradient(this, nb);
        if (!ws.replay) {
            values(nb, ws, ws.scratchG(size));
            ws.beginGradient(this, nb);
        }
        for (int c = 0; c < sets; c++) {
            java.util.Arrays.fill(ws.mgx[c], 0, m, 0.0);
            java.util.Arrays.fill(ws.mgy[c], 0, m, 0.0);
            java.util.Arrays.fill(ws.mgz[c], 0, m, 0.0);
        }
        for (FunctionGroup g : groups) g.gradients(nb, ws, coef, sets);
    }
}
