package dev.hdnnp.potential;

import dev.hdnnp.TestData;
import dev.hdnnp.io.InputDataFormat;
import dev.hdnnp.io.N2p2Potential;
import dev.hdnnp.neighbor.NeighborList;
import dev.hdnnp.nn.NeuralNetwork;
import dev.hdnnp.structure.Structure;
import org.junit.jupiter.api.Test;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** After warm-up, an evaluation (one model, or a committee sharing its descriptors) allocates no heap memory (the JVM's per-thread allocation counter says so). */
class ForcePathAllocatesNothingTest {
    @Test
    void steadyStateEvaluationAllocatesNothing() throws Exception {
        Model m = water();
        NeighborList nl = box(m);
        try (Evaluator ev = new Evaluator(m, 1)) {
            EvaluationResult r = new EvaluationResult();
            r.ensureCapacity(nl.totalCount(), true, true);
            assertSteadyStateAllocatesNothing(() -> ev.compute(nl, r));
        }
    }

    /** The committee's shared-descriptor path (one sweep of the triplet rows for all members) too. */
    @Test
    void steadyStateCommitteeEvaluationAllocatesNothing() throws Exception {
        Model m = water();
        NeighborList nl = box(m);
        List<Model> members = new ArrayList<>(List.of(m));
        Random rnd = new Random(5);
        // four members (the paired sweep) and five (an odd last member alone)
        for (int k = 1; k < 5; k++) {
            List<NeuralNetwork> nets = new ArrayList<>();
            for (NeuralNetwork n : m.networks()) {
                NeuralNetwork c = n.copy();
                double[] p = c.parameters();
                for (int q = 0; q < p.length; q++) p[q] *= 1 + 0.02 * rnd.nextGaussian();
                nets.add(c);
            }
            members.add(m.withNetworks(nets, null));
        }
        for (int size : new int[]{4, 5}) {
            try (CommitteeEvaluator ev = new CommitteeEvaluator(new Committee(members.subList(0, size)), 1)) {
                assertTrue(ev.shared());
                CommitteeResult r = new CommitteeResult(size);
                assertSteadyStateAllocatesNothing(() -> ev.compute(nl, r));
            }
        }
    }

    private static Model water() throws Exception {
        return N2p2Potential.read(TestData.shared("reference/n2p2/H2O_RPBE-D3/potential"), "bohr", "hartree");
    }

    private static NeighborList box(Model m) throws Exception {
        Structure s = InputDataFormat.read(TestData.shared("reference/n2p2/H2O_RPBE-D3/structures/input.data")).get(1);
        return NeighborList.build(s, m.cutoff(), m::elementIndex);
    }

    private static void assertSteadyStateAllocatesNothing(Runnable call) {
        var threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long self = Thread.currentThread().threadId();
        // what reading the counter itself costs, measured the same way
        long a0 = threads.getThreadAllocatedBytes(self);
        long a1 = threads.getThreadAllocatedBytes(self);
        // warm-up: until the JIT has compiled the kernel (the SIMD loops box their vectors until
        // C2 compiles them; on a busy machine that takes more calls), at most 400 calls
        int quiet = 0;
        for (int i = 0; i < 400 && quiet < 5; i++) {
            long b0 = threads.getThreadAllocatedBytes(self);
            call.run();
            quiet = threads.getThreadAllocatedBytes(self) - b0 == a1 - a0 ? quiet + 1 : 0;
        }
        // a late recompilation can deoptimize once and box a few vectors: up to 3 windows, the
        // last must be clean (a steady allocation fails every window)
        long extra = 0;
        for (int window = 0; window < 3; window++) {
            long before = threads.getThreadAllocatedBytes(self);
            for (int i = 0; i < 10; i++) call.run();
            long after = threads.getThreadAllocatedBytes(self);
            extra = (after - before) - (a1 - a0);
            if (extra == 0) break;
        }
        assertEquals(0, extra, "bytes allocated by 10 evaluations beyond the counter's own");
    }
}
