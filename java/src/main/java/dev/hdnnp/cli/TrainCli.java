package dev.hdnnp.cli;

import dev.hdnnp.potential.ThreadCount;
import dev.hdnnp.train.EpochStats;
import dev.hdnnp.train.TrainConfig;
import dev.hdnnp.train.TrainListener;
import dev.hdnnp.train.Trainer;
import dev.hdnnp.train.TrainingResult;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Locale;

/**
 * {@code hdnnp train CONFIG.toml} (or {@code --n2p2 input.nn --data input.data}): trains a
 * potential. On a terminal a progress bar with ETA runs over the epochs; otherwise (logs, CI)
 * each epoch is a plain line.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train a potential on energies and forces (TOML configuration, or an n2p2 input.nn with its training keywords).")
final class TrainCli implements Runnable {
    @Parameters(index = "0", arity = "0..1", paramLabel = "CONFIG", description = "Training configuration (TOML); see java/docs/training.md.")
    Path config;

    @Option(names = "--n2p2", paramLabel = "INPUT_NN", description = "Take descriptors, network and training settings from an n2p2 input.nn instead.")
    Path n2p2;

    @Option(names = "--data", paramLabel = "FILE", description = "With --n2p2: the reference structures (input.data or extended XYZ).")
    Path data;

    @Option(names = "--length-unit", paramLabel = "UNIT", description = "With --n2p2: length unit of input.nn and the data.")
    String lengthUnit;

    @Option(names = "--energy-unit", paramLabel = "UNIT", description = "With --n2p2: energy unit of the data.")
    String energyUnit;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR", description = "Output directory (overrides the configuration).")
    Path output;

    @Option(names = "--epochs", paramLabel = "N", description = "Number of epochs (overrides the configuration).")
    Integer epochs;

    @Option(names = "--threads", paramLabel = "N", description = "Threads (default: all cores; the model does not depend on it).")
    Integer threads;

    @Option(names = "--resume", description = "Continue from the output directory's checkpoint.")
    boolean resume;

    @Option(names = "--no-progress", description = "Plain log lines even on a terminal.")
    boolean noProgress;

    @Spec CommandSpec spec;

    @Override
    public void run() {
        TrainConfig c;
        if (n2p2 != null) {
            if (config != null) throw new IllegalArgumentException("give either CONFIG or --n2p2, not both");
            if (data == null || lengthUnit == null || energyUnit == null)
                throw new IllegalArgumentException("--n2p2 needs --data, --length-unit and --energy-unit (n2p2 files carry no units)");
            c = TrainConfig.fromN2p2(n2p2, data, lengthUnit, energyUnit, output == null ? Path.of("training") : output);
        } else {
            if (config == null) throw new IllegalArgumentException("missing CONFIG (a TOML file) or --n2p2 input.nn");
            c = TrainConfig.read(config);
            if (output != null) c = c.withOutput(output);
        }
        if (threads != null) c = c.withThreads(threads);
        try {
            ThreadCount.check(c.training().threads());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException((threads != null ? "--threads: " : config + ": training.threads: ") + e.getMessage());
        }
        if (epochs != null) c = c.withEpochs(epochs);
        c = c.withResume(resume || c.training().resume());

        PrintWriter out = spec.commandLine().getOut();
        boolean bar = !noProgress && System.console() != null && System.console().isTerminal();
        TrainingResult r = Trainer.run(c, bar ? new BarListener(out) : line -> { out.println(line); out.flush(); });
        if (Double.isNaN(r.testEnergyRmse())) {
            out.printf(Locale.ROOT, "result: best epoch %d, no test set (no test errors)%n", r.bestEpoch());
        } else {
            out.printf(Locale.ROOT, "result: best epoch %d, test-set RMSE energy %.6g per atom%s%s (units of the data)%n", r.bestEpoch(),
                    r.testEnergyRmse(), Double.isNaN(r.testForceRmse()) ? "" : String.format(Locale.ROOT, ", forces %.6g", r.testForceRmse()),
                    Double.isNaN(r.testStressRmse()) ? "" : String.format(Locale.ROOT, ", stress %.6g", r.testStressRmse()));
        }
        out.println("model: " + c.outputDirectory().resolve("model.json"));
        out.flush();
    }

    /**
     * On a terminal: the log lines, and during descriptor computation and each epoch a bar over
     * the training structures with their rate (structures/s) and the epoch's ETA.
     */
    private static final class BarListener implements TrainListener {
        private final PrintWriter out;
        private ProgressBar bar;
        private long max;

        BarListener(PrintWriter out) { this.out = out; }

        @Override public void log(String line) {
            close();
            out.println(line);
            out.flush();
        }

        @Override public void epochStarted(int epoch, int epochs, int structures) {
            close();
            max = Math.max(1, structures);
            bar = new ProgressBarBuilder().setTaskName(epoch == 0 ? "descriptors" : "epoch " + epoch + "/" + epochs)
                    .setInitialMax(max).setStyle(ProgressBarStyle.ASCII).setUnit(" structures", 1).showSpeed()
                    .setSpeedUnit(java.time.temporal.ChronoUnit.SECONDS).continuousUpdate().build();
        }

        @Override public void epochProgress(double fraction) {
            if (bar != null) bar.stepTo(Math.round(fraction * max));
        }

        @Override public void epochDone(EpochStats s) { close(); }

        private void close() {
            if (bar == null) return;
            bar.stepTo(bar.getCurrent());
            bar.close();
            bar = null;
        }
    }
}
