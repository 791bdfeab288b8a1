package dev.hdnnp.train;

import dev.hdnnp.io.InputException;
import dev.hdnnp.io.ModelFile;
import dev.hdnnp.io.N2p2Export;
import dev.hdnnp.nn.Activation;
import dev.hdnnp.nn.NeuralNetwork;
import dev.hdnnp.potential.Model;
import dev.hdnnp.potential.Normalization;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;

/**
 * Trains a high-dimensional neural network potential: prepares the data ({@link DataPreparation}),
 * runs the chosen optimiser epoch by epoch with an atomic {@link Checkpoint} and the
 * {@link LearningCurve} after each epoch, keeps the best model on the validation set, and writes
 * it as a model file (and an n2p2 directory).
 *
 * <p>Output directory: {@code learning-curve.csv} and {@code .png}, {@code checkpoint.bin}
 * (resume state), {@code model.json} (best model, {@link ModelFile}), {@code n2p2/} (the same
 * model as an n2p2 potential directory), {@code train.log}.
 */
public final class Trainer {
    private Trainer() {}


    /** Trains and returns the best model; fails for descriptor-only (.npy) data, see {@link #run}. */
    public static Model train(TrainConfig config) {
        TrainingResult r = run(config, TrainListener.STDOUT);
        if (r.model() == null) throw new IllegalArgumentException("training on precomputed descriptors yields networks but no complete model; use Trainer.run");
        return r.model();
    }

    public static TrainingResult run(TrainConfig config, TrainListener userListener) {
        long start = System.nanoTime();
        Path out = outputDirectory(config.outputDirectory());
        TrainListener listener = teeToLog(out, userListener);
        try (Parallel par = new Parallel(config.training().threads())) {
            PreparedData p = DataPreparation.prepare(config, par, listener);
            TrainingResult r = train(config, p, par, listener);
            listener.log(String.format(Locale.ROOT, "done in %.1f s", (System.nanoTime() - start) * 1e-9));
            return r;
        }
    }

    /** Trains on prepared data (also a committee member's: shared descriptors, its own split and seed). */
    static TrainingResult train(TrainConfig config, PreparedData p, Parallel par, TrainListener listener) {
        List<NeuralNetwork> nets = initialNetworks(config, p);
        LossEngine engine = new LossEngine(nets, par);
        Optimizer opt = optimizer(config, par);
        listener.log(String.format(Locale.ROOT, "training: %s, %d weights, %d epochs, %d threads, forces %s, stress %s",
                opt.name(), engine.parameterCount(), config.training().epochs(), par.threads(),
                p.forces() ? "on (weight " + config.training().forceWeight() + ")" : "off",
                p.stress() ? "on (weight " + config.training().stressWeight() + ")" : "off"));
        java.util.Set<Sample> forceSubset = trainForceSubset(config, p, par, listener);
        return loop(config, p, engine, opt, listener, forceSubset, referenceIndices(p.train()));
    }

    /**
     * The on-demand mode's per-epoch errors: the derivative cache keeps the validation structures,
     * the threshold reference and a spread subset of the training structures ({@link DerivativeSource#pin}); the training
     * force errors are taken over that subset (returned; null = every training structure: the
     * cached mode, train_force_errors = "all", or when all fit), since recomputing every training
     * structure's derivatives each epoch would cost more than the epoch's updates. Validation
     * and test errors are always over all their structures, with the cached mode's numbers.
     */
    static java.util.Set<Sample> trainForceSubset(TrainConfig c, PreparedData p, Parallel par, TrainListener log) {
        if (!p.forces() || p.train().isEmpty()) return null;
        DerivativeSource src = p.train().get(0).derivativeSource();
        if (src == null) return null;
        List<Sample> monitor = src.pin(p.validation(), p.train(), par);
        int n = p.train().size();
        boolean all = c.training().trainForceErrors().equals("all") || monitor.size() == n;
        log.log(String.format(Locale.ROOT, "on-demand derivatives: %s kept (validation structures first, then %d of the %d training structures)%s",
                MemoryPlan.mb(src.keptBytes()), monitor.size(), n,
                all ? "; per-epoch errors over all structures"
                        : "; per-epoch training force errors over those " + monitor.size() + " (spread evenly; train_force_errors = \"all\" for all,"
                        + " at one Jacobian per structure and epoch), validation and test errors over all"));
        if (all) return null;
        java.util.Set<Sample> set = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        set.addAll(monitor);
        return set;
    }

