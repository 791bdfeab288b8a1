package dev.hdnnp.train;

import dev.hdnnp.descriptor.DescriptorSpec;
import dev.hdnnp.descriptor.Scaling;
import dev.hdnnp.descriptor.SymmetryFunction;
import dev.hdnnp.io.InputException;
import dev.hdnnp.io.ModelFile;
import dev.hdnnp.io.N2p2Export;
import dev.hdnnp.nn.Activation;
import dev.hdnnp.nn.NeuralNetwork;
import dev.hdnnp.potential.Model;
import dev.hdnnp.potential.Normalization;
import dev.hdnnp.structure.Elements;
import dev.hdnnp.structure.Structure;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Trains a high-dimensional neural network potential: loads and splits the data, computes
 * descriptors once, learns scaling and normalisation from the training set, runs the chosen
 * optimiser epoch by epoch with a learning-curve CSV and an atomic checkpoint after each epoch,
 * keeps the best model on the validation set, and writes it as a model file (and an n2p2 directory).
 *
 * <p>Output directory: {@code learning-curve.csv} and {@code .png}, {@code checkpoint.bin}
 * (resume state), {@code model.json} (best model, {@link ModelFile}), {@code n2p2/} (the same
 * model as an n2p2 potential directory), {@code train.log}.
 */
public final class Trainer {
    private Trainer() {}

    static final String CHECKPOINT = "checkpoint.bin", CURVE = "learning-curve.csv";
    private static final String MAGIC = "hdnnp-java training checkpoint v1";

    /** Trains and returns the best model; fails for descriptor-only (.npy) data, see {@link #run}. */
    public static Model train(TrainConfig config) {
        TrainingResult r = run(config, TrainListener.STDOUT);
        if (r.model() == null) throw new IllegalArgumentException("training on precomputed descriptors yields networks but no complete model; use Trainer.run");
        return r.model();
    }

    /** Prepared data: samples by split, the descriptor spec (null for .npy data) and the preprocessing. */
    record Prepared(List<String> elements, DescriptorSpec spec, List<Sample> train, List<Sample> validation,
                    List<Sample> test, Preprocessing pre, boolean forces) {}

    public static TrainingResult run(TrainConfig config, TrainListener userListener) {
        long start = System.nanoTime();
        TrainListener listener = teeToLog(config.outputDirectory(), userListener);
        try (Parallel par = new Parallel(config.training().threads())) {
            Prepared p = prepare(config, par, listener);
            TrainingResult r = train(config, p, par, listener);
            listener.log(String.format(Locale.ROOT, "done in %.1f s", (System.nanoTime() - start) * 1e-9));
            return r;
        }
    }

    /** Trains on prepared data (also a committee member's: shared descriptors, its own split and seed). */
    static TrainingResult train(TrainConfig config, Prepared p, Parallel par, TrainListener listener) {
        List<NeuralNetwork> nets = initialNetworks(config, p);
        LossEngine engine = new LossEngine(nets, par);
        Optimizer opt = optimizer(config, par);
        listener.log(String.format(Locale.ROOT, "training: %s, %d weights, %d epochs, %d threads, forces %s",
                opt.name(), engine.parameterCount(), config.training().epochs(), par.threads(), p.forces() ? "on (weight " + config.training().forceWeight() + ")" : "off"));
        return loop(config, p, engine, opt, listener);
    }

