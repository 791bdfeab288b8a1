package dev.hdnnp.train;

import dev.hdnnp.descriptor.DescriptorSpec;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The descriptor derivatives of structures whose ∂G/∂r are not kept ({@link MemoryPlan.Mode#ON_DEMAND}):
 * recomputed per structure when a force or stress term needs them, by the same {@link Featurizer}
 * (the force kernel's {@link dev.hdnnp.descriptor.SymmetryKernel#jacobian}) and the same
 * normalisation as in the cached mode, so the numbers are the cached mode's to the bit.
 *
 * <p>Up to {@code capacity} bytes of recomputed derivatives are kept (no eviction): those that
 * {@link #pin} chose for a training run (the validation structures, then the Kalman threshold's
 * reference structures, then a spread subset of the other training structures), else first come
 * first kept. A fixed share hits in the full sweeps of
 * L-BFGS and of the per-epoch errors, where LRU would evict every entry before its next use.
 * Kalman's force picks need no whole derivatives: {@link #columns} computes what they read.
 */
final class DerivativeSource {
    private final DescriptorSpec spec;
    private final ThreadLocal<Featurizer> featurizer;
    private final long capacity;
    private final ConcurrentHashMap<Sample, Sample> kept = new ConcurrentHashMap<>();
    private final AtomicLong keptBytes = new AtomicLong(), computed = new AtomicLong(), columnStructures = new AtomicLong();
    private volatile Preprocessing pre;
    private volatile java.util.Set<Sample> pinned;   // null: first come, first kept

    DerivativeSource(DescriptorSpec spec, long capacity) {
        this.spec = spec;
        this.capacity = Math.max(0, capacity);
        this.featurizer = ThreadLocal.withInitial(() -> new Featurizer(spec, true).withoutValues());
    }

    /** The normalisation the recomputed derivatives get (set once the training set's scaling is known). */
    void normalizeWith(Preprocessing p) { pre = p; }

    /** Number of structures whose derivatives were computed (for the tests and the log). */
    long computed() { return computed.get(); }

    long keptBytes() { return keptBytes.get(); }

    /** A sample holding s's derivatives (entryOffset, entryAtom, dgOffset, dg), normalised. */
    Sample of(Sample s) {
        Sample d = kept.get(s);
        if (d != null) return d;
        if (pre == null) throw new IllegalStateException("derivatives requested before the normalisation is known");
        d = featurizer.get().compute(s.index, s.structure, null);
        d.normalize(pre);
        computed.incrementAndGet();
        long b = d.bytes();
        java.util.Set<Sample> p = pinned;
        if ((p == null || p.contains(s)) && keptBytes.get() + b <= capacity && keptBytes.addAndGet(b) <= capacity) kept.putIfAbsent(s, d);
        return d;
    }

    /**
     * How many training structures the Kalman threshold reference covers ({@link #reference}),
     * and so the fewest the per-epoch training force errors cover (recomputed if they do not fit).
     */
    static final int MIN_MONITOR = 16;

    /**
     * The training structures whose force RMSE is the Kalman threshold reference ({@link Trainer}):
     * the {@link #MIN_MONITOR} structures {@code withForces.get(j·n/16)} of the n training
     * structures with forces, all of them when n ≤ 16. It depends on the split alone, not on the
     * memory mode or budget, so that both modes compare the force candidates with the same number
     * and train the same weights to the bit; 16 structures × atoms × 3 components estimate the
     * RMSE well enough for a threshold, and in the on-demand mode they are the kept ones
     * ({@link #pin}), so the reference costs no recomputation.
     */
    static List<Sample> reference(List<Sample> train) {
        List<Sample> withForces = new ArrayList<>();
        for (Sample s : train) if (s.hasForces()) withForces.add(s);
        int n = withForces.size(), count = Math.min(MIN_MONITOR, n);
        List<Sample> r = new ArrayList<>(count);
        for (int j = 0; j < count; j++) r.add(withForces.get((int) ((long) j * n / count)));
        return r;
    }

    /**
     * Decides what is kept, for a training run with this split: the validation structures first
     * (their errors choose the best epoch and stop early, so they stay exact and cheap), then the
     * threshold {@link #reference} structures, then further evenly spread training structures, as
     * many as the capacity holds (the reference ones are monitored even when they do not fit),
     * computed now in parallel. Only these are ever kept from now on. Returns the monitored
     * training structures, in training order: the subset the per-epoch training force errors are
     * taken over ({@link Trainer}), the same in every run with this data, split and budget, and
     * always containing the reference.
     */
    List<Sample> pin(List<Sample> validation, List<Sample> train, Parallel par) {
        kept.clear();
        keptBytes.set(0);
        pinned = null;
        if (train.isEmpty()) return new ArrayList<>();
        Sample probe = validation.isEmpty() ? train.get(0) : validation.get(0);
        Sample d = featurizer.get().compute(probe.index, probe.structure, null);
        double perAtom = d.bytes() / (double) Math.max(1, probe.atoms);
        long room = capacity;
        List<Sample> pin = new ArrayList<>();
        for (Sample s : validation) {
            long b = (long) Math.ceil(perAtom * s.atoms);
            if (b > room) break;
            room -= b;
            pin.add(s);
        }
        long atoms = 0;
        for (Sample s : train) atoms += s.atoms;
        int n = train.size();
        int fit = (int) Math.min(n, Math.floor(room / (perAtom * atoms / n)));
        java.util.Set<Sample> chosen = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        List<Sample> monitor = new ArrayList<>(reference(train));
        chosen.addAll(monitor);
        for (int j = 0; j < fit && monitor.size() < fit; j++) {
            Sample s = train.get((int) ((long) j * n / fit));
            if (chosen.add(s)) monitor.add(s);
        }
        pin.addAll(monitor.subList(0, Math.min(fit, monitor.size())));
        java.util.Set<Sample> set = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        set.addAll(pin);
        pinned = set;
        par.forEach(pin.size(), (k, t) -> of(pin.get(k)));
        List<Sample> inOrder = new ArrayList<>(monitor.size());
        for (Sample s : train) if (chosen.contains(s)) inOrder.add(s);
        return inOrder;
    }

    /** s's derivatives when they are kept here, else null (nothing computed). */
    Sample kept(Sample s) { return kept.get(s); }

    /** The force columns [pick][component] of the distinct atoms {@code picks} of s (see {@link Featurizer#columns}). */
    LossEngine.ForceColumn[][] columns(Sample s, int[] picks) {
        if (pre == null) throw new IllegalStateException("derivatives requested before the normalisation is known");
        columnStructures.incrementAndGet();
        return featurizer.get().columns(s.structure, picks, pre);
    }

    /** Number of structures whose force columns were computed (for the tests and the log). */
    long columnStructures() { return columnStructures.get(); }

    DescriptorSpec spec() { return spec; }
}
