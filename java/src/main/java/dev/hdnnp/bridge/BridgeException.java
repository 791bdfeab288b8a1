package dev.hdnnp.bridge;

/** A failure with a C ABI status code (HdnnpJavaH.HDNNP_E_*) and a message meant for the user. */
final class BridgeException extends RuntimeException {
    final int status;

    BridgeException(int status, String message) {
        super(message, null, false, false);
        this.status = status;
    }
}
