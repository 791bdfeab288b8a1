package dev.hdnnp.io;

import dev.hdnnp.structure.Elements;
import dev.hdnnp.structure.Structure;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * A LAMMPS text dump ({@code dump custom} or {@code dump atom}) read frame by frame, so that a long
 * trajectory never has to fit in memory.
 *
 * <p>Per frame: {@code ITEM: TIMESTEP}, {@code ITEM: NUMBER OF ATOMS}, {@code ITEM: BOX BOUNDS}
 * (orthogonal, restricted triclinic with {@code xy xz yz}, or general triclinic with
 * {@code abc origin}; boundary flags {@code pp} are periodic, anything else is not) and
 * {@code ITEM: ATOMS} with a {@code type} (mapped to elements by the caller, type 1 first) or an
 * {@code element} column and positions as {@code x y z}, {@code xu yu zu}, {@code xs ys zs} or
 * {@code xsu ysu zsu} (scaled: fractions of the box). {@code ITEM: UNITS} and {@code ITEM: TIME}
 * are skipped. With an {@code id} column the atoms are sorted by ID, because LAMMPS writes them in
 * whatever order the ranks own them. Positions stay in LAMMPS's frame (the box origin is not
 * subtracted): energies and forces do not depend on it.
 */
public final class LammpsDump implements Closeable {
    /** One frame: its timestep, the line of its {@code ITEM: TIMESTEP} and the structure. */
    public record Frame(long step, int line, Structure structure) {}

    private final TextInput in;
    private final String file;
    private final List<String> typeElements;
    private int lineNo;
    private int frames;

    private LammpsDump(TextInput in, String file, List<String> typeElements) {
        this.in = in;
        this.file = file;
        this.typeElements = typeElements == null ? List.of() : List.copyOf(typeElements);
        for (String e : this.typeElements)
            if (!Elements.isElement(e)) throw new IllegalArgumentException("'" + e + "' is not an element symbol (H ... No)");
    }

    /**
     * @param typeElements the element of LAMMPS type 1, 2, ...; empty when the dump has an
     *                     {@code element} column instead
     */
    public static LammpsDump open(Path file, List<String> typeElements) {
        return new LammpsDump(TextInput.open(file, "trajectory"), file.toString(), typeElements);
    }

    /** Every frame of a dump (for files that fit in memory; see {@link #open} otherwise). */
    public static List<Frame> read(Path file, List<String> typeElements) throws IOException {
        try (LammpsDump d = open(file, typeElements)) {
            List<Frame> out = new ArrayList<>();
            for (Frame f; (f = d.next()) != null; ) out.add(f);
            if (out.isEmpty()) throw new InputException(file, 0, "no frames: expected a LAMMPS dump starting with 'ITEM: TIMESTEP'");
            return out;
        }
    }

    /** True when the first non-blank line of the file starts with "ITEM:", as every LAMMPS text dump does. */
    public static boolean looksLikeDump(Path file) {
        try (TextInput t = TextInput.open(file, "trajectory")) {
            for (String l; (l = t.readLine()) != null; )
                if (!l.isBlank()) return l.strip().startsWith("ITEM:");
            return false;
        } catch (IOException | InputException e) {
            return false;
        }
    }

    private String line() throws IOException {
        String l = in.readLine();
        if (l != null) lineNo++;
        return l;
    }

    /** The next line, which must exist. */
    private String need(String what, int frameLine) throws IOException {
        String l = line();
        if (l == null) throw new InputException(file, frameLine, "frame " + (frames + 1) + ": file ends before " + what);
        return l;
    }

    private static String item(String l) {
        String s = l.strip();
        return s.startsWith("ITEM:") ? s.substring(5).strip() : null;
    }

