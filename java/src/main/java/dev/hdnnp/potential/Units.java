package dev.hdnnp.potential;

import java.util.Locale;
import java.util.Map;

/**
 * Length and energy units by name, with conversion factors (CODATA 2018). Names are
 * case-insensitive; common spellings are accepted ("Å", "A", "angstrom"; "eV", "ev"; "Ha", "hartree";
 * "kcal/mol"; "kJ/mol"; "bohr", "a0"; "nm").
 */
public final class Units {
    private Units() {}

    /** Bohr radius in ångström (CODATA 2018). */
    public static final double BOHR_IN_ANGSTROM = 0.529177210903;
    /** Hartree energy in eV (CODATA 2018). */
    public static final double HARTREE_IN_EV = 27.211386245988;
    /** One eV per particle in kJ/mol: e·N_A/1000 (exact since 2019 SI). */
    public static final double EV_IN_KJ_PER_MOL = 96.48533212331002;
    public static final double KCAL_IN_KJ = 4.184;

    private static final Map<String, Double> LENGTH_IN_ANGSTROM = Map.of(
            "angstrom", 1.0, "a", 1.0, "å", 1.0, "ang", 1.0,
            "bohr", BOHR_IN_ANGSTROM, "a0", BOHR_IN_ANGSTROM,
            "nm", 10.0, "nanometer", 10.0);

    private static final Map<String, Double> ENERGY_IN_EV = Map.of(
            "ev", 1.0,
            "hartree", HARTREE_IN_EV, "ha", HARTREE_IN_EV,
            "kcal/mol", KCAL_IN_KJ / EV_IN_KJ_PER_MOL,
            "kj/mol", 1.0 / EV_IN_KJ_PER_MOL);

    /** The size of one {@code unit} in ångström; IllegalArgumentException for an unknown name. */
    public static double lengthInAngstrom(String unit) {
        Double v = unit == null ? null : LENGTH_IN_ANGSTROM.get(unit.trim().toLowerCase(Locale.ROOT));
        if (v == null) throw new IllegalArgumentException("unknown length unit '" + unit
                + "' (known: angstrom, bohr, nm)");
        return v;
    }

    /** The size of one {@code unit} in eV; IllegalArgumentException for an unknown name. */
    public static double energyInEV(String unit) {
        Double v = unit == null ? null : ENERGY_IN_EV.get(unit.trim().toLowerCase(Locale.ROOT));
        if (v == null) throw new IllegalArgumentException("unknown energy unit '" + unit
                + "' (known: eV, hartree, kcal/mol, kJ/mol)");
        return v;
    }

    /** Factor turning a length in {@code from} into one in {@code to}. */
    public static double lengthFactor(String from, String to) {
        return lengthInAngstrom(from) / lengthInAngstrom(to);
    }

    /** Factor turning an energy in {@code from} into one in {@code to}. */
    public static double energyFactor(String from, String to) {
        return energyInEV(from) / energyInEV(to);
    }

    public static boolean isLength(String unit) {
        return unit != null && LENGTH_IN_ANGSTROM.containsKey(unit.trim().toLowerCase(Locale.ROOT));
    }

    public static boolean isEnergy(String unit) {
        return unit != null && ENERGY_IN_EV.containsKey(unit.trim().toLowerCase(Locale.ROOT));
    }
}
