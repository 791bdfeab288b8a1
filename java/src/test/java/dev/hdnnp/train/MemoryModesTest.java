package dev.hdnnp.train;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.hdnnp.train.TrainerTest.config;
import static dev.hdnnp.train.TrainerTest.data;
import static dev.hdnnp.train.TrainerTest.parse;
import static org.junit.jupiter.api.Assertions.*;

/**
 * The on-demand memory mode (∂G/∂r recomputed per structure by the force kernel's training mode)
 * against the cached mode (computed once and kept): the same weights and errors to the bit after
 * two epochs of each optimiser (derivative cache large enough for every structure: each is
 * computed on first use; for Kalman also with no cache, so that its force picks are computed
 * as columns, {@link Featurizer#columns}, and the errors from whole recomputed derivatives), and after an epoch with a cache too small for most structures (so that
 * most uses recompute).
 */
class MemoryModesTest {
    private static String withMemory(String toml, String settings) {
        return toml.replace("force_weight = 1.0", "force_weight = 1.0\n" + settings);
    }

    @ParameterizedTest
    @ValueSource(strings = {"kalman", "kalman without threshold", "kalman no cache", "kalman without threshold no cache", "adam", "lbfgs"})
    void onDemandGivesTheCachedModesNumbers(String variant, @TempDir Path dir) throws Exception {
        String optimizer = variant.split(" ")[0];
        Path d = data(dir, 12);
        List<TrainingResult> runs = new ArrayList<>();
        List<List<String>> logs = new ArrayList<>();
        String[] modes = {"memory_mode = \"cached\"", "memory_mode = \"on-demand\""};
        for (int m = 0; m < modes.length; m++) {
            List<String> log = new ArrayList<>();
            String toml = withMemory(config(d, dir.resolve("out" + m), optimizer, 2, 2, ""), modes[m]);
            // Kalman's default force_threshold (1, 3 trials) makes the picks depend on the weights; without it they do not
            if (variant.contains("without")) toml = toml.replace("force_fraction = 0.05", "force_fraction = 0.05\nforce_threshold = 0.0");
            if (m == 1 && variant.contains("no cache")) {
                runs.add(withoutCache(parse(toml), log));
            } else {
                runs.add(Trainer.run(parse(toml), log::add));
            }
            logs.add(log);
        }
        assertTrue(logs.get(0).get(0).startsWith("memory: mode cached"), logs.get(0).get(0));
        for (int m = 1; m < modes.length; m++) {
            assertTrue(logs.get(m).get(0).startsWith("memory: mode on-demand") && logs.get(m).get(0).contains("memory_mode = \"on-demand\""), logs.get(m).get(0));
            TrainingResult a = runs.get(0), b = runs.get(m);
            for (int e = 0; e < a.networks().size(); e++)
                assertArrayEquals(a.networks().get(e).parameters(), b.networks().get(e).parameters(), 0.0, optimizer + " " + modes[m] + ": element " + e);
            assertEquals(a.curve().size(), b.curve().size());
            for (int k = 0; k < a.curve().size(); k++) {
                EpochStats x = a.curve().get(k), y = b.curve().get(k);
                assertEquals(x.trainForceRmse(), y.trainForceRmse(), 0.0, "epoch " + k);
                assertEquals(x.validationForceRmse(), y.validationForceRmse(), 0.0, "epoch " + k);
                assertEquals(x.trainEnergyRmse(), y.trainEnergyRmse(), 0.0, "epoch " + k);
            }
            assertEquals(a.testForceRmse(), b.testForceRmse(), 0.0);
        }
    }

