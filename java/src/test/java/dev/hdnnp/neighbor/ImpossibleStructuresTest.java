package dev.hdnnp.neighbor;

import dev.hdnnp.structure.Structure;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Structures that cannot be evaluated are refused with a reason instead of NaN or OutOfMemoryError. */
final class ImpossibleStructuresTest {
    private static final boolean[] PERIODIC = {true, true, true};

    private static Structure cube(double edge, String[] species, double... xyz) {
        return new Structure(species, xyz, new double[] {edge, 0, 0, 0, edge, 0, 0, 0, edge}, PERIODIC);
    }

    @Test
    void oneAtomInACellFarSmallerThanTheCutoff() {
        // 1 atom in (0.05)³ with rc 12: 4/3·π·12³/0.05³ ≈ 5.8e7 neighbours, 481³ images: gigabytes
        Structure s = cube(0.05, new String[] {"H"}, 0.01, 0.01, 0.01);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NeighborList.build(s, 12.0, x -> 0));
        assertTrue(e.getMessage().contains("too small for the cutoff 12"), e.getMessage());
        assertTrue(e.getMessage().contains("5.79e+07 neighbours"), e.getMessage());
    }

    @Test
    void theBoundLeavesRoomForDenseSolids() {
        // 1 atom in a 2.5 Å cube with rc 6.5 Å: 4/3·π·6.5³/2.5³ ≈ 74 neighbours, as in a metal
        Structure s = cube(2.5, new String[] {"Cu"}, 0, 0, 0);
        NeighborList nl = NeighborList.build(s, 6.5, x -> 0);
        // lattice points of the simple cubic lattice within 2.6 edges: count them independently
        int expected = 0;
        for (int i = -3; i <= 3; i++) for (int j = -3; j <= 3; j++) for (int k = -3; k <= 3; k++) {
            int r2 = i * i + j * j + k * k;
            if (r2 > 0 && r2 * 2.5 * 2.5 <= 6.5 * 6.5) expected++;
        }
        assertTrue(expected == nl.neighborCount(0), expected + " vs " + nl.neighborCount(0));
    }

    @Test
    void twoAtomsAtTheSamePosition() {
        Structure s = new Structure(new String[] {"O", "H", "H"}, new double[] {0, 0, 0, 1, 0, 0, 1, 0, 0}, null, new boolean[3]);
        String p = NeighborList.coincidentAtoms(s);
        assertTrue(p.startsWith("atom 2 (H) and atom 3 (H) are at the same position"), p);
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NeighborList.build(s, 6.0, x -> 0));
        assertTrue(e.getMessage().startsWith("atom 2 (H) and atom 3 (H)"), e.getMessage());
    }

    @Test
    void anAtomOnThePeriodicImageOfAnother() {
        // 9.9999999999 wraps onto 0 within 1e-6 (on the far face of the cell)
        Structure s = cube(10, new String[] {"H", "O"}, 0, 5, 5, 9.9999999999, 5, 5);
        String p = NeighborList.coincidentAtoms(s);
        assertTrue(p.startsWith("atom 1 (H) and a periodic image of atom 2 (O) are at the same position"), p);
    }

    @Test
    void closeButDistinctAtomsAndSmallCellsAreFine() {
        Structure s = new Structure(new String[] {"H", "H"}, new double[] {0, 0, 0, 2e-6, 0, 0}, null, new boolean[3]);
        assertNull(NeighborList.coincidentAtoms(s));
        assertNull(NeighborList.coincidentAtoms(cube(1e-3, new String[] {"H"}, 0, 0, 0)));
    }
}
