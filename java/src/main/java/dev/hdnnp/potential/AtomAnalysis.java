package dev.hdnnp.potential;

import dev.hdnnp.descriptor.Scaling;
import dev.hdnnp.descriptor.SymmetryKernel;
import dev.hdnnp.neighbor.AtomicSystem;
import dev.hdnnp.neighbor.Neighborhood;
import dev.hdnnp.nn.NeuralNetwork;
import dev.hdnnp.structure.Elements;

/**
 * The intermediate quantities of one atom — raw and scaled symmetry functions, the network's
 * atomic energy and ∂E/∂G — for inspection, tests and comparison with n2p2's per-atom output.
 * Not for the force path: it allocates.
 */
public final class AtomAnalysis {
    /** Per-atom values: raw G, scaled G, atomic energy in internal units, ∂E_internal/∂G_scaled. */
    public record Atom(int element, double[] raw, double[] scaled, double energyInternal, double[] dEdG) {}

    private final Model model;

    public AtomAnalysis(Model model) { this.model = model; }

    /** Analyses atom {@code i} of the system; positions are taken as model length units. */
    public Atom analyse(AtomicSystem sys, int i) {
        int e = sys.element(i);
        if (e < 0) throw new IllegalArgumentException("atom " + i + " is not handled by the model");
        SymmetryKernel ds = model.kernel(e);
        double rc2 = ds.maxCutoff() * ds.maxCutoff();
        Neighborhood nb = new Neighborhood();
        double[] z = new double[model.elements().size()];
        for (int e2 = 0; e2 < z.length; e2++) z[e2] = Elements.atomicNumber(model.elements().get(e2));
        sys.gather(i, 1.0, rc2, z, nb);
        int n = ds.size();
        double[] g = new double[n];
        ds.values(nb, SymmetryKernel.workspace(ds), g);
        Scaling sc = model.scaling(e);
        double[] gs = new double[n];
        for (int s = 0; s < n; s++) gs[s] = sc.scale(s, g[s]);
        NeuralNetwork net = model.network(e);
        NeuralNetwork.Workspace ws = new NeuralNetwork.Workspace(net);
        double ei = net.evaluate(gs, ws);
        double[] dEdG = new double[n];
        net.inputGradient(ws, dEdG);
        return new Atom(e, g, gs, ei, dEdG);
    }
}
