package dev.hdnnp.bench;

import dev.hdnnp.io.InputDataFormat;
import dev.hdnnp.io.N2p2Potential;
import dev.hdnnp.neighbor.NeighborList;
import dev.hdnnp.potential.EvaluationResult;
import dev.hdnnp.potential.Evaluator;
import dev.hdnnp.potential.Model;
import dev.hdnnp.structure.Structure;
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
import org.openjdk.jmh.infra.Blackhole;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Energy + forces of the 1080-atom water box (n2p2's H2O_RPBE-D3 potential, the structure of
 * shared/reference/n2p2/H2O_RPBE-D3/single). The neighbour list is built once, outside the
 * measured region. The score is milliseconds per evaluation; divide by 1080 for µs per atom
 * (the {@code perAtom} figure printed at tear-down does that).
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar WaterForceBenchmark -p threads=1,2}
 * with {@code -Dhdnnp.shared=/path/to/shared} when shared/ is not at ../shared.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED", "--add-modules=jdk.incubator.vector"})
public class WaterForceBenchmark {
    @Param({"1", "2"})
    public int threads;

    private Evaluator evaluator;
    private NeighborList system;
    private EvaluationResult result;

    @Setup(Level.Trial)
    public void setup() throws Exception {
        Path shared = Path.of(System.getProperty("hdnnp.shared", "../shared"));
        Path dir = shared.resolve("reference/n2p2/H2O_RPBE-D3");
        if (!Files.isDirectory(dir)) throw new IllegalStateException(dir + " not found: pass -Dhdnnp.shared=<path to shared>");
        // a -jvmArgsAppend on the command line replaces the @Fork one: without the module the
        // scalar loops would be measured (2.7x slower here) and nothing would say so
        if (!dev.hdnnp.descriptor.VectorSupport.enabled())
            throw new IllegalStateException("the SIMD kernel is off: add --add-modules=jdk.incubator.vector to -jvmArgsAppend");
        Model model = N2p2Potential.read(dir.resolve("potential"), "bohr", "hartree");
        Structure box = InputDataFormat.read(dir.resolve("single/input.data")).get(0);
        system = NeighborList.build(box, model.cutoff(), model::elementIndex);
        evaluator = new Evaluator(model, threads);
        result = new EvaluationResult();
    }

    @Benchmark
    public void energyAndForces(Blackhole bh) {
        evaluator.compute(system, result);
        bh.consume(result.energy);
        bh.consume(result.forces);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        evaluator.close();
    }
}
