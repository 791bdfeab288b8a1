package dev.hdnnp.potential;

import dev.hdnnp.descriptor.KernelWorkspace;
import dev.hdnnp.descriptor.Scaling;
import dev.hdnnp.descriptor.SymmetryKernel;
import dev.hdnnp.neighbor.AtomicSystem;
import dev.hdnnp.neighbor.Neighborhood;
import dev.hdnnp.nn.NeuralNetwork;
import dev.hdnnp.structure.Elements;

import java.util.Arrays;

/**
 * Energies, forces, per-atom energies and virials of every member of a {@link Committee}, their
 * means and the per-atom energy disagreement, in one call.
 *
 * <p>When the members share their descriptors, each atom's neighbourhood is gathered and its
 * symmetry-function values G computed once (kernel pass 1); each member then scales G with its
 * own statistics and runs its network; kernel pass 2 then sweeps the atom's triplets once for
 * all members, folding each member's dE/dG into that member's forces (needed one by one for the
 * disagreement), two members at a time in one loop over each row of triplets so that what they
 * share is loaded once; a member adds only its network, its fold and its force update. Otherwise each member runs its own {@link Evaluator}, one after the other.
 * The shared path runs on the calling thread; after the first calls on a system of a given size
 * a call allocates nothing.
 */
public final class CommitteeEvaluator implements AutoCloseable {
    private final Committee committee;
    private final int members;
    private final Evaluator[] separate;          // null when the descriptors are shared
    private final EvaluationResult[] separateResults;
    // shared path
    private final SymmetryKernel[] kernels;
    private final KernelWorkspace kws;
    private final Scaling[][] scalings;
    private final NeuralNetwork[][] networks;
    private final NeuralNetwork.Workspace[][] nws;
    private final double[][] offsets;
    private final double[] invConvEnergy, meanEnergy, energyFromModel;
    private final double[] atomicNumber, cutoff2;
    private final double[] G, Gs, dEdG;
    private final double[][] coef;
    private final Neighborhood nb = new Neighborhood();
    private double lengthToModel = 1.0;

    /** @param threads threads per member when the members do not share descriptors (the shared path uses the caller's thread) */
    public CommitteeEvaluator(Committee committee, int threads) {
        this.committee = committee;
        this.members = committee.size();
        energyFromModel = new double[members];
        Arrays.fill(energyFromModel, 1.0);
        if (!committee.sharesDescriptors()) {
            separate = new Evaluator[members];
            separateResults = new EvaluationResult[members];
            for (int m = 0; m < members; m++) {
                separate[m] = new Evaluator(committee.member(m), threads);
                separateResults[m] = new EvaluationResult();
            }
            kernels = null;
            kws = null;
            scalings = null;
            networks = null;
            nws = null;
            offsets = null;
            invConvEnergy = meanEnergy = atomicNumber = cutoff2 = G = Gs = dEdG = null;
            coef = null;
            return;
        }
        separate = null;
        separateResults = null;
        Model first = committee.member(0);
        int ne = first.elements().size();
        kernels = new SymmetryKernel[ne];
        atomicNumber = new double[ne];
        cutoff2 = new double[ne];
        int maxSf = 0;
        for (int e = 0; e < ne; e++) {
            kernels[e] = first.kernel(e);
            atomicNumber[e] = Elements.atomicNumber(first.elements().get(e));
            cutoff2[e] = kernels[e].maxCutoff() * kernels[e].maxCutoff();
            maxSf = Math.max(maxSf, kernels[e].size());
        }
        kws = SymmetryKernel.workspace(kernels);
        scalings = new Scaling[members][ne];
        networks = new NeuralNetwork[members][ne];
        nws = new NeuralNetwork.Workspace[members][ne];
        offsets = new double[members][ne];
        invConvEnergy = new double[members];
        meanEnergy = new double[members];
        for (int m = 0; m < members; m++) {
            Model model = committee.member(m);
            for (int e = 0; e < ne; e++) {
                scalings[m][e] = model.scaling(e);
                networks[m][e] = model.network(e);
                nws[m][e] = new NeuralNetwork.Workspace(networks[m][e]);
                offsets[m][e] = model.energyOffset(e);
            }
            invConvEnergy[m] = 1.0 / model.normalization().convEnergy();
            meanEnergy[m] = model.normalization().meanEnergy();
        }
        G = new double[maxSf];
        Gs = new double[maxSf];
        dEdG = new double[maxSf];
        coef = new double[members][maxSf];
    }

    public Committee committee() { return committee; }

    /** True when the descriptors are computed once for all members. */
    public boolean shared() { return separate == null; }

    /** Sets the caller's units by name (e.g. "angstrom", "eV"), as {@link Evaluator#setUnits(String, String)}. */
    public void setUnits(String lengthUnit, String energyUnit) {
        Model first = committee.member(0);
        setUnits(Units.lengthFactor(lengthUnit, first.lengthUnit()), Units.energyFactor(first.energyUnit(), energyUnit));
    }

