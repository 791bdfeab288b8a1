package dev.hdnnp.descriptor;

import java.util.List;

/**
 * The descriptor part of a model, before and after training: elements (sorted by atomic number), cutoff
 * function and each element's symmetry functions in n2p2 order. Lengths in the model's (before
 * training: the data's) unit.
 */
public record DescriptorSpec(List<String> elements, CutoffType cutoffType, double cutoffAlpha,
                             List<List<SymmetryFunction>> functions) {
    public DescriptorSpec {
        elements = List.copyOf(elements);
        functions = functions.stream().map(l -> l.stream().sorted(SymmetryFunction.N2P2_ORDER).toList()).toList();
        if (functions.size() != elements.size()) throw new IllegalArgumentException("need one function list per element");
        for (int e = 0; e < elements.size(); e++)
            if (functions.get(e).isEmpty()) throw new IllegalArgumentException("element " + elements.get(e) + " has no symmetry functions");
    }

    public int elementIndex(String symbol) { return elements.indexOf(symbol); }

    public int[] functionCounts() {
        int[] n = new int[elements.size()];
        for (int e = 0; e < n.length; e++) n[e] = functions.get(e).size();
        return n;
    }

    /** The largest symmetry-function cutoff over all elements. */
    public double maxCutoff() {
        double rc = 0;
        for (List<SymmetryFunction> l : functions) for (SymmetryFunction f : l) rc = Math.max(rc, f.rc());
        return rc;
    }

    /** The force kernel of element e: immutable, shareable by threads (each brings its own {@link KernelWorkspace}). */
    public SymmetryKernel kernel(int e) {
        return new SymmetryKernel(elements.get(e), elements, functions.get(e), cutoffType, cutoffAlpha);
    }
}
