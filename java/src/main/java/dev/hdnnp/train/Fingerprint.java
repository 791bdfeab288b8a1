package dev.hdnnp.train;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a checkpoint must agree with to be resumed, as named SHA-256 digests: each settings
 * section of the configuration that affects the result, and the content of the training data
 * (so a data file edited between runs is noticed, whatever its name). A refused resume names the
 * parts that changed.
 */
record Fingerprint(Map<String, String> parts) {
    static final String DATA = "training data (content)";

    static Fingerprint of(TrainConfig c, String dataDigest) {
        Map<String, String> m = new LinkedHashMap<>();
        m.put(DATA, dataDigest);
        c.resumeSettings().forEach((k, v) -> m.put(k, sha256(v.getBytes(StandardCharsets.UTF_8))));
        return new Fingerprint(m);
    }

    /** Names of the parts that differ from {@code saved} (empty when they agree). */
    List<String> differences(Fingerprint saved) {
        List<String> d = new ArrayList<>();
        for (var e : parts.entrySet()) if (!e.getValue().equals(saved.parts().get(e.getKey()))) d.add(e.getKey());
        for (String k : saved.parts().keySet()) if (!parts.containsKey(k)) d.add(k);
        return d;
    }

    static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK has no SHA-256", e); // every JDK has it
        }
    }

    static String sha256(byte[] b) { return HexFormat.of().formatHex(digest().digest(b)); }
}