    /**
     * The Kalman Jacobians run one element per thread (each element's weights are its own block,
     * summed over its atoms in atom order): one and two threads train the same weights to the bit,
     * in both memory modes, with the default force threshold (so the picks depend on the weights).
     */
    @ParameterizedTest
    @ValueSource(strings = {"cached", "on-demand"})
    void kalmanGivesTheSameWeightsOnOneAndTwoThreads(String mode, @TempDir Path dir) throws Exception {
        Path d = data(dir, 12);
        List<TrainingResult> runs = new ArrayList<>();
        for (int threads = 1; threads <= 2; threads++) {
            String toml = withMemory(config(d, dir.resolve("out" + threads), "kalman", 3, threads, ""), "memory_mode = \"" + mode + "\"");
            runs.add(Trainer.run(parse(toml), line -> {}));
        }
        TrainingResult a = runs.get(0), b = runs.get(1);
        assertEquals(2, a.networks().size(), "two elements, so that the threads share the work");
        for (int e = 0; e < a.networks().size(); e++)
            assertArrayEquals(a.networks().get(e).parameters(), b.networks().get(e).parameters(), 0.0, mode + ": element " + e);
        assertEquals(a.testForceRmse(), b.testForceRmse(), 0.0);
        assertEquals(a.testEnergyRmse(), b.testEnergyRmse(), 0.0);
    }

    /**
     * Kalman with a force and an energy threshold (each candidate compared with the last epoch's
     * RMSE) on more training structures than the threshold reference covers (30 > 16), the
     * on-demand mode monitoring fewer than all of them: the force threshold's reference is the
     * training force RMSE over the same 16 spread structures in both modes
     * ({@link DerivativeSource#reference}), so the weights and the validation and test errors after
     * 3 epochs are the cached mode's to the bit: with no derivatives kept (the 16 recomputed), with
     * about 22 of 30 training structures kept (the 16 and further ones), and with
     * train_force_errors = "all". A cached run stopped after epoch 2 and resumed on demand
     * continues the same trajectory (the checkpoint's reference RMSE means the same in both modes).
     */
    @Test
    void kalmanThresholdsGiveTheSameWeightsInBothModes(@TempDir Path dir) throws Exception {
        Path d = data(dir, 50);
        String thresholds = "force_fraction = 0.05\nforce_threshold = 1.0\nenergy_threshold = 1.0\ntrials = 3";
        java.util.function.BiFunction<String, String, TrainConfig> conf = (name, settings) -> parse(withMemory(
                config(d, dir.resolve(name), "kalman", 3, 2, ""), settings).replace("force_fraction = 0.05", thresholds));
        TrainingResult cached = Trainer.run(conf.apply("cached", "memory_mode = \"cached\""), TrainerTest.QUIET);
        java.util.regex.Pattern kept = java.util.regex.Pattern.compile("then (\\d+) of the (\\d+) training structures");
        for (String variant : List.of("no cache", "partial cache", "all errors")) {
            TrainConfig c = conf.apply(variant.replace(' ', '-'), "memory_mode = \"on-demand\""
                    + (variant.equals("all errors") ? "\ntrain_force_errors = \"all\"" : ""));
            List<String> log = new ArrayList<>();
            TrainingResult r = withCache(c, log, variant.equals("partial cache") ? 22 : 0);
            var m = log.stream().map(kept::matcher).filter(java.util.regex.Matcher::find).findFirst().orElseThrow();
            int monitored = Integer.parseInt(m.group(1)), train = Integer.parseInt(m.group(2));
            assertTrue(train > DerivativeSource.MIN_MONITOR, m.group());
            if (variant.equals("partial cache")) assertTrue(monitored > DerivativeSource.MIN_MONITOR && monitored < train, m.group());
            else assertEquals(DerivativeSource.MIN_MONITOR, monitored, m.group());
            sameRun(cached, r, variant, variant.equals("all errors"));
        }
        // stopped after epoch 2 in the cached mode, resumed on demand with nothing kept
        TrainConfig stopped = conf.apply("resumed", "memory_mode = \"cached\"");
        class Stop extends RuntimeException {}
        assertThrows(Stop.class, () -> Trainer.run(stopped, new TrainListener() {
            public void log(String line) {}
            public void epochDone(EpochStats s) { if (s.epoch() == 2) throw new Stop(); }
        }));
        TrainConfig onDemand = conf.apply("resumed", "memory_mode = \"on-demand\"").withResume(true);
        List<String> log = new ArrayList<>();
        sameRun(cached, withCache(onDemand, log, 0), "resumed", false);
        assertTrue(log.stream().anyMatch(l -> l.startsWith("resumed from")), String.join("\n", log));
    }

