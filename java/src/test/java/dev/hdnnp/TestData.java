package dev.hdnnp;

import org.junit.jupiter.api.Assumptions;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates ../shared (reference data); tests that need it skip with a message where it is absent. */
public final class TestData {
    private TestData() {}

    public static Path sharedRoot() {
        String p = System.getProperty("hdnnp.shared");
        Path root = p != null ? Path.of(p) : Path.of("..", "shared");
        if (!Files.isDirectory(root)) root = Path.of("..", "..", "shared");
        return root.toAbsolutePath().normalize();
    }

    /** The shared directory, or null when it is missing. */
    public static Path root() {
        Path root = sharedRoot();
        return Files.isDirectory(root) ? root : null;
    }

    /** A path below shared/; skips the calling test when it does not exist. */
    public static Path shared(String relative) {
        Path path = sharedRoot().resolve(relative);
        Assumptions.assumeTrue(Files.exists(path), () -> "shared reference data not found at " + path + ": skipping");
        return path;
    }

    /** The project's own bad-input corpus (src/test/resources/bad-input: cases.txt and the files it lists). */
    public static Path badInput() {
        try {
            return Path.of(TestData.class.getResource("/bad-input/cases.txt").toURI()).getParent();
        } catch (java.net.URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