    /** Also appends every log line to output/train.log (best effort: a full disk must not stop training). */
    private static TrainListener teeToLog(Path dir, TrainListener l) {
        Path file = dir.resolve("train.log");
        return new TrainListener() {
            public void log(String line) {
                l.log(line);
                try {
                    Files.createDirectories(dir);
                    Files.writeString(file, line + System.lineSeparator(), java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
                } catch (IOException ignored) {
                    // the console still has the line
                }
            }
            public void epochDone(EpochStats s) { l.epochDone(s); }
        };
    }

    // ---------------------------------------------------------------- data

    static Prepared prepare(TrainConfig c, Parallel par, TrainListener log) {
        TrainConfig.Data d = c.data();
        if (d.file() == null) return prepareDescriptors(c, log);
        long t0 = System.nanoTime();
        List<Structure> data = DataSet.load(d);
        String file = d.file().toString();
        List<String> fnLines = c.descriptor().functions();
        List<String> elements;
        if (fnLines.isEmpty()) {
            elements = elementsOf(data);
            fnLines = SymmetryFunctionGenerator.generate(elements, c.descriptor().generate());
            log.log("descriptor: generated " + fnLines.size() + " symmetry functions (" + c.descriptor().generate() + ")");
        } else {
            Set<String> el = new LinkedHashSet<>();
            for (String line : fnLines) el.add(parse(line).center());
            elements = new ArrayList<>(el);
            elements.sort(Comparator.comparingInt(Elements::atomicNumber));
        }
        boolean forces = c.training().useForces() && c.training().forceWeight() > 0;
        DataSet.check(data, file, elements, forces);
        DataSet.Split split = DataSet.split(data, d);
        log.log(DataSet.summary(data, split, d.energyUnit(), d.lengthUnit()).stripTrailing());

        List<List<SymmetryFunction>> fns = new ArrayList<>();
        for (int e = 0; e < elements.size(); e++) fns.add(new ArrayList<>());
        for (String line : fnLines) {
            SymmetryFunction f = parse(line);
            for (String x : new String[]{f.e1(), f.e2()})
                if (x != null && !elements.contains(x))
                    throw new IllegalArgumentException("symmetry function '" + line + "' uses element " + x + ", which has no functions of its own (elements: " + elements + ")");
            fns.get(elements.indexOf(f.center())).add(f);
        }
        DescriptorSpec spec = new DescriptorSpec(elements, c.descriptor().cutoffType(), c.descriptor().cutoffAlpha(), fns);
        StringBuilder counts = new StringBuilder();
        for (int e = 0; e < elements.size(); e++) counts.append(' ').append(elements.get(e)).append('=').append(spec.functions().get(e).size());
        log.log(String.format(Locale.ROOT, "descriptor: cutoff %.4g %s, functions per element:%s", spec.maxCutoff(), d.lengthUnit(), counts));

        Sample[] all = new Sample[data.size()];
        Featurizer[] fz = new Featurizer[par.threads()];
        for (int t = 0; t < fz.length; t++) fz[t] = new Featurizer(spec, forces);
        par.forEach(data.size(), (k, t) -> all[k] = fz[t].compute(k, data.get(k)));
        long bytes = 0;
        for (Sample s : all) bytes += s.bytes();
        log.log(String.format(Locale.ROOT, "descriptors: %d structures in %.1f s, %.1f MB in memory%s", all.length,
                (System.nanoTime() - t0) * 1e-9, bytes / 1e6, forces ? " (derivatives as float)" : ""));
        List<Sample> train = pick(all, split.train()), val = pick(all, split.validation()), test = pick(all, split.test());
        Preprocessing pre = preprocess(c, spec.functionCounts(), elements, train, log);
        for (Sample s : all) s.normalize(pre);
        return new Prepared(elements, spec, train, val, test, pre, forces);
    }

    private static Prepared prepareDescriptors(TrainConfig c, TrainListener log) {
        TrainConfig.Data d = c.data();
        NpyArray desc = NpyArray.read(d.descriptors()), lab = NpyArray.read(d.labels());
        if (desc.shape().length != 3)
            throw new InputException(d.descriptors(), 0, "expected descriptors of shape (structures, atoms, features), got " + java.util.Arrays.toString(desc.shape()));
        int ns = desc.shape()[0], na = desc.shape()[1], nf = desc.shape()[2];
        if (lab.data().length != ns)
            throw new InputException(d.labels(), 0, "expected " + ns + " labels (one per structure), got shape " + java.util.Arrays.toString(lab.shape()));
        if (ns == 0 || na == 0 || nf == 0) throw new InputException(d.descriptors(), 0, "the data set is empty");
        if (!Elements.isElement(d.element())) throw new InputException((String) null, 0, "data.element '" + d.element() + "' is not an element symbol");
        List<Structure> dummy = new ArrayList<>();
        Sample[] all = new Sample[ns];
        for (int k = 0; k < ns; k++) {
            int[] gOff = new int[na + 1];
            for (int i = 0; i <= na; i++) gOff[i] = i * nf;
            double[] g = new double[na * nf];
            System.arraycopy(desc.data(), k * na * nf, g, 0, na * nf);
            double e = lab.data()[k] * (d.labelsPerAtom() ? na : 1);
            if (!Double.isFinite(e)) throw new InputException(d.labels(), 0, "label " + (k + 1) + " is not finite");
            all[k] = Sample.ofDescriptors(k, new int[na], gOff, g, e);
            dummy.add(new Structure(new String[0], new double[0], null, null));
        }
        DataSet.Split split = DataSet.split(dummy, d);
        log.log(String.format(Locale.ROOT, "data: %d structures of %d atoms with %d precomputed descriptors (%d train, %d validation, %d test)",
                ns, na, nf, split.train().length, split.validation().length, split.test().length));
        List<Sample> train = pick(all, split.train());
        List<String> elements = List.of(d.element());
        Preprocessing pre = preprocess(c, new int[]{nf}, elements, train, log);
        for (Sample s : all) s.normalize(pre);
        return new Prepared(elements, null, train, pick(all, split.validation()), pick(all, split.test()), pre, false);
    }

    private static Preprocessing preprocess(TrainConfig c, int[] counts, List<String> elements, List<Sample> train, TrainListener log) {
        double[] offsets = c.network().offsets() ? Preprocessing.fitOffsets(train, elements.size()) : new double[elements.size()];
        Normalization norm = c.network().normalize() ? Preprocessing.normalization(train, offsets) : Normalization.NONE;
        List<Scaling> sc = Preprocessing.statistics(train, counts, elements, c.descriptor().scaling(),
                c.descriptor().scaleMin(), c.descriptor().scaleMax(), w -> log.log("warning: " + w));
        log.log(String.format(Locale.ROOT, "normalisation: mean_energy %.8g, conv_energy %.6g, conv_length %.6g%s", norm.meanEnergy(),
                norm.convEnergy(), norm.convLength(), c.network().offsets() ? ", offsets " + java.util.Arrays.toString(offsets) : ""));
        return new Preprocessing(sc, norm, offsets);
    }

    private static List<Sample> pick(Sample[] all, int[] idx) {
        List<Sample> l = new ArrayList<>(idx.length);
        for (int i : idx) l.add(all[i]);
        return l;
    }

    private static List<String> elementsOf(List<Structure> data) {
        Set<String> el = new LinkedHashSet<>();
        for (Structure s : data) for (String x : s.species()) {
            if (!Elements.isElement(x)) throw new IllegalArgumentException("'" + x + "' is not an element symbol");
            el.add(x);
        }
        List<String> l = new ArrayList<>(el);
        l.sort(Comparator.comparingInt(Elements::atomicNumber));
        return l;
    }

    private static SymmetryFunction parse(String line) {
        try {
            return SymmetryFunction.parse(line);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("symmetry function '" + line + "': " + e.getMessage());
        }
    }

    // ---------------------------------------------------------------- networks and optimisers

    /** Glorot-uniform weights, zero biases, from the data seed: the same seed gives the same start. */
    static List<NeuralNetwork> initialNetworks(TrainConfig c, Prepared p) {
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
                        k.perElement(), k.energyFraction(), k.forceFraction(), k.energyThreshold(), k.forceThreshold(), k.trials()), par);
            }
        };
    }

    // ---------------------------------------------------------------- the epoch loop

    /** Mutable run state that a checkpoint saves. */
    private static final class State {
        int epoch;
        double[] w, best;
        int bestEpoch;
        double bestScore = Double.POSITIVE_INFINITY;
        int sinceBest;
        double lastE = 1, lastF = 1;
    }

    private static TrainingResult loop(TrainConfig c, Prepared p, LossEngine engine, Optimizer opt, TrainListener log) {
        Path out = c.outputDirectory();
        try {
            Files.createDirectories(out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot create the output directory " + out + ": " + e.getMessage(), e);
        }
        Path ckpt = out.resolve(CHECKPOINT), curve = out.resolve(CURVE);
        String fingerprint = c.fingerprint();
        State st = new State();
        st.w = engine.parameters();
        st.best = st.w.clone();
        List<EpochStats> history = new ArrayList<>();
        if (c.training().resume() && Files.exists(ckpt)) {
            readCheckpoint(ckpt, fingerprint, st, opt);
            engine.setParameters(st.w);
            history.addAll(readCurve(curve, st.epoch));
            log.log("resumed from " + ckpt + " after epoch " + st.epoch);
        } else if (c.training().resume()) {
            log.log("no checkpoint in " + out + ": starting from scratch");
        }
        if (st.epoch == 0 && history.isEmpty()) {
            EpochStats s0 = stats(0, 0, engine, p);
            history.add(s0);
            log.log(line(s0, c));
        }
        writeCurve(curve, history, c);
        Normalization norm = p.pre().normalization();
        for (int epoch = st.epoch + 1; epoch <= c.training().epochs(); epoch++) {
            long t0 = System.nanoTime();
            opt.epoch(new Optimizer.Epoch(engine, p.train(), st.w, epoch, c.data().seed(), p.forces() ? c.training().forceWeight() : 0.0,
                    st.lastE, st.lastF));
            EpochStats s = stats(epoch, (System.nanoTime() - t0) * 1e-9, engine, p);
            if (!finite(st.w) || !Double.isFinite(s.trainEnergyRmse()) || (p.forces() && !Double.isFinite(s.trainForceRmse())))
                throw new TrainingException("training diverged in epoch " + epoch + " (energy RMSE " + s.trainEnergyRmse()
                        + ", force RMSE " + s.trainForceRmse() + "): the weights are not finite. The checkpoint of epoch " + st.epoch
                        + " in " + ckpt + " is intact; resume from it with a smaller learning rate or larger kalman epsilon.");
            history.add(s);
            st.lastE = s.trainEnergyRmse() * norm.convEnergy();
            st.lastF = p.forces() ? s.trainForceRmse() * norm.convEnergy() / norm.convLength() : 1;
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
            writeCheckpoint(ckpt, fingerprint, st, opt);
            if (st.bestEpoch == epoch && p.spec() != null) {
                // keep the best model on disk as it improves, so a killed run leaves a usable model
                writeModel(model(c, p, engine.networkCopies(), epoch, opt), out);
            }
            writeCurve(curve, history, c);
            log.log(line(s, c) + (st.bestEpoch == epoch ? " *" : ""));
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
        double[] test = te == null ? new double[]{Double.NaN, Double.NaN, Double.NaN, Double.NaN}
                : new double[]{te.energyRmse() * kE, te.energyMae() * kE, te.forceRmse() * kF, te.forceMae() * kF};
        List<NeuralNetwork> bestNets = bestNetworks(engine, st.best, p);
        nets.addAll(bestNets);
        Model model = model(c, p, bestNets, st.bestEpoch, opt);
        if (model != null) writeModel(model, out);
        String eu = c.data().energyUnit(), lu = c.data().lengthUnit();
        log.log(String.format(Locale.ROOT, "best epoch %d; test: energy RMSE %.4g MAE %.4g %s/atom%s", st.bestEpoch, test[0], test[1], eu,
                p.forces() ? String.format(Locale.ROOT, ", force RMSE %.4g MAE %.4g %s/%s", test[2], test[3], eu, lu) : ""));
        return new TrainingResult(model, nets, p.pre(), List.copyOf(history), st.bestEpoch, test[0], test[1], test[2], test[3]);
    }

    /** The complete model for these networks, or null for descriptor-only data. */
    private static Model model(TrainConfig c, Prepared p, List<NeuralNetwork> nets, int epoch, Optimizer opt) {
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
    private static List<NeuralNetwork> bestNetworks(LossEngine engine, double[] w, Prepared p) {
        engine.setParameters(w);
        return engine.networkCopies();
    }

    /** Selection score in internal units: validation errors if there is a validation set, else training errors. */
    private static double score(EpochStats s, Prepared p, Normalization n) {
        boolean val = !p.validation().isEmpty();
        double e = (val ? s.validationEnergyRmse() : s.trainEnergyRmse()) * n.convEnergy();
        if (!p.forces()) return e;
        double f = (val ? s.validationForceRmse() : s.trainForceRmse()) * n.convEnergy() / n.convLength();
        return e + f;
    }

    private static EpochStats stats(int epoch, double seconds, LossEngine engine, Prepared p) {
        Normalization n = p.pre().normalization();
        double kE = 1 / n.convEnergy(), kF = n.convLength() / n.convEnergy();
        LossEngine.Errors tr = engine.errors(p.train());
        LossEngine.Errors va = p.validation().isEmpty() ? null : engine.errors(p.validation());
        double nan = Double.NaN;
        return new EpochStats(epoch, seconds, tr.energyRmse() * kE, tr.energyMae() * kE, tr.forceRmse() * kF, tr.forceMae() * kF,
                va == null ? nan : va.energyRmse() * kE, va == null ? nan : va.energyMae() * kE,
                va == null ? nan : va.forceRmse() * kF, va == null ? nan : va.forceMae() * kF);
    }

    private static String line(EpochStats s, TrainConfig c) {
        String eu = c.data().energyUnit();
        boolean meV = eu.equals("eV");
        double k = meV ? 1000 : 1;
        String u = meV ? "meV" : eu;
        boolean val = !Double.isNaN(s.validationEnergyRmse());
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "epoch %4d %7.1fs  E rmse train %.4g", s.epoch(), s.seconds(), s.trainEnergyRmse() * k));
        if (val) b.append(String.format(Locale.ROOT, " val %.4g", s.validationEnergyRmse() * k));
        b.append(' ').append(u).append("/atom");
        if (!Double.isNaN(s.trainForceRmse())) {
            b.append(String.format(Locale.ROOT, "  F rmse train %.4g", s.trainForceRmse() * k));
            if (val) b.append(String.format(Locale.ROOT, " val %.4g", s.validationForceRmse() * k));
            b.append(' ').append(u).append('/').append(c.data().lengthUnit());
        }
        return b.toString();
    }

    private static boolean finite(double[] w) {
        for (double v : w) if (!Double.isFinite(v)) return false;
        return true;
    }

    // ---------------------------------------------------------------- checkpoint and curve files

    private static void writeCheckpoint(Path file, String fingerprint, State st, Optimizer opt) {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try (DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16))) {
            out.writeUTF(MAGIC);
            out.writeUTF(fingerprint);
            out.writeInt(st.epoch);
            Optimizer.writeArray(out, st.w);
            Optimizer.writeArray(out, st.best);
            out.writeInt(st.bestEpoch);
            out.writeDouble(st.bestScore);
            out.writeInt(st.sinceBest);
            out.writeDouble(st.lastE);
            out.writeDouble(st.lastF);
            out.writeUTF(opt.name());
            opt.write(out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write checkpoint " + tmp + ": " + e.getMessage(), e);
        }
        try {
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot move checkpoint into place: " + e.getMessage(), e);
        }
    }

    private static void readCheckpoint(Path file, String fingerprint, State st, Optimizer opt) {
        try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16))) {
            if (!in.readUTF().equals(MAGIC)) throw new InputException(file, 0, "not a hdnnp-java training checkpoint");
            if (!in.readUTF().equals(fingerprint))
                throw new InputException(file, 0, "the checkpoint was written with a different configuration (data, descriptors, network or optimiser differ); "
                        + "resume needs the same settings (only epochs and threads may change), or delete the checkpoint to start anew");
            st.epoch = in.readInt();
            st.w = Optimizer.readArray(in);
            st.best = Optimizer.readArray(in);
            st.bestEpoch = in.readInt();
            st.bestScore = in.readDouble();
            st.sinceBest = in.readInt();
            st.lastE = in.readDouble();
            st.lastF = in.readDouble();
            String name = in.readUTF();
            if (!name.equals(opt.name())) throw new InputException(file, 0, "checkpoint is for optimiser " + name + ", configuration says " + opt.name());
            opt.read(in);
        } catch (IOException e) {
            throw new InputException(file, 0, "cannot read checkpoint (truncated or corrupt?): " + e.getMessage());
        }
    }

    private static void writeCurve(Path file, List<EpochStats> history, TrainConfig c) {
        LearningCurvePlot.write(file.resolveSibling("learning-curve.png"), history, c.data().energyUnit(), c.data().lengthUnit());
        StringBuilder b = new StringBuilder(EpochStats.csvHeader(c.data().energyUnit(), c.data().lengthUnit())).append('\n');
        for (EpochStats s : history) b.append(s.csvRow()).append('\n');
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        try {
            Files.writeString(tmp, b);
            Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + file + ": " + e.getMessage(), e);
        }
    }

    /** The rows of an existing curve up to (and including) the checkpointed epoch. */
    private static List<EpochStats> readCurve(Path file, int upTo) {
        List<EpochStats> l = new ArrayList<>();
        if (!Files.exists(file)) return l;
        try {
            List<String> lines = Files.readAllLines(file);
            for (int i = 1; i < lines.size(); i++) {
                String[] t = lines.get(i).split(",");
                if (t.length != 10) continue;
                double[] v = new double[10];
                for (int k = 0; k < 10; k++) v[k] = Double.parseDouble(t[k]);
                if ((int) v[0] > upTo) continue;
                l.add(new EpochStats((int) v[0], v[1], v[2], v[3], v[4], v[5], v[6], v[7], v[8], v[9]));
            }
        } catch (IOException | NumberFormatException e) {
            return new ArrayList<>();
        }
        return l;
    }
}
