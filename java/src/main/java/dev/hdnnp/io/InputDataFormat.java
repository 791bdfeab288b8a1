package dev.hdnnp.io;

import dev.hdnnp.structure.Elements;
import dev.hdnnp.structure.Structure;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Formatter;
import java.util.List;
import java.util.Locale;

/**
 * n2p2 / RuNNer {@code input.data}: any number of {@code begin ... end} blocks with
 * {@code comment}, {@code lattice} (0 or 3 lines, rows a, b, c; three lines make the structure
 * periodic in all directions), {@code atom x y z El q e fx fy fz}, {@code energy}, {@code charge}.
 *
 * <p>Differences from n2p2: blank lines are allowed anywhere; {@code energy} and {@code charge}
 * are remembered as absent (NaN) rather than 0 when missing. Several {@code comment} lines are
 * joined with '\n' and written back as several lines. The unused fifth atom field is read and
 * checked but not kept (written as 0, as n2p2 does). Units are those of the file.
 */
public final class InputDataFormat {
    private InputDataFormat() {}

    public static List<Structure> read(Path file) throws IOException {
        try (TextInput r = TextInput.open(file, "structure file")) {
            return read(r, file.toString());
        }
    }

    /** Reads all blocks; every error names {@code nameForMessages}, the line and what was expected. */
    public static List<Structure> read(Reader reader, String nameForMessages) throws IOException {
        TextInput in = TextInput.of(reader, nameForMessages);
        String name = nameForMessages;
        List<Structure> out = new ArrayList<>();
        Block block = null;
        String line;
        int lineNo = 0;
        while ((line = in.readLine()) != null) {
            lineNo++;
            String[] f = TextNumbers.fields(line);
            if (f.length == 0) continue;
            String key = f[0];
            if (block == null) {
                if (!key.equals("begin")) {
                    throw new InputException(name, lineNo, "expected 'begin' to start a structure, found '" + key + "'");
                }
                block = new Block(lineNo);
                if (f.length > 2) throw new InputException(name, lineNo, "begin: expected at most one option (set=train or set=test), found " + (f.length - 1));
                if (f.length == 2) {
                    block.set = switch (f[1]) {
                        case "set=train" -> "train";
                        case "set=test" -> "test";
                        default -> throw new InputException(name, lineNo, "begin: expected set=train or set=test, found '" + f[1] + "'");
                    };
                }
                continue;
            }
            switch (key) {
                case "begin" -> throw new InputException(name, lineNo,
                        "begin: structure started at line " + block.beginLine + " has no 'end' before this 'begin'");
                case "comment" -> {
                    String text = line.strip().substring("comment".length()).strip();
                    block.comment = block.comment == null ? text : block.comment + "\n" + text;
                }
                case "lattice" -> {
                    expectFields(f, 4, "lattice <x> <y> <z>", name, lineNo);
                    if (block.latticeLines == 3) throw new InputException(name, lineNo, "lattice: a fourth lattice line; expected exactly 3");
                    for (int d = 0; d < 3; d++) {
                        block.cell[3 * block.latticeLines + d] = TextNumbers.parse(f[1 + d], name, lineNo, "lattice component " + (d + 1));
                    }
                    block.latticeLines++;
                    block.lastLatticeLine = lineNo;
                }
                case "atom" -> {
                    expectFields(f, 10, "atom <x> <y> <z> <element> <charge> <unused> <fx> <fy> <fz>", name, lineNo);
                    if (!Elements.isElement(f[4])) {
                        throw new InputException(name, lineNo, "atom: field 4 '" + f[4] + "' is not an element symbol (H ... No)");
                    }
                    block.species.add(f[4]);
                    for (int d = 0; d < 3; d++) block.pos.add(TextNumbers.parse(f[1 + d], name, lineNo, "atom position " + "xyz".charAt(d)));
                    block.charge.add(TextNumbers.parse(f[5], name, lineNo, "atom charge (field 5)"));
                    TextNumbers.parse(f[6], name, lineNo, "atom field 6");
                    for (int d = 0; d < 3; d++) block.force.add(TextNumbers.parse(f[7 + d], name, lineNo, "atom force f" + "xyz".charAt(d)));
                }
                case "energy" -> {
                    expectFields(f, 2, "energy <E>", name, lineNo);
                    if (!Double.isNaN(block.energy)) throw new InputException(name, lineNo, "energy: second energy line in one structure");
                    block.energy = TextNumbers.parse(f[1], name, lineNo, "energy");
                }
                case "charge" -> {
                    expectFields(f, 2, "charge <Q>", name, lineNo);
                    if (!Double.isNaN(block.totalCharge)) throw new InputException(name, lineNo, "charge: second charge line in one structure");
                    block.totalCharge = TextNumbers.parse(f[1], name, lineNo, "charge");
                }
                case "end" -> {
                    if (f.length > 1) throw new InputException(name, lineNo, "end: expected nothing after 'end', found '" + f[1] + "'");
                    out.add(block.finish(name, lineNo, out.size() + 1));
                    block = null;
                }
                default -> throw new InputException(name, lineNo, "unknown keyword '" + key
                        + "'; expected one of comment, lattice, atom, energy, charge, end");
            }
        }
        if (block != null) {
            throw new InputException(name, block.beginLine, "begin: structure " + (out.size() + 1) + " has no 'end' (file ends at line " + lineNo + ")");
        }
        return out;
    }

