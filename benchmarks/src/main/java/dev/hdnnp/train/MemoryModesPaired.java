package dev.hdnnp.train;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;

/**
 * The cached and the on-demand memory modes side by side on shared/data/water_deepmd with the
 * settings of water-final2 (java/docs/training-results.md): both data preparations in one JVM,
 * the same initial networks, epochs run alternately (cached, then on-demand), each timed as the
 * optimiser's update plus the per-epoch errors the trainer computes, the weights compared bit
 * for bit after each pair, the test errors at the end. Alternating in one JVM makes the ratio
 * meaningful on a shared machine, where absolute times are not.
 *
 * <p>Run (after {@code mvn -q -B package -DskipTests} at the root):
 * {@code nice java -Xmx5g --add-modules jdk.incubator.vector -cp benchmarks/target/benchmarks.jar
 * dev.hdnnp.train.MemoryModesPaired ../shared 3 538m [0]}: shared directory, epochs (default 2),
 * the on-demand run's memory budget (default 538m, what {@code -Xmx768m} gives a whole run),
 * optionally Kalman's force_threshold (default water-final2's, 1). The per-epoch errors are
 * those {@link Trainer} computes (on-demand: training force errors over the kept subset).
 */
public final class MemoryModesPaired {
    private MemoryModesPaired() {}

    public static void main(String[] args) throws Exception {
        Path shared = Path.of(args.length > 0 ? args[0] : System.getProperty("hdnnp.shared", "../shared")).toAbsolutePath();
        int epochs = args.length > 1 ? Integer.parseInt(args[1]) : 2;
        String budget = args.length > 2 ? args[2] : "538m";
        String kalman = args.length > 3 ? "force_threshold = " + Double.parseDouble(args[3]) : "";
        Path data = shared.resolve("data/water_deepmd/water.extxyz"), nn = shared.resolve("data/H2O_RPBE-D3/input.nn");
        if (!Files.exists(data) || !Files.exists(nn)) throw new IllegalStateException(shared + ": water data not found");
        Path out = Files.createTempDirectory("hdnnp-paired");
        TrainConfig cc = config(data, nn, out.resolve("cached"), "memory_mode = \"cached\"", kalman);
        TrainConfig oc = config(data, nn, out.resolve("on-demand"), "memory_mode = \"on-demand\"\nmemory = \"" + budget + "\"", kalman);
        try (Parallel par = new Parallel(cc.training().threads())) {
            long t0 = System.nanoTime();
            PreparedData pc = DataPreparation.prepare(cc, par, line -> System.out.println("cached:    " + line));
            long t1 = System.nanoTime();
            PreparedData po = DataPreparation.prepare(oc, par, line -> System.out.println("on-demand: " + line));
            long t2 = System.nanoTime();
            System.out.printf(Locale.ROOT, "preparation: cached %.1f s, on-demand %.1f s%n", (t1 - t0) * 1e-9, (t2 - t1) * 1e-9);
            Run c = new Run(cc, pc, par, line -> System.out.println("cached:    " + line)), o = new Run(oc, po, par, line -> System.out.println("on-demand: " + line));
            if (!Arrays.equals(c.w, o.w)) throw new IllegalStateException("initial weights differ");
            System.out.printf(Locale.ROOT, "epoch 0 errors: cached %.1f s, on-demand %.1f s%n", c.errors(0), o.errors(0));
            System.out.println("epoch | cached update + errors = total | on-demand update + errors = total | ratio | weights | F rmse train/val (cached; on-demand)");
            for (int e = 1; e <= epochs; e++) {
                double cu = c.update(e), ce = c.errors(e), ou = o.update(e), oe = o.errors(e);
                boolean same = Arrays.equals(c.w, o.w);
                System.out.printf(Locale.ROOT, "%5d | %.1f + %.1f = %.1f s | %.1f + %.1f = %.1f s | %.2f | %s | %.2f/%.2f; %.2f/%.2f meV/A%n", e, cu, ce, cu + ce, ou, oe, ou + oe,
                        (ou + oe) / (cu + ce), same ? "identical" : "DIFFER", 1000 * c.last.trainForceRmse(), 1000 * c.last.validationForceRmse(),
                        1000 * o.last.trainForceRmse(), 1000 * o.last.validationForceRmse());
            }
            LossEngine.Errors tc = c.engine.errors(pc.test()), to = o.engine.errors(po.test());
            var n = pc.pre().normalization();
            double kE = 1000 / n.convEnergy(), kF = 1000 * n.convLength() / n.convEnergy();
            System.out.printf(Locale.ROOT, "test after epoch %d: cached %.4f meV/atom %.2f meV/A; on-demand %.4f meV/atom %.2f meV/A (%s)%n", epochs,
                    tc.energyRmse() * kE, tc.forceRmse() * kF, to.energyRmse() * kE, to.forceRmse() * kF,
                    tc.energyRmse() == to.energyRmse() && tc.forceRmse() == to.forceRmse() ? "identical" : "DIFFER");
        }
    }

    /** One mode's training state, stepped as {@link Trainer}'s loop does. */
    private static final class Run {
        final TrainConfig config;
        final PreparedData p;
        final LossEngine engine;
        final Optimizer optimizer;
        final double[] w;
        double lastE = 1, lastF = 1;
        EpochStats last;
        final java.util.Set<Sample> forceSubset;
        final int[] reference;
        final double pinSeconds;

        Run(TrainConfig config, PreparedData p, Parallel par, TrainListener log) {
            this.config = config;
            this.p = p;
            long t = System.nanoTime();
            forceSubset = Trainer.trainForceSubset(config, p, par, log);
            reference = Trainer.referenceIndices(p.train());
            pinSeconds = (System.nanoTime() - t) * 1e-9;
            log.log(String.format(Locale.ROOT, "derivative cache filled in %.1f s", pinSeconds));
            engine = new LossEngine(Trainer.initialNetworks(config, p), par);
            optimizer = Trainer.optimizer(config, par);
            w = engine.parameters();
        }

        double update(int epoch) {
            long t = System.nanoTime();
            optimizer.epoch(new Optimizer.Epoch(engine, p.train(), w, epoch, config.data().seed(), config.training().forceWeight(), 0.0,
                    lastE, lastF, Optimizer.Progress.NONE));
            return (System.nanoTime() - t) * 1e-9;
        }

        double errors(int epoch) {
            long t = System.nanoTime();
            LossEngine.Errors tr = engine.errors(p.train(), forceSubset);
            last = Trainer.stats(epoch, 0, tr, engine, p);
            var n = p.pre().normalization();
            if (epoch == 0) return (System.nanoTime() - t) * 1e-9; // as Trainer: the first epoch's thresholds use the defaults
            lastE = last.trainEnergyRmse() * n.convEnergy();
            lastF = Trainer.referenceForceRmse(tr, reference); // as Trainer: the same fixed 16 structures in both modes
            return (System.nanoTime() - t) * 1e-9;
        }
    }

    private static TrainConfig config(Path data, Path nn, Path out, String memory, String kalman) {
        return TrainingEpochBenchmark.waterFinal2(data, nn, out, 2, "epochs = 25\nearly_stopping = 0\n" + memory, kalman);
    }
}
