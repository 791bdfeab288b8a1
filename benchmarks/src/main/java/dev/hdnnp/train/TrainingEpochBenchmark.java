package dev.hdnnp.train;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * One Kalman training epoch (energies and forces) on shared/data/water_deepmd with the
 * H2O_RPBE-D3 descriptor set and 25-25 tanh networks, as in java/docs/training-results.md.
 * Descriptors and their derivatives are computed in the set-up, outside the measured region.
 * Score: seconds per epoch; structures/s = training structures / score (printed at tear-down).
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar TrainingEpochBenchmark -p threads=1,2
 * -p memoryMode=cached,on-demand -jvmArgsAppend "-Dhdnnp.shared=../shared --add-modules=jdk.incubator.vector"} (the cached mode needs
 * ~4 GB of heap for the descriptor derivatives). The on-demand set-up fills the derivative cache
 * as the trainer does (validation structures, then spread training structures).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 1)
@Measurement(iterations = 3)
@Fork(value = 1, jvmArgsAppend = {"-Xmx6g", "--add-modules=jdk.incubator.vector"})
public class TrainingEpochBenchmark {
    @Param({"1", "2"})
    public int threads;

    /** The trainer's memory mode: "cached" (every ∂G/∂r in memory) or "on-demand" (recomputed, budget {@link #memory}). */
    @Param({"cached"})
    public String memoryMode;

    /** The on-demand budget (538m is what {@code -Xmx768m} gives a whole run); the cached mode takes the default. */
    @Param({"538m"})
    public String memory;

    private Parallel parallel;
    private PreparedData prepared;
    private LossEngine engine;
    private Optimizer optimizer;
    private TrainConfig config;
    private double[] w;
    private int epoch;

    @Setup(Level.Trial)
    public void setup() throws Exception {
        config = waterFinal2(threads, "memory_mode = \"" + memoryMode + "\""
                + (memoryMode.equals("cached") ? "" : "\nmemory = \"" + memory + "\""), "");
        parallel = new Parallel(threads);
        prepared = DataPreparation.prepare(config, parallel, line -> {});
        Trainer.trainForceSubset(config, prepared, parallel, line -> {}); // on-demand: fills the derivative cache
        List<dev.hdnnp.nn.NeuralNetwork> nets = Trainer.initialNetworks(config, prepared);
        engine = new LossEngine(nets, parallel);
        optimizer = Trainer.optimizer(config, parallel);
        w = engine.parameters();
    }

    @Benchmark
    public double kalmanEpoch() {
        epoch++;
        optimizer.epoch(new Optimizer.Epoch(engine, prepared.train(), w, epoch, config.data().seed(),
                config.training().forceWeight(), 1.0, 1.0));
        return w[0];
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        System.out.println("\ntraining structures per epoch: " + prepared.train().size() + " (structures/s = that / score)");
        parallel.close();
    }

    /**
     * water-final2 on shared/data (the directory in -Dhdnnp.shared, default ../shared) for a JMH
     * fork, output in a temporary directory. Refuses to run without the vector module: a
     * -jvmArgsAppend on the command line replaces the @Fork one, and the on-demand mode would
     * recompute its derivatives with the scalar loops without anything saying so.
     */
    static TrainConfig waterFinal2(int threads, String training, String kalman) throws java.io.IOException {
        Path shared = Path.of(System.getProperty("hdnnp.shared", "../shared")).toAbsolutePath();
        Path data = shared.resolve("data/water_deepmd/water.extxyz"), nn = shared.resolve("data/H2O_RPBE-D3/input.nn");
        if (!Files.exists(data) || !Files.exists(nn)) throw new IllegalStateException(shared + ": water data not found; pass -Dhdnnp.shared=<path>");
        if (!dev.hdnnp.descriptor.VectorSupport.enabled())
            throw new IllegalStateException("the SIMD kernel is off: add --add-modules=jdk.incubator.vector to -jvmArgsAppend");
        return waterFinal2(data, nn, Files.createTempDirectory("hdnnp-bench"), threads, training, kalman);
    }

    /**
     * water-final2 of java/docs/training-results.md (the reference settings) on data and
     * the n2p2 functions nn, with extra lines for [training] and [kalman].
     */
    static TrainConfig waterFinal2(Path data, Path nn, Path out, int threads, String training, String kalman) {
        String toml = """
                [data]
                file = "%s"
                length_unit = "angstrom"
                energy_unit = "eV"
                test_every = 5
                validation_fraction = 0.1
                seed = 1
                [descriptor]
                n2p2 = "%s"
                n2p2_length_unit = "bohr"
                scaling = "scalecenter"
                [network]
                hidden = [25, 25]
                activation = "t"
                [training]
                optimizer = "kalman"
                force_weight = 10.0
                threads = %d
                %s
                [kalman]
                force_fraction = 0.02
                strategy = "element"
                %s
                [output]
                directory = "%s"
                """.formatted(data, nn, threads, training, kalman, out);
        return TrainConfig.parse(toml, out);
    }
}
