package dev.hdnnp.io;

import dev.hdnnp.structure.Elements;
import dev.hdnnp.structure.Structure.PerAtomProperty;
import dev.hdnnp.structure.Structure;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Extended XYZ as ASE writes it: per frame an atom count line, a line of {@code key=value} pairs
 * (values may be double-quoted with backslash escapes, or bracketed; bare keys are flags), then
 * one line per atom with the columns that {@code Properties} declares.
 *
 * <p>Mapped onto {@link Structure}: {@code Lattice} (rows a, b, c), {@code pbc} (default "T T T"
 * with a lattice, else "F F F"), {@code energy}, {@code charge} (total charge, when numeric),
 * {@code comment}, {@code set} (when train/test); per-atom {@code species}, {@code pos},
 * {@code forces} (or {@code force}), {@code charges} (or {@code initial_charges}). The keys
 * Lattice, Properties, pbc and energy are matched case-insensitively. Everything else is kept
 * as text in {@link Structure#info()} and {@link Structure#atomProperties()} and written back.
 * Without {@code Properties} the columns are {@code species:S:1:pos:R:3}; a second line without
 * any '=' is a plain XYZ title and becomes the comment.
 */
public final class ExtxyzFormat {
    private ExtxyzFormat() {}

    private record Column(String name, char type, int cols) {}

    /** Columns of one per-atom property: far more than any real one (a 3×3 tensor has 9). */
    private static final int MAX_COLUMNS = 1000;

    public static List<Structure> read(Path file) throws IOException {
        try (TextInput r = TextInput.open(file, "structure file")) {
            return read(r, file.toString());
        }
    }

    /** Reads all frames; blank lines between frames are skipped. Errors name file, line and field. */
    public static List<Structure> read(Reader reader, String nameForMessages) throws IOException {
        Frames frames = new Frames(TextInput.of(reader, nameForMessages), nameForMessages);
        List<Structure> out = new ArrayList<>();
        for (Structure s; (s = frames.next()) != null; ) out.add(s);
        return out;
    }

    /** Opens a file to be read one frame at a time, for trajectories that need not fit in memory. */
    public static Frames frames(Path file) {
        return new Frames(TextInput.open(file, "structure file"), file.toString());
    }

    /** Frames read one at a time. */
    public static final class Frames implements java.io.Closeable {
        private final TextInput in;
        private final String name;
        private int lineNo, count, frameLine;

        private Frames(TextInput in, String name) {
            this.in = in;
            this.name = name;
        }

        /** The line of the atom count of the frame {@link #next} returned last. */
        public int line() { return frameLine; }

        /** The next frame, or null at the end of the input. */
        public Structure next() throws IOException {
            String line;
            while ((line = in.readLine()) != null) {
                lineNo++;
                String[] f = TextNumbers.fields(line);
                if (f.length == 0) continue;
                int countLine = lineNo;
                int number = count + 1;
                if (f.length != 1 || !f[0].chars().allMatch(c -> c >= '0' && c <= '9') || f[0].length() > 9) {
                    throw new InputException(name, lineNo, "frame " + number + ": expected the number of atoms alone on the line, found '" + line.strip() + "'");
                }
                int n = Integer.parseInt(f[0]);
                String header = in.readLine();
                lineNo++;
                if (header == null) throw new InputException(name, countLine, "frame " + number + ": file ends before the comment (key=value) line");
                Structure s = readFrame(in, name, n, header, lineNo, number);
                lineNo += n;
                count++;
                frameLine = countLine;
                return s;
            }
            return null;
        }

        @Override
        public void close() throws IOException {
            in.close();
        }
    }

    private static Structure readFrame(TextInput in, String file, int n, String header, int headerLine, int number) throws IOException {
        // A plain XYZ title without any key=value pair is free text, not a row of flags.
        boolean plainTitle = header.indexOf('=') < 0 && !header.isBlank();
        Map<String, String> kv = plainTitle ? Map.of() : parseKeyValues(header, file, headerLine);
        String lattice = null, properties = null, pbcText = null, energy = null;
        Map<String, String> rest = new LinkedHashMap<>();
        for (var e : kv.entrySet()) {
            switch (e.getKey().toLowerCase(Locale.ROOT)) {
                case "lattice" -> lattice = e.getValue();
                case "properties" -> properties = e.getValue();
                case "pbc" -> pbcText = e.getValue();
                case "energy" -> energy = e.getValue();
                default -> rest.put(e.getKey(), e.getValue());
            }
        }
        double[] cell = null;
        if (lattice != null) {
            String[] t = TextNumbers.fields(lattice);
            if (t.length != 9) throw new InputException(file, headerLine, "Lattice: expected 9 numbers, found " + t.length);
            cell = new double[9];
            for (int k = 0; k < 9; k++) cell[k] = TextNumbers.parse(t[k], file, headerLine, "Lattice component " + (k + 1));
        }
        boolean[] pbc = new boolean[3];
        if (pbcText != null) {
            String[] t = TextNumbers.fields(pbcText);
            if (t.length != 3) throw new InputException(file, headerLine, "pbc: expected 3 flags (T/F), found '" + pbcText + "'");
            for (int d = 0; d < 3; d++) {
                pbc[d] = switch (t[d].toLowerCase(Locale.ROOT)) {
                    case "t", "true", "1" -> true;
                    case "f", "false", "0" -> false;
                    default -> throw new InputException(file, headerLine, "pbc: expected T or F, found '" + t[d] + "'");
                };
            }
            if (cell == null && (pbc[0] || pbc[1] || pbc[2])) throw new InputException(file, headerLine, "pbc: periodic directions but no Lattice");
        } else if (cell != null) {
            pbc = new boolean[] {true, true, true};
        }
        List<Column> columns = parseProperties(properties == null ? "species:S:1:pos:R:3" : properties, file, headerLine);

        // Arrays grow with the atom lines actually read: a count line of 999999999 must not allocate gigabytes.
        int cap = Math.min(n, 1 << 12);
        String[] species = new String[cap];
        double[] pos = new double[3 * cap];
        double[] forces = null, charges = null;
        int ispecies = -1, ipos = -1, iforces = -1, icharges = -1;
        for (int c = 0; c < columns.size(); c++) {
            Column col = columns.get(c);
            String lc = col.name.toLowerCase(Locale.ROOT);
            if (lc.equals("species") && ispecies < 0) {
                if (col.type != 'S' || col.cols != 1) throw new InputException(file, headerLine, "Properties: species must be S:1");
                ispecies = c;
            } else if (lc.equals("pos") && ipos < 0) {
                if (col.type != 'R' || col.cols != 3) throw new InputException(file, headerLine, "Properties: pos must be R:3");
                ipos = c;
            } else if ((lc.equals("forces") || lc.equals("force")) && iforces < 0 && col.type == 'R' && col.cols == 3) {
                iforces = c;
                forces = new double[3 * cap];
            } else if ((lc.equals("charges") || lc.equals("initial_charges")) && icharges < 0 && col.type == 'R' && col.cols == 1) {
                icharges = c;
                charges = new double[cap];
            }
        }
        if (ispecies < 0) throw new InputException(file, headerLine, "Properties: no 'species' column");
        if (ipos < 0) throw new InputException(file, headerLine, "Properties: no 'pos' column");
        int total = 0;
        for (Column c : columns) total += c.cols;
        String[][] extra = new String[columns.size()][];
        for (int c = 0; c < columns.size(); c++) {
            if (c != ispecies && c != ipos && c != iforces && c != icharges) extra[c] = new String[cap * columns.get(c).cols];
        }
        for (int i = 0; i < n; i++) {
            int lineNo = headerLine + 1 + i;
            String line = in.readLine();
            if (line == null) throw new InputException(file, lineNo, "frame " + number + ": file ends after " + i + " of " + n + " atom lines");
            if (i == cap) {
                cap = (int) Math.min(n, 2L * cap);
                species = Arrays.copyOf(species, cap);
                pos = Arrays.copyOf(pos, 3 * cap);
                if (forces != null) forces = Arrays.copyOf(forces, 3 * cap);
                if (charges != null) charges = Arrays.copyOf(charges, cap);
                for (int c = 0; c < extra.length; c++) if (extra[c] != null) extra[c] = Arrays.copyOf(extra[c], cap * columns.get(c).cols);
            }
            String[] f = TextNumbers.fields(line);
            if (f.length != total) {
                throw new InputException(file, lineNo, "atom line: expected " + total + " fields (Properties=" + (properties == null ? "species:S:1:pos:R:3" : properties) + "), found " + f.length);
            }
            int k = 0;
            for (int c = 0; c < columns.size(); c++) {
                Column col = columns.get(c);
                if (c == ispecies) {
                    if (!Elements.isElement(f[k])) throw new InputException(file, lineNo, "species: '" + f[k] + "' is not an element symbol (H ... No)");
                    species[i] = f[k];
                } else if (c == ipos) {
                    for (int d = 0; d < 3; d++) pos[3 * i + d] = TextNumbers.parse(f[k + d], file, lineNo, "pos " + "xyz".charAt(d));
                } else if (c == iforces) {
                    for (int d = 0; d < 3; d++) forces[3 * i + d] = TextNumbers.parse(f[k + d], file, lineNo, col.name + " " + "xyz".charAt(d));
                } else if (c == icharges) {
                    charges[i] = TextNumbers.parse(f[k], file, lineNo, col.name);
                } else {
                    for (int d = 0; d < col.cols; d++) {
                        if (col.type == 'R') TextNumbers.parse(f[k + d], file, lineNo, col.name);
                        extra[c][i * col.cols + d] = f[k + d];
                    }
                }
                k += col.cols;
            }
        }
        Structure s = new Structure(species, pos, cell, pbc);
        if (plainTitle) s.setComment(header.strip());
        s.setForces(forces);
        s.setCharges(charges);
        if (energy != null) s.setEnergy(TextNumbers.parse(energy.strip(), file, headerLine, "energy"));
        for (var e : rest.entrySet()) {
            String v = e.getValue();
            switch (e.getKey()) {
                case "comment" -> s.setComment(v);
                case "set" -> { if (v.equals("train") || v.equals("test")) s.setSet(v); else s.info().put("set", v); }
                case "charge" -> { if (TextNumbers.isDecimal(v)) s.setTotalCharge(TextNumbers.parse(v, file, headerLine, "charge")); else s.info().put("charge", v); }
                default -> s.info().put(e.getKey(), v);
            }
        }
        for (int c = 0; c < columns.size(); c++) {
            if (extra[c] != null) s.atomProperties().put(columns.get(c).name, new PerAtomProperty(columns.get(c).type, columns.get(c).cols, extra[c]));
        }
        StructureFiles.validate(s, file, headerLine - 1, number);
        return s;
    }

    private static List<Column> parseProperties(String p, String file, int line) {
        String[] t = p.split(":", -1);
        if (t.length % 3 != 0) throw new InputException(file, line, "Properties: expected name:type:columns triples, found '" + p + "'");
        List<Column> cols = new ArrayList<>();
        for (int k = 0; k < t.length; k += 3) {
            if (t[k].isEmpty() || t[k + 1].length() != 1 || "SRIL".indexOf(t[k + 1].charAt(0)) < 0) {
                throw new InputException(file, line, "Properties: bad entry '" + t[k] + ":" + t[k + 1] + ":" + t[k + 2] + "' (type must be S, R, I or L)");
            }
            int c;
            try {
                c = Integer.parseInt(t[k + 2]);
            } catch (NumberFormatException e) {
                c = 0;
            }
            if (c < 1 || c > MAX_COLUMNS || !t[k + 2].matches("[0-9]+"))
                throw new InputException(file, line, "Properties: column count of '" + t[k] + "' must be an integer from 1 to " + MAX_COLUMNS + ", found '" + t[k + 2] + "'");
            cols.add(new Column(t[k], t[k + 1].charAt(0), c));
        }
        return cols;
    }

    /**
     * Splits the comment line into key/value pairs in order. Values: "double quoted" (escapes
     * \" \\ \n), {braced} or [bracketed] (kept verbatim, brackets included), or bare up to the
     * next blank. A key without '=' is a flag with value "T", as ASE reads it as True.
     */
    static Map<String, String> parseKeyValues(String s, String file, int line) {
        Map<String, String> out = new LinkedHashMap<>();
        int n = s.length(), i = 0;
        while (true) {
            while (i < n && TextNumbers.isBlank(s.charAt(i))) i++;
            if (i >= n) break;
            int start = i;
            String key;
            if (s.charAt(i) == '"') {
                StringBuilder sb = new StringBuilder();
                i = readQuoted(s, i, sb, file, line);
                key = sb.toString();
            } else {
                while (i < n && s.charAt(i) != '=' && !TextNumbers.isBlank(s.charAt(i))) i++;
                key = s.substring(start, i);
            }
            int j = i;
            while (j < n && TextNumbers.isBlank(s.charAt(j))) j++;
            if (j >= n || s.charAt(j) != '=') {
                out.put(key, "T");
                continue;
            }
            i = j + 1;
            while (i < n && TextNumbers.isBlank(s.charAt(i))) i++;
            if (i >= n) throw new InputException(file, line, "key '" + key + "': '=' without a value");
            char c = s.charAt(i);
            if (c == '"') {
                StringBuilder sb = new StringBuilder();
                i = readQuoted(s, i, sb, file, line);
                out.put(key, sb.toString());
            } else if (c == '{' || c == '[') {
                char close = c == '{' ? '}' : ']';
                int depth = 0, v = i;
                for (; i < n; i++) {
                    if (s.charAt(i) == c) depth++;
                    else if (s.charAt(i) == close && --depth == 0) break;
                }
                if (i >= n) throw new InputException(file, line, "key '" + key + "': no closing '" + close + "'");
                out.put(key, s.substring(v, ++i));
            } else {
                int v = i;
                while (i < n && !TextNumbers.isBlank(s.charAt(i))) i++;
                out.put(key, s.substring(v, i));
            }
        }
        return out;
    }

    private static int readQuoted(String s, int i, StringBuilder sb, String file, int line) {
        int n = s.length();
        for (i++; i < n; i++) {
            char c = s.charAt(i);
            if (c == '"') return i + 1;
            if (c == '\\' && i + 1 < n) {
                char e = s.charAt(++i);
                sb.append(e == 'n' ? '\n' : e);
            } else {
                sb.append(c);
            }
        }
        throw new InputException(file, line, "unterminated double quote in the key=value line");
    }

    /** Writes all frames; doubles via {@link Double#toString} (shortest text that reads back to the same value). Atomic. */
    public static void write(Path file, List<Structure> structures) throws IOException {
        AtomicFiles.write(file, w -> write(w, structures));
    }

    /** Writes to a stream (no atomicity); see {@link #write(Path, List)}. */
    public static void write(Writer w, List<Structure> structures) throws IOException {
        StringBuilder sb = new StringBuilder(1 << 16);
        for (Structure s : structures) {
            int n = s.size();
            sb.append(n).append('\n');
            double[] h = s.cell();
            if (h != null) {
                sb.append("Lattice=\"");
                for (int k = 0; k < 9; k++) sb.append(k == 0 ? "" : " ").append(h[k]);
                sb.append("\" ");
            }
            sb.append("Properties=species:S:1:pos:R:3");
            if (s.forces() != null) sb.append(":forces:R:3");
            if (s.charges() != null) sb.append(":charges:R:1");
            for (var e : s.atomProperties().entrySet()) {
                sb.append(':').append(e.getKey()).append(':').append(e.getValue().type()).append(':').append(e.getValue().columns());
            }
            if (s.hasEnergy()) sb.append(" energy=").append(s.energy());
            if (s.hasTotalCharge()) sb.append(" charge=").append(s.totalCharge());
            boolean[] p = s.pbc();
            sb.append(" pbc=\"").append(p[0] ? 'T' : 'F').append(' ').append(p[1] ? 'T' : 'F').append(' ').append(p[2] ? 'T' : 'F').append('"');
            if (!s.comment().isEmpty()) sb.append(" comment=").append(quote(s.comment()));
            if (s.set() != null) sb.append(" set=").append(quote(s.set()));
            for (var e : s.info().entrySet()) sb.append(' ').append(quoteKey(e.getKey())).append('=').append(quote(e.getValue()));
            sb.append('\n');
            double[] x = s.positions(), f = s.forces(), q = s.charges();
            for (int i = 0; i < n; i++) {
                sb.append(s.species(i));
                for (int d = 0; d < 3; d++) sb.append(' ').append(x[3 * i + d]);
                if (f != null) for (int d = 0; d < 3; d++) sb.append(' ').append(f[3 * i + d]);
                if (q != null) sb.append(' ').append(q[i]);
                for (PerAtomProperty pr : s.atomProperties().values()) {
                    for (int d = 0; d < pr.columns(); d++) sb.append(' ').append(pr.values()[i * pr.columns() + d]);
                }
                sb.append('\n');
                if (sb.length() > 1 << 16) { w.append(sb); sb.setLength(0); }
            }
        }
        w.append(sb);
    }

    /** Leaves simple tokens and bracketed arrays bare; quotes the rest so that it reads back unchanged. */
    private static String quote(String v) {
        boolean bare = !v.isEmpty();
        for (int k = 0; k < v.length() && bare; k++) {
            char c = v.charAt(k);
            bare = !(TextNumbers.isBlank(c) || c == '"' || c == '\\' || c == '=' || c == '\n' || c == '{' || c == '[');
        }
        if (bare) return v;
        if ((v.startsWith("[") && v.endsWith("]") || v.startsWith("{") && v.endsWith("}")) && !v.contains("\n")) {
            // keep arrays bare if they parse back as one bracketed value
            try {
                Map<String, String> probe = parseKeyValues("k=" + v, null, 0);
                if (v.equals(probe.get("k")) && probe.size() == 1) return v;
            } catch (InputException e) {
                // not a well-formed array: quote it below
            }
        }
        StringBuilder sb = new StringBuilder(v.length() + 2).append('"');
        for (int k = 0; k < v.length(); k++) {
            char c = v.charAt(k);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                default -> sb.append(c);
            }
        }
        return sb.append('"').toString();
    }

    private static String quoteKey(String k) {
        boolean bare = !k.isEmpty() && k.charAt(0) != '"';
        for (int i = 0; i < k.length() && bare; i++) {
            char c = k.charAt(i);
            bare = !(TextNumbers.isBlank(c) || c == '=' || c == '\n');
        }
        return bare ? k : quote(" " + k).replaceFirst("^\" ", "\"");
    }
}
