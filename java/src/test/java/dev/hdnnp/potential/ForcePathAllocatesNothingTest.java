package dev.hdnnp.potential;

import dev.hdnnp.TestData;
import dev.hdnnp.io.InputDataFormat;
import dev.hdnnp.io.N2p2Potential;
import dev.hdnnp.neighbor.NeighborList;
import dev.hdnnp.structure.Structure;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** After warm-up, an evaluation allocates no heap memory (the JVM's per-thread allocation counter says so). */
class ForcePathAllocatesNothingTest {
    @Test
    void steadyStateEvaluationAllocatesNothing() throws Exception {
        Model m = N2p2Potential.read(TestData.shared("reference/n2p2/H2O_RPBE-D3/potential"), "bohr", "hartree");
        Structure s = InputDataFormat.read(TestData.shared("reference/n2p2/H2O_RPBE-D3/structures/input.data")).get(1);
        NeighborList nl = NeighborList.build(s, m.cutoff(), m::elementIndex);
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long self = Thread.currentThread().threadId();
        try (Evaluator ev = new Evaluator(m, 1)) {
            EvaluationResult r = new EvaluationResult();
            r.ensureCapacity(nl.totalCount(), true, true);
            // what reading the counter itself costs, measured the same way
            long a0 = threads.getThreadAllocatedBytes(self);
            long a1 = threads.getThreadAllocatedBytes(self);
            // warm-up: until the JIT has compiled the kernel (the SIMD loops box their vectors until
            // C2 compiles them; on a busy machine that takes more calls), at most 400 calls
            int quiet = 0;
            for (int i = 0; i < 400 && quiet < 5; i++) {
                long b0 = threads.getThreadAllocatedBytes(self);
                ev.compute(nl, r);
                quiet = threads.getThreadAllocatedBytes(self) - b0 == a1 - a0 ? quiet + 1 : 0;
            }
            // a late recompilation can deoptimize once and box a few vectors: up to 3 windows, the
            // last must be clean (a steady allocation fails every window)
            long extra = 0;
            for (int window = 0; window < 3; window++) {
                long before = threads.getThreadAllocatedBytes(self);
                for (int i = 0; i < 10; i++) ev.compute(nl, r);
                long after = threads.getThreadAllocatedBytes(self);
                extra = (after - before) - (a1 - a0);
                if (extra == 0) break;
            }
            assertEquals(0, extra, "bytes allocated by 10 evaluations beyond the counter's own");
        }
    }
}
