package dev.hdnnp.neighbor;

import dev.hdnnp.TestData;
import dev.hdnnp.io.InputDataFormat;
import dev.hdnnp.structure.Structure;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.*;

class NeighborListTest {
    private static final String[] SPECIES = {"O", "H", "Cu"};

    private static int elementIndex(String s) { return s.equals("O") ? 0 : s.equals("H") ? 1 : -1; }

    /** Random triclinic cell (rows a, b, c) with lengths ~[lo, hi] and tilts up to ±0.6 of the lengths. */
    private static double[] randomCell(SplittableRandom r, double lo, double hi) {
        double[] h = new double[9];
        for (int d = 0; d < 3; d++) {
            double len = lo + (hi - lo) * r.nextDouble();
            for (int e = 0; e < 3; e++) h[3 * d + e] = (e == d ? len : (r.nextDouble() - 0.5) * 1.2 * len);
        }
        return h;
    }

    /** Atoms with fractional coordinates in [-0.5, 1.5): not wrapped, so the list has to wrap them. */
    private static Structure randomStructure(SplittableRandom r, int n, double[] cell, boolean[] pbc) {
        String[] sp = new String[n];
        double[] x = new double[3 * n];
        for (int i = 0; i < n; i++) {
            sp[i] = SPECIES[r.nextInt(SPECIES.length)];
            double f0 = r.nextDouble() * 2 - 0.5, f1 = r.nextDouble() * 2 - 0.5, f2 = r.nextDouble() * 2 - 0.5;
            for (int e = 0; e < 3; e++) x[3 * i + e] = f0 * cell[e] + f1 * cell[3 + e] + f2 * cell[6 + e];
        }
        boolean any = pbc[0] || pbc[1] || pbc[2];
        return new Structure(sp, x, any || r.nextBoolean() ? cell : null, pbc);
    }

