package dev.hdnnp.io;

import dev.hdnnp.structure.Structure;

/**
 * The reference virial of a structure from extended XYZ, in ASE's conventions
 * (ase/io/extxyz.py): {@code virial} is a 3×3 matrix (9 values; ASE reads them in Fortran order,
 * which is the same for a symmetric matrix), {@code stress} is 3×3 (9 values) or Voigt
 * (6 values: xx yy zz yz xz xy), in energy/length³ of the data, positive when tensile, and
 * virial = −stress·volume. Only read for structures periodic in all three directions when given
 * as stress (a volume is needed).
 */
public final class ReferenceStress {
    private ReferenceStress() {}

    /** Voigt order of the returned virial: xx, yy, zz, yz, xz, xy. */
    public static final int XX = 0, YY = 1, ZZ = 2, YZ = 3, XZ = 4, XY = 5;

    /**
     * The virial W = Σ r ⊗ F (energy units, Voigt order) of {@code s}, or null when the structure
     * has neither key. {@code at} names the structure in messages (e.g. "structure 3").
     */
    public static double[] virial(Structure s, String file, String at) {
        String v = s.info().get("virial"), st = s.info().get("stress");
        if (v != null && st != null) throw new InputException(file, 0, at + " has both 'virial' and 'stress'; give one");
        if (v != null) return voigt(numbers(v, file, at, "virial"), file, at, "virial", false);
        if (st == null) return null;
        double[] sigma = voigt(numbers(st, file, at, "stress"), file, at, "stress", true);
        if (!(s.pbc()[0] && s.pbc()[1] && s.pbc()[2]) || s.cell() == null)
            throw new InputException(file, 0, at + " has a 'stress' but is not periodic in all three directions (no volume); give 'virial' instead");
        double vol = Math.abs(s.volume());
        if (!(vol > 0)) throw new InputException(file, 0, at + " has a 'stress' but its cell has zero volume");
        double[] w = new double[6];
        for (int c = 0; c < 6; c++) w[c] = -sigma[c] * vol;
        return w;
    }

    /** The stress −W/V (Voigt, ASE sign) of a virial W, for a structure periodic in 3D. */
    public static double[] stress(double[] virial, double volume) {
        double[] s = new double[6];
        for (int c = 0; c < 6; c++) s[c] = -virial[c] / volume;
        return s;
    }

    private static double[] numbers(String text, String file, String at, String key) {
        String[] t = text.strip().split("\\s+");
        double[] x = new double[t.length];
        for (int i = 0; i < t.length; i++) {
            try {
                x[i] = Double.parseDouble(t[i]);
            } catch (NumberFormatException e) {
                throw new InputException(file, 0, at + ": '" + key + "' value " + (i + 1) + " is not a number: '" + t[i] + "'");
            }
            if (!Double.isFinite(x[i])) throw new InputException(file, 0, at + ": '" + key + "' value " + (i + 1) + " is not finite");
        }
        return x;
    }

    private static double[] voigt(double[] m, String file, String at, String key, boolean voigtAllowed) {
        if (m.length == 6 && voigtAllowed) return m;
        if (m.length != 9)
            throw new InputException(file, 0, at + ": '" + key + "' needs 9 values (3x3)" + (voigtAllowed ? " or 6 (Voigt xx yy zz yz xz xy)" : "") + ", got " + m.length);
        double tol = 1e-6 * Math.max(1e-12, Math.max(Math.abs(m[0]), Math.max(Math.abs(m[4]), Math.abs(m[8]))));
        if (Math.abs(m[1] - m[3]) > tol || Math.abs(m[2] - m[6]) > tol || Math.abs(m[5] - m[7]) > tol)
            throw new InputException(file, 0, at + ": '" + key + "' is not symmetric (a potential's " + key + " is)");
        return new double[]{m[0], m[4], m[8], m[5], m[2], m[1]};
    }
}
