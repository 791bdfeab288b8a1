package dev.hdnnp.train;

import dev.hdnnp.io.CommitteeFile;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Random;

/**
 * Trains a committee of N models that differ in their initial weights and in their
 * train/validation split (member k uses seed + k), on descriptors computed once. The test set is
 * the one of the configuration's seed and is shared: no member trains or validates on it. The
 * scaling statistics and energy normalisation come from the first split and are shared too, so
 * the descriptors are scaled once and the members have identical symmetry functions (which the
 * committee evaluator then computes once per atom).
 *
 * <p>Output: {@code OUTPUT/member-k/model.json} (ordinary models) and {@code OUTPUT/committee.json}
 * listing them.
 */
public final class CommitteeTrainer {
    private CommitteeTrainer() {}

    public record Result(Path committeeFile, List<TrainingResult> members) {}

    public static Result run(TrainConfig config, int members, TrainListener listener) {
        if (members < 2) throw new IllegalArgumentException("--committee needs at least 2 members, got " + members);
        if (config.data().file() == null)
            throw new IllegalArgumentException("a committee needs structures (data.file), not precomputed descriptors");
        Path out = config.outputDirectory();
        long seed = config.data().seed();
        List<TrainingResult> results = new ArrayList<>();
        List<Path> files = new ArrayList<>();
        try (Parallel par = new Parallel(config.training().threads())) {
            PreparedData base = DataPreparation.prepare(config, par, listener);
            List<Sample> pool = new ArrayList<>(base.train());
            pool.addAll(base.validation());
            int nVal = base.validation().size();
            for (int k = 0; k < members; k++) {
                Path dir = out.resolve("member-" + (k + 1));
                TrainConfig c = config.withSeed(seed + k).withOutput(dir);
                PreparedData p;
                if (k == 0) {
                    p = base;
                } else {
                    // another split of the same non-test structures
                    int[] perm = Optimizer.permutation(pool.size(), new Random(seed + k));
                    List<Sample> val = new ArrayList<>(), train = new ArrayList<>();
                    for (int q = 0; q < perm.length; q++) (q < nVal ? val : train).add(pool.get(perm[q]));
                    p = new PreparedData(base.elements(), base.spec(), train, val, base.test(), base.pre(), base.forces(), base.stress(),
                            base.dataDigest(), base.memory());
                }
                listener.log(String.format(Locale.ROOT, "committee member %d of %d: seed %d, %d train, %d validation, %d test structures -> %s",
                        k + 1, members, seed + k, p.train().size(), p.validation().size(), p.test().size(), dir));
                try {
                    java.nio.file.Files.createDirectories(dir);
                } catch (IOException e) {
                    throw new UncheckedIOException("cannot create the output directory " + dir + ": " + e.getMessage(), e);
                }
                TrainingResult r = Trainer.train(c, p, par, listener);
                results.add(r);
                files.add(dir.resolve("model.json"));
            }
        }
        Path manifest = out.resolve("committee.json");
        try {
            CommitteeFile.write(manifest, files);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + manifest + ": " + e.getMessage(), e);
        }
        return new Result(manifest, results);
    }
}
