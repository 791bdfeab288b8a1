package dev.hdnnp.ipi;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** The messages an i-PI server sends to a client, with their 12-byte headers (blank-padded ASCII). */
enum IpiMessage {
    STATUS, INIT, POSDATA, GETFORCE, EXIT;

    private final byte[] header = pad(name());

    static byte[] pad(String text) {
        byte[] b = new byte[IpiChannel.HEADER];
        java.util.Arrays.fill(b, (byte) ' ');
        byte[] t = text.getBytes(StandardCharsets.US_ASCII);
        System.arraycopy(t, 0, b, 0, t.length);
        return b;
    }

    /** The message whose header fills {@code buf} from its position, or null (compares bytes, allocates nothing). */
    static IpiMessage of(ByteBuffer buf) {
        int p = buf.position();
        outer:
        for (IpiMessage m : VALUES) {
            for (int k = 0; k < IpiChannel.HEADER; k++) if (buf.get(p + k) != m.header[k]) continue outer;
            return m;
        }
        return null;
    }

    private static final IpiMessage[] VALUES = values();
}
