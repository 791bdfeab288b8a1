package dev.hdnnp.structure;

import java.util.HashMap;
import java.util.Map;

/** Chemical element symbols and atomic numbers, H (1) to No (102) as n2p2 accepts them. */
public final class Elements {
    private static final String[] SYMBOLS = {
        "", "H", "He", "Li", "Be", "B", "C", "N", "O", "F", "Ne", "Na", "Mg", "Al", "Si", "P", "S", "Cl", "Ar",
        "K", "Ca", "Sc", "Ti", "V", "Cr", "Mn", "Fe", "Co", "Ni", "Cu", "Zn", "Ga", "Ge", "As", "Se", "Br", "Kr",
        "Rb", "Sr", "Y", "Zr", "Nb", "Mo", "Tc", "Ru", "Rh", "Pd", "Ag", "Cd", "In", "Sn", "Sb", "Te", "I", "Xe",
        "Cs", "Ba", "La", "Ce", "Pr", "Nd", "Pm", "Sm", "Eu", "Gd", "Tb", "Dy", "Ho", "Er", "Tm", "Yb", "Lu",
        "Hf", "Ta", "W", "Re", "Os", "Ir", "Pt", "Au", "Hg", "Tl", "Pb", "Bi", "Po", "At", "Rn",
        "Fr", "Ra", "Ac", "Th", "Pa", "U", "Np", "Pu", "Am", "Cm", "Bk", "Cf", "Es", "Fm", "Md", "No"};
    private static final Map<String, Integer> Z = new HashMap<>();
    static {
        for (int z = 1; z < SYMBOLS.length; z++) Z.put(SYMBOLS[z], z);
    }

    private Elements() {}

    /** Atomic number of a symbol such as "O" or "Cu"; -1 when the symbol is not an element. */
    public static int atomicNumberOrMinusOne(String symbol) {
        Integer z = Z.get(symbol);
        return z == null ? -1 : z;
    }

    /** Atomic number of a symbol; throws IllegalArgumentException naming the symbol when unknown. */
    public static int atomicNumber(String symbol) {
        int z = atomicNumberOrMinusOne(symbol);
        if (z < 0) throw new IllegalArgumentException("'" + symbol + "' is not a chemical element symbol (H ... No)");
        return z;
    }

    public static String symbol(int z) {
        if (z < 1 || z >= SYMBOLS.length) throw new IllegalArgumentException("no element with atomic number " + z);
        return SYMBOLS[z];
    }

    public static boolean isElement(String symbol) { return Z.containsKey(symbol); }
}
