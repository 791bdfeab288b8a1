package dev.hdnnp.train;

import dev.hdnnp.io.AtomicFiles;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * {@code learning-curve.csv} and {@code learning-curve.png} of a run. Both are derived from the
 * history that the checkpoint holds (see {@link Checkpoint}), so that a run killed between the
 * checkpoint and these files loses no row: they are rewritten whole, atomically, from it.
 */
final class LearningCurve {
    static final String CSV = "learning-curve.csv", PNG = "learning-curve.png";

    private LearningCurve() {}

    static void write(Path dir, List<EpochStats> history, String energyUnit, String lengthUnit) {
        write(dir, history, energyUnit, lengthUnit, "");
    }

    /**
     * With {@code trainForceSubset} non-empty (e.g. "16_of_288": the on-demand mode's training
     * force errors over a subset of the training structures) the training force columns and the
     * plot's training force curve say so.
     */
    static void write(Path dir, List<EpochStats> history, String energyUnit, String lengthUnit, String trainForceSubset) {
        LearningCurvePlot.write(dir.resolve(PNG), history, energyUnit, lengthUnit,
                trainForceSubset.isEmpty() ? "train" : "train (" + trainForceSubset.replace('_', ' ') + " structures)");
        try {
            AtomicFiles.write(dir.resolve(CSV), w -> {
                String header = EpochStats.csvHeader(energyUnit, lengthUnit);
                if (!trainForceSubset.isEmpty()) {
                    String f = "_" + energyUnit + "_per_" + lengthUnit, over = f + "_over_" + trainForceSubset + "_structures";
                    header = header.replace("train_force_rmse" + f, "train_force_rmse" + over).replace("train_force_mae" + f, "train_force_mae" + over);
                }
                w.write(header);
                w.write('\n');
                for (EpochStats s : history) {
                    w.write(s.csvRow());
                    w.write('\n');
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + dir.resolve(CSV) + ": " + e.getMessage(), e);
        }
    }

    /** Removes temporary files a killed run may have left (older versions named them *.tmp). */
    static void removeStaleTemporaries(Path dir) {
        for (String name : new String[]{PNG + ".tmp", CSV + ".tmp", Checkpoint.FILE + ".tmp"}) {
            try {
                Files.deleteIfExists(dir.resolve(name));
            } catch (IOException ignored) {
                // not ours to insist on
            }
        }
        try (var s = Files.list(dir)) {
            s.filter(p -> p.getFileName().toString().matches("\\.(learning-curve\\.(csv|png)|checkpoint\\.bin)\\.tmp[0-9a-f]+"))
                    .forEach(p -> { try { Files.deleteIfExists(p); } catch (IOException ignored) { } });
        } catch (IOException ignored) {
            // an unlistable directory fails later with a clear message
        }
    }
}
