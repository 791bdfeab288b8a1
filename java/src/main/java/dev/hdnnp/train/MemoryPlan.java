package dev.hdnnp.train;

import java.util.Locale;

/**
 * How the descriptor derivatives ∂G/∂r that forces and stress need are held, and the memory
 * budget that decides it. Today there is one mode, {@link Mode#CACHED}: every training structure's
 * derivatives are computed once and kept (as float). The seam for a mode that keeps only G and
 * recomputes ∂G/∂r per update is {@link DataPreparation#featurize} (which decides what a
 * {@link Sample} holds) and {@link LossEngine} (which reads a sample's derivatives); the budget
 * check below is where the choice between the two will be made.
 */
record MemoryPlan(Mode mode, long budget, String origin) {
    enum Mode { CACHED }

    /** Share of the JVM's maximum heap that cached derivatives may fill by default. */
    static final double HEAP_FRACTION = 0.7;

    static MemoryPlan choose(long configured) {
        long max = Runtime.getRuntime().maxMemory();
        if (configured > 0) return new MemoryPlan(Mode.CACHED, configured, "memory = " + mb(configured) + " in [training]");
        return new MemoryPlan(Mode.CACHED, (long) (HEAP_FRACTION * max),
                String.format(Locale.ROOT, "%.0f %% of the maximum heap %s (-Xmx)", 100 * HEAP_FRACTION, mb(max)));
    }

    String describe() {
        return "memory: mode cached (descriptor derivatives computed once and kept), budget " + mb(budget) + " (" + origin + ")";
    }

    /** The error when the cached data outgrow the budget. */
    TrainingException exceeded(long bytes, int done, int total) {
        return new TrainingException(String.format(Locale.ROOT,
                "the cached descriptor derivatives need more than the memory budget %s (%s after %d of %d structures; %s); "
                        + "raise -Xmx (e.g. JAVA_OPTS=-Xmx16g) or 'memory' in [training], use fewer or narrower symmetry functions, "
                        + "or train on fewer structures", mb(budget), mb(bytes), done, total, origin));
    }

    static String mb(long bytes) {
        return bytes >= 1L << 30 ? String.format(Locale.ROOT, "%.1f GB", bytes / (double) (1L << 30))
                : String.format(Locale.ROOT, "%.0f MB", bytes / (double) (1L << 20));
    }
}
