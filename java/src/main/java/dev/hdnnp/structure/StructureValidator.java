package dev.hdnnp.structure;

/**
 * The checks every structure must pass before it is used, kept in one place so that all readers
 * reject the same things with the same wording: finite numbers everywhere and a cell that spans
 * three dimensions. It only describes problems: the readers turn them into errors naming the file
 * and line, the neighbour list into an argument error.
 */
public final class StructureValidator {
    /** Relative threshold: a cell is degenerate when |det| < this · |a||b||c| (i.e. its vectors are nearly coplanar). */
    public static final double MIN_RELATIVE_VOLUME = 1e-10;

    private StructureValidator() {}

    /**
     * Describes what is wrong with a structure, or returns null when it is fine.
     * Checked: finite positions, cell, forces, charges, energy; non-degenerate cell.
     */
    public static String problem(Structure s) {
        String bad = firstNonFinite(s.positions(), "position", s);
        if (bad != null) return bad;
        double[] h = s.cell();
        if (h != null) {
            for (int k = 0; k < 9; k++) {
                if (!Double.isFinite(h[k])) return "cell component " + k + " is " + h[k];
            }
            double la = Math.sqrt(h[0] * h[0] + h[1] * h[1] + h[2] * h[2]);
            double lb = Math.sqrt(h[3] * h[3] + h[4] * h[4] + h[5] * h[5]);
            double lc = Math.sqrt(h[6] * h[6] + h[7] * h[7] + h[8] * h[8]);
            double v = s.volume();
            // "!(v >= ...)" also catches a zero-length vector, where both sides are 0
            if (!(v >= MIN_RELATIVE_VOLUME * la * lb * lc) || la * lb * lc == 0) {
                return "cell has (near-)zero volume " + v + " for vector lengths " + la + ", " + lb + ", " + lc
                        + " (lattice vectors are zero or nearly coplanar)";
            }
        }
        if (s.forces() != null && (bad = firstNonFinite(s.forces(), "force", s)) != null) return bad;
        if (s.charges() != null) {
            for (int i = 0; i < s.size(); i++) {
                if (!Double.isFinite(s.charges()[i])) return "charge of atom " + (i + 1) + " is " + s.charges()[i];
            }
        }
        if (Double.isInfinite(s.energy())) return "energy is " + s.energy();
        if (Double.isInfinite(s.totalCharge())) return "total charge is " + s.totalCharge();
        return null;
    }

    private static String firstNonFinite(double[] v, String what, Structure s) {
        for (int k = 0; k < v.length; k++) {
            if (!Double.isFinite(v[k])) return what + " of atom " + (k / 3 + 1) + " (" + s.species(k / 3) + ") is " + v[k];
        }
        return null;
    }
}