    /** The §8 enumeration: every pair (i, j) and translation t (j = i allowed, not with t = 0); displacement r_j + t − r_i. */
    private static Map<Long, List<double[]>> bruteForce(Structure s, double rc) {
        int n = s.size();
        double[] x = s.positions(), h = s.cell();
        int[] shells = new int[3];
        for (int d = 0; d < 3; d++) {
            if (!s.pbc()[d]) continue;
            double[] u = Arrays.copyOfRange(h, 3 * ((d + 1) % 3), 3 * ((d + 1) % 3) + 3);
            double[] w = Arrays.copyOfRange(h, 3 * ((d + 2) % 3), 3 * ((d + 2) % 3) + 3);
            double[] c = {u[1] * w[2] - u[2] * w[1], u[2] * w[0] - u[0] * w[2], u[0] * w[1] - u[1] * w[0]};
            double height = s.volume() / Math.sqrt(c[0] * c[0] + c[1] * c[1] + c[2] * c[2]);
            shells[d] = (int) Math.ceil(rc / height) + 2;   // +2: positions are up to half a cell outside
        }
        Map<Long, List<double[]>> out = new HashMap<>();
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < n; j++) {
                for (int a = -shells[0]; a <= shells[0]; a++) {
                    for (int b = -shells[1]; b <= shells[1]; b++) {
                        for (int c = -shells[2]; c <= shells[2]; c++) {
                            if (i == j && a == 0 && b == 0 && c == 0) continue;
                            double[] d = new double[3];
                            double d2 = 0;
                            for (int e = 0; e < 3; e++) {
                                double t = h == null ? 0 : a * h[e] + b * h[3 + e] + c * h[6 + e];
                                d[e] = x[3 * j + e] + t - x[3 * i + e];
                                d2 += d[e] * d[e];
                            }
                            if (d2 <= rc * rc) out.computeIfAbsent(key(i, j), k -> new ArrayList<>()).add(d);
                        }
                    }
                }
            }
        }
        return out;
    }

    private static long key(int i, int j) { return ((long) i << 32) | j; }

    private static Map<Long, List<double[]>> fromList(NeighborList nl) {
        Map<Long, List<double[]>> out = new HashMap<>();
        double[] x = nl.positions();
        for (int ii = 0; ii < nl.localCount(); ii++) {
            int i = nl.atom(ii);
            for (int k = 0; k < nl.neighborCount(i); k++) {
                int j = nl.neighbor(i, k);
                assertNotEquals(i, j, "an atom never lists itself");
                double[] d = {x[3 * j] - x[3 * i], x[3 * j + 1] - x[3 * i + 1], x[3 * j + 2] - x[3 * i + 2]};
                out.computeIfAbsent(key(i, nl.owner(j)), q -> new ArrayList<>()).add(d);
            }
        }
        return out;
    }

    /** Multiset equality of displacement vectors per (i, owner j), matching within 1e-9. */
    private static void assertSamePairs(Map<Long, List<double[]>> expected, Map<Long, List<double[]>> actual, String where) {
        assertEquals(expected.keySet(), actual.keySet(), where + ": atom pairs");
        for (var e : expected.entrySet()) {
            List<double[]> want = new ArrayList<>(e.getValue()), got = new ArrayList<>(actual.get(e.getKey()));
            assertEquals(want.size(), got.size(), where + ": images of pair " + (e.getKey() >> 32) + "," + (e.getKey() & 0xffffffffL));
            for (double[] w : want) {
                int match = -1;
                for (int k = 0; k < got.size() && match < 0; k++) {
                    double[] g = got.get(k);
                    if (Math.abs(g[0] - w[0]) < 1e-9 && Math.abs(g[1] - w[1]) < 1e-9 && Math.abs(g[2] - w[2]) < 1e-9) match = k;
                }
                assertTrue(match >= 0, where + ": displacement " + Arrays.toString(w) + " missing");
                got.remove(match);
            }
        }
    }

    /** Inverse-cell fractional coordinates of a Cartesian vector. */
    private static double[] fractional(double[] h, double x, double y, double z) {
        double det = h[0] * (h[4] * h[8] - h[5] * h[7]) - h[1] * (h[3] * h[8] - h[5] * h[6]) + h[2] * (h[3] * h[7] - h[4] * h[6]);
        double[] f = new double[3];
        for (int d = 0; d < 3; d++) {
            int u = (d + 1) % 3, w = (d + 2) % 3;
            double cx = h[3 * u + 1] * h[3 * w + 2] - h[3 * u + 2] * h[3 * w + 1];
            double cy = h[3 * u + 2] * h[3 * w] - h[3 * u] * h[3 * w + 2];
            double cz = h[3 * u] * h[3 * w + 1] - h[3 * u + 1] * h[3 * w];
            f[d] = (x * cx + y * cy + z * cz) / det;
        }
        return f;
    }

    @Test
    void matchesBruteForceEnumerationForRandomTriclinicCells() {
        SplittableRandom r = new SplittableRandom(2024);
        int cases = 0;
        for (int trial = 0; trial < 60; trial++) {
            boolean small = trial % 3 == 0;                          // cells smaller than the cutoff
            double rc = 2.0 + 2 * r.nextDouble();
            double[] cell = small ? randomCell(r, 0.6, 2.5) : randomCell(r, 3, 9);
            boolean[] pbc = {((trial >> 0) & 1) == 1 || trial % 4 == 3, ((trial >> 1) & 1) == 1 || trial % 4 == 3, ((trial >> 2) & 1) == 1 || trial % 4 == 3};
            Structure s = randomStructure(r, small ? 1 + r.nextInt(4) : 5 + r.nextInt(25), cell, pbc);
            if (s.cell() != null && s.volume() < 0.05 * Math.abs(cell[0] * cell[4] * cell[8])) continue;   // skip nearly flat random cells
            String where = "trial " + trial + " pbc " + Arrays.toString(s.pbc());
            NeighborList nl = NeighborList.build(s, rc, NeighborListTest::elementIndex);
            assertSamePairs(bruteForce(s, rc), fromList(nl), where);
            checkGhostsAndWrapping(s, nl, rc, where);
            cases++;
            // the internal O(N²) path must give the same lists as the cell list
            NeighborList bf = NeighborList.build(s, rc, NeighborListTest::elementIndex, true);
            assertEquals(nl.totalCount(), bf.totalCount(), where);
            for (int i = 0; i < nl.localCount(); i++) {
                int[] a = new int[nl.neighborCount(i)], b = new int[bf.neighborCount(i)];
                for (int k = 0; k < a.length; k++) a[k] = nl.neighbor(i, k);
                for (int k = 0; k < b.length; k++) b[k] = bf.neighbor(i, k);
                Arrays.sort(a);
                Arrays.sort(b);
                assertArrayEquals(b, a, where + " atom " + i);
            }
        }
        assertTrue(cases > 40);
    }

    private static void checkGhostsAndWrapping(Structure s, NeighborList nl, double rc, String where) {
        int n = s.size();
        assertEquals(n, nl.localCount());
        double[] x = nl.positions();
        double[] h = s.cell();
        boolean[] referenced = new boolean[nl.totalCount()];
        for (int i = 0; i < n; i++) for (int k = 0; k < nl.neighborCount(i); k++) referenced[nl.neighbor(i, k)] = true;
        for (int a = 0; a < nl.totalCount(); a++) {
            int o = nl.owner(a);
            assertEquals(elementIndex(s.species(o)), nl.element(a));
            if (a < n) {
                assertEquals(a, o);
                if (h != null) {
                    double[] f = fractional(h, x[3 * a], x[3 * a + 1], x[3 * a + 2]);
                    double[] f0 = fractional(h, s.positions()[3 * a], s.positions()[3 * a + 1], s.positions()[3 * a + 2]);
                    for (int d = 0; d < 3; d++) {
                        if (s.pbc()[d]) assertTrue(f[d] > -1e-12 && f[d] < 1 + 1e-12, where + ": wrapped " + f[d]);
                        else assertEquals(f0[d], f[d], 1e-12, where + ": non-periodic direction moved");
                        assertEquals(0, Math.abs(f[d] - f0[d] - Math.rint(f[d] - f0[d])), 1e-9);
                    }
                } else {
                    assertEquals(s.positions()[3 * a], x[3 * a]);
                }
            } else {
                assertTrue(o >= 0 && o < n);
                assertTrue(referenced[a], where + ": ghost " + a + " is within the cutoff of no local atom");
                double[] f = fractional(h, x[3 * a] - x[3 * o], x[3 * a + 1] - x[3 * o + 1], x[3 * a + 2] - x[3 * o + 2]);
                boolean moved = false;
                for (int d = 0; d < 3; d++) {
                    assertEquals(Math.rint(f[d]), f[d], 1e-9, where + ": ghost is not a lattice translate of its owner");
                    if (!s.pbc()[d]) assertEquals(0.0, Math.rint(f[d]), 0.0, where + ": image along a non-periodic direction");
                    moved |= Math.rint(f[d]) != 0;
                }
                assertTrue(moved);
            }
        }
    }

    @Test
    void selfImagesInACellSmallerThanTheCutoff() {
        Structure s = new Structure(new String[] {"Cu"}, new double[] {0.1, 0.2, 0.3}, new double[] {1, 0, 0, 0, 1, 0, 0, 0, 1}, new boolean[] {true, true, true});
        NeighborList nl = NeighborList.build(s, 1.5, NeighborListTest::elementIndex);
        // lattice points within 1.5 of the origin, minus the origin: 6 at |t| = 1 and 12 at √2 (√3 > 1.5)
        assertEquals(18, nl.neighborCount(0));
        assertEquals(-1, nl.element(0));
        for (int k = 0; k < 18; k++) assertEquals(0, nl.owner(nl.neighbor(0, k)));
    }

    @Test
    void foldGhostForcesConservesTheTotalForce() {
        SplittableRandom r = new SplittableRandom(5);
        Structure s = randomStructure(r, 40, randomCell(r, 4, 6), new boolean[] {true, true, true});
        NeighborList nl = NeighborList.build(s, 5.0, NeighborListTest::elementIndex);
        assertTrue(nl.totalCount() > nl.localCount());
        double[] all = new double[3 * nl.totalCount()];
        for (int k = 0; k < all.length; k++) all[k] = r.nextDouble() - 0.5;
        double[] local = new double[3 * nl.localCount()];
        Arrays.fill(local, 99.0);                                   // must be overwritten, not added to
        nl.foldGhostForces(all, local);
        for (int d = 0; d < 3; d++) {
            double sumAll = 0, sumLocal = 0;
            for (int a = 0; a < nl.totalCount(); a++) sumAll += all[3 * a + d];
            for (int i = 0; i < nl.localCount(); i++) sumLocal += local[3 * i + d];
            assertEquals(sumAll, sumLocal, 1e-10);
        }
        // per atom: own force plus the forces of exactly its ghosts
        double[] expect = Arrays.copyOf(all, local.length);
        for (int a = nl.localCount(); a < nl.totalCount(); a++) for (int d = 0; d < 3; d++) expect[3 * nl.owner(a) + d] += all[3 * a + d];
        assertArrayEquals(expect, local, 1e-12);
    }

    @Test
    void waterReferenceStructuresAgreeWithBruteForce() throws IOException {
        List<Structure> all = InputDataFormat.read(TestData.shared("reference/n2p2/H2O_RPBE-D3/structures/input.data"));
        for (Structure s : all.subList(0, 3)) {
            NeighborList nl = NeighborList.build(s, 12.0, NeighborListTest::elementIndex);
            assertSamePairs(bruteForce(s, 12.0), fromList(nl), "water");
        }
    }

    @Test
    void largeWaterBoxIsFast() {
        // 1080 atoms at liquid-water density in Bohr (cubic box 41.2), cutoff 12 Bohr; 0.0154 atoms/Bohr³ · 4/3·π·12³ ≈ 112 neighbours per atom
        SplittableRandom r = new SplittableRandom(1);
        double l = 41.2;
        double[] cell = {l, 0, 0, 0.0, l, 0, 0, 0, l};
        Structure s = randomStructure(r, 1080, cell, new boolean[] {true, true, true});
        long best = Long.MAX_VALUE;
        NeighborList nl = null;
        for (int rep = 0; rep < 15; rep++) {
            long t0 = System.nanoTime();
            nl = NeighborList.build(s, 12.0, NeighborListTest::elementIndex);
            best = Math.min(best, System.nanoTime() - t0);
        }
        double perAtom = (double) nl.neighborOffsets()[nl.localCount()] / nl.localCount();
        System.out.printf("NeighborList: 1080 atoms, rc 12, %d ghosts, %.0f neighbours/atom, best %.2f ms%n",
                nl.totalCount() - nl.localCount(), perAtom, best / 1e6);
        assertTrue(perAtom > 95 && perAtom < 130, "density check: " + perAtom);
        assertSamePairs(bruteForce(s, 12.0), fromList(nl), "1080-atom box");
        // the same atoms in a 19.7 Bohr box (8× water density, ~1000 neighbours per atom): timing only
        Structure dense = randomStructure(r, 1080, new double[] {19.7, 0, 0, 0, 19.7, 0, 0, 0, 19.7}, new boolean[] {true, true, true});
        long bestDense = Long.MAX_VALUE;
        NeighborList d = null;
        for (int rep = 0; rep < 15; rep++) {
            long t0 = System.nanoTime();
            d = NeighborList.build(dense, 12.0, NeighborListTest::elementIndex);
            bestDense = Math.min(bestDense, System.nanoTime() - t0);
        }
        System.out.printf("NeighborList: 1080 atoms in 19.7 Bohr box, %d ghosts, %d pairs, best %.2f ms%n",
                d.totalCount() - d.localCount(), d.neighborOffsets()[d.localCount()], bestDense / 1e6);
        checkGhostsAndWrapping(s, nl, 12.0, "1080-atom box");
        assertTrue(best < 500_000_000L, "took " + best / 1e6 + " ms");     // generous: CI machines vary
    }
}
