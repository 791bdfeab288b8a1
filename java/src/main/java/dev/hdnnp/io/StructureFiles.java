package dev.hdnnp.io;

import dev.hdnnp.neighbor.NeighborList;
import dev.hdnnp.structure.Structure;
import dev.hdnnp.structure.StructureValidator;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** Reads and writes structure files, choosing n2p2 input.data or extended XYZ by file name. */
public final class StructureFiles {
    /** Format names accepted by the explicit overloads. */
    public static final String N2P2 = "n2p2", EXTXYZ = "extxyz";

    private StructureFiles() {}

    /**
     * Throws an InputException naming the file, the line where the structure starts and its
     * 1-based number in the file when {@link StructureValidator#problem} finds something or two
     * atoms coincide ({@link NeighborList#coincidentAtoms}: evaluated, they would give NaN).
     */
    static void validate(Structure s, String file, int line, int structureNumber) {
        String p = StructureValidator.problem(s);
        if (p == null) p = NeighborList.coincidentAtoms(s);
        if (p != null) throw new InputException(file, line, "structure " + structureNumber + ": " + p);
    }

    /**
     * The format a file name implies: {@code .xyz}/{@code .extxyz} → "extxyz";
     * {@code input.data}, {@code output.data} or any {@code .data} → "n2p2".
     *
     * @throws IllegalArgumentException when the name implies neither
     */
    public static String formatOf(Path file) {
        String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (n.endsWith(".xyz") || n.endsWith(".extxyz")) return EXTXYZ;
        if (n.endsWith(".data")) return N2P2;
        throw new IllegalArgumentException("cannot tell the format of '" + file
                + "' from its name (expected .xyz, .extxyz or .data such as input.data); give the format explicitly");
    }

    public static List<Structure> read(Path file) throws IOException {
        return read(file, formatOf(file));
    }

    /**
     * @param format "n2p2" (also "input.data") or "extxyz" (also "xyz"), case-insensitive
     * @throws InputException also for a file without any structure: a command given an empty
     *         file has nothing to do, and succeeding with no output would hide the mistake
     */
    public static List<Structure> read(Path file, String format) throws IOException {
        String f = normalize(format);
        List<Structure> out = switch (f) {
            case N2P2 -> InputDataFormat.read(file);
            default -> ExtxyzFormat.read(file);
        };
        if (out.isEmpty()) {
            throw new InputException(file, 0, "no structures: the file is empty or blank; expected "
                    + (f.equals(N2P2) ? "n2p2 input.data blocks (begin, lattice, atom ..., energy, end)"
                                      : "extended XYZ frames (atom count, key=value line, one line per atom)"));
        }
        return out;
    }

    public static void write(Path file, List<Structure> structures) throws IOException {
        write(file, structures, formatOf(file));
    }

    public static void write(Path file, List<Structure> structures, String format) throws IOException {
        switch (normalize(format)) {
            case N2P2 -> InputDataFormat.write(file, structures);
            default -> ExtxyzFormat.write(file, structures);
        }
    }

    private static String normalize(String format) {
        return switch (format.toLowerCase(Locale.ROOT)) {
            case "n2p2", "input.data", "data", "runner" -> N2P2;
            case "extxyz", "xyz" -> EXTXYZ;
            default -> throw new IllegalArgumentException("unknown structure format '" + format + "' (expected n2p2 or extxyz)");
        };
    }
}