    private static void expectFields(String[] f, int n, String form, String file, int line) {
        if (f.length != n) {
            throw new InputException(file, line, f[0] + ": expected " + (n - 1) + " fields (" + form + "), found " + (f.length - 1));
        }
    }

    /** Accumulates one begin/end block; primitive lists avoid boxing millions of doubles. */
    private static final class Block {
        final int beginLine;
        String set, comment;
        final double[] cell = new double[9];
        int latticeLines, lastLatticeLine;
        final List<String> species = new ArrayList<>();
        final DoubleList pos = new DoubleList(), force = new DoubleList(), charge = new DoubleList();
        double energy = Double.NaN, totalCharge = Double.NaN;

        Block(int beginLine) { this.beginLine = beginLine; }

        Structure finish(String file, int endLine, int number) {
            if (latticeLines != 0 && latticeLines != 3) {
                throw new InputException(file, lastLatticeLine, "lattice: structure " + number + " has " + latticeLines
                        + " lattice line(s); expected 0 or exactly 3");
            }
            if (species.isEmpty()) throw new InputException(file, endLine, "end: structure " + number + " has no atom lines");
            boolean periodic = latticeLines == 3;
            Structure s = new Structure(species.toArray(String[]::new), pos.toArray(), periodic ? cell.clone() : null,
                    new boolean[] {periodic, periodic, periodic});
            s.setForces(force.toArray());
            s.setCharges(charge.toArray());
            s.setEnergy(energy);
            s.setTotalCharge(totalCharge);
            s.setComment(comment);
            s.setSet(set);
            StructureFiles.validate(s, file, beginLine, number);
            return s;
        }
    }

    /**
     * Writes all structures with {@code %24.16E} (17 significant digits: every double reads back
     * identically). Missing forces and charges are written as 0; {@code energy} and {@code charge}
     * lines only when present. Atomic: the target is replaced only after the whole file is written.
     *
     * @throws IllegalArgumentException for a structure periodic in only one or two directions,
     *         which input.data cannot express
     */
    public static void write(Path file, List<Structure> structures) throws IOException {
        for (int k = 0; k < structures.size(); k++) {
            boolean[] p = structures.get(k).pbc();
            if ((p[0] || p[1] || p[2]) && !(p[0] && p[1] && p[2])) {
                throw new IllegalArgumentException("structure " + (k + 1) + " is periodic in only some directions; input.data can express only all or none");
            }
        }
        AtomicFiles.write(file, w -> write(w, structures));
    }

    /** Writes to a stream (no atomicity); see {@link #write(Path, List)}. */
    public static void write(Writer w, List<Structure> structures) throws IOException {
        StringBuilder sb = new StringBuilder(1 << 16);
        Formatter fmt = new Formatter(sb, Locale.ROOT);
        for (Structure s : structures) {
            sb.append(s.set() == null ? "begin\n" : "begin set=" + s.set() + "\n");
            if (!s.comment().isEmpty()) {
                for (String c : s.comment().split("\n", -1)) sb.append("comment ").append(c).append('\n');
            }
            double[] h = s.cell();
            if (h != null && s.isPeriodic()) {
                for (int r = 0; r < 3; r++) fmt.format("lattice %24.16E %24.16E %24.16E\n", h[3 * r], h[3 * r + 1], h[3 * r + 2]);
            }
            double[] x = s.positions(), f = s.forces(), q = s.charges();
            for (int i = 0; i < s.size(); i++) {
                fmt.format("atom %24.16E %24.16E %24.16E %2s %24.16E %24.16E %24.16E %24.16E %24.16E\n",
                        x[3 * i], x[3 * i + 1], x[3 * i + 2], s.species(i), q == null ? 0.0 : q[i], 0.0,
                        f == null ? 0.0 : f[3 * i], f == null ? 0.0 : f[3 * i + 1], f == null ? 0.0 : f[3 * i + 2]);
            }
            if (s.hasEnergy()) fmt.format("energy %24.16E\n", s.energy());
            if (s.hasTotalCharge()) fmt.format("charge %24.16E\n", s.totalCharge());
            sb.append("end\n");
            if (sb.length() > 1 << 16) { w.append(sb); sb.setLength(0); }
        }
        w.append(sb);
    }
}
