package dev.hdnnp.io;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
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
        // Reported against the user's path: the temporary file's name would only confuse.
        if (Files.isDirectory(abs)) throw new FileSystemException(target.toString(), null, "is a directory; expected a file name to write");
        if (!Files.isDirectory(dir)) {
            throw new NoSuchFileException(target.toString(), null, Files.exists(dir)
                    ? "cannot write: " + dir + " is not a directory" : "cannot write: directory " + dir + " does not exist");
        }
        // Same directory so that the final move is a rename on one file system; CREATE_NEW (not
        // createTempFile) so that the file gets the usual umask permissions instead of rw-------.
        Path tmp = dir.resolve("." + abs.getFileName() + ".tmp" + Long.toHexString(ThreadLocalRandom.current().nextLong()));
        try {
            Writer w;
            try {
                w = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            } catch (AccessDeniedException e) {
                throw new AccessDeniedException(target.toString(), null, "cannot write: no permission to create files in " + dir);
            } catch (FileSystemException e) {
                throw new FileSystemException(target.toString(), null, "cannot write: " + (e.getReason() != null ? e.getReason() : e.toString()));
            }
            try (w) {
                body.write(w);
            }
            Files.move(tmp, abs, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