    /** The next frame, or null at the end of the file. */
    public Frame next() throws IOException {
        String l;
        do {
            l = line();
            if (l == null) return null;
        } while (l.isBlank());
        int frameLine = lineNo;
        // optional items LAMMPS writes before the timestep
        while (true) {
            String it = item(l);
            if (it != null && (it.equals("UNITS") || it.equals("TIME"))) {
                need("the value of ITEM: " + it, frameLine);
                l = need("ITEM: TIMESTEP", frameLine);
                continue;
            }
            break;
        }
        if (!"TIMESTEP".equals(item(l)))
            throw new InputException(file, lineNo, "frame " + (frames + 1) + ": expected 'ITEM: TIMESTEP', found '" + l.strip() + "'");
        long step = parseLong(need("the timestep", frameLine).strip(), "timestep");
        l = need("ITEM: NUMBER OF ATOMS", frameLine);
        if (!"NUMBER OF ATOMS".equals(item(l)))
            throw new InputException(file, lineNo, "expected 'ITEM: NUMBER OF ATOMS', found '" + l.strip() + "'");
        long nl = parseLong(need("the number of atoms", frameLine).strip(), "number of atoms");
        if (nl < 1 || nl > Integer.MAX_VALUE / 3)
            throw new InputException(file, lineNo, "number of atoms: expected 1 to " + Integer.MAX_VALUE / 3 + ", got " + nl);
        int n = (int) nl;
        l = need("ITEM: BOX BOUNDS", frameLine);
        String box = item(l);
        if (box == null || !box.startsWith("BOX BOUNDS"))
            throw new InputException(file, lineNo, "expected 'ITEM: BOX BOUNDS', found '" + l.strip() + "'");
        int boxLine = lineNo;
        double[] cell = new double[9];
        double[] origin = new double[3];
        boolean[] pbc = readBox(box.substring("BOX BOUNDS".length()).strip(), boxLine, cell, origin, frameLine);
        l = need("ITEM: ATOMS", frameLine);
        String atoms = item(l);
        if (atoms == null || !(atoms.equals("ATOMS") || atoms.startsWith("ATOMS ")))
            throw new InputException(file, lineNo, "expected 'ITEM: ATOMS', found '" + l.strip() + "'");
        Structure s = readAtoms(TextNumbers.fields(atoms.substring(5)), lineNo, n, cell, origin, pbc, frameLine);
        frames++;
        StructureFiles.validate(s, file, frameLine, frames);
        return new Frame(step, frameLine, s);
    }

    private boolean[] readBox(String flags, int boxLine, double[] cell, double[] origin, int frameLine) throws IOException {
        String[] t = TextNumbers.fields(flags);
        boolean general = t.length >= 2 && t[0].equals("abc") && t[1].equals("origin");
        boolean tilted = t.length >= 3 && t[0].equals("xy") && t[1].equals("xz") && t[2].equals("yz");
        int skip = general ? 2 : tilted ? 3 : 0;
        boolean[] pbc = {true, true, true}; // dumps of old LAMMPS versions carry no flags
        if (t.length > skip) {
            if (t.length != skip + 3)
                throw new InputException(file, boxLine, "BOX BOUNDS: expected [xy xz yz | abc origin] and three boundary flags such as 'pp pp pp', found '" + flags + "'");
            for (int d = 0; d < 3; d++) pbc[d] = t[skip + d].equals("pp");
        }
        double[][] v = new double[3][];
        for (int d = 0; d < 3; d++) {
            String l = need("the box bounds (3 lines)", frameLine);
            String[] f = TextNumbers.fields(l);
            int want = general ? 4 : tilted ? 3 : 2;
            if (f.length != want)
                throw new InputException(file, lineNo, "box bounds: expected " + want + " numbers for "
                        + (general ? "a box vector and an origin component" : tilted ? "lo, hi and a tilt factor" : "lo and hi") + ", found " + f.length);
            v[d] = new double[want];
            for (int k = 0; k < want; k++) v[d][k] = TextNumbers.parse(f[k], file, lineNo, "box bound " + (k + 1));
        }
        if (general) {
            for (int d = 0; d < 3; d++) {
                System.arraycopy(v[d], 0, cell, 3 * d, 3);
                origin[d] = v[d][3];
            }
        } else {
            double xy = tilted ? v[0][2] : 0, xz = tilted ? v[1][2] : 0, yz = tilted ? v[2][2] : 0;
            // the bounds of a tilted box enclose it; LAMMPS's manual (dump) gives this inversion
            double xlo = v[0][0] - Math.min(Math.min(0, xy), Math.min(xz, xy + xz));
            double xhi = v[0][1] - Math.max(Math.max(0, xy), Math.max(xz, xy + xz));
            double ylo = v[1][0] - Math.min(0, yz), yhi = v[1][1] - Math.max(0, yz);
            double zlo = v[2][0], zhi = v[2][1];
            cell[0] = xhi - xlo;
            cell[3] = xy;
            cell[4] = yhi - ylo;
            cell[6] = xz;
            cell[7] = yz;
            cell[8] = zhi - zlo;
            origin[0] = xlo;
            origin[1] = ylo;
            origin[2] = zlo;
        }
        return pbc;
    }

