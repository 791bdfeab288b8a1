package dev.hdnnp.io;

import dev.hdnnp.structure.Structure;

import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Bit-exact comparisons of structures (Arrays.equals on double[] compares bit patterns). */
final class StructureAssert {
    private StructureAssert() {}

    /** Everything both formats can hold: species, positions, cell, pbc, energy, forces, charges, total charge, comment, set. */
    static void assertSameCore(List<Structure> a, List<Structure> b) {
        assertEquals(a.size(), b.size(), "structure count");
        for (int k = 0; k < a.size(); k++) assertSameCore(a.get(k), b.get(k), "structure " + (k + 1));
    }

    static void assertSameCore(Structure a, Structure b, String where) {
        assertArrayEquals(a.species(), b.species(), where + " species");
        assertBits(a.positions(), b.positions(), where + " positions");
        assertBits(a.cell(), b.cell(), where + " cell");
        assertArrayEquals(a.pbc(), b.pbc(), where + " pbc");
        assertEquals(Double.doubleToLongBits(a.energy()), Double.doubleToLongBits(b.energy()), where + " energy");
        assertEquals(Double.doubleToLongBits(a.totalCharge()), Double.doubleToLongBits(b.totalCharge()), where + " total charge");
        assertBits(a.forces(), b.forces(), where + " forces");
        assertBits(a.charges(), b.charges(), where + " charges");
        assertEquals(a.comment(), b.comment(), where + " comment");
        assertEquals(a.set(), b.set(), where + " set");
    }

    /** Core plus extended-XYZ extras (info keys and extra per-atom columns). */
    static void assertSameAll(List<Structure> a, List<Structure> b) {
        assertSameCore(a, b);
        for (int k = 0; k < a.size(); k++) {
            assertEquals(a.get(k).info(), b.get(k).info(), "info of structure " + (k + 1));
            assertEquals(a.get(k).atomProperties().keySet(), b.get(k).atomProperties().keySet());
            for (var e : a.get(k).atomProperties().entrySet()) {
                var o = b.get(k).atomProperties().get(e.getKey());
                assertEquals(e.getValue().type(), o.type());
                assertEquals(e.getValue().columns(), o.columns());
                assertArrayEquals(e.getValue().values(), o.values(), "property " + e.getKey());
            }
        }
    }

    static void assertBits(double[] a, double[] b, String what) {
        if (!Arrays.equals(a, b)) {
            if (a == null || b == null) throw new AssertionError(what + ": one is null");
            for (int i = 0; i < Math.min(a.length, b.length); i++) {
                if (Double.doubleToLongBits(a[i]) != Double.doubleToLongBits(b[i])) throw new AssertionError(what + "[" + i + "]: " + a[i] + " != " + b[i]);
            }
            throw new AssertionError(what + ": lengths " + a.length + " != " + b.length);
        }
    }
}
