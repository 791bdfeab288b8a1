package dev.hdnnp.train;

import java.util.Locale;

/**
 * How the descriptor derivatives ∂G/∂r that forces and stress need are held, and the memory
 * budget that decides it:
 * <ul>
 * <li>{@link Mode#CACHED}: every training structure's derivatives are computed once and kept (as
 *     float; water, 192 atoms: 7 MB per structure). Fastest.</li>
 * <li>{@link Mode#ON_DEMAND}: per atom only what the energy needs (scaled G) is kept, with the
 *     structure; a structure's derivatives are recomputed by the force kernel's training mode
 *     whenever a force or stress term uses them ({@link DerivativeSource}), and up to the
 *     budget (less the values) of them are kept; Kalman's force picks compute only the columns
 *     they read. Memory grows with G, not with ∂G/∂r; the numbers are those of the cached mode
 *     to the bit (weights, validation and test errors, also with a Kalman force threshold), except
 *     that the reported per-epoch training force errors cover the training structures whose
 *     derivatives are kept (unless train_force_errors = "all"), see {@link Trainer#trainForceSubset}.</li>
 * </ul>
 * With {@code memory_mode = "auto"} (the default) the derivatives' size is estimated from a few
 * structures before any is computed in full, and the cached mode is chosen when it fits.
 */
record MemoryPlan(Mode mode, long budget, String origin, String reason) {
    enum Mode {
        CACHED("cached", "descriptor derivatives computed once and kept"),
        ON_DEMAND("on-demand", "descriptor derivatives recomputed per structure when a force term uses them");

        final String word, meaning;

        Mode(String word, String meaning) {
            this.word = word;
            this.meaning = meaning;
        }
    }

    /** Share of the JVM's maximum heap that cached derivatives may fill by default. */
    static final double HEAP_FRACTION = 0.7;

    /** The budget alone (mode not yet known): configured, else a fraction of -Xmx. */
    static MemoryPlan budget(long configured) {
        long max = Runtime.getRuntime().maxMemory();
        if (configured > 0) return new MemoryPlan(Mode.CACHED, configured, "memory = " + mb(configured) + " in [training]", "");
        return new MemoryPlan(Mode.CACHED, (long) (HEAP_FRACTION * max),
                String.format(Locale.ROOT, "%.0f %% of the maximum heap %s (-Xmx)", 100 * HEAP_FRACTION, mb(max)), "");
    }

    /** Backwards name: the budget with the cached mode. */
    static MemoryPlan choose(long configured) { return budget(configured); }

    /**
     * The mode for a request ("auto", "cached", "on-demand") given the estimated bytes of the
     * cached derivatives (negative: nothing to cache, e.g. energy-only training).
     */
    MemoryPlan decide(String request, long estimate) {
        if (estimate < 0) return new MemoryPlan(Mode.CACHED, budget, origin, "no force or stress term, so no derivatives");
        String need = "the cached derivatives need about " + mb(estimate);
        return switch (request) {
            case "cached" -> new MemoryPlan(Mode.CACHED, budget, origin, "memory_mode = \"cached\"; " + need);
            case "on-demand" -> new MemoryPlan(Mode.ON_DEMAND, budget, origin, "memory_mode = \"on-demand\"; " + need);
            default -> estimate <= budget
                    ? new MemoryPlan(Mode.CACHED, budget, origin, need + ", which fits")
                    : new MemoryPlan(Mode.ON_DEMAND, budget, origin, need + ", more than the budget; slower epochs, training force errors per epoch over a subset"
                    + " (memory_mode = \"cached\" with a larger -Xmx or memory to keep them)");
        };
    }

    String describe() {
        return "memory: mode " + mode.word + " (" + mode.meaning + "), budget " + mb(budget) + " (" + origin + ")"
                + (reason.isEmpty() ? "" : ": " + reason);
    }

    /** The error when the cached data outgrow the budget. */
    TrainingException exceeded(long bytes, int done, int total) {
        return new TrainingException(String.format(Locale.ROOT,
                "the cached descriptor derivatives need more than the memory budget %s (%s after %d of %d structures; %s); "
                        + "raise -Xmx (e.g. JAVA_OPTS=-Xmx16g) or 'memory' in [training], set memory_mode = \"on-demand\" (or \"auto\"), "
                        + "use fewer or narrower symmetry functions, or train on fewer structures", mb(budget), mb(bytes), done, total, origin));
    }

    static String mb(long bytes) {
        return bytes >= 1L << 30 ? String.format(Locale.ROOT, "%.1f GB", bytes / (double) (1L << 30))
                : String.format(Locale.ROOT, "%.0f MB", bytes / (double) (1L << 20));
    }
}
