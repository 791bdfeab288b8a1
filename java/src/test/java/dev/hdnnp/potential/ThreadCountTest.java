package dev.hdnnp.potential;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The one thread-count check shared by the command line, the C ABI and LAMMPS. */
class ThreadCountTest {
    @Test
    void acceptsOneToMaxAndRefusesTheRestSayingTheBound() {
        assertEquals(1, ThreadCount.check(1));
        assertEquals(ThreadCount.MAX, ThreadCount.check(ThreadCount.MAX));
        for (int bad : new int[]{0, -3, ThreadCount.MAX + 1, 100000}) {
            var e = assertThrows(IllegalArgumentException.class, () -> ThreadCount.check(bad));
            assertTrue(e.getMessage().contains("between 1 and " + ThreadCount.MAX) && e.getMessage().contains("got " + bad),
                    e.getMessage());
        }
    }

    @Test
    void theEvaluatorRefuses100000ThreadsBeforeCreatingAny() {
        int before = Thread.activeCount();
        var e = assertThrows(IllegalArgumentException.class, () -> new Evaluator(null, 100000));
        assertTrue(e.getMessage().contains("100000"), e.getMessage());
        assertTrue(Thread.activeCount() <= before + 1, "threads were started");
    }
}
