package dev.hdnnp.train;

import dev.hdnnp.descriptor.CutoffType;
import dev.hdnnp.descriptor.ScalingMode;

import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a training run needs, as plain records. Read from TOML or an n2p2 {@code input.nn}
 * by {@link TrainConfigReader} (annotated example in
 * {@code src/main/resources/dev/hdnnp/train/example-train.toml}).
 */
public record TrainConfig(Data data, Descriptor descriptor, Network network, Training training,
                          Kalman kalman, Adam adam, Lbfgs lbfgs, Path outputDirectory) {

    /** Where the data is and how it is split. Lengths/energies of the data are in lengthUnit/energyUnit. */
    public record Data(Path file, String format, Path descriptors, Path labels, boolean labelsPerAtom, String element,
                       String lengthUnit, String energyUnit, double testFraction, double validationFraction,
                       int testEvery, long seed) {}

    /** Symmetry functions: explicit n2p2 lines, or generated; and their scaling. */
    public record Descriptor(List<String> functions, CutoffType cutoffType, double cutoffAlpha, Generate generate,
                             ScalingMode scaling, double scaleMin, double scaleMax) {}

    /** Generated set: per element pair, radial Gaussians on a grid up to the cutoff, and angular functions. */
    public record Generate(double cutoff, int radial, int angular, String grid, double rMin) {}

    public record Network(int[] hidden, char activation, boolean normalizeNodes, boolean offsets, boolean normalize) {
        @Override public String toString() {
            return "Network[hidden=" + Arrays.toString(hidden) + ", activation=" + activation + ", normalizeNodes=" + normalizeNodes
                    + ", offsets=" + offsets + ", normalize=" + normalize + "]";
        }
    }

    /**
     * The run: optimiser, epochs, which labels enter the loss with which weight (stress only where
     * the data has it, off when stressWeight is 0), and the memory budget for cached descriptor
     * derivatives in bytes (0 = a fraction of the JVM's maximum heap) with the memory mode
     * ("auto": cached when the derivatives fit the budget, else on-demand; "cached"; "on-demand").
     * {@code trainForceErrors}: in the on-demand mode, whether the per-epoch training force errors
     * cover a fixed subset of the training structures whose derivatives are kept ("subset") or
     * all of them ("all": a Jacobian per structure per epoch, and the cached mode's reported
     * numbers). The weights are the same either way (the Kalman force threshold's reference is a
     * fixed subset in both modes, {@link Trainer#referenceForceRmse}).
     */
    public record Training(String optimizer, int epochs, int threads, boolean useForces, double forceWeight,
                           double stressWeight, int earlyStopping, boolean resume, long memoryBudget, String memoryMode,
                           String trainForceErrors) {
        public Training(String optimizer, int epochs, int threads, boolean useForces, double forceWeight,
                        double stressWeight, int earlyStopping, boolean resume, long memoryBudget) {
            this(optimizer, epochs, threads, useForces, forceWeight, stressWeight, earlyStopping, resume, memoryBudget, "auto");
        }

        public Training(String optimizer, int epochs, int threads, boolean useForces, double forceWeight,
                        double stressWeight, int earlyStopping, boolean resume, long memoryBudget, String memoryMode) {
            this(optimizer, epochs, threads, useForces, forceWeight, stressWeight, earlyStopping, resume, memoryBudget, memoryMode, "subset");
        }
    }

    public record Kalman(double epsilon, double q0, double qtau, double qmin, double eta, double etatau, double etamax,
                         boolean perElement, double energyFraction, double forceFraction, double energyThreshold,
                         double forceThreshold, int trials, double stressFraction) {}

    public record Adam(double learningRate, double minLearningRate, double decay, int batchSize, double beta1,
                       double beta2, double epsilon) {}

    public record Lbfgs(int history, int iterationsPerEpoch) {}

    public static TrainConfig defaults(Path dataFile) {
        return new TrainConfig(
                new Data(dataFile, null, null, null, true, "H", "angstrom", "eV", 0.1, 0.1, 0, 1234567L),
                new Descriptor(List.of(), CutoffType.ofCode(2), 0.0, new Generate(6.0, 8, 4, "shifted", 0.8), ScalingMode.SCALECENTER, 0.0, 1.0),
                new Network(new int[]{25, 25}, 't', false, false, true),
                new Training("kalman", 20, Runtime.getRuntime().availableProcessors(), true, 10.0, 0.0, 0, false, 0L),
                new Kalman(0.01, 0.01, 2.302, 1e-6, 0.01, 2.302, 1.0, false, 1.0, 0.0041, 0.0, 1.0, 3, 0.5),
                new Adam(1e-3, 1e-5, 0.98, 8, 0.9, 0.999, 1e-8),
                new Lbfgs(20, 20),
                Path.of("training"));
    }

    /** Reads a TOML configuration file (see {@link TrainConfigReader}). */
    public static TrainConfig read(Path file) { return TrainConfigReader.read(file); }

    /** Parses TOML text; relative paths resolve against {@code base}. */
    public static TrainConfig parse(String toml, Path base) { return TrainConfigReader.parse(toml, base); }

    /** A configuration from an n2p2 input.nn with its training keywords (see {@link TrainConfigReader}). */
    public static TrainConfig fromN2p2(Path inputNn, Path dataFile, String lengthUnit, String energyUnit, Path outputDirectory) {
        return TrainConfigReader.fromN2p2(inputNn, dataFile, lengthUnit, energyUnit, outputDirectory);
    }

    public TrainConfig withEpochs(int epochs) {
        Training t = training;
        return withTraining(new Training(t.optimizer(), epochs, t.threads(), t.useForces(), t.forceWeight(), t.stressWeight(),
                t.earlyStopping(), t.resume(), t.memoryBudget(), t.memoryMode(), t.trainForceErrors()));
    }

    public TrainConfig withThreads(int threads) {
        Training t = training;
        return withTraining(new Training(t.optimizer(), t.epochs(), threads, t.useForces(), t.forceWeight(), t.stressWeight(),
                t.earlyStopping(), t.resume(), t.memoryBudget(), t.memoryMode(), t.trainForceErrors()));
    }

    public TrainConfig withResume(boolean resume) {
        Training t = training;
        return withTraining(new Training(t.optimizer(), t.epochs(), t.threads(), t.useForces(), t.forceWeight(), t.stressWeight(),
                t.earlyStopping(), resume, t.memoryBudget(), t.memoryMode(), t.trainForceErrors()));
    }

    public TrainConfig withTraining(Training t) {
        return new TrainConfig(data, descriptor, network, t, kalman, adam, lbfgs, outputDirectory);
    }

    /** The same configuration with another seed (initial weights, train/validation split, epoch order). */
    public TrainConfig withSeed(long seed) {
        Data d = data;
        return new TrainConfig(new Data(d.file(), d.format(), d.descriptors(), d.labels(), d.labelsPerAtom(), d.element(), d.lengthUnit(),
                d.energyUnit(), d.testFraction(), d.validationFraction(), d.testEvery(), seed), descriptor, network, training, kalman, adam, lbfgs,
                outputDirectory);
    }

    public TrainConfig withOutput(Path dir) {
        return new TrainConfig(data, descriptor, network, training, kalman, adam, lbfgs, dir);
    }

    /**
     * The settings a checkpoint must agree with to be resumed, by name: everything except the
     * number of epochs, the thread count (results do not depend on it), resume, the memory budget,
     * the output directory and the data file's name and format. The data's content is added by {@link Fingerprint}.
     */
    Map<String, String> resumeSettings() {
        Map<String, String> m = new LinkedHashMap<>();
        Data d = data; // the file's name and format do not matter: its content is in the fingerprint
        m.put("[data] units, split and seed", String.join(" ", d.lengthUnit(), d.energyUnit(), String.valueOf(d.labelsPerAtom()), d.element(),
                Double.toString(d.testFraction()), Double.toString(d.validationFraction()), Integer.toString(d.testEvery()), Long.toString(d.seed())));
        m.put("[descriptor]", descriptor.toString());
        m.put("[network]", network.toString());
        Training t = training;
        m.put("[training] optimizer, use_forces, force_weight, stress_weight",
                t.optimizer() + " " + t.useForces() + " " + t.forceWeight() + " " + t.stressWeight());
        m.put("[kalman]", kalman.toString());
        m.put("[adam]", adam.toString());
        m.put("[lbfgs]", lbfgs.toString());
        return m;
    }
}
