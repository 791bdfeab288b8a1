package dev.hdnnp.io;

import java.nio.file.Path;

/**
 * Bad input: names the file, the line (1-based, 0 when the whole file is meant) and what was
 * expected. Its message is meant for the user as it is; no stack trace is needed to understand it.
 */
public final class InputException extends RuntimeException {
    private final String file;
    private final int line;

    public InputException(String file, int line, String message) {
        super(format(file, line, message));
        this.file = file;
        this.line = line;
    }

    public InputException(Path file, int line, String message) {
        this(file == null ? null : file.toString(), line, message);
    }

    public InputException(String file, int line, String message, Throwable cause) {
        super(format(file, line, message), cause);
        this.file = file;
        this.line = line;
    }

    public String file() { return file; }
    public int line() { return line; }

    private static String format(String file, int line, String message) {
        if (file == null) return message;
        return line > 0 ? file + ":" + line + ": " + message : file + ": " + message;
    }
}
