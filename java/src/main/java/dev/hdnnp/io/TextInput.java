package dev.hdnnp.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A user's text file, read strictly: UTF-8 only (a leading byte-order mark is skipped), no NUL
 * characters and lines of bounded length. Every problem is an {@link InputException} naming the
 * file and the line, so that a binary file, a Latin-1 file or {@code /dev/zero} ends in a message
 * instead of "Input length = 1" or an OutOfMemoryError.
 *
 * <p>It is a {@link Reader} (for JSON and TOML parsers, which keep their own positions) with a
 * {@link #readLine()} for the line-based formats.
 */
public final class TextInput extends Reader {
    /** Longest line accepted: far beyond any real data line, far below the heap. */
    public static final int MAX_LINE = 1 << 22;

    private final InputStream in;   // bytes to decode, or null when reading characters
    private final Reader source;     // characters, when not decoding
    private final String file;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
    private final ByteBuffer bytes = ByteBuffer.allocate(1 << 16).flip();
    private final CharBuffer chars = CharBuffer.allocate(1 << 16).flip();
    private boolean eof, done, first = true;
    private int line = 1;          // line of the next character handed out
    private boolean lastWasCr;
    private final StringBuilder lineBuffer = new StringBuilder();

    private TextInput(InputStream in, Reader source, String file) {
        this.in = in;
        this.source = source;
        this.file = file;
    }

    /** Wraps a byte stream (decoded as UTF-8); {@code file} names it in messages. */
    public static TextInput of(InputStream in, String file) {
        return new TextInput(in, null, file);
    }

    /** Wraps characters (no decoding; NULs and line lengths are still checked); returns a TextInput unchanged. */
    public static TextInput of(Reader in, String file) {
        return in instanceof TextInput t ? t : new TextInput(null, in, file);
    }

    /**
     * Opens a file, with a message naming it when it is missing, a directory or unreadable.
     *
     * @param what what the file should be, for messages (e.g. "structure file")
     */
    public static TextInput open(Path path, String what) {
        if (Files.isDirectory(path)) throw new InputException(path, 0, "is a directory; expected a file (the " + what + ")");
        try {
            return new TextInput(Files.newInputStream(path), null, path.toString());
        } catch (NoSuchFileException e) {
            throw new InputException(path, 0, what + " not found");
        } catch (AccessDeniedException e) {
            throw new InputException(path, 0, "cannot read the " + what + ": permission denied");
        } catch (IOException e) {
            throw new InputException(path, 0, "cannot read the " + what + ": " + e.getMessage());
        }
    }

    /** All lines of a file, read as {@link #open} and {@link #readLine} do. */
    public static List<String> readAllLines(Path path, String what) {
        try (TextInput t = open(path, what)) {
            List<String> out = new ArrayList<>();
            for (String l; (l = t.readLine()) != null; ) out.add(l);
            return out;
        } catch (IOException e) {
            throw new InputException(path, 0, "cannot read the " + what + ": " + e.getMessage());
        }
    }

    /** The file name used in messages. */
    public String file() { return file; }

    /**
     * The next line without its terminator (\n, \r\n or \r), or null at the end of the file.
     *
     * @throws InputException for invalid UTF-8, a NUL character or a line longer than {@link #MAX_LINE}
     */
    public String readLine() throws IOException {
        lineBuffer.setLength(0);
        boolean any = false;
        while (true) {
            if (!chars.hasRemaining() && !fill()) {
                if (!any) return null;
                line++;
                return lineBuffer.toString();
            }
            char c = chars.get();
            if (lastWasCr) {
                lastWasCr = false;
                if (c == '\n') continue;
            }
            any = true;
            if (c == '\n' || c == '\r') {
                lastWasCr = c == '\r';
                line++;
                return lineBuffer.toString();
            }
            check(c);
            if (lineBuffer.length() >= MAX_LINE)
                throw new InputException(file, line, "line longer than " + MAX_LINE + " characters: not a text file of this kind");
            lineBuffer.append(c);
        }
    }

    @Override
    public int read(char[] buf, int off, int len) throws IOException {
        if (len == 0) return 0;
        if (!chars.hasRemaining() && !fill()) return -1;
        int n = Math.min(len, chars.remaining());
        chars.get(buf, off, n);
        for (int k = off; k < off + n; k++) {
            char c = buf[k];
            if (lastWasCr && c == '\n') { lastWasCr = false; continue; }
            lastWasCr = c == '\r';
            if (c == '\n' || c == '\r') line++;
            else check(c);
        }
        return n;
    }

    private void check(char c) {
        if (c == 0) throw new InputException(file, line, "NUL character: binary data, not a text file");
    }

    /** Decodes more characters; false at the end of the input. */
    private boolean fill() throws IOException {
        chars.clear();
        if (done) {
            chars.flip();
            return false;
        }
        if (source != null) {
            int n = source.read(chars.array(), 0, chars.capacity());
            chars.limit(Math.max(n, 0));
            chars.position(0);
            return afterFill();
        }
        try {
            while (true) {
                if (!eof && bytes.remaining() < 4) {
                    bytes.compact();
                    int n = in.read(bytes.array(), bytes.position(), bytes.remaining());
                    if (n < 0) eof = true;
                    else bytes.position(bytes.position() + n);
                    bytes.flip();
                }
                CoderResult r = decoder.decode(bytes, chars, eof);
                if (r.isError()) {
                    throw new InputException(file, line + newlines(), "not UTF-8 text (byte 0x"
                            + Integer.toHexString(bytes.get(bytes.position()) & 0xff)
                            + " cannot start or continue a UTF-8 character; save the file as UTF-8)");
                }
                if (eof) {
                    decoder.flush(chars);
                    done = true;
                    break;
                }
                if (chars.position() > 0) break;
            }
        } finally {
            chars.flip();
        }
        return afterFill();
    }

    private boolean afterFill() {
        if (first && chars.hasRemaining()) {
            first = false;
            if (chars.get(chars.position()) == '\uFEFF') chars.get(); // UTF-8 byte-order mark
        }
        return chars.hasRemaining();
    }

    /** Line breaks (\n, \r or \r\n) among the characters decoded before an error, for its line number. */
    private int newlines() {
        int n = 0;
        boolean cr = lastWasCr;
        for (int k = 0; k < chars.position(); k++) {
            char c = chars.get(k);
            if (c == '\r' || c == '\n' && !cr) n++;
            cr = c == '\r';
        }
        return n;
    }

    @Override
    public void close() throws IOException {
        if (in != null) in.close();
        else source.close();
    }
}
