package dev.hdnnp.train;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;

/**
 * What the on-demand memory mode recomputes per structure and epoch, on one thread: the force
 * columns of {@code picks} distinct random atoms of a water_deepmd structure (192 atoms,
 * H2O_RPBE-D3 functions; water-final2's Kalman settings draw ~35 per structure and epoch with 3
 * trials), against the structure's whole ∂G/∂r as the cached mode computes it once. Each call
 * takes the next of 64 fixed (structure, picks) draws. Score: ms per structure.
 *
 * <p>Run: {@code java -jar benchmarks/target/benchmarks.jar ForceColumnsBenchmark
 * -jvmArgsAppend "-Dhdnnp.shared=../shared --add-modules=jdk.incubator.vector"}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = {"-Xmx2g", "--add-modules=jdk.incubator.vector"})
public class ForceColumnsBenchmark {
    @Param({"35"})
    public int picks;

    private Featurizer featurizer;
    private Preprocessing pre;
    private List<Sample> train;
    private final int[] structure = new int[64];
    private final int[][] atoms = new int[64][];
    private int next;

    @Setup
    public void setup() throws Exception {
        TrainConfig config = TrainingEpochBenchmark.waterFinal2(1, "memory_mode = \"on-demand\"\nmemory = \"538m\"", "");
        try (Parallel parallel = new Parallel(1)) {
            PreparedData p = DataPreparation.prepare(config, parallel, line -> {});
            featurizer = new Featurizer(p.spec(), true).withoutValues();
            pre = p.pre();
            train = p.train();
        }
        Random r = new Random(1);
        for (int d = 0; d < structure.length; d++) {
            structure[d] = r.nextInt(train.size());
            int n = train.get(structure[d]).atoms;
            TreeSet<Integer> set = new TreeSet<>();
            while (set.size() < Math.min(picks, n)) set.add(r.nextInt(n));
            atoms[d] = set.stream().mapToInt(Integer::intValue).toArray();
        }
    }

    @Benchmark
    public Object columns() {
        int d = next++ & 63;
        return featurizer.columns(train.get(structure[d]).structure, atoms[d], pre);
    }

    @Benchmark
    public Object wholeDerivatives() {
        int d = next++ & 63;
        Sample s = train.get(structure[d]);
        return featurizer.compute(s.index, s.structure);
    }
}
