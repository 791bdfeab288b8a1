package dev.hdnnp.train;

import dev.hdnnp.io.InputException;
import dev.hdnnp.io.StructureFiles;
import dev.hdnnp.structure.Structure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import static dev.hdnnp.train.TrainerTest.QUIET;
import static dev.hdnnp.train.TrainerTest.config;
import static dev.hdnnp.train.TrainerTest.data;
import static dev.hdnnp.train.TrainerTest.parse;
import static org.junit.jupiter.api.Assertions.*;

/**
 * Training runs that meet changed data, corrupted checkpoints, kills at awkward moments and
 * degenerate data sets: each is refused with a message naming the cause, or survives without
 * losing anything.
 */
class TrainingRobustnessTest {

    /** Data edited after the checkpoint (one energy changed, same file name): resume is refused and says so. */
    @Test
    void resumeAfterTheDataChangedIsRefused(@TempDir Path dir) throws Exception {
        Path d = data(dir, 8);
        TrainConfig c = parse(config(d, dir.resolve("out"), "adam", 1, 1, ""));
        Trainer.run(c, QUIET);
        List<Structure> all = StructureFiles.read(d);
        all.get(3).setEnergy(all.get(3).energy() + 0.5);
        StructureFiles.write(d, all);
        var e = assertThrows(InputException.class, () -> Trainer.run(c.withEpochs(2).withResume(true), QUIET));
        assertTrue(e.getMessage().contains("training data"), e.getMessage());
        assertFalse(e.getMessage().contains("[network]"), "only what changed is named: " + e.getMessage());
    }

    /** The same data written with other formatting (another file) is the same data: resume goes on. */
    @Test
    void resumeWithTheSameDataInAnotherFormatContinues(@TempDir Path dir) throws Exception {
        Path d = data(dir, 8);
        Trainer.run(parse(config(d, dir.resolve("out"), "adam", 1, 1, "")), QUIET);
        Path xyz = dir.resolve("same.xyz");
        StructureFiles.write(xyz, StructureFiles.read(d));
        TrainingResult r = Trainer.run(parse(config(xyz, dir.resolve("out"), "adam", 2, 1, "")).withResume(true), QUIET);
        assertEquals(3, r.curve().size());
    }

    @Test
    void corruptedCheckpointIsRefused(@TempDir Path dir) throws Exception {
        Path d = data(dir, 8);
        TrainConfig c = parse(config(d, dir.resolve("out"), "kalman", 1, 1, ""));
        Trainer.run(c, QUIET);
        Path ckpt = dir.resolve("out/checkpoint.bin");
        byte[] good = Files.readAllBytes(ckpt);
        byte[] bad = good.clone();
        bad[bad.length / 2] ^= 0x10; // one bit in the weights or the covariance
        Files.write(ckpt, bad);
        var e = assertThrows(InputException.class, () -> Trainer.run(c.withEpochs(2).withResume(true), QUIET));
        assertTrue(e.getMessage().contains("corrupt") && e.getMessage().contains("checkpoint.bin"), e.getMessage());
        Files.write(ckpt, java.util.Arrays.copyOf(good, good.length - 100));
        e = assertThrows(InputException.class, () -> Trainer.run(c.withEpochs(2).withResume(true), QUIET));
        assertTrue(e.getMessage().contains("checkpoint"), e.getMessage());
        Files.write(ckpt, good);
        assertEquals(3, Trainer.run(c.withEpochs(2).withResume(true), QUIET).curve().size());
    }

    /**
     * A kill after the checkpoint of epoch 2 but before that epoch's row reached learning-curve.csv
     * (the CSV on disk still ends at epoch 1): the resumed run's CSV has every epoch, equal to an
     * uninterrupted run's; no temporary file is left behind.
     */
    @Test
    void killBetweenCheckpointAndCurveLosesNoRow(@TempDir Path dir) throws Exception {
        Path d = data(dir, 10);
        Trainer.run(parse(config(d, dir.resolve("full"), "adam", 4, 1, "")), QUIET);
        TrainConfig c = parse(config(d, dir.resolve("killed"), "adam", 4, 1, ""));
        class Kill extends RuntimeException {}
        assertThrows(Kill.class, () -> Trainer.run(c, new TrainListener() {
            public void log(String line) {}
            public void epochDone(EpochStats s) { if (s.epoch() == 2) throw new Kill(); }
        }));
        Path csv = dir.resolve("killed/learning-curve.csv");
        List<String> rows = Files.readAllLines(csv);
        Files.write(csv, rows.subList(0, rows.size() - 1)); // the state a kill before the CSV write leaves
        Files.writeString(dir.resolve("killed/learning-curve.png.tmp"), "stale"); // and an older version's stray temporary
        Trainer.run(c.withResume(true), QUIET);
        List<String> full = Files.readAllLines(dir.resolve("full/learning-curve.csv")), resumed = Files.readAllLines(csv);
        assertEquals(full.size(), resumed.size(), "one row per epoch 0..4 and the header");
        for (int k = 0; k < full.size(); k++) // the seconds column differs between runs
            assertEquals(withoutSeconds(full.get(k)), withoutSeconds(resumed.get(k)), "row " + k);
        try (Stream<Path> files = Files.list(dir.resolve("killed"))) {
            List<String> stray = files.map(p -> p.getFileName().toString()).filter(n -> n.contains(".tmp")).toList();
            assertEquals(List.of(), stray);
        }
    }

