package dev.hdnnp.descriptor;

import dev.hdnnp.neighbor.Neighborhood;

/**
 * Symmetry functions of one central element that share their neighbour filter and cutoff (and,
 * for the Gaussian types, the exponentials of each (η, r_s)), evaluated together so that every
 * type-dependent choice is made once per group instead of once per function and triplet.
 *
 * <p>Two passes, so that the force pass needs no neighbours × functions array and can take
 * dE/dG from any network: {@link #values} adds the raw values G_s; {@link #gradient} adds
 * Σ_s c_s ∂G_s/∂r_k for given coefficients c (dE/dG_s times the scaling factor) to every
 * neighbour's gradient in the workspace. The groups are immutable and shared by threads; all
 * per-call state lives in the {@link KernelWorkspace}. A group may keep per-pair or per-triplet
 * factors in the workspace rows during {@link #values} and read them back, in group order, in
 * {@link #gradient}: {@link SymmetryKernel} runs pass 1 before pass 2 on the same neighbourhood.
 *
 * <p>Adding a type is adding one implementation (and its case in {@link SymmetryKernel}).
 */
public sealed interface FunctionGroup
        permits RadialGroup, NarrowAngularGroup, WideAngularGroup, CompactRadialGroup, CompactAngularGroup {

    /** Adds each member's raw value to {@code G[index]} (its position in the element's function list). */
    void values(Neighborhood nb, KernelWorkspace ws, double[] G);

    /** Adds Σ_s coef[s] ∂G_s/∂r_k to (ws.gx, ws.gy, ws.gz)[k] for every neighbour k of {@code nb}. */
    void gradient(Neighborhood nb, KernelWorkspace ws, double[] coef);

    /**
     * The training mode: adds every member's ∂G_s/∂r_k to {@code J[(k·ns + index_s)·3 + c]} for
     * every neighbour k (ns = the element's number of functions). Scalar code: the trainer needs
     * the per-function derivatives (its loss contracts them with force residuals, not with dE/dG),
     * so nothing can be folded. Contributions are added in the loop order of the group, pair by
     * pair or triplet by triplet, directly into J: the same numbers every time. Neighbour k's
     * derivatives go to row ws.jrow[k] (k itself for the whole Jacobian); pairs and triplets
     * whose neighbours all have row ws.jskip are skipped ({@link SymmetryKernel#jacobianColumns}).
     */
    void jacobian(Neighborhood nb, KernelWorkspace ws, double[] J, int ns);

    /**
     * {@link #gradient} for several coefficient sets (a committee's members): adds
     * Σ_s coef[c][s] ∂G_s/∂r_k to (ws.mgx, ws.mgy, ws.mgz)[c][k]. Groups that can share work
     * between the sets in one sweep override this; here the sets run one after the other.
     */
    default void gradients(Neighborhood nb, KernelWorkspace ws, double[][] coef, int sets) {
        final int m = nb.count;
        for (int c = 0; c < sets; c++) {
            java.util.Arrays.fill(ws.gx, 0, m, 0.0);
            java.util.Arrays.fill(ws.gy, 0, m, 0.0);
            java.util.Arrays.fill(ws.gz, 0, m, 0.0);
            gradient(nb, ws, coef[c]);
            final double[] gx = ws.mgx[c], gy = ws.mgy[c], gz = ws.mgz[c];
            for (int k = 0; k < m; k++) {
                gx[k] += ws.gx[k];
                gy[k] += ws.gy[k];
                gz[k] += ws.gz[k];
            }
        }
    }
}