    /** The same weights, validation errors per epoch, training energy errors and test errors, to the bit. */
    private static void sameRun(TrainingResult a, TrainingResult b, String what, boolean sameTrainForces) {
        for (int e = 0; e < a.networks().size(); e++)
            assertTrue(java.util.Arrays.equals(a.networks().get(e).parameters(), b.networks().get(e).parameters()), what + ": weights of element " + e);
        assertEquals(4, a.curve().size());
        assertEquals(a.curve().size(), b.curve().size(), what);
        for (int k = 0; k < a.curve().size(); k++) {
            EpochStats x = a.curve().get(k), y = b.curve().get(k);
            assertEquals(x.validationForceRmse(), y.validationForceRmse(), 0.0, what + ": epoch " + k);
            assertEquals(x.validationEnergyRmse(), y.validationEnergyRmse(), 0.0, what + ": epoch " + k);
            assertEquals(x.trainEnergyRmse(), y.trainEnergyRmse(), 0.0, what + ": epoch " + k);
            if (sameTrainForces) assertEquals(x.trainForceRmse(), y.trainForceRmse(), 0.0, what + ": epoch " + k);
        }
        assertEquals(a.bestEpoch(), b.bestEpoch(), what);
        assertEquals(a.testForceRmse(), b.testForceRmse(), 0.0, what);
        assertEquals(a.testEnergyRmse(), b.testEnergyRmse(), 0.0, what);
    }

    /**
     * On-demand training whose derivative source holds the validation structures' derivatives and
     * about {@code trainStructures} training structures' (0: nothing, every use recomputes).
     */
    private static TrainingResult withCache(TrainConfig c, List<String> log, int trainStructures) throws Exception {
        java.nio.file.Files.createDirectories(c.outputDirectory());
        try (Parallel par = new Parallel(c.training().threads())) {
            PreparedData p = DataPreparation.prepare(c, par, log::add);
            DerivativeSource probe = new DerivativeSource(p.spec(), 0);
            probe.normalizeWith(p.pre());
            long capacity = 0;
            if (trainStructures > 0) {
                for (Sample s : p.validation()) capacity += probe.of(s).bytes();
                long train = 0;
                for (Sample s : p.train()) train += probe.of(s).bytes();
                capacity += train * trainStructures / p.train().size();
            }
            DerivativeSource src = new DerivativeSource(p.spec(), capacity);
            src.normalizeWith(p.pre());
            for (List<Sample> l : List.of(p.train(), p.validation(), p.test())) for (Sample s : l) s.derivativesFrom(src);
            return Trainer.train(c, p, par, log::add);
        }
    }

    /**
     * On-demand training whose derivative source keeps nothing: every use recomputes, the Kalman
     * force picks as columns ({@link Featurizer#columns}, checked to have happened).
     */
    private static TrainingResult withoutCache(TrainConfig c, List<String> log) throws Exception {
        java.nio.file.Files.createDirectories(c.outputDirectory());
        try (Parallel par = new Parallel(c.training().threads())) {
            PreparedData p = DataPreparation.prepare(c, par, log::add);
            DerivativeSource none = new DerivativeSource(p.spec(), 0);
            none.normalizeWith(p.pre());
            for (List<Sample> l : List.of(p.train(), p.validation(), p.test())) for (Sample s : l) s.derivativesFrom(none);
            TrainingResult r = Trainer.train(c, p, par, log::add);
            assertTrue(none.columnStructures() > 0 && none.keptBytes() == 0, "columns of " + none.columnStructures() + " structures, kept " + none.keptBytes());
            return r;
        }
    }

