package dev.hdnnp.potential;

import dev.hdnnp.descriptor.CutoffType;
import dev.hdnnp.descriptor.DescriptorSpec;
import dev.hdnnp.descriptor.Scaling;
import dev.hdnnp.descriptor.SymmetryFunction;
import dev.hdnnp.descriptor.SymmetryKernel;
import dev.hdnnp.nn.NeuralNetwork;
import dev.hdnnp.structure.Elements;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A complete high-dimensional neural network potential: for each element (sorted by atomic
 * number; the position in {@link #elements()} is the element index) its symmetry functions in
 * network-input order, their scaling statistics and its atomic network; plus normalisation,
 * per-element energy offsets and the units of lengths and energies.
 */
public final class Model {
    private final DescriptorSpec descriptor;
    private final List<Scaling> scalings;
    private final List<NeuralNetwork> networks;
    private final Normalization normalization;
    private final double[] energyOffsets;
    private final String lengthUnit, energyUnit;
    private final Map<String, String> provenance;
    private final double cutoff;

    public Model(DescriptorSpec descriptor, List<Scaling> scalings, List<NeuralNetwork> networks,
                 Normalization normalization, double[] energyOffsets, String lengthUnit, String energyUnit,
                 Map<String, String> provenance) {
        this(descriptor.elements(), descriptor.cutoffType(), descriptor.cutoffAlpha(), descriptor.functions(), scalings, networks,
                normalization, energyOffsets, lengthUnit, energyUnit, provenance);
    }

    public Model(List<String> elements, CutoffType cutoffType, double cutoffAlpha,
                 List<List<SymmetryFunction>> functions, List<Scaling> scalings, List<NeuralNetwork> networks,
                 Normalization normalization, double[] energyOffsets, String lengthUnit, String energyUnit,
                 Map<String, String> provenance) {
        int ne = elements.size();
        if (ne == 0) throw new IllegalArgumentException("a model needs at least one element");
        for (int e = 1; e < ne; e++)
            if (Elements.atomicNumber(elements.get(e - 1)) >= Elements.atomicNumber(elements.get(e)))
                throw new IllegalArgumentException("elements must be distinct and sorted by atomic number: " + elements);
        if (functions.size() != ne || scalings.size() != ne || networks.size() != ne || energyOffsets.length != ne)
            throw new IllegalArgumentException("need one descriptor set, scaling, network and offset per element");
        double rc = 0;
        for (int e = 0; e < ne; e++) {
            List<SymmetryFunction> f = functions.get(e);
            if (f.isEmpty()) throw new IllegalArgumentException("element " + elements.get(e) + " has no symmetry functions");
            for (int s = 1; s < f.size(); s++)
                if (SymmetryFunction.N2P2_ORDER.compare(f.get(s - 1), f.get(s)) > 0)
                    throw new IllegalArgumentException("symmetry functions of " + elements.get(e) + " are not in n2p2 order");
            if (scalings.get(e).size() != f.size())
                throw new IllegalArgumentException("element " + elements.get(e) + ": " + f.size() + " symmetry functions but " + scalings.get(e).size() + " scaling rows");
            if (networks.get(e).inputCount() != f.size())
                throw new IllegalArgumentException("element " + elements.get(e) + ": " + f.size() + " symmetry functions but the network has " + networks.get(e).inputCount() + " inputs");
            for (SymmetryFunction sf : f) {
                rc = Math.max(rc, sf.rc());
                for (String x : new String[]{sf.e1(), sf.e2()})
                    if (x != null && !elements.contains(x))
                        throw new IllegalArgumentException("symmetry function '" + sf.toN2p2() + "' uses " + x + ", which is not among the elements " + elements);
            }
        }
        // checked above to be in n2p2 order already, so the spec's sorting keeps them as they are
        this.descriptor = new DescriptorSpec(elements, cutoffType, cutoffAlpha, functions);
        this.scalings = List.copyOf(scalings);
        this.networks = List.copyOf(networks);
        this.normalization = normalization == null ? Normalization.NONE : normalization;
        this.energyOffsets = energyOffsets.clone();
        this.lengthUnit = Units.lengthUnit(lengthUnit);
        this.energyUnit = Units.energyUnit(energyUnit);
        this.provenance = Collections.unmodifiableMap(new LinkedHashMap<>(provenance == null ? Map.of() : provenance));
        this.cutoff = rc;
    }

    /** Elements, cutoff function and symmetry functions: the part of the model fixed before training. */
    public DescriptorSpec descriptor() { return descriptor; }
    public List<String> elements() { return descriptor.elements(); }
    public int elementIndex(String symbol) { return descriptor.elementIndex(symbol); }
    public CutoffType cutoffType() { return descriptor.cutoffType(); }
    public double cutoffAlpha() { return descriptor.cutoffAlpha(); }
    public List<SymmetryFunction> functions(int element) { return descriptor.functions().get(element); }
    public Scaling scaling(int element) { return scalings.get(element); }
    public NeuralNetwork network(int element) { return networks.get(element); }
    public List<NeuralNetwork> networks() { return networks; }
    public List<Scaling> scalings() { return scalings; }
    public Normalization normalization() { return normalization; }
    public double energyOffset(int element) { return energyOffsets[element]; }
    public double[] energyOffsets() { return energyOffsets.clone(); }
    public String lengthUnit() { return lengthUnit; }
    public String energyUnit() { return energyUnit; }
    public Map<String, String> provenance() { return provenance; }
    /** The largest symmetry-function cutoff over all elements, in {@link #lengthUnit()}. */
    public double cutoff() { return cutoff; }

    /** The force kernel of element e (immutable, shareable by threads; each thread needs its own workspace). */
    public SymmetryKernel kernel(int e) { return descriptor.kernel(e); }

    /** The same model with other networks (e.g. during training) and optionally other provenance. */
    public Model withNetworks(List<NeuralNetwork> nets, Map<String, String> newProvenance) {
        return new Model(descriptor, scalings, nets, normalization, energyOffsets,
                lengthUnit, energyUnit, newProvenance == null ? provenance : newProvenance);
    }
}
