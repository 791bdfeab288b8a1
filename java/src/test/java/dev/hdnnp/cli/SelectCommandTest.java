package dev.hdnnp.cli;

import dev.hdnnp.io.CommitteeFile;
import dev.hdnnp.io.ExtxyzFormat;
import dev.hdnnp.io.LammpsDump;
import dev.hdnnp.io.ModelFile;
import dev.hdnnp.potential.CommitteeFixtures;
import dev.hdnnp.potential.Model;
import dev.hdnnp.potential.Prediction;
import dev.hdnnp.potential.Predictor;
import dev.hdnnp.structure.Structure;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code hdnnp select} against the members' separate predictions ({@link Predictor}, one model at
 * a time) with the disagreement computed here; the selection checked against what it promises
 * (above the threshold, the gap kept, and no frame left out that a greedy choice would have
 * taken); the dump reader against the same frames written as extended XYZ.
 */
class SelectCommandTest {
    @TempDir Path tmp;

    static final String[] TYPES = {"H", "C", "O"};
    static final double[] ORIGIN = {-1.25, 0.5, -3.0};
    static final int FRAMES = 14;
    static final long STRIDE = 50;

    List<Model> members;
    List<Structure> frames;
    long[] steps;
    Path committee, dump, scaledDump, xyz;

    @BeforeEach
    void setUp() throws IOException {
        Random rnd = new Random(2026);
        Structure base = CommitteeFixtures.structure(rnd, 10, 4.6);
        members = CommitteeFixtures.members(rnd, base, 3);
        frames = new ArrayList<>();
        steps = new long[FRAMES];
        for (int k = 0; k < FRAMES; k++) {
            // displacements of various sizes, so that some frames stray further than others
            double amp = 0.02 + 0.25 * rnd.nextDouble();
            double[] x = base.positions().clone();
            for (int a = 0; a < x.length; a++) x[a] += amp * rnd.nextGaussian();
            frames.add(new Structure(base.species().clone(), x, base.cell().clone(), base.pbc()));
            steps[k] = STRIDE * k;
        }
        List<Path> paths = new ArrayList<>();
        for (int m = 0; m < members.size(); m++) {
            Path p = tmp.resolve("member-" + (m + 1) + ".json");
            ModelFile.write(members.get(m), p);
            paths.add(p);
        }
        committee = tmp.resolve("committee.json");
        CommitteeFile.write(committee, paths);
        dump = tmp.resolve("md.lammpstrj");
        Files.writeString(dump, dump(rnd, false));
        scaledDump = tmp.resolve("scaled.dump");
        Files.writeString(scaledDump, dump(rnd, true));
        xyz = tmp.resolve("md.xyz");
        List<Structure> tagged = new ArrayList<>();
        for (int k = 0; k < FRAMES; k++) {
            Structure s = frames.get(k);
            Structure t = new Structure(s.species(), s.positions(), s.cell(), s.pbc());
            t.info().put("step", Long.toString(steps[k]));
            tagged.add(t);
        }
        ExtxyzFormat.write(xyz, tagged);
    }

