package dev.hdnnp.potential;

import java.util.Locale;
import java.util.Map;

/**
 * Length and energy units a model may be expressed in, with their size in angstrom and eV.
 * Values are CODATA 2018 as used by LAMMPS's {@code units metal}/{@code units real} conversions.
 */
public final class Units {
    private Units() {}

    /** Bohr radius in angstrom. */
    public static final double BOHR = 0.529177210903;
    /** Hartree in eV. */
    public static final double HARTREE = 27.211386245988;
    /** kcal/mol in eV (thermochemical calorie). */
    public static final double KCAL_PER_MOL = 4.184 / 96.48533212331002;
    /** kJ/mol in eV. */
    public static final double KJ_PER_MOL = 1.0 / 96.48533212331002;

    private static final Map<String, Double> LENGTH = Map.of(
            "angstrom", 1.0, "bohr", BOHR, "nm", 10.0);
    private static final Map<String, Double> ENERGY = Map.of(
            "ev", 1.0, "hartree", HARTREE, "kcal/mol", KCAL_PER_MOL, "kj/mol", KJ_PER_MOL, "rydberg", HARTREE / 2);

    /** Canonical spelling of a length unit ("angstrom", "bohr", "nm"); throws for unknown units. */
    public static String lengthUnit(String name) {
        String key = canonicalLength(name);
        if (!LENGTH.containsKey(key)) throw new IllegalArgumentException("unknown length unit '" + name + "' (known: angstrom, bohr, nm)");
        return key;
    }

    /** Canonical spelling of an energy unit ("eV", "hartree", "kcal/mol", "kJ/mol", "rydberg"). */
    public static String energyUnit(String name) {
        String key = name.toLowerCase(Locale.ROOT);
        if (key.equals("ha")) key = "hartree";
        if (key.equals("ry")) key = "rydberg";
        if (!ENERGY.containsKey(key)) throw new IllegalArgumentException("unknown energy unit '" + name + "' (known: eV, hartree, kcal/mol, kJ/mol, rydberg)");
        return switch (key) { case "ev" -> "eV"; case "kj/mol" -> "kJ/mol"; default -> key; };
    }

    /** Size of one unit of {@code name} in angstrom. */
    public static double lengthInAngstrom(String name) { return LENGTH.get(lengthUnit(name)); }

    /** Size of one unit of {@code name} in eV. */
    public static double energyInEv(String name) { return ENERGY.get(energyUnit(name).toLowerCase(Locale.ROOT)); }

    /** Factor f with value_in_to = f × value_in_from, for lengths. */
    public static double lengthFactor(String from, String to) { return lengthInAngstrom(from) / lengthInAngstrom(to); }

    /** Factor f with value_in_to = f × value_in_from, for energies. */
    public static double energyFactor(String from, String to) { return energyInEv(from) / energyInEv(to); }

    private static String canonicalLength(String name) {
        String key = name.toLowerCase(Locale.ROOT);
        return switch (key) { case "a", "å", "ang", "angstroms" -> "angstrom"; case "bohrs", "a0" -> "bohr"; default -> key; };
    }
}
