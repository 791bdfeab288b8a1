package dev.hdnnp.train;

import dev.hdnnp.io.InputException;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code checkpoint.bin}: everything needed to continue a run exactly — weights, best weights,
 * selection state, the optimiser's state and the learning-curve history — with the
 * {@link Fingerprint} of configuration and data, and a SHA-256 of all preceding bytes at the end,
 * so a corrupted or truncated file is refused instead of trained on. Written to a temporary file
 * and renamed into place.
 */
final class Checkpoint {
    static final String FILE = "checkpoint.bin";
    private static final String MAGIC = "hdnnp-java training checkpoint v2";
    private static final int DIGEST = 32;

    private Checkpoint() {}

    /** Mutable run state that a checkpoint saves. */
    static final class State {
        int epoch;
        double[] w, best;
        int bestEpoch;
        double bestScore = Double.POSITIVE_INFINITY;
        int sinceBest;
        double lastE = 1, lastF = 1;
        final List<EpochStats> history = new ArrayList<>();
    }

    static void write(Path file, Fingerprint fp, State st, Optimizer opt) {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        MessageDigest md = Fingerprint.digest();
        try (OutputStream raw = new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16)) {
            DataOutputStream out = new DataOutputStream(new DigestOutputStream(raw, md));
            out.writeUTF(MAGIC);
            out.writeInt(fp.parts().size());
            for (var e : fp.parts().entrySet()) {
                out.writeUTF(e.getKey());
                out.writeUTF(e.getValue());
            }
            out.writeInt(st.epoch);
            Optimizer.writeArray(out, st.w);
            Optimizer.writeArray(out, st.best);
            out.writeInt(st.bestEpoch);
            out.writeDouble(st.bestScore);
            out.writeInt(st.sinceBest);
            out.writeDouble(st.lastE);
            out.writeDouble(st.lastF);
            out.writeInt(st.history.size());
            for (EpochStats s : st.history) for (double v : s.values()) out.writeDouble(v);
            out.writeUTF(opt.name());
            opt.write(out);
            out.flush();
            raw.write(md.digest());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint " + tmp + ": " + e.getMessage(), e);
        }
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move checkpoint into place: " + e.getMessage(), e);
        }
    }

    /**
     * Reads {@code file} into {@code st} and {@code opt} after checking its checksum and that it
     * was written for the same configuration and data ({@code fp}); otherwise an error that names
     * what differs.
     */
    static void read(Path file, Fingerprint fp, State st, Optimizer opt) {
        verifyChecksum(file);
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            String magic = in.readUTF();
            if (!magic.equals(MAGIC)) {
                throw new InputException(file, 0, magic.startsWith("hdnnp-java training checkpoint")
                        ? "checkpoint of an older version (" + magic + "); delete it to start anew"
                        : "not a hdnnp-java training checkpoint");
            }
            int n = in.readInt();
            if (n < 0 || n > 1000) throw new IOException("bad fingerprint size " + n);
            Map<String, String> parts = new LinkedHashMap<>();
            for (int i = 0; i < n; i++) parts.put(in.readUTF(), in.readUTF());
            List<String> changed = fp.differences(new Fingerprint(parts));
            if (!changed.isEmpty())
                throw new InputException(file, 0, "cannot resume: changed since the checkpoint was written: " + String.join("; ", changed)
                        + ". Resume needs the same data and settings (only epochs, threads and memory may change); "
                        + "restore them, or delete the checkpoint (or use another output directory) to start anew");
            st.epoch = in.readInt();
            st.w = Optimizer.readArray(in);
            st.best = Optimizer.readArray(in);
            st.bestEpoch = in.readInt();
            st.bestScore = in.readDouble();
            st.sinceBest = in.readInt();
            st.lastE = in.readDouble();
            st.lastF = in.readDouble();
            int rows = in.readInt();
            if (rows < 0 || rows > st.epoch + 1) throw new IOException("bad history length " + rows);
            st.history.clear();
            for (int r = 0; r < rows; r++) {
                double[] v = new double[EpochStats.COLUMNS];
                for (int k = 0; k < v.length; k++) v[k] = in.readDouble();
                st.history.add(EpochStats.of(v));
            }
            String name = in.readUTF();
            if (!name.equals(opt.name())) throw new InputException(file, 0, "checkpoint is for optimiser " + name + ", the configuration says " + opt.name());
            opt.read(in);
        } catch (IOException e) {
            throw new InputException(file, 0, "cannot read checkpoint: " + e.getMessage());
        }
    }

    /** Compares the SHA-256 at the end of the file with the digest of everything before it. */
    private static void verifyChecksum(Path file) {
        try {
            long size = Files.size(file);
            if (size < DIGEST + 2) throw new InputException(file, 0, "checkpoint is truncated (" + size + " bytes); delete it to start anew");
            MessageDigest md = Fingerprint.digest();
            byte[] stored = new byte[DIGEST];
            try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
                DigestInputStream in = new DigestInputStream(raw, md);
                byte[] buf = new byte[1 << 16];
                long left = size - DIGEST;
                while (left > 0) {
                    int r = in.read(buf, 0, (int) Math.min(buf.length, left));
                    if (r < 0) throw new EOFException();
                    left -= r;
                }
                if (raw.readNBytes(stored, 0, DIGEST) != DIGEST) throw new EOFException();
            }
            if (!Arrays.equals(stored, md.digest()))
                throw new InputException(file, 0, "checkpoint is corrupt (its SHA-256 checksum does not match the content); "
                        + "delete it to start anew, or restore an intact copy");
        } catch (IOException e) {
            throw new InputException(file, 0, "cannot read checkpoint: " + e.getMessage());
        }
    }
}
