package dev.hdnnp.train;

import dev.hdnnp.io.ModelFile;
import dev.hdnnp.io.N2p2Potential;
import dev.hdnnp.io.StructureFiles;
import dev.hdnnp.neighbor.NeighborList;
import dev.hdnnp.nn.NeuralNetwork;
import dev.hdnnp.potential.EvaluationResult;
import dev.hdnnp.potential.Evaluator;
import dev.hdnnp.potential.Model;
import dev.hdnnp.structure.Structure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

import static org.junit.jupiter.api.Assertions.*;

/** End-to-end training on a small synthetic water data set (a few seconds in total). */
class TrainerTest {
    static final double RC = 4.0;
    static final TrainListener QUIET = line -> {};

    static Path data(Path dir, int count) throws Exception {
        Random r = new Random(5);
        List<Structure> list = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            Structure s = Fixtures.water(r, 3, 6.0);
            Fixtures.label(s, RC);
            list.add(s);
        }
        Path file = dir.resolve("input.data");
        StructureFiles.write(file, list);
        return file;
    }

    static String config(Path data, Path out, String optimizer, int epochs, int threads, String extra) {
        StringBuilder fn = new StringBuilder();
        for (List<dev.hdnnp.descriptor.SymmetryFunction> l : Fixtures.spec(RC).functions())
            for (var f : l) fn.append("\"").append(f.toN2p2()).append("\", ");
        return """
                [data]
                file = "%s"
                test_fraction = 0.2
                validation_fraction = 0.2
                seed = 3
                [descriptor]
                functions = [%s]
                [network]
                hidden = [6, 6]
                [training]
                optimizer = "%s"
                epochs = %d
                threads = %d
                force_weight = 1.0
                [kalman]
                force_fraction = 0.05
                [adam]
                learning_rate = 0.01
                batch_size = 2
                [lbfgs]
                iterations_per_epoch = 5
                [output]
                directory = "%s"
                %s
                """.formatted(data, fn, optimizer, epochs, threads, out, extra);
    }

    static TrainConfig parse(String toml) { return TrainConfig.parse(toml, null); }

    @ParameterizedTest
    @ValueSource(strings = {"kalman", "adam", "lbfgs"})
    void lossDecreases(String optimizer, @TempDir Path dir) throws Exception {
        Path d = data(dir, 12);
        TrainingResult r = Trainer.run(parse(config(d, dir.resolve("out"), optimizer, 6, 1, "")), QUIET);
        EpochStats first = r.curve().get(0), last = r.curve().get(r.curve().size() - 1);
        assertTrue(last.trainEnergyRmse() < 0.7 * first.trainEnergyRmse(), optimizer + ": energy RMSE " + first.trainEnergyRmse() + " -> " + last.trainEnergyRmse());
        assertTrue(last.trainForceRmse() < first.trainForceRmse(), optimizer + ": force RMSE " + first.trainForceRmse() + " -> " + last.trainForceRmse());
        assertTrue(Files.exists(dir.resolve("out/learning-curve.csv")));
        assertTrue(Files.size(dir.resolve("out/learning-curve.png")) > 1000);
        assertTrue(Files.exists(dir.resolve("out/model.json")) && Files.exists(dir.resolve("out/n2p2/input.nn")) && Files.exists(dir.resolve("out/train.log")));
        assertEquals(8, Files.readAllLines(dir.resolve("out/learning-curve.csv")).size()); // header + epochs 0..6
    }

    @ParameterizedTest
    @ValueSource(strings = {"kalman", "adam", "lbfgs"})
    void sameSeedSameModelWithOneOrTwoThreads(String optimizer, @TempDir Path dir) throws Exception {
        Path d = data(dir, 10);
        TrainingResult one = Trainer.run(parse(config(d, dir.resolve("a"), optimizer, 3, 1, "")), QUIET);
        TrainingResult two = Trainer.run(parse(config(d, dir.resolve("b"), optimizer, 3, 2, "")), QUIET);
        for (int e = 0; e < one.networks().size(); e++)
            assertArrayEquals(one.networks().get(e).parameters(), two.networks().get(e).parameters(), 0.0, "element " + e);
        assertEquals(one.testEnergyRmse(), two.testEnergyRmse(), 0.0);
    }

    /** A run killed after epoch 2 and resumed gives exactly the model of an uninterrupted run. */
    @ParameterizedTest
    @ValueSource(strings = {"kalman", "adam", "lbfgs"})
    void resumeAfterKillEqualsUninterruptedRun(String optimizer, @TempDir Path dir) throws Exception {
        Path d = data(dir, 10);
        TrainingResult full = Trainer.run(parse(config(d, dir.resolve("full"), optimizer, 4, 1, "")), QUIET);
        TrainConfig c = parse(config(d, dir.resolve("killed"), optimizer, 4, 2, ""));
        class Kill extends RuntimeException {}
        assertThrows(Kill.class, () -> Trainer.run(c, new TrainListener() {
            public void log(String line) {}
            public void epochDone(EpochStats s) { if (s.epoch() == 2) throw new Kill(); }
        }));
        TrainingResult resumed = Trainer.run(c.withResume(true), QUIET);
        assertEquals(full.bestEpoch(), resumed.bestEpoch());
        for (int e = 0; e < full.networks().size(); e++)
            assertArrayEquals(full.networks().get(e).parameters(), resumed.networks().get(e).parameters(), 0.0, "element " + e);
        assertEquals(full.curve().size(), resumed.curve().size());
        for (int k = 0; k < full.curve().size(); k++)
            assertEquals(full.curve().get(k).trainForceRmse(), resumed.curve().get(k).trainForceRmse(), 0.0, "epoch " + k);
    }

    /** The model file (and the n2p2 directory), read back and run through the production Evaluator, reproduces the trainer's test errors. */
    @Test
    void exportedModelReproducesTrainerErrors(@TempDir Path dir) throws Exception {
        Path d = data(dir, 10);
        TrainConfig c = parse(config(d, dir.resolve("out"), "kalman", 3, 1, ""));
        TrainingResult r = Trainer.run(c, QUIET);
        Model m = ModelFile.read(dir.resolve("out/model.json"));
        Model fromN2p2 = N2p2Potential.read(dir.resolve("out/n2p2"), "angstrom", "eV");
        for (int e = 0; e < m.elements().size(); e++)
            assertArrayEquals(m.network(e).parameters(), fromN2p2.network(e).parameters(), 0.0);
        List<Structure> all = StructureFiles.read(d);
        DataSet.Split split = DataSet.split(all, c.data());
        double se = 0, sf = 0;
        long nf = 0;
        try (Evaluator ev = new Evaluator(m)) {
            for (int k : split.test()) {
                Structure s = all.get(k);
                NeighborList nl = NeighborList.build(s, m.cutoff(), m::elementIndex);
                EvaluationResult out = new EvaluationResult();
                ev.compute(nl, out);
                double de = (out.energy - s.energy()) / s.size();
                se += de * de;
                double[] f = new double[3 * s.size()];
                nl.foldGhostForces(out.forces, f);
                for (int a = 0; a < f.length; a++) { sf += (f[a] - s.forces()[a]) * (f[a] - s.forces()[a]); nf++; }
            }
        }
        assertEquals(r.testEnergyRmse(), Math.sqrt(se / split.test().length), 1e-9 * Math.max(1, r.testEnergyRmse()));
        assertEquals(r.testForceRmse(), Math.sqrt(sf / nf), 1e-5 * r.testForceRmse()); // trainer keeps dG in float
        for (int e = 0; e < m.elements().size(); e++) {
            NeuralNetwork a = m.network(e), b = r.model().network(e);
            assertArrayEquals(b.parameters(), a.parameters(), 0.0);
        }
    }

    @Test
    void resumeWithAnotherConfigurationIsRefused(@TempDir Path dir) throws Exception {
        Path d = data(dir, 8);
        Trainer.run(parse(config(d, dir.resolve("out"), "adam", 1, 1, "")), QUIET);
        String other = config(d, dir.resolve("out"), "adam", 2, 1, "").replace("hidden = [6, 6]", "hidden = [7, 6]");
        var e = assertThrows(dev.hdnnp.io.InputException.class, () -> Trainer.run(parse(other).withResume(true), QUIET));
        assertTrue(e.getMessage().contains("changed since the checkpoint") && e.getMessage().contains("[network]"), e.getMessage());
    }

    @Test
    void earlyStoppingEndsTheRun(@TempDir Path dir) throws Exception {
        Path d = data(dir, 8);
        String toml = config(d, dir.resolve("out"), "adam", 40, 1, "").replace("learning_rate = 0.01", "learning_rate = 0.3")
                .replace("force_weight = 1.0", "force_weight = 1.0\nearly_stopping = 2");
        TrainingResult r = Trainer.run(parse(toml), QUIET);
        assertTrue(r.curve().size() < 41, "expected an early stop, ran " + (r.curve().size() - 1) + " epochs");
        assertTrue(r.curve().size() - 1 - r.bestEpoch() == 2, "stops two epochs after the best one");
    }

    @Test
    void divergenceStopsWithClearMessageAndKeepsCheckpoint(@TempDir Path dir) throws Exception {
        Path d = data(dir, 8);
        TrainConfig ok = parse(config(d, dir.resolve("out"), "adam", 1, 1, ""));
        Trainer.run(ok, QUIET);
        byte[] before = Files.readAllBytes(dir.resolve("out/checkpoint.bin"));
        String bad = config(d, dir.resolve("out"), "adam", 3, 1, "").replace("learning_rate = 0.01", "learning_rate = 1e300");
        TrainingException e = assertThrows(TrainingException.class, () -> Trainer.run(parse(bad).withResume(false), QUIET));
        assertTrue(e.getMessage().contains("diverged"), e.getMessage());
        assertTrue(e.getMessage().contains("checkpoint"), e.getMessage());
        // the failed run never overwrote the last good checkpoint
        assertArrayEquals(before, Files.readAllBytes(dir.resolve("out/checkpoint.bin")));
    }
}