    private Structure readAtoms(String[] cols, int atomsLine, int n, double[] cell, double[] origin, boolean[] pbc, int frameLine) throws IOException {
        int id = -1, type = -1, element = -1;
        int[][] sets = new int[4][3];
        for (int[] s : sets) Arrays.fill(s, -1);
        String[][] names = {{"x", "y", "z"}, {"xu", "yu", "zu"}, {"xs", "ys", "zs"}, {"xsu", "ysu", "zsu"}};
        for (int c = 0; c < cols.length; c++) {
            switch (cols[c]) {
                case "id" -> id = c;
                case "type" -> type = c;
                case "element" -> element = c;
                default -> {
                    for (int k = 0; k < 4; k++)
                        for (int d = 0; d < 3; d++)
                            if (cols[c].equals(names[k][d])) sets[k][d] = c;
                }
            }
        }
        int which = -1;
        for (int k = 0; k < 4 && which < 0; k++) if (sets[k][0] >= 0 && sets[k][1] >= 0 && sets[k][2] >= 0) which = k;
        if (which < 0)
            throw new InputException(file, atomsLine, "ITEM: ATOMS has no positions: expected columns x y z, xu yu zu, xs ys zs or xsu ysu zsu");
        boolean byType = !typeElements.isEmpty();
        if (byType && type < 0)
            throw new InputException(file, atomsLine, "ITEM: ATOMS has no 'type' column to map to the elements " + String.join(",", typeElements));
        if (!byType && element < 0)
            throw new InputException(file, atomsLine, "ITEM: ATOMS has no 'element' column; give the element of each LAMMPS type (e.g. --types O,H)");
        boolean scaled = which >= 2;
        int[] pc = sets[which];
        String[] species = new String[n];
        double[] pos = new double[3 * n];
        long[] ids = id >= 0 ? new long[n] : null;
        for (int i = 0; i < n; i++) {
            String l = line();
            if (l == null) throw new InputException(file, lineNo + 1, "frame " + (frames + 1) + ": file ends after " + i + " of " + n + " atom lines");
            String[] f = TextNumbers.fields(l);
            if (f.length != cols.length)
                throw new InputException(file, lineNo, "atom line: expected " + cols.length + " fields (" + String.join(" ", cols) + "), found " + f.length);
            if (byType) {
                long t = parseLong(f[type], "type");
                if (t < 1 || t > typeElements.size())
                    throw new InputException(file, lineNo, "atom type " + f[type] + " has no element: types 1.." + typeElements.size()
                            + " are mapped to " + String.join(",", typeElements));
                species[i] = typeElements.get((int) t - 1);
            } else {
                if (!Elements.isElement(f[element])) throw new InputException(file, lineNo, "element: '" + f[element] + "' is not an element symbol (H ... No)");
                species[i] = f[element];
            }
            double a = TextNumbers.parse(f[pc[0]], file, lineNo, cols[pc[0]]);
            double b = TextNumbers.parse(f[pc[1]], file, lineNo, cols[pc[1]]);
            double c = TextNumbers.parse(f[pc[2]], file, lineNo, cols[pc[2]]);
            if (scaled) {
                pos[3 * i] = origin[0] + a * cell[0] + b * cell[3] + c * cell[6];
                pos[3 * i + 1] = origin[1] + a * cell[1] + b * cell[4] + c * cell[7];
                pos[3 * i + 2] = origin[2] + a * cell[2] + b * cell[5] + c * cell[8];
            } else {
                pos[3 * i] = a;
                pos[3 * i + 1] = b;
                pos[3 * i + 2] = c;
            }
            if (ids != null) ids[i] = parseLong(f[id], "id");
        }
        if (ids != null) sortById(ids, species, pos, atomsLine);
        return new Structure(species, pos, cell, pbc);
    }

    /** Sorts the atoms by ID (a permutation applied to species and positions); two atoms with one ID are an error. */
    private void sortById(long[] ids, String[] species, double[] pos, int atomsLine) {
        int n = ids.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Arrays.sort(order, (p, q) -> Long.compare(ids[p], ids[q]));
        for (int k = 1; k < n; k++)
            if (ids[order[k]] == ids[order[k - 1]])
                throw new InputException(file, atomsLine + 1 + order[k], "atom ID " + ids[order[k]] + " appears twice in frame " + (frames + 1)
                        + " (first on line " + (atomsLine + 1 + order[k - 1]) + ")");
        String[] sp = species.clone();
        double[] x = pos.clone();
        for (int k = 0; k < n; k++) {
            int i = order[k];
            species[k] = sp[i];
            System.arraycopy(x, 3 * i, pos, 3 * k, 3);
        }
    }

    private long parseLong(String t, String what) {
        if (t.isEmpty() || t.length() > 18 || !t.matches("[-+]?[0-9]+"))
            throw new InputException(file, lineNo, what + ": expected an integer, found '" + t + "'");
        return Long.parseLong(t);
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

}
