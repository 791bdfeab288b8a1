package dev.hdnnp.ipi;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.ByteChannel;

/**
 * The i-PI wire format over a blocking channel: 12-byte ASCII headers padded with blanks, then raw
 * int32 and float64 values in the machine's byte order (i-PI and its clients send memory as is).
 * One buffer is reused for every message, so that steady-state traffic allocates nothing.
 */
final class IpiChannel {
    static final int HEADER = 12;

    private final ByteChannel channel;
    private ByteBuffer buf = ByteBuffer.allocateDirect(1 << 16).order(ByteOrder.nativeOrder());

    IpiChannel(ByteChannel channel) {
        this.channel = channel;
    }

    /**
     * The next message, or null when the peer closed the connection before it.
     *
     * @throws IpiException for a header that is not a server message
     */
    IpiMessage readMessage() throws IOException {
        buf.clear().limit(HEADER);
        while (buf.hasRemaining()) {
            if (channel.read(buf) < 0) {
                if (buf.position() == 0) return null;
                throw new IpiException("connection closed in the middle of a message header");
            }
        }
        buf.flip();
        IpiMessage m = IpiMessage.of(buf);
        if (m == null) {
            StringBuilder text = new StringBuilder();
            for (int k = 0; k < HEADER; k++) {
                int c = buf.get(k) & 0xff;
                text.append(c >= 32 && c < 127 ? (char) c : '?');
            }
            throw new IpiException("unexpected message '" + text.toString().strip()
                    + "' (expected STATUS, INIT, POSDATA, GETFORCE or EXIT)");
        }
        return m;
    }

    int readInt(String what) throws IOException {
        fill(4, what);
        return buf.getInt();
    }

    /** Reads {@code n} doubles into {@code out[0..n)}. */
    void readDoubles(double[] out, int n, String what) throws IOException {
        fill(8L * n, what);
        for (int k = 0; k < n; k++) out[k] = buf.getDouble();
    }

    /** Skips {@code n} bytes (an INIT string this client has no use for). */
    void skip(int n, String what) throws IOException {
        fill(n, what);
    }

    void writeHeader(String header) throws IOException {
        if (header.length() > HEADER) throw new IllegalArgumentException("header longer than 12 characters: " + header);
        ensure(HEADER);
        buf.clear();
        for (int i = 0; i < HEADER; i++) buf.put((byte) (i < header.length() ? header.charAt(i) : ' '));
        drain();
    }

    /** Starts an outgoing payload of {@code bytes} bytes; add with put*, then {@link #send()}. */
    void begin(long bytes) {
        ensure(bytes);
        buf.clear();
    }

    void putInt(int v) { buf.putInt(v); }
    void putDouble(double v) { buf.putDouble(v); }

    void send() throws IOException {
        drain();
    }

    private void drain() throws IOException {
        buf.flip();
        while (buf.hasRemaining()) channel.write(buf);
    }

    private void fill(long bytes, String what) throws IOException {
        ensure(bytes);
        buf.clear().limit((int) bytes);
        while (buf.hasRemaining()) {
            if (channel.read(buf) < 0) throw new IpiException("connection closed while reading " + what);
        }
        buf.flip();
    }

    private void ensure(long bytes) {
        if (bytes > Integer.MAX_VALUE - 8) throw new IllegalArgumentException("message of " + bytes + " bytes is too large");
        if (buf.capacity() < bytes) buf = ByteBuffer.allocateDirect((int) Math.max(bytes, 2L * buf.capacity())).order(ByteOrder.nativeOrder());
    }
}
