package dev.hdnnp.descriptor;

/** n2p2's cutoff function types; the ordinal is the integer code of {@code cutoff_type}. */
public enum CutoffType {
    HARD, COS, TANHU, TANH, EXP, POLY1, POLY2, POLY3, POLY4;

    public int code() { return ordinal(); }

    public static CutoffType ofCode(int code) {
        CutoffType[] all = values();
        if (code < 0 || code >= all.length) throw new IllegalArgumentException("unknown cutoff type " + code + " (0-8)");
        return all[code];
    }

    /** Whether the inner cutoff fraction alpha is used (TANHU, TANH and HARD ignore it, as in n2p2). */
    public boolean usesInnerCutoff() {
        return this != HARD && this != TANHU && this != TANH;
    }
}