    /** Creates the output directory, with a clear message when the path is taken by a file. */
    private static Path outputDirectory(Path dir) {
        if (Files.exists(dir) && !Files.isDirectory(dir))
            throw new InputException(dir.toString(), 0, "the training output directory is an existing file; give a directory (output.directory or -o)");
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the output directory " + dir + ": " + e.getMessage(), e);
        }
        LearningCurve.removeStaleTemporaries(dir);
        return dir;
    }

    /** Also appends every log line to output/train.log (best effort: a full disk must not stop training). */
    private static TrainListener teeToLog(Path dir, TrainListener l) {
        Path file = dir.resolve("train.log");
        return new TrainListener() {
            public void log(String line) {
                l.log(line);
                try {
                    Files.writeString(file, line + System.lineSeparator(), java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
                } catch (IOException ignored) {
                    // the console still has the line
                }
            }
            public void epochStarted(int epoch, int epochs, int structures) { l.epochStarted(epoch, epochs, structures); }
            public void epochProgress(double fraction) { l.epochProgress(fraction); }
            public void epochDone(EpochStats s) { l.epochDone(s); }
        };
    }

    // ---------------------------------------------------------------- networks and optimisers

    /** Glorot-uniform weights, zero biases, from the data seed: the same seed gives the same start. */
    static List<NeuralNetwork> initialNetworks(TrainConfig c, PreparedData p) {
        Random r = new Random(c.data().seed() ^ 0x5DEECE66DL);
        List<NeuralNetwork> nets = new ArrayList<>();
        int[] hidden = c.network().hidden();
        Activation act = Activation.ofLetter(c.network().activation());
        for (int e = 0; e < p.elements().size(); e++) {
            int[] sizes = new int[hidden.length + 2];
            sizes[0] = p.pre().scaling(e).size();
            System.arraycopy(hidden, 0, sizes, 1, hidden.length);
            sizes[sizes.length - 1] = 1;
            Activation[] acts = new Activation[sizes.length - 1];
            java.util.Arrays.fill(acts, act);
            acts[acts.length - 1] = Activation.IDENTITY;
            NeuralNetwork net = new NeuralNetwork(sizes, acts, c.network().normalizeNodes(), null);
            double[] w = net.parameters();
            for (int l = 1; l < sizes.length; l++) {
                double limit = Math.sqrt(6.0 / (sizes[l - 1] + sizes[l]));
                int o = net.weightOffset(l);
                for (int k = 0; k < sizes[l - 1] * sizes[l]; k++) w[o + k] = limit * (2 * r.nextDouble() - 1);
            }
            nets.add(net);
        }
        return nets;
    }

    static Optimizer optimizer(TrainConfig c, Parallel par) {
        return switch (c.training().optimizer()) {
            case "adam" -> {
                TrainConfig.Adam a = c.adam();
                yield new AdamOptimizer(a.learningRate(), a.minLearningRate(), a.decay(), a.beta1(), a.beta2(), a.epsilon(), a.batchSize());
            }
            case "lbfgs" -> new LbfgsOptimizer(c.lbfgs().history(), c.lbfgs().iterationsPerEpoch());
            default -> {
                TrainConfig.Kalman k = c.kalman();
                yield new KalmanOptimizer(new KalmanOptimizer.Settings(k.epsilon(), k.q0(), k.qtau(), k.qmin(), k.eta(), k.etatau(), k.etamax(),
                        k.perElement(), k.energyFraction(), k.forceFraction(), k.energyThreshold(), k.forceThreshold(), k.trials(), k.stressFraction()), par);
            }
        };
    }

    // ---------------------------------------------------------------- the epoch loop

    /** The positions in {@code train} of the threshold reference structures ({@link DerivativeSource#reference}), ascending. */
    static int[] referenceIndices(List<Sample> train) {
        java.util.Set<Sample> ref = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        ref.addAll(DerivativeSource.reference(train));
        return java.util.stream.IntStream.range(0, train.size()).filter(k -> ref.contains(train.get(k))).toArray();
    }

    /**
     * The training force RMSE (internal units) over the reference structures {@code ref}: the
     * Kalman force threshold's reference. Not the reported training force RMSE, which in the
     * on-demand mode covers its kept subset and in the cached mode all structures: over the same
     * 16 structures in both modes (in training order, so summed in the same order), the threshold
     * picks the same candidates and the modes train the same weights to the bit.
     */
    static double referenceForceRmse(LossEngine.Errors tr, int[] ref) {
        double s = 0;
        long c = 0;
        for (int k : ref) {
            double[] f = tr.forces()[k];
            if (f == null) continue;
            for (double v : f) s += v * v;
            c += f.length;
        }
        return c == 0 ? Double.NaN : Math.sqrt(s / c);
    }

    private static TrainingResult loop(TrainConfig c, PreparedData p, LossEngine engine, Optimizer opt, TrainListener log,
                                       java.util.Set<Sample> forceSubset, int[] reference) {
        String subsetNote = forceSubset == null ? "" : " (" + forceSubset.size() + " of " + p.train().size() + " structures)";
        String subsetCsv = forceSubset == null ? "" : forceSubset.size() + "_of_" + p.train().size();
        Path out = c.outputDirectory();
        Path ckpt = out.resolve(Checkpoint.FILE);
        Fingerprint fingerprint = Fingerprint.of(c, p.dataDigest());
        Checkpoint.State st = new Checkpoint.State();
        st.w = engine.parameters();
        st.best = st.w.clone();
        if (c.training().resume() && Files.exists(ckpt)) {
            Checkpoint.read(ckpt, fingerprint, st, opt);
            engine.setParameters(st.w);
            log.log("resumed from " + ckpt + " after epoch " + st.epoch + " (data and settings unchanged, checksum verified)");
        } else if (c.training().resume()) {
            log.log("no checkpoint in " + out + ": starting from scratch");
        }
        if (st.history.isEmpty()) {
            EpochStats s0 = stats(0, 0, engine, p, forceSubset);
            st.history.add(s0);
            log.log(line(s0, c, subsetNote));
        }
        String eu = c.data().energyUnit(), lu = c.data().lengthUnit();
        LearningCurve.write(out, st.history, eu, lu, subsetCsv);
        Normalization norm = p.pre().normalization();
        for (int epoch = st.epoch + 1; epoch <= c.training().epochs(); epoch++) {
            long t0 = System.nanoTime();
            log.epochStarted(epoch, c.training().epochs(), p.train().size());
            opt.epoch(new Optimizer.Epoch(engine, p.train(), st.w, epoch, c.data().seed(), p.forces() ? c.training().forceWeight() : 0.0,
                    p.stress() ? c.training().stressWeight() : 0.0, st.lastE, st.lastF, log::epochProgress));
            LossEngine.Errors tr = engine.errors(p.train(), forceSubset);
            EpochStats s = stats(epoch, (System.nanoTime() - t0) * 1e-9, tr, engine, p);
            if (!finite(st.w) || !Double.isFinite(s.trainEnergyRmse()) || (p.forces() && !Double.isFinite(s.trainForceRmse())))
                throw new TrainingException("training diverged in epoch " + epoch + " (energy RMSE " + s.trainEnergyRmse()
                        + ", force RMSE " + s.trainForceRmse() + "): the weights are not finite. The checkpoint of epoch " + st.epoch
                        + " in " + ckpt + " is intact; resume from it with a smaller learning rate or larger kalman epsilon.");
            st.history.add(s);
            st.lastE = s.trainEnergyRmse() * norm.convEnergy();
            // the energy RMSE covers every training structure in both memory modes; the force reference is the fixed subset's
            st.lastF = p.forces() ? referenceForceRmse(tr, reference) : 1;
            double score = score(s, p, norm);
            st.epoch = epoch;
            if (score < st.bestScore) {
                st.bestScore = score;
                st.best = st.w.clone();
                st.bestEpoch = epoch;
                st.sinceBest = 0;
            } else {
                st.sinceBest++;
            }
            // the checkpoint holds the curve's history: the CSV/PNG written after it can always be rebuilt from it
            Checkpoint.write(ckpt, fingerprint, st, opt);
            if (st.bestEpoch == epoch && p.spec() != null) {
                // keep the best model on disk as it improves, so a killed run leaves a usable model
                writeModel(model(c, p, engine.networkCopies(), epoch, opt), out);
            }
            LearningCurve.write(out, st.history, eu, lu, subsetCsv);
            log.log(line(s, c, subsetNote) + String.format(Locale.ROOT, "  (%.3g structures/s)", p.train().size() / Math.max(1e-9, s.seconds()))
                    + (st.bestEpoch == epoch ? " *" : ""));
            log.epochDone(s);
            if (c.training().earlyStopping() > 0 && st.sinceBest >= c.training().earlyStopping()) {
                log.log("early stopping: no improvement for " + st.sinceBest + " epochs");
                break;
            }
        }
        engine.setParameters(st.best);
        List<NeuralNetwork> nets = new ArrayList<>();
        LossEngine.Errors te = p.test().isEmpty() ? null : engine.errors(p.test());
        double kE = 1 / norm.convEnergy(), kF = norm.convLength() / norm.convEnergy();
        double nan = Double.NaN;
        double[] test = te == null ? new double[]{nan, nan, nan, nan, nan}
                : new double[]{te.energyRmse() * kE, te.energyMae() * kE, te.forceRmse() * kF, te.forceMae() * kF, te.stressRmse() * kE};
        List<NeuralNetwork> bestNets = bestNetworks(engine, st.best, p);
        nets.addAll(bestNets);
        Model model = model(c, p, bestNets, st.bestEpoch, opt);
        if (model != null) writeModel(model, out);
        if (te == null) {
            log.log("best epoch " + st.bestEpoch + "; no test set (test_fraction = 0 and no test_every or set=test marks): no test errors");
        } else {
            log.log(String.format(Locale.ROOT, "best epoch %d; test (%d structures): energy RMSE %.4g MAE %.4g %s/atom%s%s", st.bestEpoch,
                    p.test().size(), test[0], test[1], eu,
                    p.forces() ? String.format(Locale.ROOT, ", force RMSE %.4g MAE %.4g %s/%s", test[2], test[3], eu, lu) : "",
                    p.stress() && !Double.isNaN(test[4]) ? String.format(Locale.ROOT, ", stress RMSE %.4g %s/%s^3", test[4], eu, lu) : ""));
        }
        return new TrainingResult(model, nets, p.pre(), List.copyOf(st.history), st.bestEpoch, test[0], test[1], test[2], test[3], test[4]);
    }

    /** The complete model for these networks, or null for descriptor-only data. */
    private static Model model(TrainConfig c, PreparedData p, List<NeuralNetwork> nets, int epoch, Optimizer opt) {
        if (p.spec() == null) return null;
        Map<String, String> prov = new LinkedHashMap<>();
        prov.put("trained_by", "hdnnp-java " + opt.name());
        prov.put("data", String.valueOf(c.data().file()));
        prov.put("best_epoch", Integer.toString(epoch));
        return new Model(p.spec(), p.pre().scalings(), nets,
                p.pre().normalization(), p.pre().offsets(), c.data().lengthUnit(), c.data().energyUnit(), prov);
    }

    /** The best model as the project's model file and, for n2p2 users, as an n2p2 directory; both written atomically. */
    private static void writeModel(Model model, Path out) {
        try {
            ModelFile.write(model, out.resolve("model.json"));
            N2p2Export.write(model, out.resolve("n2p2"));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the model to " + out + ": " + e.getMessage(), e);
        }
    }

    /** Copies of the networks with weights w, so the result does not alias training state. */
    private static List<NeuralNetwork> bestNetworks(LossEngine engine, double[] w, PreparedData p) {
        engine.setParameters(w);
        return engine.networkCopies();
    }

    /** Selection score in internal units: validation errors if there is a validation set, else training errors. */
    private static double score(EpochStats s, PreparedData p, Normalization n) {
        boolean val = !p.validation().isEmpty();
        double e = (val ? s.validationEnergyRmse() : s.trainEnergyRmse()) * n.convEnergy();
        if (!p.forces()) return e;
        double f = (val ? s.validationForceRmse() : s.trainForceRmse()) * n.convEnergy() / n.convLength();
        return e + f;
    }

    static EpochStats stats(int epoch, double seconds, LossEngine engine, PreparedData p) { return stats(epoch, seconds, engine, p, null); }

    /** The epoch's errors; the training force errors over {@code forceSubset} of the training set (all when null). */
    static EpochStats stats(int epoch, double seconds, LossEngine engine, PreparedData p, java.util.Set<Sample> forceSubset) {
        return stats(epoch, seconds, engine.errors(p.train(), forceSubset), engine, p);
    }

    /** The epoch's errors, with the training errors {@code tr} already computed. */
    static EpochStats stats(int epoch, double seconds, LossEngine.Errors tr, LossEngine engine, PreparedData p) {
        Normalization n = p.pre().normalization();
        double kE = 1 / n.convEnergy(), kF = n.convLength() / n.convEnergy();
        LossEngine.Errors va = p.validation().isEmpty() ? null : engine.errors(p.validation());
        double nan = Double.NaN;
        return new EpochStats(epoch, seconds, tr.energyRmse() * kE, tr.energyMae() * kE, tr.forceRmse() * kF, tr.forceMae() * kF,
                va == null ? nan : va.energyRmse() * kE, va == null ? nan : va.energyMae() * kE,
                va == null ? nan : va.forceRmse() * kF, va == null ? nan : va.forceMae() * kF,
                p.stress() ? tr.stressRmse() * kE : nan, p.stress() && va != null ? va.stressRmse() * kE : nan);
    }

    private static String line(EpochStats s, TrainConfig c, String subsetNote) {
        String eu = c.data().energyUnit();
        boolean meV = eu.equals("eV");
        double k = meV ? 1000 : 1;
        String u = meV ? "meV" : eu;
        boolean val = !Double.isNaN(s.validationEnergyRmse());
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "epoch %4d %7.1fs  E rmse train %.4g", s.epoch(), s.seconds(), s.trainEnergyRmse() * k));
        if (val) b.append(String.format(Locale.ROOT, " val %.4g", s.validationEnergyRmse() * k));
        b.append(' ').append(u).append("/atom");
        if (!Double.isNaN(s.trainStressRmse())) {
            b.append(String.format(Locale.ROOT, "  S rmse train %.4g", s.trainStressRmse() * k));
            if (val) b.append(String.format(Locale.ROOT, " val %.4g", s.validationStressRmse() * k));
            b.append(' ').append(u).append('/').append(c.data().lengthUnit()).append("^3");
        }
        if (!Double.isNaN(s.trainForceRmse())) {
            b.append(String.format(Locale.ROOT, "  F rmse train%s %.4g", subsetNote, s.trainForceRmse() * k));
            if (val) b.append(String.format(Locale.ROOT, " val %.4g", s.validationForceRmse() * k));
            b.append(' ').append(u).append('/').append(c.data().lengthUnit());
        }
        return b.toString();
    }

    private static boolean finite(double[] w) {
        for (double v : w) if (!Double.isFinite(v)) return false;
        return true;
    }

}
