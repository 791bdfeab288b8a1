package dev.hdnnp.descriptor;

/** The symmetry-function types of n2p2 (the integer in a {@code symfunction_short} line). */
public enum SymmetryFunctionType {
    /** Radial Gaussian: {@code <ec> 2 <e1> <eta> <rs> <rc>}. */
    RADIAL(2, false, false, false, false),
    /** Angular narrow (with r_jk): {@code <ec> 3 <e1> <e2> <eta> <lambda> <zeta> <rc> [<rs>]}. */
    ANGULAR_NARROW(3, true, true, false, false),
    /** Angular wide (no r_jk): {@code <ec> 9 <e1> <e2> <eta> <lambda> <zeta> <rc> [<rs>]}. */
    ANGULAR_WIDE(9, true, false, false, false),
    /** Weighted radial: {@code <ec> 12 <eta> <rs> <rc>}. */
    WEIGHTED_RADIAL(12, false, false, true, false),
    /** Weighted angular (narrow): {@code <ec> 13 <eta> <rs> <lambda> <zeta> <rc>}. */
    WEIGHTED_ANGULAR(13, true, true, true, false),
    /** Compact radial: {@code <ec> 20 <e1> <rl> <rc> <subtype>}. */
    COMPACT_RADIAL(20, false, false, false, true),
    /** Compact angular narrow: {@code <ec> 21 <e1> <e2> <rl> <rc> <thetal> <thetar> <subtype>}. */
    COMPACT_ANGULAR_NARROW(21, true, true, false, true),
    /** Compact angular wide: {@code <ec> 22 <e1> <e2> <rl> <rc> <thetal> <thetar> <subtype>}. */
    COMPACT_ANGULAR_WIDE(22, true, false, false, true),
    /** Compact weighted radial: {@code <ec> 23 <rl> <rc> <subtype>}. */
    COMPACT_WEIGHTED_RADIAL(23, false, false, true, true),
    /** Compact weighted angular narrow: {@code <ec> 24 <rl> <rc> <thetal> <thetar> <subtype>}. */
    COMPACT_WEIGHTED_ANGULAR_NARROW(24, true, true, true, true),
    /** Compact weighted angular wide: {@code <ec> 25 <rl> <rc> <thetal> <thetar> <subtype>}. */
    COMPACT_WEIGHTED_ANGULAR_WIDE(25, true, false, true, true);

    private final int code;
    private final boolean angular, narrow, weighted, compact;

    SymmetryFunctionType(int code, boolean angular, boolean narrow, boolean weighted, boolean compact) {
        this.code = code;
        this.angular = angular;
        this.narrow = narrow;
        this.weighted = weighted;
        this.compact = compact;
    }

    public int code() { return code; }
    public boolean angular() { return angular; }
    /** Angular types that include the r_jk term and require r_jk inside the cutoff. */
    public boolean narrow() { return narrow; }
    /** Weighted by atomic numbers instead of filtered by neighbour element. */
    public boolean weighted() { return weighted; }
    /** Polynomial types with compact support that ignore {@code cutoff_type}. */
    public boolean compact() { return compact; }

    public static SymmetryFunctionType ofCode(int code) {
        for (SymmetryFunctionType t : values()) if (t.code == code) return t;
        throw new IllegalArgumentException("unknown symmetry function type " + code + " (known: 2, 3, 9, 12, 13, 20-25)");
    }
}
