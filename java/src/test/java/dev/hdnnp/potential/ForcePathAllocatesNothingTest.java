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
            for (int i = 0; i < 20; i++) ev.compute(nl, r);
            // what reading the counter itself costs, measured the same way
            long a0 = threads.getThreadAllocatedBytes(self);
            long a1 = threads.getThreadAllocatedBytes(self);
            long before = threads.getThreadAllocatedBytes(self);
            for (int i = 0; i < 10; i++) ev.compute(nl, r);
            long after = threads.getThreadAllocatedBytes(self);
            assertEquals(a1 - a0, after - before, "bytes allocated by 10 evaluations beyond the counter's own");
        }
    }
}
