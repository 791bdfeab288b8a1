package dev.hdnnp.train;

import dev.hdnnp.structure.Structure;

/**
 * One training structure with everything the loss needs, computed once: per atom its element,
 * its symmetry functions and the sparse derivatives ∂G_i/∂r_a for every atom a that G_i depends
 * on (periodic images already folded onto their owners, the atom itself included), plus the
 * reference energy and forces, and, for stress training, per atom and function the virial
 * derivative V_it = Σ_k d_ik ⊗ ∂G_it/∂r_k (d_ik = r_i − r_k over all neighbours k, periodic
 * images as they are: exact for any cell) with the reference virial, so that the model's virial
 * W = Σ_i Σ_t (∂E_i/∂G_it) V_it is a dot product like a force component.
 *
 * <p>After {@link #normalize} the arrays hold network inputs and internal units: G scaled,
 * ∂G/∂r multiplied by the scaling factor and divided by conv_length, energy and forces in
 * n2p2's normalised units. Derivatives are stored as float: they dominate memory (water,
 * 192 atoms, 100 neighbours, 30 functions: 7 MB per structure) and single precision is far
 * below the noise of any force fit. The virial derivatives (6 per function, Voigt order
 * xx yy zz yz xz xy) are few and kept in double; they scale with the scaling factor only, since
 * the internal virial is conv_energy × the physical one (lengths cancel).
 *
 * <p>In the on-demand memory mode a sample keeps no ∂G/∂r (dg null) but its structure and a
 * {@link DerivativeSource}; {@link #derivatives()} then recomputes them.
 */
public final class Sample {
    /** Index of the structure in the data set it came from. */
    public final int index;
    public final int atoms;
    public final int[] element;
    public final int[] gOffset;        // atoms + 1
    public final double[] g;
    public final int[] entryOffset;    // atoms + 1; entries of atom i: entryOffset[i] .. entryOffset[i+1]-1
    public final int[] entryAtom;      // the atom a each entry differentiates by
    public final int[] dgOffset;       // atoms: start of atom i's derivative block (entries × nsf × 3)
    public final float[] dg;           // null for energy-only samples
    /** Reference total energy; physical until normalised, then internal (offsets and mean removed, × conv_energy). */
    public double energy;
    /** Reference forces (3·atoms) or null; physical until normalised, then internal. */
    public final double[] forces;
    /** Virial derivatives, 6 per (atom, function) at 6·gOffset[i] + 6·t + c; null without stress. */
    public final double[] vg;
    /** Reference virial (Voigt, energy units; physical until normalised, then internal) or null. */
    public final double[] virial;
    /** Cell volume (data units), NaN for structures that are not periodic in 3D. */
    public final double volume;
    /** On-demand mode: the structure (positions) its derivatives are recomputed from, and by whom; else null. */
    final Structure structure;
    private DerivativeSource source;

    public Sample(int index, int[] element, int[] gOffset, double[] g, int[] entryOffset, int[] entryAtom,
                  int[] dgOffset, float[] dg, double energy, double[] forces) {
        this(index, element, gOffset, g, entryOffset, entryAtom, dgOffset, dg, energy, forces, null, null, Double.NaN);
    }

    public Sample(int index, int[] element, int[] gOffset, double[] g, int[] entryOffset, int[] entryAtom,
                  int[] dgOffset, float[] dg, double energy, double[] forces, double[] vg, double[] virial, double volume) {
        this(index, element, gOffset, g, entryOffset, entryAtom, dgOffset, dg, energy, forces, vg, virial, volume, null);
    }

    Sample(int index, int[] element, int[] gOffset, double[] g, int[] entryOffset, int[] entryAtom,
           int[] dgOffset, float[] dg, double energy, double[] forces, double[] vg, double[] virial, double volume, Structure structure) {
        this.structure = structure;
        this.index = index;
        this.atoms = element.length;
        this.element = element;
        this.gOffset = gOffset;
        this.g = g;
        this.entryOffset = entryOffset;
        this.entryAtom = entryAtom;
        this.dgOffset = dgOffset;
        this.dg = dg;
        this.energy = energy;
        this.forces = forces;
        this.vg = vg;
        this.virial = virial;
        this.volume = volume;
    }

