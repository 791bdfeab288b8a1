package dev.hdnnp.train;

import dev.hdnnp.io.InputException;

import java.nio.file.Path;

/**
 * A plain entry point until the picocli CLI wraps {@link Trainer}:
 * <pre>
 *   TrainCommand CONFIG.toml [--resume] [--threads N] [--epochs N] [--output DIR]
 *   TrainCommand --n2p2 input.nn --data input.data --length-unit bohr --energy-unit hartree [options]
 * </pre>
 * Exit codes: 0 success, 2 bad input, 3 training diverged.
 */
public final class TrainCommand {
    private TrainCommand() {}

    public static void main(String[] args) {
        System.exit(run(args));
    }

    static int run(String[] args) {
        try {
            TrainConfig c = parse(args);
            Trainer.run(c, TrainListener.STDOUT);
            return 0;
        } catch (InputException | IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            return 2;
        } catch (TrainingException e) {
            System.err.println("error: " + e.getMessage());
            return 3;
        }
    }

    static TrainConfig parse(String[] args) {
        String config = null, n2p2 = null, data = null, lu = null, eu = null, output = null;
        Integer threads = null, epochs = null;
        boolean resume = false;
        for (int i = 0; i < args.length; i++) {
            String a = args[i];
            switch (a) {
                case "--resume" -> resume = true;
                case "--threads" -> threads = Integer.parseInt(value(args, ++i, a));
                case "--epochs" -> epochs = Integer.parseInt(value(args, ++i, a));
                case "--output" -> output = value(args, ++i, a);
                case "--n2p2" -> n2p2 = value(args, ++i, a);
                case "--data" -> data = value(args, ++i, a);
                case "--length-unit" -> lu = value(args, ++i, a);
                case "--energy-unit" -> eu = value(args, ++i, a);
                default -> {
                    if (a.startsWith("--") || config != null) throw new IllegalArgumentException("unexpected argument '" + a + "'");
                    config = a;
                }
            }
        }
        TrainConfig c;
        if (n2p2 != null) {
            if (data == null || lu == null || eu == null)
                throw new IllegalArgumentException("--n2p2 needs --data, --length-unit and --energy-unit (n2p2 files carry no units)");
            c = TrainConfig.fromN2p2(Path.of(n2p2), Path.of(data), lu, eu, Path.of(output == null ? "training" : output));
        } else {
            if (config == null) throw new IllegalArgumentException("usage: TrainCommand CONFIG.toml [--resume] [--threads N] [--epochs N] [--output DIR]");
            c = TrainConfig.read(Path.of(config));
            if (output != null) c = c.withOutput(Path.of(output));
        }
        if (threads != null) c = c.withThreads(threads);
        if (epochs != null) c = c.withEpochs(epochs);
        return c.withResume(resume || c.training().resume());
    }

    private static String value(String[] args, int i, String option) {
        if (i >= args.length) throw new IllegalArgumentException(option + " needs a value");
        return args[i];
    }
}
