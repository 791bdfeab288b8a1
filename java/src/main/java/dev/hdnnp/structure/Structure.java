package dev.hdnnp.structure;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * One atomic configuration: species, Cartesian positions, an optional cell with per-direction
 * periodicity, and optional reference data (total energy, forces, charges).
 *
 * <p>Lengths, energies and forces are in whatever units the source file used; the structure
 * does not convert. Arrays are owned by the structure (callers that keep them must copy).
 */
public final class Structure {
    private final String[] species;
    private final double[] positions;      // 3n, x0 y0 z0 x1 ...
    private final double[] cell;           // 9 (rows a, b, c) or null when no direction is periodic
    private final boolean[] pbc;           // 3
    private double energy = Double.NaN;    // reference total energy, NaN when absent
    private double[] forces;               // 3n reference forces or null
    private double[] charges;              // n reference charges or null
    private double totalCharge = Double.NaN; // reference total charge (n2p2 "charge" line), NaN when absent
    private String comment = "";
    private String set;                    // "train", "test" or null
    private final Map<String, String> info = new LinkedHashMap<>();            // extra extxyz key=value pairs, kept in order
    private final Map<String, PerAtomProperty> atomProperties = new LinkedHashMap<>(); // extra extxyz per-atom columns

    /** An extra per-atom column of an extended XYZ file, kept as text so that it is written back unchanged. */
    public record PerAtomProperty(char type, int columns, String[] values) {}

    public Structure(String[] species, double[] positions, double[] cell, boolean[] pbc) {
        Objects.requireNonNull(species, "species");
        Objects.requireNonNull(positions, "positions");
        if (positions.length != 3 * species.length) {
            throw new IllegalArgumentException("positions has " + positions.length + " values for " + species.length + " atoms");
        }
        if (cell != null && cell.length != 9) throw new IllegalArgumentException("cell needs 9 values, got " + cell.length);
        boolean[] p = pbc == null ? new boolean[3] : pbc.clone();
        if (p.length != 3) throw new IllegalArgumentException("pbc needs 3 flags");
        if (cell == null && (p[0] || p[1] || p[2])) throw new IllegalArgumentException("periodic structure without a cell");
        this.species = species;
        this.positions = positions;
        this.cell = cell;
        this.pbc = p;
    }

    public int size() { return species.length; }
    public String species(int i) { return species[i]; }
    public String[] species() { return species; }
    public double[] positions() { return positions; }
    /** Cell vectors as rows (a, b, c), 9 values, or null. */
    public double[] cell() { return cell; }
    public boolean[] pbc() { return pbc; }
    public boolean isPeriodic() { return pbc[0] || pbc[1] || pbc[2]; }

    public double energy() { return energy; }
    public boolean hasEnergy() { return !Double.isNaN(energy); }
    public void setEnergy(double e) { this.energy = e; }
    public double[] forces() { return forces; }
    public void setForces(double[] f) {
        if (f != null && f.length != positions.length) throw new IllegalArgumentException("forces has " + f.length + " values for " + size() + " atoms");
        this.forces = f;
    }
    public double[] charges() { return charges; }
    public void setCharges(double[] q) {
        if (q != null && q.length != size()) throw new IllegalArgumentException("charges has " + q.length + " values for " + size() + " atoms");
        this.charges = q;
    }
    /** Reference total charge (elementary charges), NaN when the source gave none. */
    public double totalCharge() { return totalCharge; }
    public boolean hasTotalCharge() { return !Double.isNaN(totalCharge); }
    public void setTotalCharge(double q) { this.totalCharge = q; }
    public String comment() { return comment; }
    public void setComment(String c) { this.comment = c == null ? "" : c; }
    /** "train", "test" or null (n2p2's {@code begin set=...}). */
    public String set() { return set; }
    public void setSet(String s) { this.set = s; }
    public Map<String, String> info() { return info; }
    public Map<String, PerAtomProperty> atomProperties() { return atomProperties; }

    /** Cell volume (absolute value of the triple product); NaN without a cell. */
    public double volume() {
        if (cell == null) return Double.NaN;
        double[] h = cell;
        return Math.abs(h[0] * (h[4] * h[8] - h[5] * h[7]) - h[1] * (h[3] * h[8] - h[5] * h[6]) + h[2] * (h[3] * h[7] - h[4] * h[6]));
    }
}
