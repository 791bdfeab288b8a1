package dev.hdnnp.io;

import dev.hdnnp.structure.Structure;

import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Frames of a trajectory read one at a time: a LAMMPS text dump ({@link LammpsDump}), extended
 * XYZ ({@link ExtxyzFormat}) or n2p2 input.data. A frame's step is the dump's timestep; in
 * extended XYZ the integer {@code step} (or {@code timestep}) key when the frame has one,
 * otherwise its position in the file counted from 0, like n2p2 input.data frames.
 */
public final class Trajectory implements Closeable {
    /** Trajectory formats. */
    public enum Format { DUMP, EXTXYZ, N2P2 }

    /**
     * One frame.
     *
     * @param number 1-based position in the file
     * @param line   line where the frame starts (0 when unknown)
     */
    public record Frame(int number, long step, int line, Structure structure) {}

    private final Format format;
    private final LammpsDump dump;
    private final ExtxyzFormat.Frames xyz;
    private final List<Structure> all;
    private int count;

    private Trajectory(Format format, LammpsDump dump, ExtxyzFormat.Frames xyz, List<Structure> all) {
        this.format = format;
        this.dump = dump;
        this.xyz = xyz;
        this.all = all;
    }

    /**
     * The format a file's name or first line implies: .xyz/.extxyz are extended XYZ, .data is
     * n2p2, and a file whose first line starts with "ITEM:" is a LAMMPS dump whatever its name.
     */
    public static Format formatOf(Path file) {
        String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
        if (n.endsWith(".xyz") || n.endsWith(".extxyz")) return Format.EXTXYZ;
        if (n.endsWith(".data")) return Format.N2P2;
        if (LammpsDump.looksLikeDump(file)) return Format.DUMP;
        throw new InputException(file, 0, "cannot tell the trajectory format: expected a LAMMPS dump (first line 'ITEM: TIMESTEP'),"
                + " extended XYZ (*.xyz, *.extxyz) or n2p2 input.data (*.data)");
    }

    /**
     * @param format       null to infer it with {@link #formatOf}
     * @param typeElements element of LAMMPS type 1, 2, ... (dumps only; empty when the dump has an element column)
     */
    public static Trajectory open(Path file, Format format, List<String> typeElements) throws IOException {
        Format f = format != null ? format : formatOf(file);
        return switch (f) {
            case DUMP -> new Trajectory(f, LammpsDump.open(file, typeElements), null, null);
            case EXTXYZ -> new Trajectory(f, null, ExtxyzFormat.frames(file), null);
            case N2P2 -> new Trajectory(f, null, null, InputDataFormat.read(file));
        };
    }

    public Format format() { return format; }

    /** The next frame, or null after the last. */
    public Frame next() throws IOException {
        switch (format) {
            case DUMP -> {
                LammpsDump.Frame d = dump.next();
                if (d == null) return null;
                return new Frame(++count, d.step(), d.line(), d.structure());
            }
            case EXTXYZ -> {
                Structure s = xyz.next();
                if (s == null) return null;
                long step = count;
                for (String key : new String[]{"step", "timestep", "Timestep"}) {
                    String v = s.info().get(key);
                    if (v != null && v.matches("[-+]?[0-9]{1,18}")) {
                        step = Long.parseLong(v);
                        break;
                    }
                }
                return new Frame(++count, step, xyz.line(), s);
            }
            default -> {
                if (count == all.size()) return null;
                Structure s = all.get(count);
                return new Frame(count + 1, count++, 0, s);
            }
        }
    }

    @Override
    public void close() throws IOException {
        if (dump != null) dump.close();
        if (xyz != null) xyz.close();
    }
}