    /** The frames as LAMMPS writes a restricted triclinic box, atoms in shuffled order. */
    private String dump(Random rnd, boolean scaled) {
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < FRAMES; k++) {
            Structure s = frames.get(k);
            double[] h = s.cell();
            double xy = h[3], xz = h[6], yz = h[7];
            double xlo = ORIGIN[0], ylo = ORIGIN[1], zlo = ORIGIN[2];
            double xhi = xlo + h[0], yhi = ylo + h[4], zhi = zlo + h[8];
            sb.append("ITEM: TIMESTEP\n").append(steps[k]).append("\nITEM: NUMBER OF ATOMS\n").append(s.size()).append('\n');
            sb.append("ITEM: BOX BOUNDS xy xz yz pp pp pp\n");
            sb.append(xlo + Math.min(Math.min(0, xy), Math.min(xz, xy + xz))).append(' ').append(xhi + Math.max(Math.max(0, xy), Math.max(xz, xy + xz))).append(' ').append(xy).append('\n');
            sb.append(ylo + Math.min(0, yz)).append(' ').append(yhi + Math.max(0, yz)).append(' ').append(xz).append('\n');
            sb.append(zlo).append(' ').append(zhi).append(' ').append(yz).append('\n');
            sb.append(scaled ? "ITEM: ATOMS id type xs ys zs\n" : "ITEM: ATOMS id type x y z\n");
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < s.size(); i++) order.add(i);
            Collections.shuffle(order, rnd);
            double[] inv = inverse(h);
            for (int i : order) {
                double[] r = {s.positions()[3 * i], s.positions()[3 * i + 1], s.positions()[3 * i + 2]};
                int type = List.of(TYPES).indexOf(s.species(i)) + 1;
                sb.append(i + 1).append(' ').append(type);
                if (scaled) {
                    double[] d = {r[0] - ORIGIN[0], r[1] - ORIGIN[1], r[2] - ORIGIN[2]};
                    for (int c = 0; c < 3; c++) sb.append(' ').append(d[0] * inv[c] + d[1] * inv[3 + c] + d[2] * inv[6 + c]);
                } else {
                    for (int c = 0; c < 3; c++) sb.append(' ').append(r[c]);
                }
                sb.append('\n');
            }
        }
        return sb.toString();
    }

    /** Inverse of a 3×3 matrix (rows), by cofactors. */
    static double[] inverse(double[] m) {
        double det = m[0] * (m[4] * m[8] - m[5] * m[7]) - m[1] * (m[3] * m[8] - m[5] * m[6]) + m[2] * (m[3] * m[7] - m[4] * m[6]);
        return new double[]{
                (m[4] * m[8] - m[5] * m[7]) / det, (m[2] * m[7] - m[1] * m[8]) / det, (m[1] * m[5] - m[2] * m[4]) / det,
                (m[5] * m[6] - m[3] * m[8]) / det, (m[0] * m[8] - m[2] * m[6]) / det, (m[2] * m[3] - m[0] * m[5]) / det,
                (m[3] * m[7] - m[4] * m[6]) / det, (m[1] * m[6] - m[0] * m[7]) / det, (m[0] * m[4] - m[1] * m[3]) / det};
    }

    /** Per frame, per atom: sqrt of the mean over members of |F_i^m − F̄_i|², from the members' separate predictions. */
    double[][] independentDisagreement() {
        List<List<Prediction>> p = new ArrayList<>();
        for (Model m : members) p.add(Predictor.predictAll(m, frames, "angstrom", "eV", 1, null));
        double[][] out = new double[FRAMES][];
        int nm = members.size();
        for (int k = 0; k < FRAMES; k++) {
            int n = frames.get(k).size();
            out[k] = new double[n];
            for (int i = 0; i < n; i++) {
                double[] mean = new double[3];
                for (int m = 0; m < nm; m++) for (int d = 0; d < 3; d++) mean[d] += p.get(m).get(k).forces()[3 * i + d] / nm;
                double s = 0;
                for (int m = 0; m < nm; m++) for (int d = 0; d < 3; d++) s += Math.pow(p.get(m).get(k).forces()[3 * i + d] - mean[d], 2);
                out[k][i] = Math.sqrt(s / nm);
            }
        }
        return out;
    }

    static double max(double[] v) {
        double m = 0;
        for (double x : v) m = Math.max(m, x);
        return m;
    }

    @Test
    void dumpReaderGivesTheFramesOfTheExtxyzFile() throws IOException {
        List<Structure> fromXyz = ExtxyzFormat.read(xyz);
        for (Path file : List.of(dump, scaledDump)) {
            List<LammpsDump.Frame> got = LammpsDump.read(file, List.of(TYPES));
            assertEquals(FRAMES, got.size());
            for (int k = 0; k < FRAMES; k++) {
                assertEquals(steps[k], got.get(k).step());
                Structure a = fromXyz.get(k), b = got.get(k).structure();
                assertArrayEquals(a.species(), b.species(), "species, sorted by atom ID");
                assertArrayEquals(a.pbc(), b.pbc());
                assertArrayEquals(a.cell(), b.cell(), 1e-12, "cell from the bounds of the tilted box");
                if (file == dump) assertArrayEquals(a.positions(), b.positions(), "x y z read as written");
                else assertArrayEquals(a.positions(), b.positions(), 1e-12, "xs ys zs: origin + fractions of the box");
            }
        }
    }

    /** The other forms LAMMPS writes: units/time items, an orthogonal box with fixed boundaries, an element column and unwrapped xu yu zu; a general triclinic box with xsu ysu zsu. */
    @Test
    void dumpReaderReadsOtherBoxesAndColumns() throws IOException {
        Path a = tmp.resolve("ortho.dump");
        Files.writeString(a, """
                ITEM: UNITS
                metal
                ITEM: TIME
                0.25
                ITEM: TIMESTEP
                500
                ITEM: NUMBER OF ATOMS
                2
                ITEM: BOX BOUNDS pp pp fm
                -1.0 4.0
                0.0 6.0
                2.0 9.5
                ITEM: ATOMS element xu yu zu id
                H 5.5 1.0 3.0 7
                O -0.5 2.0 3.5 3
                """);
        LammpsDump.Frame f = LammpsDump.read(a, List.of()).get(0);
        assertEquals(500, f.step());
        Structure s = f.structure();
        assertArrayEquals(new String[]{"O", "H"}, s.species(), "sorted by id");
        assertArrayEquals(new double[]{-0.5, 2.0, 3.5, 5.5, 1.0, 3.0}, s.positions());
        assertArrayEquals(new double[]{5, 0, 0, 0, 6, 0, 0, 0, 7.5}, s.cell());
        assertArrayEquals(new boolean[]{true, true, false}, s.pbc());

        Path b = tmp.resolve("general.dump");
        Files.writeString(b, """
                ITEM: TIMESTEP
                0
                ITEM: NUMBER OF ATOMS
                1
                ITEM: BOX BOUNDS abc origin pp pp pp
                4.0 1.0 0.0 10.0
                0.0 5.0 1.0 20.0
                1.0 0.0 6.0 30.0
                ITEM: ATOMS id type xsu ysu zsu
                1 2 0.5 0.25 1.5
                """);
        Structure g = LammpsDump.read(b, List.of("H", "C")).get(0).structure();
        assertEquals("C", g.species(0));
        // origin + 0.5 a + 0.25 b + 1.5 c
        assertArrayEquals(new double[]{10 + 2 + 0 + 1.5, 20 + 0.5 + 1.25 + 0, 30 + 0 + 0.25 + 9}, g.positions(), 1e-14);
        assertArrayEquals(new double[]{4, 1, 0, 0, 5, 1, 1, 0, 6}, g.cell());
    }

    @Test
    void selectsTheMostUncertainFramesAboveTheThresholdAndApart() throws IOException {
        double[][] devi = independentDisagreement();
        double[] maxDevi = new double[FRAMES];
        for (int k = 0; k < FRAMES; k++) maxDevi[k] = max(devi[k]);
        double[] sorted = maxDevi.clone();
        java.util.Arrays.sort(sorted);
        double threshold = sorted[FRAMES / 4];   // a quarter of the frames at or below it
        long gap = 2 * STRIDE;
        int k = 4;
        Path out = tmp.resolve("chosen.xyz"), csv = tmp.resolve("all.csv");
        MainTest.Run r = MainTest.hdnnp("select", dump, "--committee", committee, "--types", "H,C,O", "-k", k,
                "--threshold", threshold, "--min-gap", gap, "-o", out, "--table", csv);
        assertEquals(0, r.exit(), r.err());

        // every frame's numbers in the table equal the independent ones
        List<String> lines = Files.readAllLines(csv);
        assertEquals(FRAMES + 1, lines.size());
        List<Integer> chosen = new ArrayList<>();
        int[] rank = new int[FRAMES];
        for (int f = 0; f < FRAMES; f++) {
            String[] c = lines.get(f + 1).split(",");
            assertEquals(f + 1, Integer.parseInt(c[0]));
            assertEquals(steps[f], Long.parseLong(c[1]));
            assertEquals(maxDevi[f], Double.parseDouble(c[2]), 1e-12 * Math.max(1, maxDevi[f]), "max force disagreement");
            double mean = 0;
            for (double d : devi[f]) mean += d / devi[f].length;
            assertEquals(mean, Double.parseDouble(c[3]), 1e-12 * Math.max(1, mean), "mean force disagreement");
            rank[f] = Integer.parseInt(c[6]);
        }
        for (int q = 1; q <= k; q++) for (int f = 0; f < FRAMES; f++) if (rank[f] == q) chosen.add(f);

        // the promises: above the threshold, apart, most uncertain first, and nothing better left out
        assertFalse(chosen.isEmpty());
        for (int a = 0; a < chosen.size(); a++) {
            assertTrue(maxDevi[chosen.get(a)] > threshold, "above the threshold");
            if (a > 0) assertTrue(maxDevi[chosen.get(a - 1)] >= maxDevi[chosen.get(a)], "most uncertain first");
            for (int b = 0; b < a; b++) assertTrue(Math.abs(steps[chosen.get(a)] - steps[chosen.get(b)]) >= gap, "min gap");
        }
        for (int f = 0; f < FRAMES; f++) {
            if (chosen.contains(f) || maxDevi[f] <= threshold) continue;
            boolean blocked = false;
            for (int j : chosen) blocked |= maxDevi[j] >= maxDevi[f] && Math.abs(steps[j] - steps[f]) < gap;
            boolean full = chosen.size() == k;
            for (int j : chosen) full &= maxDevi[j] >= maxDevi[f];
            assertTrue(blocked || full, "frame " + (f + 1) + " (" + maxDevi[f] + ") should have been chosen");
        }
        assertTrue(chosen.size() < FRAMES - FRAMES / 4 - 1, "the gap excluded frames: " + chosen);

        // the chosen frames as written: positions of the trajectory, no energies, their disagreement attached
        List<Structure> written = ExtxyzFormat.read(out);
        assertEquals(chosen.size(), written.size());
        for (int a = 0; a < chosen.size(); a++) {
            int f = chosen.get(a);
            Structure s = written.get(a);
            assertArrayEquals(frames.get(f).positions(), s.positions(), "positions of frame " + (f + 1));
            assertArrayEquals(frames.get(f).species(), s.species());
            assertArrayEquals(frames.get(f).cell(), s.cell(), 1e-12);
            assertFalse(s.hasEnergy(), "no energy: the frame is to be labelled");
            assertEquals(null, s.forces());
            assertEquals(Long.toString(steps[f]), s.info().get("step"));
            assertEquals(maxDevi[f], Double.parseDouble(s.info().get("max_force_disagreement")), 1e-12 * Math.max(1, maxDevi[f]));
            String[] col = s.atomProperties().get("force_disagreement").values();
            for (int i = 0; i < col.length; i++) assertEquals(devi[f][i], Double.parseDouble(col[i]), 1e-12 * Math.max(1, devi[f][i]));
        }
        // the table on standard output lists them in the same order
        List<String[]> rows = MainTest.rows(List.of(r.out().split("\n")));
        assertEquals(chosen.size(), rows.size());
        for (int a = 0; a < chosen.size(); a++) assertEquals(chosen.get(a) + 1, Integer.parseInt(rows.get(a)[1]));

        // the same frames from extended XYZ (steps from its 'step' key) and from a scaled dump with members listed one by one
        Path out2 = tmp.resolve("chosen2.xyz"), out3 = tmp.resolve("chosen3.xyz");
        assertEquals(0, MainTest.hdnnp("select", xyz, "--committee", committee, "-k", k, "--threshold", threshold, "--min-gap", gap, "-o", out2).exit());
        assertEquals(Files.readString(out), Files.readString(out2).replace("source=md.xyz", "source=md.lammpstrj"));
        MainTest.Run r3 = MainTest.hdnnp("select", scaledDump, "--committee", tmp.resolve("member-1.json") + "," + tmp.resolve("member-2.json"),
                "--committee", tmp.resolve("member-3.json"), "--types", "H,C,O", "-k", k, "--threshold", threshold, "--min-gap", gap, "-o", out3);
        assertEquals(0, r3.exit(), r3.err());
        assertEquals(MainTest.rows(List.of(r.out().split("\n"))).stream().map(x -> x[1]).toList(),
                MainTest.rows(List.of(r3.out().split("\n"))).stream().map(x -> x[1]).toList());
    }

    @Test
    void ceilingAndCountAreHonoured() {
        double[][] devi = independentDisagreement();
        double[] maxDevi = new double[FRAMES];
        for (int f = 0; f < FRAMES; f++) maxDevi[f] = max(devi[f]);
        double[] sorted = maxDevi.clone();
        java.util.Arrays.sort(sorted);
        double ceiling = (sorted[FRAMES - 1] + sorted[FRAMES - 2]) / 2; // the most uncertain frame is too far gone
        MainTest.Run r = MainTest.hdnnp("select", dump, "--committee", committee, "--types", "H,C,O", "-k", 3, "--ceiling", ceiling,
                "-o", tmp.resolve("c.xyz"));
        assertEquals(0, r.exit(), r.err());
        List<String[]> rows = MainTest.rows(List.of(r.out().split("\n")));
        assertEquals(3, rows.size(), "no gap: the three next most uncertain");
        for (int a = 0; a < 3; a++)
            assertEquals(String.format(Locale.ROOT, "%.10e", sorted[FRAMES - 2 - a]), String.format(Locale.ROOT, "%.10e", Double.parseDouble(rows.get(a)[3])));
    }

    @Test
    void badInputIsNamedWithFileAndLine() throws IOException {
        MainTest.Run one = MainTest.hdnnp("select", dump, "--committee", tmp.resolve("member-1.json"), "--types", "H,C,O", "-o", tmp.resolve("x.xyz"));
        assertEquals(2, one.exit());
        assertTrue(one.err().contains("member-1.json") && one.err().contains("a committee needs several model files"), one.err());

        MainTest.Run types = MainTest.hdnnp("select", dump, "--committee", committee, "--types", "H,C", "-o", tmp.resolve("x.xyz"));
        assertEquals(2, types.exit());
        List<String> lines = Files.readAllLines(dump);
        int firstO = 10;
        while (!lines.get(firstO - 1).split(" ")[1].equals("3")) firstO++;
        assertTrue(types.err().contains("md.lammpstrj:" + firstO + ": atom type 3 has no element"), types.err());

        Path cut = tmp.resolve("cut.lammpstrj");
        Files.write(cut, lines.subList(0, lines.size() - 3));
        MainTest.Run truncated = MainTest.hdnnp("select", cut, "--committee", committee, "--types", "H,C,O", "-o", tmp.resolve("x.xyz"));
        assertEquals(2, truncated.exit());
        assertTrue(truncated.err().contains("cut.lammpstrj:" + (lines.size() - 2) + ": frame " + FRAMES + ": file ends after 7 of 10 atom lines"), truncated.err());
        assertFalse(Files.exists(tmp.resolve("x.xyz")), "nothing written on bad input");

        Path noPos = tmp.resolve("nopos.lammpstrj");
        Files.writeString(noPos, Files.readString(dump).replace("ITEM: ATOMS id type x y z", "ITEM: ATOMS id type vx vy vz"));
        MainTest.Run cols = MainTest.hdnnp("select", noPos, "--committee", committee, "--types", "H,C,O", "-o", tmp.resolve("x.xyz"));
        assertEquals(2, cols.exit());
        assertTrue(cols.err().contains("nopos.lammpstrj:9: ITEM: ATOMS has no positions"), cols.err());
    }
}
