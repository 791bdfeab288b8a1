package dev.hdnnp.cli;

import dev.hdnnp.TestData;
import dev.hdnnp.io.ExtxyzFormat;
import dev.hdnnp.io.InputDataFormat;
import dev.hdnnp.potential.Units;
import dev.hdnnp.structure.Structure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringReader;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The command line run in-process, checked against n2p2's own predictions (shared/reference/n2p2/H2O_RPBE-D3). */
class MainTest {
    @TempDir Path tmp;

    record Run(int exit, String out, String err) {}

    static Run hdnnp(Object... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        String[] a = new String[args.length];
        for (int i = 0; i < args.length; i++) a[i] = args[i].toString();
        int code = Main.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err)).execute(a);
        return new Run(code, out.toString(), err.toString());
    }

    static Path water() { return TestData.shared("reference/n2p2/H2O_RPBE-D3"); }

    /** The water potential converted to a model file by the CLI itself. */
    private Path waterModel() {
        Path m = tmp.resolve("water.json");
        Run r = hdnnp("convert", water().resolve("potential"), m, "--length-unit", "bohr", "--energy-unit", "hartree");
        assertEquals(0, r.exit(), r.err());
        return m;
    }

    static List<String[]> rows(Path p) throws IOException { return rows(Files.readAllLines(p)); }

    static List<String[]> rows(List<String> lines) {
        List<String[]> out = new ArrayList<>();
        for (String l : lines) if (!l.startsWith("#") && !l.isBlank()) out.add(l.trim().split("\\s+"));
        return out;
    }

    private static void assertRelative(double expected, double actual, double tol, String what) {
        assertEquals(expected, actual, Math.abs(expected) * tol, what);
    }

    /** The errors `test` reports equal those computed from n2p2's own reference and predicted energies and forces. */
    @Test
    void testCommandReportsTheErrorsOfN2p2sPredictions() throws Exception {
        List<String[]> e = rows(water().resolve("structures/summary_energies.txt"));
        double s2 = 0;
        for (String[] t : e) {
            double d = (Double.parseDouble(t[3]) - Double.parseDouble(t[2])) / Integer.parseInt(t[1]);
            s2 += d * d;
        }
        double energyRmse = Math.sqrt(s2 / e.size());
        // forces: the reference forces of input.data against n2p2's predicted forces
        List<String[]> f = rows(water().resolve("structures/summary_forces.txt"));
        List<dev.hdnnp.structure.Structure> structures = dev.hdnnp.io.InputDataFormat.read(water().resolve("structures/input.data"));
        double f2 = 0;
        int n = 0;
        for (dev.hdnnp.structure.Structure st : structures)
            for (int a = 0; a < 3 * st.size(); a++, n++) {
                double d = Double.parseDouble(f.get(n / 3)[3 + a % 3]) - st.forces()[a];
                f2 += d * d;
            }
        double forceRmse = Math.sqrt(f2 / n);
        Path plots = tmp.resolve("plots");
        Run r = hdnnp("test", waterModel(), water().resolve("structures/input.data"), "--plots", plots);
        assertEquals(0, r.exit(), r.err());
        String[] eLine = r.out().lines().filter(l -> l.startsWith("energy per atom")).findFirst().orElseThrow().trim().split("\\s+");
        String[] fLine = r.out().lines().filter(l -> l.startsWith("force component")).findFirst().orElseThrow().trim().split("\\s+");
        assertRelative(energyRmse, Double.parseDouble(eLine[4]), 1e-5, "energy RMSE");
        assertRelative(forceRmse, Double.parseDouble(fLine[3]), 1e-5, "force RMSE");
        assertTrue(Files.size(plots.resolve("energy-parity.png")) > 1000);
        assertTrue(Files.size(plots.resolve("force-parity.png")) > 1000);
        Run bad = hdnnp("test", waterModel(), water().resolve("structures/input.data"), "--set", "validation");
        assertEquals(2, bad.exit());
        assertTrue(bad.err().contains("--set: expected all, train or test"));
    }

    /** `train` with n2p2's own input.nn; the test error it reports is what `test` measures on the written model. */
    @Test
    void trainThenTestAgree() throws Exception {
        Path data = TestData.shared("data/H2O_RPBE-D3");
        // every 4th structure tagged set=test, so that train and test agree on the test set
        List<dev.hdnnp.structure.Structure> all = dev.hdnnp.io.InputDataFormat.read(data.resolve("input.data"));
        for (int k = 0; k < all.size(); k++) all.get(k).setSet(k % 4 == 3 ? "test" : "train");
        Path tagged = tmp.resolve("input.data");
        dev.hdnnp.io.InputDataFormat.write(tagged, all);
        Path out = tmp.resolve("training");
        Run r = hdnnp("train", "--n2p2", data.resolve("input.nn"), "--data", tagged, "--length-unit", "bohr",
                "--energy-unit", "hartree", "--epochs", "2", "--threads", "1", "-o", out);
        assertEquals(0, r.exit(), r.err());
        assertEquals(1 + 3, Files.readAllLines(out.resolve("learning-curve.csv")).size(), "header + epochs 0, 1, 2");
        String best = r.out().lines().filter(l -> l.startsWith("result: best epoch")).findFirst().orElseThrow();
        double trained = Double.parseDouble(best.replaceAll(".*RMSE energy ([^ ]+) per atom.*", "$1"));
        Run t = hdnnp("test", out.resolve("model.json"), tagged, "--set", "test");
        assertEquals(0, t.exit(), t.err());
        String[] e = t.out().lines().filter(l -> l.startsWith("energy per atom")).findFirst().orElseThrow().trim().split("\\s+");
        assertRelative(trained, Double.parseDouble(e[4]), 1e-5, "test RMSE reported by train vs measured by test");
        assertEquals(2, hdnnp("train").exit());
        assertEquals(2, hdnnp("train", tmp.resolve("missing.toml")).exit());
        Run half = hdnnp("train", "--n2p2", data.resolve("input.nn"));
        assertEquals(2, half.exit());
        assertTrue(half.err().contains("--n2p2 needs --data, --length-unit and --energy-unit"));
    }

    @Test
    void predictTableReproducesN2p2Energies() throws Exception {
        Path out = tmp.resolve("energies.txt");
        Run r = hdnnp("predict", waterModel(), water().resolve("structures/input.data"), "-o", out, "--format", "table");
        assertEquals(0, r.exit(), r.err());
        List<String[]> ref = rows(water().resolve("structures/summary_energies.txt"));
        List<String[]> got = rows(Files.readAllLines(out).stream().filter(l -> l.startsWith("structure")).toList());
        assertEquals(ref.size(), got.size());
        for (int k = 0; k < ref.size(); k++) {
            assertEquals(ref.get(k)[1], got.get(k)[2], "atom count");
            assertRelative(Double.parseDouble(ref.get(k)[3]), Double.parseDouble(got.get(k)[3]), 1e-12, "structure " + (k + 1));
        }
        assertTrue(Files.readString(out).contains("# units: energy hartree, length bohr, forces hartree/bohr, stress hartree/bohr^3"));
    }

    @Test
    void predictExtxyzReproducesN2p2EnergyAndForcesOfTheLargeCell() throws Exception {
        // the n2p2 directory read directly, output on stdout
        Run r = hdnnp("predict", water().resolve("potential"), water().resolve("single/input.data"), "--n2p2-units", "bohr,hartree");
        assertEquals(0, r.exit(), r.err());
        Structure s = ExtxyzFormat.read(new StringReader(r.out()), "stdout").getFirst();
        String[] e = rows(water().resolve("single/energy.out")).getFirst();
        assertRelative(Double.parseDouble(e[3]), s.energy(), 1e-12, "energy");
        List<String[]> f = rows(water().resolve("single/nnforces.out"));
        assertEquals(s.size(), f.size());
        double max = 0, worst = 0;
        for (int i = 0; i < s.size(); i++)
            for (int d = 0; d < 3; d++) {
                double ref = Double.parseDouble(f.get(i)[5 + d]);
                max = Math.max(max, Math.abs(ref));
                worst = Math.max(worst, Math.abs(ref - s.forces()[3 * i + d]));
            }
        assertTrue(worst <= 1e-10 * max, "largest force deviation " + worst);
        // per-atom energies add up to the total
        var energies = s.atomProperties().get("energies");
        double sum = 0;
        for (String v : energies.values()) sum += Double.parseDouble(v);
        assertRelative(s.energy(), sum, 1e-12, "sum of per-atom energies");
        assertEquals("energy=hartree length=bohr forces=hartree/bohr stress=hartree/bohr^3", s.info().get("units"));
    }

    @Test
    void structuresInOtherUnitsGiveConvertedResults() throws Exception {
        Path model = waterModel();
        Path bohr = water().resolve("structures/input.data");
        Path angstrom = tmp.resolve("water-angstrom.xyz");
        Run c = hdnnp("convert", bohr, angstrom, "--length-unit", "bohr", "--energy-unit", "hartree",
                "--to-length-unit", "angstrom", "--to-energy-unit", "eV");
        assertEquals(0, c.exit(), c.err());
        Run inModel = hdnnp("predict", model, bohr, "--format", "table");
        Run inEv = hdnnp("predict", model, angstrom, "--format", "table", "--length-unit", "angstrom", "--energy-unit", "eV");
        assertEquals(0, inEv.exit(), inEv.err());
        List<String[]> a = rows(inModel.out().lines().filter(l -> l.startsWith("structure")).toList());
        List<String[]> b = rows(inEv.out().lines().filter(l -> l.startsWith("structure")).toList());
        for (int k = 0; k < a.size(); k++) {
            assertRelative(Double.parseDouble(a.get(k)[3]) * Units.HARTREE, Double.parseDouble(b.get(k)[3]), 1e-12, "energy " + k);
            double stressFactor = Units.HARTREE / Math.pow(Units.BOHR, 3);
            assertRelative(Double.parseDouble(a.get(k)[5]) * stressFactor, Double.parseDouble(b.get(k)[5]), 1e-9, "stress xx " + k);
        }
    }

    @Test
    void stressIsTheStrainDerivativeOfTheEnergy() throws Exception {
        // σ_ab = (1/V) ∂E/∂ε_ab under the homogeneous strain x → (1 + ε) x, by central differences
        Path model = waterModel();
        Structure s = InputDataFormat.read(water().resolve("structures/input.data")).get(1);
        double h = 1e-5;
        int[][] components = {{0, 0}, {1, 1}, {0, 1}, {1, 2}};
        List<Structure> frames = new ArrayList<>(List.of(s));
        for (int[] c : components) for (double sign : new double[]{1, -1}) frames.add(strained(s, c[0], c[1], sign * h));
        Path file = tmp.resolve("strained.xyz");
        ExtxyzFormat.write(file, frames);
        Run r = hdnnp("predict", model, file, "--format", "table");
        assertEquals(0, r.exit(), r.err());
        List<String[]> rows = rows(r.out().lines().filter(l -> l.startsWith("structure")).toList());
        double v = s.volume();
        // table order xx yy zz yz xz xy → column 5 + index
        int[] column = {5, 6, 10, 8};
        for (int q = 0; q < components.length; q++) {
            double ep = Double.parseDouble(rows.get(1 + 2 * q)[3]), em = Double.parseDouble(rows.get(2 + 2 * q)[3]);
            double fd = (ep - em) / (2 * h) / v;
            double stress = Double.parseDouble(rows.getFirst()[column[q]]);
            assertEquals(fd, stress, 1e-6 * Math.abs(stress) + 1e-11, "component " + q);
        }
    }

    /**
     * {@code hdnnp test} on the model's own predictions (predict's extxyz: ASE-sign stress) with
     * the xx stress component of every structure shifted by δ: stress RMSE δ/√6, MAE δ/6, max δ,
     * and a stress parity plot; energies and forces stay exact.
     */
    @Test
    void testReportsStressErrors() throws Exception {
        Path model = waterModel();
        Path predicted = tmp.resolve("predicted.xyz");
        Run r = hdnnp("predict", model, water().resolve("structures/input.data"), "-o", predicted);
        assertEquals(0, r.exit(), r.err());
        List<Structure> all = ExtxyzFormat.read(predicted);
        double delta = 1e-4;
        for (Structure s : all) {
            String[] t = s.info().get("stress").trim().split("\\s+");
            t[0] = Double.toString(Double.parseDouble(t[0]) + delta);
            s.info().put("stress", String.join(" ", t));
        }
        Path shifted = tmp.resolve("shifted.xyz");
        ExtxyzFormat.write(shifted, all);
        Path plots = tmp.resolve("plots");
        Run t = hdnnp("test", model, shifted, "--plots", plots);
        assertEquals(0, t.exit(), t.err());
        String[] line = t.out().lines().filter(l -> l.startsWith("stress component")).findFirst().orElseThrow(() -> new AssertionError(t.out())).trim().split("\\s+");
        assertEquals(delta / Math.sqrt(6), Double.parseDouble(line[3]), 1e-6 * delta, "RMSE");
        assertEquals(delta / 6, Double.parseDouble(line[5]), 1e-6 * delta, "MAE");
        assertEquals(delta, Double.parseDouble(line[7]), 1e-6 * delta, "max");
        assertTrue(Files.size(plots.resolve("stress-parity.png")) > 1000);
    }

    /** The structure under a symmetric strain ε in (a, b). */
    private static Structure strained(Structure s, int a, int b, double eps) {
        double[] m = {1, 0, 0, 0, 1, 0, 0, 0, 1};
        m[3 * a + b] += a == b ? eps : eps / 2;
        if (a != b) m[3 * b + a] += eps / 2;
        double[] x = apply(m, s.positions()), cell = apply(m, s.cell());
        return new Structure(s.species(), x, cell, s.pbc());
    }

    private static double[] apply(double[] m, double[] rows) {
        double[] out = new double[rows.length];
        for (int i = 0; i < rows.length / 3; i++)
            for (int r = 0; r < 3; r++)
                out[3 * i + r] = m[3 * r] * rows[3 * i] + m[3 * r + 1] * rows[3 * i + 1] + m[3 * r + 2] * rows[3 * i + 2];
        return out;
    }

    @Test
    void extrapolationIsSummarisedOnStderr() throws Exception {
        // a compressed cell puts neighbours closer than anything in the training set
        Structure s = InputDataFormat.read(water().resolve("structures/input.data")).get(1);
        double[] m = {0.8, 0, 0, 0, 0.8, 0, 0, 0, 0.8};
        Path file = tmp.resolve("compressed.xyz");
        ExtxyzFormat.write(file, List.of(s, new Structure(s.species(), apply(m, s.positions()), apply(m, s.cell()), s.pbc())));
        Run r = hdnnp("predict", waterModel(), file, "--format", "table");
        assertEquals(0, r.exit(), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().matches("(?s)hdnnp: warning: \\d+ symmetry-function values? outside the training range in 1 of 2 structures.*"
                + "worst.*: structure 2, atom \\d+ \\([HO]\\), function \\d+ \\[[HO] [23] .*\\] = .* outside \\[.*, .*\\]\\s*"), r.err());
    }

    @Test
    void infoDescribesElementsAndFunctions() {
        Run r = hdnnp("info", water().resolve("potential"), "--n2p2-units", "bohr,hartree");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.out().contains("elements:      H O"), r.out());
        assertTrue(r.out().contains("H: 27 symmetry functions (type 2 radial: 16, type 3 angular narrow: 11)"), r.out());
        assertTrue(r.out().contains("O: 30 symmetry functions"), r.out());
        assertTrue(r.out().contains("network 27-25-25-1, activations ttl"), r.out());
        assertTrue(r.out().contains("largest radius 12.0 bohr"), r.out());
        assertTrue(r.out().contains("SCALECENTER"), r.out());
    }

    @Test
    void convertedModelsPredictTheSameInEveryForm() throws Exception {
        Path json = waterModel();
        Path dir = tmp.resolve("exported");
        assertEquals(0, hdnnp("convert", json, dir, "--to", "n2p2").exit());
        Path data = water().resolve("structures/input.data");
        String viaJson = hdnnp("predict", json, data, "--format", "table").out();
        String viaDir = hdnnp("predict", dir, data, "--format", "table", "--n2p2-units", "bohr,hartree").out();
        assertEquals(viaJson.lines().skip(1).toList(), viaDir.lines().skip(1).toList()); // line 1 names the model
    }

    @Test
    void structureConversionRoundTripsExactly() throws Exception {
        Path data = water().resolve("structures/input.data");
        Path xyz = tmp.resolve("w.extxyz"), back = tmp.resolve("back.data");
        assertEquals(0, hdnnp("convert", data, xyz).exit());
        assertEquals(0, hdnnp("convert", xyz, back).exit());
        List<Structure> a = InputDataFormat.read(data), b = InputDataFormat.read(back);
        assertEquals(a.size(), b.size());
        for (int k = 0; k < a.size(); k++) {
            assertTrue(java.util.Arrays.equals(a.get(k).positions(), b.get(k).positions()));
            assertTrue(java.util.Arrays.equals(a.get(k).cell(), b.get(k).cell()));
            assertEquals(a.get(k).energy(), b.get(k).energy());
        }
    }

    // ---- errors: exit code 2 and one line on stderr, no stack trace

    private static void assertOneLineError(Run r, String... parts) {
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().startsWith("hdnnp: error: "), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        for (String p : parts) assertTrue(r.err().contains(p), () -> "'" + r.err() + "' lacks '" + p + "'");
    }

    @Test
    void missingFilesAreOneLineErrors() {
        Path missing = tmp.resolve("missing.json");
        assertOneLineError(hdnnp("info", missing), missing + ": model file not found");
        assertOneLineError(hdnnp("predict", waterModel(), tmp.resolve("nothing.data")), "nothing.data: structure file not found");
    }

    @Test
    void badInputsAreOneLineErrors() throws Exception {
        assertOneLineError(hdnnp("info", water().resolve("potential")), "carries no units", "--n2p2-units");
        assertOneLineError(hdnnp("convert", water().resolve("potential"), tmp.resolve("m.json")), "--length-unit and --energy-unit");
        assertOneLineError(hdnnp("info", water().resolve("potential"), "--n2p2-units", "bohr"), "--n2p2-units: expected '<length>,<energy>'");
        assertOneLineError(hdnnp("info", water().resolve("potential"), "--n2p2-units", "bohr,joule"), "unknown energy unit 'joule'");
        Path bad = tmp.resolve("bad.json");
        Files.writeString(bad, "{\"format\": \"hdnnp-java model\", \"version\": 9}");
        assertOneLineError(hdnnp("info", bad), "bad.json: version: format version 9 is not supported");
        Path copper = tmp.resolve("cu.xyz");
        Files.writeString(copper, "1\nLattice=\"10 0 0 0 10 0 0 0 10\"\nCu 0 0 0\n");
        assertOneLineError(hdnnp("predict", waterModel(), copper), "structure 1, atom 1: element Cu is not in the model");
        assertOneLineError(hdnnp("predict", waterModel(), copper, "--format", "csv"), "--format: expected extxyz or table");
    }

    @Test
    void usageErrorsExitWithTwo() {
        Run r = hdnnp("predict", "--no-such-option");
        assertEquals(2, r.exit());
        assertTrue(r.err().startsWith("hdnnp: error: "), r.err());
        assertEquals(2, hdnnp().exit());
    }

    @Test
    void debugShowsTheStackTrace() {
        Run r = hdnnp("--debug", "info", tmp.resolve("missing.json"));
        assertEquals(2, r.exit());
        assertTrue(r.err().contains("\tat dev.hdnnp."), r.err());
        Run s = hdnnp("info", "--debug", tmp.resolve("missing.json"));
        assertTrue(s.err().contains("\tat dev.hdnnp."), s.err());
    }

    @Test
    void versionIsPrinted() {
        Run r = hdnnp("--version");
        assertEquals(0, r.exit());
        assertTrue(r.out().startsWith("hdnnp-java "), r.out());
    }
}