    private static String withoutSeconds(String row) {
        String[] t = row.split(",", -1);
        t[1] = "";
        return String.join(",", t);
    }

    @Test
    void oneStructureIsAClearError(@TempDir Path dir) throws Exception {
        Path d = data(dir, 1);
        var e = assertThrows(InputException.class, () -> Trainer.run(parse(config(d, dir.resolve("out"), "adam", 1, 1, "")), QUIET));
        assertTrue(e.getMessage().contains("at least 2 structures") && e.getMessage().contains("input.data"), e.getMessage());
    }

    /** Without a test set the run says so instead of reporting NaN errors. */
    @Test
    void noTestSetIsStatedNotNaN(@TempDir Path dir) throws Exception {
        Path d = data(dir, 6);
        List<String> log = new ArrayList<>();
        String toml = config(d, dir.resolve("out"), "adam", 1, 1, "").replace("test_fraction = 0.2", "test_fraction = 0.0");
        Trainer.run(parse(toml), log::add);
        String last = log.get(log.size() - 2);
        assertTrue(last.contains("no test set") && !last.contains("NaN"), last);
    }

    /** All forces zero: training goes on with conv_length 1, and the log says why. */
    @Test
    void allForcesZeroIsStated(@TempDir Path dir) throws Exception {
        Path d = data(dir, 6);
        List<Structure> all = StructureFiles.read(d);
        for (Structure s : all) s.setForces(new double[3 * s.size()]);
        StructureFiles.write(d, all);
        List<String> log = new ArrayList<>();
        TrainingResult r = Trainer.run(parse(config(d, dir.resolve("out"), "adam", 1, 1, "")), log::add);
        assertTrue(log.stream().anyMatch(l -> l.contains("every reference force component") && l.contains("conv_length is set to 1")), String.join("\n", log));
        assertEquals(1.0, r.preprocessing().normalization().convLength());
    }

    @Test
    void existingFileAsOutputDirectory(@TempDir Path dir) throws Exception {
        Path d = data(dir, 6);
        Path file = Files.writeString(dir.resolve("taken"), "x");
        var e = assertThrows(InputException.class, () -> Trainer.run(parse(config(d, file, "adam", 1, 1, "")), QUIET));
        assertTrue(e.getMessage().contains("taken") && e.getMessage().contains("existing file"), e.getMessage());
        assertEquals("x", Files.readString(file));
    }

    @Test
    void memoryBudgetTooSmallIsAClearError(@TempDir Path dir) throws Exception {
        Path d = data(dir, 6);
        String toml = config(d, dir.resolve("out"), "adam", 1, 1, "").replace("force_weight = 1.0", "force_weight = 1.0\nmemory = \"1m\"\nmemory_mode = \"cached\"");
        // 6 tiny structures fit in 1 MB; 400 of them do not (and the cached mode was asked for: "auto" would go on-demand)
        Path big = data(dir.resolve("big").toFile().mkdirs() ? dir.resolve("big") : dir, 400);
        List<String> log = new ArrayList<>();
        Trainer.run(parse(toml), log::add);
        assertTrue(log.get(0).startsWith("memory: mode cached") && log.get(0).contains("1 MB"), log.get(0));
        var e = assertThrows(TrainingException.class, () -> Trainer.run(parse(toml.replace(d.toString(), big.toString())), QUIET));
        assertTrue(e.getMessage().contains("memory budget"), e.getMessage());
    }

    /** The progress a bar shows: descriptors (epoch 0), then every epoch, each with fractions rising to 1. */
    @org.junit.jupiter.params.ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"adam", "lbfgs"})
    void progressIsReportedWithinEveryEpoch(String optimizer, @TempDir Path dir) throws Exception {
        Path d = data(dir, 8);
        List<Integer> started = new ArrayList<>();
        List<List<Double>> fractions = new ArrayList<>();
        Trainer.run(parse(config(d, dir.resolve("out"), optimizer, 3, 1, "")), new TrainListener() {
            public void log(String line) {}
            public void epochStarted(int epoch, int epochs, int structures) { started.add(epoch); fractions.add(new ArrayList<>()); }
            public void epochProgress(double f) { fractions.getLast().add(f); }
        });
        assertEquals(List.of(0, 1, 2, 3), started);
        for (List<Double> f : fractions) {
            assertFalse(f.isEmpty());
            for (int k = 1; k < f.size(); k++) assertTrue(f.get(k) >= f.get(k - 1), f.toString());
            assertEquals(1.0, f.getLast(), 1e-12, f.toString());
        }
    }
}
