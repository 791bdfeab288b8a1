package dev.hdnnp.train;

import dev.hdnnp.TestData;
import dev.hdnnp.io.InputException;
import dev.hdnnp.structure.Structure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** Bad data and configurations fail early with messages that say what is wrong and where. */
class BadInputTest {
    static final TrainListener QUIET = line -> {};

    private static Structure labelled() {
        Structure s = Fixtures.water(new Random(1), 2, 6.0);
        Fixtures.label(s, 4.0);
        return s;
    }

    @Test
    void missingEnergy() {
        Structure a = labelled(), b = labelled();
        b.setEnergy(Double.NaN);
        InputException e = assertThrows(InputException.class, () -> DataSet.check(List.of(a, b), "data.xyz", List.of("H", "O"), true));
        assertTrue(e.getMessage().contains("structure 2 has no reference energy"), e.getMessage());
    }

    @Test
    void missingForcesWhenForcesAreUsed() {
        Structure s = labelled();
        s.setForces(null);
        InputException e = assertThrows(InputException.class, () -> DataSet.check(List.of(s), "data.xyz", List.of("H", "O"), true));
        assertTrue(e.getMessage().contains("no reference forces") && e.getMessage().contains("use_forces = false"), e.getMessage());
        DataSet.check(List.of(s), "data.xyz", List.of("H", "O"), false); // fine for energy-only training
    }

