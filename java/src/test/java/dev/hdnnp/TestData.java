package dev.hdnnp;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates the shared reference data (system property {@code hdnnp.shared}, else ../shared); skips tests when absent. */
public final class TestData {
    private TestData() {}

    /** The shared directory itself, or null when it is missing. */
    public static Path root() {
        Path p = Path.of(System.getProperty("hdnnp.shared", "../shared"));
        return Files.isDirectory(p) ? p : null;
    }

    /** {@code relative} under the shared directory; skips the calling test when the file is not there. */
    public static Path shared(String relative) {
        Path root = root();
        Assumptions.assumeTrue(root != null, () -> System.getProperty("hdnnp.shared", "../shared") + " not found: skipping (needs " + relative + ")");
        Path p = root.resolve(relative);
        Assumptions.assumeTrue(Files.exists(p), () -> p + " not found: skipping");
        return p;
    }
}