    /** Model length = caller length × lengthToModel; caller energy = model energy × energyFromModel (all members share their units). */
    public void setUnits(double lengthToModel, double energyFromModel) {
        if (!(lengthToModel > 0) || !(energyFromModel > 0)) throw new IllegalArgumentException("unit factors must be positive");
        this.lengthToModel = lengthToModel;
        Arrays.fill(this.energyFromModel, energyFromModel);
        if (separate != null) for (Evaluator ev : separate) ev.setUnits(lengthToModel, energyFromModel);
    }

    /** Computes every member and the means for the system; overwrites {@code out} (forces of all totalCount atoms, not folded). */
    public void compute(AtomicSystem system, CommitteeResult out) {
        if (out.members != members) throw new IllegalArgumentException("result made for " + out.members + " members, committee has " + members);
        final int nall = system.totalCount();
        out.ensureCapacity(nall);
        if (separate != null) {
            int warnings = 0;
            for (int m = 0; m < members; m++) {
                EvaluationResult r = separateResults[m];
                r.ensureCapacity(nall, true, false);
                separate[m].compute(system, r);
                out.memberEnergy[m] = r.energy;
                System.arraycopy(r.virial, 0, out.memberVirial[m], 0, 6);
                System.arraycopy(r.forces, 0, out.memberForces[m], 0, 3 * nall);
                System.arraycopy(r.atomEnergy, 0, out.memberAtomEnergy[m], 0, nall);
                if (r.extrapolationWarnings > warnings || m == 0) {
                    // the details of the member with the most warnings, as its count is the one reported
                    warnings = r.extrapolationWarnings;
                    for (int q = 0; q < r.recordedWarnings(); q++)
                        out.recordWarning(q, r.warningAtom[q], r.warningElement[q], r.warningFunction[q], m,
                                r.warningValue[q], r.warningMin[q], r.warningMax[q]);
                }
            }
            out.extrapolationWarnings = warnings;
        } else {
            computeShared(system, out, nall);
        }
        out.average(nall);
    }

    private void computeShared(AtomicSystem sys, CommitteeResult out, int nall) {
        for (int m = 0; m < members; m++) {
            Arrays.fill(out.memberForces[m], 0, 3 * nall, 0.0);
            Arrays.fill(out.memberAtomEnergy[m], 0, nall, 0.0);
            Arrays.fill(out.memberVirial[m], 0.0);
            out.memberEnergy[m] = 0.0;
        }
        int warnings = 0;
        final double L = lengthToModel;
        final double invL = 1.0 / L;
        final int inum = sys.localCount();
        for (int ii = 0; ii < inum; ii++) {
            final int i = sys.atom(ii);
            final int e = sys.element(i);
            if (e < 0) continue;
            final SymmetryKernel kernel = kernels[e];
            sys.gather(i, L, cutoff2[e], atomicNumber, nb);
            final int ns = kernel.size();
            kernel.values(nb, kws, G);
            for (int s = 0; s < ns; s++) {
                for (int m = 0; m < members; m++) {
                    final Scaling sc = scalings[m][e];
                    if (sc.extrapolates(s, G[s])) {
                        // one warning per (atom, function): the first member outside its range
                        out.recordWarning(warnings, i, e, s, m, G[s], sc.min(s), sc.max(s));
                        warnings++;
                        break;
                    }
                }
            }
            for (int m = 0; m < members; m++) {
                final Scaling sc = scalings[m][e];
                for (int s = 0; s < ns; s++) Gs[s] = sc.scale(s, G[s]);
                final NeuralNetwork net = networks[m][e];
                final NeuralNetwork.Workspace ws = nws[m][e];
                final double ei = net.evaluate(Gs, ws);
                net.inputGradient(ws, dEdG);
                final double eScale = energyFromModel[m];
                final double atomE = (ei * invConvEnergy[m] + meanEnergy[m] + offsets[m][e]) * eScale;
                out.memberEnergy[m] += atomE;
                out.memberAtomEnergy[m][i] = atomE;
                final double fScale = eScale * L * invConvEnergy[m];
                final double[] c = coef[m];
                for (int s = 0; s < ns; s++) c[s] = dEdG[s] * sc.derivative(s) * fScale;
            }
            // one sweep of the kernel's triplet rows for all members; each member's forces scattered apart
            kernel.gradients(nb, kws, coef, members);
            for (int m = 0; m < members; m++)
                ForceScatter.add(nb, i, kws.mgx[m], kws.mgy[m], kws.mgz[m], invL, out.memberForces[m], out.memberVirial[m], null);
        }
        out.extrapolationWarnings = warnings;
    }

    @Override
    public void close() {
        if (separate != null) for (Evaluator ev : separate) ev.close();
    }
}
