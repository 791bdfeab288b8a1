package dev.hdnnp.ipi;

import java.io.IOException;

/** The i-PI server sent something the protocol does not allow here, or closed the connection mid-message. */
public final class IpiException extends IOException {
    public IpiException(String message) {
        super(message);
    }
}