    /**
     * With fewer kept derivatives than training structures, the on-demand mode's training force
     * errors are over a fixed, spread subset of the training set ({@link DerivativeSource#pin}):
     * they equal the cached mode's force errors over the same structures, while the energy errors
     * and all validation errors are over every structure and equal the cached mode's.
     */
    @Test
    void trainingForceErrorsOverTheKeptSubset(@TempDir Path dir) throws Exception {
        Path d = data(dir, 50);
        TrainConfig cc = parse(withMemory(config(d, dir.resolve("a"), "kalman", 1, 2, ""), "memory_mode = \"cached\""));
        TrainConfig oc = parse(withMemory(config(d, dir.resolve("b"), "kalman", 1, 2, ""), "memory_mode = \"on-demand\""));
        try (Parallel par = new Parallel(2)) {
            PreparedData pc = DataPreparation.prepare(cc, par, TrainerTest.QUIET), po = DataPreparation.prepare(oc, par, TrainerTest.QUIET);
            DerivativeSource none = new DerivativeSource(po.spec(), 0);
            none.normalizeWith(po.pre());
            for (List<Sample> l : List.of(po.train(), po.validation(), po.test())) for (Sample s : l) s.derivativesFrom(none);
            List<String> log = new ArrayList<>();
            java.util.Set<Sample> subset = Trainer.trainForceSubset(oc, po, par, log::add);
            int n = po.train().size();
            assertTrue(n > DerivativeSource.MIN_MONITOR, "training structures " + n);
            assertNotNull(subset);
            assertEquals(DerivativeSource.MIN_MONITOR, subset.size());
            assertTrue(log.get(0).contains(DerivativeSource.MIN_MONITOR + " of the " + n + " training structures") && log.get(0).contains("train_force_errors"), log.get(0));
            assertNull(Trainer.trainForceSubset(cc, pc, par, log::add), "cached mode: all");
            List<Sample> same = new ArrayList<>();
            for (int k = 0; k < n; k++) if (subset.contains(po.train().get(k))) same.add(pc.train().get(k));
            LossEngine ec = new LossEngine(Trainer.initialNetworks(cc, pc), par), eo = new LossEngine(Trainer.initialNetworks(oc, po), par);
            EpochStats c = Trainer.stats(0, 0, ec, pc), o = Trainer.stats(0, 0, eo, po, subset);
            var norm = pc.pre().normalization();
            double overSubset = ec.errors(same).forceRmse() * norm.convLength() / norm.convEnergy();
            assertEquals(overSubset, o.trainForceRmse(), 0.0, "training force RMSE over the subset");
            assertNotEquals(c.trainForceRmse(), o.trainForceRmse(), "a subset, not all");
            assertEquals(c.trainEnergyRmse(), o.trainEnergyRmse(), 0.0);
            assertEquals(c.validationForceRmse(), o.validationForceRmse(), 0.0);
            assertEquals(c.validationEnergyRmse(), o.validationEnergyRmse(), 0.0);
            // a training run says it in its log lines and in the learning curve's columns
            java.nio.file.Files.createDirectories(oc.outputDirectory());
            List<String> runLog = new ArrayList<>();
            Trainer.train(oc, po, par, runLog::add);
            String over = DerivativeSource.MIN_MONITOR + " of " + n + " structures";
            assertTrue(runLog.stream().anyMatch(l -> l.startsWith("epoch    1") && l.contains("F rmse train (" + over + ")")), String.join("\n", runLog));
            String header = java.nio.file.Files.readAllLines(oc.outputDirectory().resolve(LearningCurve.CSV)).get(0);
            assertTrue(header.contains("train_force_rmse_eV_per_angstrom_over_" + over.replace(' ', '_')), header);
        }
    }

    /**
     * "auto" picks the cached mode when the estimate fits the budget, on-demand when it does not,
     * and says why; with the small budget most structures' derivatives are recomputed at each use,
     * and the numbers are still the cached mode's.
     */
    @Test
    void autoChoosesByTheBudget(@TempDir Path dir) throws Exception {
        Path d = data(dir, 400);
        List<String> roomy = new ArrayList<>(), tight = new ArrayList<>();
        TrainingResult a = Trainer.run(parse(config(d, dir.resolve("a"), "kalman", 1, 2, "")), roomy::add);
        TrainingResult b = Trainer.run(parse(withMemory(config(d, dir.resolve("b"), "kalman", 1, 2, ""), "memory = \"1m\"")), tight::add);
        assertTrue(roomy.get(0).startsWith("memory: mode cached") && roomy.get(0).contains("which fits"), roomy.get(0));
        assertTrue(tight.get(0).startsWith("memory: mode on-demand") && tight.get(0).contains("more than the budget"), tight.get(0));
        String log = String.join("\n", tight);
        assertTrue(log.contains("derivatives on demand, up to"), log);
        for (int e = 0; e < a.networks().size(); e++)
            assertArrayEquals(a.networks().get(e).parameters(), b.networks().get(e).parameters(), 0.0, "element " + e);
        assertEquals(a.testForceRmse(), b.testForceRmse(), 0.0);
    }
}
