package dev.hdnnp;

import java.io.IOException;
import java.io.InputStream;
import java.util.Properties;

/** The version of hdnnp-java, from the Maven build (resource {@code dev/hdnnp/version.properties}). */
public final class Version {
    private Version() {}

    private static final String VERSION = load();

    /** The project version such as "0.1.0", or "unknown" when the classes were not built by Maven. */
    public static String version() { return VERSION; }

    /** "hdnnp-java &lt;version&gt;", as recorded in the provenance of files this program writes. */
    public static String tool() { return "hdnnp-java " + VERSION; }

    private static String load() {
        try (InputStream in = Version.class.getResourceAsStream("version.properties")) {
            if (in == null) return "unknown";
            Properties p = new Properties();
            p.load(in);
            String v = p.getProperty("version", "unknown");
            // an unfiltered resource (IDE build) still holds the Maven placeholder
            return v.startsWith("${") ? "unknown" : v;
        } catch (IOException e) {
            return "unknown";
        }
    }
}
