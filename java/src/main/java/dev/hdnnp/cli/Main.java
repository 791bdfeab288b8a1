package dev.hdnnp.cli;

import dev.hdnnp.Version;
import dev.hdnnp.io.InputException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParseResult;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;

/**
 * The {@code hdnnp} command: {@code info}, {@code convert}, {@code predict}, {@code test}, {@code train}, {@code select} and {@code serve}.
 *
 * <p>Exit codes: 0 success, 2 bad input or usage (one line {@code hdnnp: error: ...} on stderr;
 * the stack trace only with {@code --debug}), 1 an internal error.
 */
@Command(name = "hdnnp", mixinStandardHelpOptions = true, versionProvider = Main.VersionProvider.class,
        description = "High-dimensional neural network potentials (n2p2-compatible).",
        subcommands = {InfoCommand.class, ConvertCommand.class, PredictCommand.class, TestCommand.class, TrainCli.class, ServeCommand.class, SelectCommand.class, CommandLine.HelpCommand.class})
public final class Main implements Runnable {
    @Option(names = "--debug", scope = CommandLine.ScopeType.INHERIT, description = "Print stack traces of errors.")
    boolean debug;

    @CommandLine.Spec CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    /** The configured command line (tests run it in-process with their own out/err writers). */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main());
        cl.setExecutionExceptionHandler(Main::onException);
        cl.setParameterExceptionHandler(Main::onBadUsage);
        return cl;
    }

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "missing command (info, convert, predict, test, train, select, serve)");
    }

    /** Errors caused by what the user gave us, as opposed to bugs. */
    static boolean isUserError(Throwable e) {
        return e instanceof InputException || e instanceof IllegalArgumentException || e instanceof IOException
                || e instanceof dev.hdnnp.train.TrainingException
                || e instanceof UncheckedIOException;
    }

    private static int onException(Exception e, CommandLine cl, ParseResult parsed) {
        PrintWriter err = cl.getErr();
        boolean debug = wantsDebug(parsed);
        if (isUserError(e)) {
            err.println("hdnnp: error: " + message(e));
            if (debug) e.printStackTrace(err);
            err.flush();
            return 2;
        }
        err.println("hdnnp: internal error: " + e + (debug ? "" : " (run with --debug for details)"));
        if (debug) e.printStackTrace(err);
        err.flush();
        return 1;
    }

    private static int onBadUsage(CommandLine.ParameterException e, String[] args) {
        PrintWriter err = e.getCommandLine().getErr();
        err.println("hdnnp: error: " + e.getMessage());
        err.println("(see '" + e.getCommandLine().getCommandSpec().qualifiedName() + " --help')");
        err.flush();
        return 2;
    }

    private static boolean wantsDebug(ParseResult parsed) {
        for (ParseResult p = parsed; p != null; p = p.subcommand())
            if (p.hasMatchedOption("--debug")) return true;
        return false;
    }

    /** A one-line message; file-system exceptions otherwise print only the bare path. */
    static String message(Throwable e) {
        if (e instanceof UncheckedIOException u && u.getCause() != null) e = u.getCause();
        return switch (e) {
            case NoSuchFileException n -> n.getFile() + ": " + (n.getReason() != null ? n.getReason() : "not found");
            case AccessDeniedException a -> a.getFile() + ": " + (a.getReason() != null ? a.getReason() : "permission denied");
            case FileSystemException f -> f.getFile() + ": " + (f.getReason() != null ? f.getReason() : f.getClass().getSimpleName());
            default -> e.getMessage() != null ? e.getMessage().replace('\n', ' ') : e.toString();
        };
    }

    static final class VersionProvider implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[]{Version.tool() + " (Java " + Runtime.version() + ")"};
        }
    }
}
