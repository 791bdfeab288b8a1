package dev.hdnnp.train;

/** Training could not continue (e.g. the loss became NaN); the message says why and what is left on disk. */
public final class TrainingException extends RuntimeException {
    public TrainingException(String message) { super(message); }
}
