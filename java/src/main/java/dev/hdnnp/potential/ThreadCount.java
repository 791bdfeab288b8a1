package dev.hdnnp.potential;

/**
 * The one check of a requested number of worker threads, shared by every entry point (command
 * line, C ABI, LAMMPS), so that all of them accept and refuse the same values with the same words.
 * The upper bound keeps a typo such as {@code threads 100000} from spending minutes creating
 * threads and then failing with OutOfMemoryError.
 */
public final class ThreadCount {
    private ThreadCount() {}

    /** Largest accepted count; mirrored by HDNNP_MAX_THREADS of the C header. */
    public static final int MAX = 1024;

    /** Returns {@code threads} when it lies in 1..{@link #MAX}, else throws with a message saying why. */
    public static int check(int threads) {
        if (threads < 1 || threads > MAX)
            throw new IllegalArgumentException("threads must be between 1 and " + MAX + ", got " + threads
                    + " (this machine has " + Runtime.getRuntime().availableProcessors()
                    + " processors; more threads than processors do not help)");
        return threads;
    }
}
