package dev.hdnnp.io;

import dev.hdnnp.TestData;
import dev.hdnnp.nn.Activation;
import dev.hdnnp.nn.NeuralNetwork;
import dev.hdnnp.potential.Model;
import dev.hdnnp.structure.Structure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** n2p2 import → export → import is exact, and the written files follow n2p2's layout (n2p2-formats §4.1, §5.3). */
class N2p2ExportTest {
    @TempDir Path tmp;

    @Test
    void percent24Point16EIdentifiesEveryDouble() {
        Random rnd = new Random(11);
        for (int i = 0; i < 1_000_000; i++) {
            double v = Double.longBitsToDouble(rnd.nextLong());
            if (!Double.isFinite(v)) continue;
            roundTrips(v);
        }
        for (int i = 0; i < 200_000; i++) roundTrips(rnd.nextGaussian() * Math.pow(10, rnd.nextInt(40) - 20));
        for (double v : new double[]{Double.MIN_VALUE, Double.MIN_NORMAL, Double.MAX_VALUE, -0.0, 0.1, 1.0 / 3, 2.0 / 3, 9007199254740993.0})
            roundTrips(v);
    }

    private static void roundTrips(double v) {
        String s = String.format(Locale.ROOT, "%24.16E", v);
        double back = Double.parseDouble(s);
        assertTrue(Double.doubleToRawLongBits(v) == Double.doubleToRawLongBits(back), () -> v + " -> '" + s + "' -> " + back);
    }

    @Test
    void importExportImportIsBitIdenticalForEveryReferencePotential() throws Exception {
        String[][] potentials = {{"H2O_RPBE-D3", "bohr", "hartree"}, {"Cu2S_PBE", "angstrom", "eV"}, {"DMABN_SCAN", "bohr", "hartree"}};
        for (String[] p : potentials) {
            Path src = TestData.shared("reference/n2p2/" + p[0] + "/potential");
            Model m = N2p2Potential.read(src, p[1], p[2]);
            Path out = tmp.resolve(p[0]);
            N2p2Export.write(m, out);
            Model back = N2p2Potential.read(out, p[1], p[2]);
            ModelAssert.assertSameModel(m, back);
            assertSameInformationalColumns(src, out);
        }
    }

    @Test
    void exportedWaterGivesIdenticalEnergies() throws Exception {
        Model m = ModelFileTest.water();
        N2p2Export.write(m, tmp);
        List<Structure> structures = InputDataFormat.read(TestData.shared("reference/n2p2/H2O_RPBE-D3/structures/input.data"));
        assertArrayEquals(ModelAssert.energies(m, structures), ModelAssert.energies(N2p2Potential.read(tmp, "bohr", "hartree"), structures));
    }

    /** Index columns of scaling.data and the informational columns of weights.ZZZ.data equal n2p2's own files. */
    private static void assertSameInformationalColumns(Path n2p2, Path ours) throws IOException {
        try (var files = Files.list(n2p2)) {
            for (Path f : files.toList()) {
                String name = f.getFileName().toString();
                int skip = name.startsWith("weights.") ? 1 : name.equals("scaling.data") ? -1 : 0;
                if (skip == 0) continue;
                List<String[]> a = rows(f), b = rows(ours.resolve(name));
                assertEquals(a.size(), b.size(), name);
                for (int i = 0; i < a.size(); i++) {
                    String[] x = a.get(i), y = b.get(i);
                    String[] keyA = skip > 0 ? Arrays.copyOfRange(x, 1, x.length) : Arrays.copyOf(x, 2);
                    String[] keyB = skip > 0 ? Arrays.copyOfRange(y, 1, y.length) : Arrays.copyOf(y, 2);
                    assertArrayEquals(keyA, keyB, name + " row " + (i + 1));
                }
            }
        }
    }

    private static List<String[]> rows(Path p) throws IOException {
        List<String[]> out = new ArrayList<>();
        for (String l : Files.readAllLines(p)) if (!l.startsWith("#") && !l.isBlank()) out.add(l.trim().split("\\s+"));
        return out;
    }

    @Test
    void scalingRowsUseN2p2sColumnWidths() throws Exception {
        N2p2Export.write(ModelFileTest.water(), tmp);
        String first = Files.readAllLines(tmp.resolve("scaling.data")).stream().filter(l -> !l.startsWith("#")).findFirst().orElseThrow();
        assertTrue(first.matches(" {9}1 {10}1( {2}[ -]\\d\\.\\d{16}E[+-]\\d\\d){4}"), first);
        String w = Files.readAllLines(tmp.resolve("weights.001.data")).stream().filter(l -> !l.startsWith("#")).findFirst().orElseThrow();
        assertTrue(w.matches("[ -]{2}\\d\\.\\d{16}E[+-]\\d\\d a {9}1 {5}0 {5}1 {5}1 {5}1"), w);
    }

    @Test
    void refusesNetworksN2p2CannotExpress() {
        Model m = ModelFileTest.water();
        NeuralNetwork h = m.network(0), o = m.network(1);
        NeuralNetwork otherOutput = new NeuralNetwork(o.sizes(), new Activation[]{Activation.TANH, Activation.TANH, Activation.TANH},
                o.normalizeNodes(), o.parameters().clone());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> N2p2Export.write(m.withNetworks(List.of(h, otherOutput), null), tmp.resolve("x")));
        assertTrue(e.getMessage().contains("output activation"), e.getMessage());
        assertTrue(!Files.exists(tmp.resolve("x")), "nothing written");
        // a different first hidden layer is fine: it becomes element_nodes_short
        int[] sizes = o.sizes();
        sizes[1] = 10;
        NeuralNetwork narrow = new NeuralNetwork(sizes, o.activations(), false, null);
        String nn = N2p2Export.inputNn(m.withNetworks(List.of(h, narrow), null));
        assertTrue(nn.contains("element_nodes_short O 10 25\n"), nn);
    }
}