    /** An energy-only sample from precomputed descriptors (no derivatives). */
    public static Sample ofDescriptors(int index, int[] element, int[] gOffset, double[] g, double energy) {
        return new Sample(index, element, gOffset, g, null, null, null, null, energy, null);
    }

    public boolean hasDerivatives() { return dg != null || structure != null; }
    public boolean hasForces() { return forces != null && hasDerivatives(); }

    /** The source that recomputes an on-demand sample's derivatives (null when they are kept in the sample). */
    DerivativeSource derivativeSource() { return source; }

    /** Lets an on-demand sample recompute its derivatives. */
    void derivativesFrom(DerivativeSource s) { source = s; }

    /**
     * The sample holding this structure's derivatives (entryOffset, entryAtom, dgOffset, dg):
     * itself when they are kept, else recomputed (or taken from the source's cache).
     */
    Sample derivatives() {
        if (dg != null || structure == null) return this;
        return source.of(this);
    }
    /** The sample holding this structure's derivatives if they are at hand (kept or cached), else null. */
    Sample derivativesAtHand() {
        if (dg != null || structure == null) return this;
        return source.kept(this);
    }

    /**
     * On-demand samples: the force columns [pick][component] of the distinct atoms {@code picks},
     * computed without this structure's whole Jacobian (see {@link Featurizer#columns}).
     */
    LossEngine.ForceColumn[][] forceColumns(int[] picks) { return source.columns(this, picks); }

    public boolean hasStress() { return virial != null && vg != null; }

    /** Bytes held by the arrays (for the memory report). */
    public long bytes() {
        long b = 4L * element.length + 4L * gOffset.length + 8L * g.length + 8L * (forces == null ? 0 : forces.length);
        if (vg != null) b += 8L * vg.length + 48;
        if (dg != null) b += 4L * entryOffset.length + 4L * entryAtom.length + 4L * dgOffset.length + 4L * dg.length;
        if (structure != null) b += 8L * structure.positions().length + 8L * (structure.forces() == null ? 0 : structure.forces().length) + 8L * atoms;
        return b;
    }

    /**
     * The factors that turn element e's raw ∂G_s/∂r (data units) into the normalised ones the loss
     * reads: the scaling's derivative over the length unit. {@link #normalize} and the on-demand
     * force columns ({@link Featurizer#columns}) both apply them, to the float-rounded raw value.
     */
    static double[] derivativeFactors(Preprocessing p, int e, int ns) {
        var sc = p.scaling(e);
        double[] f = new double[ns];
        for (int s = 0; s < ns; s++) f[s] = sc.derivative(s) / p.normalization().convLength();
        return f;
    }

    /** Maps raw G to network inputs and the data to internal units (see class comment). */
    void normalize(Preprocessing p) {
        for (int i = 0; i < atoms; i++) {
            int e = element[i];
            var sc = p.scaling(e);
            int o = gOffset[i], ns = gOffset[i + 1] - o;
            if (dg != null) {
                double[] f = derivativeFactors(p, e, ns);
                int d = dgOffset[i];
                int ne = entryOffset[i + 1] - entryOffset[i];
                for (int q = 0; q < ne; q++)
                    for (int s = 0; s < ns; s++)
                        for (int c = 0; c < 3; c++, d++) dg[d] = (float) (dg[d] * f[s]);
            }
            if (vg != null)
                for (int s = 0; s < ns; s++) {
                    double f = sc.derivative(s);
                    for (int c = 0; c < 6; c++) vg[6 * (o + s) + c] *= f;
                }
            for (int s = 0; s < ns; s++) g[o + s] = sc.scale(s, g[o + s]);
        }
        energy = p.internalEnergy(energy, element);
        if (forces != null) {
            double k = p.normalization().convEnergy() / p.normalization().convLength();
            for (int a = 0; a < forces.length; a++) forces[a] *= k;
        }
        if (virial != null) for (int c = 0; c < 6; c++) virial[c] *= p.normalization().convEnergy();
    }
}
