package dev.hdnnp.io;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.ThreadLocalRandom;

/**
 * Writes a file so that readers see either the old or the complete new content, never a
 * half-written one (a crash or a full disk during a long conversion must not destroy the data).
 */
public final class AtomicFiles {
    /** Produces the content of the file. */
    @FunctionalInterface
    public interface Body { void write(Writer w) throws IOException; }

    private AtomicFiles() {}

    /** Writes {@code target} via a temporary file in the same directory and an atomic rename. */
    public static void write(Path target, Body body) throws IOException {
        Path abs = target.toAbsolutePath();
        Path dir = abs.getParent();
        // Same directory so that the final move is a rename on one file system; CREATE_NEW (not
        // createTempFile) so that the file gets the usual umask permissions instead of rw-------.
        Path tmp = dir.resolve("." + abs.getFileName() + ".tmp" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
        try {
            try (Writer w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                body.write(w);
            }
            Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