    @Test
    void forcesOfWrongShape() {
        Structure s = labelled();
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> s.setForces(new double[5]));
        assertTrue(e.getMessage().contains("forces has 5 values for 6 atoms"), e.getMessage());
    }

    @Test
    void unknownElement() {
        Structure s = labelled();
        s.species()[1] = "Cu";
        InputException e = assertThrows(InputException.class, () -> DataSet.check(List.of(labelled(), s), "data.xyz", List.of("H", "O"), true));
        assertTrue(e.getMessage().contains("structure 2, atom 2: element Cu has no symmetry functions"), e.getMessage());
    }

    @Test
    void emptyDataSet(@TempDir Path dir) throws Exception {
        Path f = dir.resolve("input.data");
        Files.writeString(f, "");
        String toml = TrainerTest.config(f, dir.resolve("out"), "adam", 1, 1, "");
        InputException e = assertThrows(InputException.class, () -> Trainer.run(TrainConfig.parse(toml, null), QUIET));
        assertTrue(e.getMessage().contains("empty"), e.getMessage());
    }

    @Test
    void missingDataFile(@TempDir Path dir) {
        String toml = TrainerTest.config(dir.resolve("nope.data"), dir.resolve("out"), "adam", 1, 1, "");
        InputException e = assertThrows(InputException.class, () -> Trainer.run(TrainConfig.parse(toml, null), QUIET));
        assertTrue(e.getMessage().contains("nope.data") && e.getMessage().contains("not found"), e.getMessage());
    }

    @Test
    void brokenConfigs() {
        assertMessage("[data]\nfile = \"x.data\"\n[training]\noptimiser = \"adam\"\n", "'training.optimiser': unknown key");
        assertMessage("[data]\nfile = \"x.data\"\n[training]\noptimizer = \"sgd\"\n", "expected one of kalman, adam, lbfgs");
        assertMessage("[data]\nfile = \"x.data\"\n[training]\nepochs = \"ten\"\n", "'training.epochs': expected an integer");
        assertMessage("[data]\nfile = \"x.data\"\n[network]\nhidden = [25, 0]\n", "layer sizes must be positive");
        assertMessage("[data]\nfile = x.data\n", "not valid TOML");
        assertMessage("[training]\nepochs = 3\n", "give either 'file'");
        assertMessage("[data]\nfile = \"x.data\"\ntest_fraction = 1.5\n", "must be in [0, 1)");
        assertMessage("[data]\nfile = \"x.data\"\nlength_unit = \"furlong\"\n", "unknown length unit");
        assertMessage("[data]\nfile = \"x.data\"\n[training]\nstress_weight = -1\n", "'training.stress_weight': must be >= 0");
        assertMessage("[data]\nfile = \"x.data\"\n[training]\nmemory = \"lots\"\n", "'training.memory': expected a size");
        assertMessage("[data]\nfile = \"x.data\"\n[training]\nmemory = \"10k\"\n", "at least 1m");
    }

    @Test
    void memorySizes() {
        assertEquals(4L << 30, TrainConfig.parse("[data]\nfile = \"x.data\"\n[training]\nmemory = \"4g\"\n", null).training().memoryBudget());
        assertEquals(1536L << 20, TrainConfig.parse("[data]\nfile = \"x.data\"\n[training]\nmemory = \"1.5GB\"\n", null).training().memoryBudget());
        assertEquals(0L, TrainConfig.parse("[data]\nfile = \"x.data\"\n", null).training().memoryBudget());
    }

    private static void assertMessage(String toml, String expected) {
        RuntimeException e = assertThrows(RuntimeException.class, () -> TrainConfig.parse(toml, null));
        assertTrue(e.getMessage().contains(expected), "expected '" + expected + "' in: " + e.getMessage());
    }

    @Test
    void exampleConfigParses() throws Exception {
        try (var in = TrainConfig.class.getResourceAsStream("example-train.toml")) {
            TrainConfig c = TrainConfig.parse(new String(in.readAllBytes(), StandardCharsets.UTF_8), Path.of("/data"));
            assertEquals(Path.of("/data/water.extxyz"), c.data().file());
            assertEquals("kalman", c.training().optimizer());
            assertArrayEquals(new int[]{25, 25}, c.network().hidden());
        }
    }

    @Test
    void n2p2InputNnTrainingKeywords() {
        Path nn = TestData.shared("data/H2O_RPBE-D3/input.nn");
        TrainConfig c = TrainConfig.fromN2p2(nn, Path.of("input.data"), "bohr", "hartree", Path.of("out"));
        assertEquals("kalman", c.training().optimizer());
        assertEquals(10.0, c.training().forceWeight());
        assertEquals(0.0041, c.kalman().forceFraction());
        assertEquals(0.1, c.data().testFraction());
        assertEquals(1234567L, c.data().seed());
        assertEquals(57, c.descriptor().functions().size());
        assertEquals(3, c.kalman().trials());
        assertTrue(c.training().useForces());
    }

    @Test
    void n2p2FunctionsConvertedFromBohr(@TempDir Path dir) throws Exception {
        Path nn = TestData.shared("data/H2O_RPBE-D3/input.nn");
        TrainConfig c = TrainConfig.parse("[data]\nfile = \"x.xyz\"\n[descriptor]\nn2p2 = \"" + nn + "\"\nn2p2_length_unit = \"bohr\"\n", dir);
        var f = dev.hdnnp.descriptor.SymmetryFunction.parse(c.descriptor().functions().get(0));
        assertEquals(12.0 * 0.529177210903, f.rc(), 1e-12);
        assertEquals(0.001 / (0.529177210903 * 0.529177210903), f.eta(), 1e-15);
    }

    @Test
    void npyReader(@TempDir Path dir) throws Exception {
        String header = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }";
        int pad = 64 - (10 + header.length() + 1) % 64;
        String h = header + " ".repeat(pad) + "\n";
        ByteBuffer b = ByteBuffer.allocate(10 + h.length() + 24).order(ByteOrder.LITTLE_ENDIAN);
        b.put((byte) 0x93).put("NUMPY".getBytes(StandardCharsets.ISO_8859_1)).put((byte) 1).put((byte) 0).putShort((short) h.length());
        b.put(h.getBytes(StandardCharsets.ISO_8859_1));
        for (int i = 0; i < 6; i++) b.putFloat(i * 0.5f);
        Path f = dir.resolve("a.npy");
        Files.write(f, b.array());
        NpyArray a = NpyArray.read(f);
        assertArrayEquals(new int[]{2, 3}, a.shape());
        assertArrayEquals(new double[]{0, 0.5, 1, 1.5, 2, 2.5}, a.data(), 0.0);
        Files.write(f, java.util.Arrays.copyOf(b.array(), b.array().length - 4));
        assertTrue(assertThrows(InputException.class, () -> NpyArray.read(f)).getMessage().contains("truncated"));
    }
}
