package dev.hdnnp.train;

import dev.hdnnp.descriptor.DescriptorSpec;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The descriptor derivatives of structures whose ∂G/∂r are not kept ({@link MemoryPlan.Mode#ON_DEMAND}):
 * recomputed per structure when a force or stress term needs them, by the same {@link Featurizer}
 * (the force kernel's {@link dev.hdnnp.descriptor.SymmetryKernel#jacobian}) and the same
 * normalisation as in the cached mode, so the numbers are the cached mode's to the bit.
 *
 * <p>Up to {@code capacity} bytes of recomputed derivatives are kept, first come first kept
 * (no eviction): with random access (Kalman) that is as good as least-recently-used, and with the
 * full sweeps of L-BFGS and of the per-epoch errors it keeps a fixed share hitting, where LRU would
 * evict every entry before its next use.
 */
final class DerivativeSource {
    private final DescriptorSpec spec;
    private final ThreadLocal<Featurizer> featurizer;
    private final long capacity;
    private final ConcurrentHashMap<Sample, Sample> kept = new ConcurrentHashMap<>();
    private final AtomicLong keptBytes = new AtomicLong(), computed = new AtomicLong(), columnStructures = new AtomicLong();
    private volatile Preprocessing pre;

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
        if (keptBytes.get() + b <= capacity && keptBytes.addAndGet(b) <= capacity) kept.putIfAbsent(s, d);
        return d;
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
