package dev.hdnnp.io;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.hdnnp.TestData;
import dev.hdnnp.train.TrainConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Coverage-guided fuzzing of every reader (Jazzer). The property: any bytes either parse or are
 * refused with the project's {@link InputException} naming the file; any other exception, an
 * OutOfMemoryError or a hang (Jazzer's timeout) is a finding.
 *
 * <p>Without {@code JAZZER_FUZZ=1} each target runs once per input of its seed corpus
 * ({@code src/test/resources/dev/hdnnp/io/ReadersFuzzTestInputs/<target>/}): valid files and
 * every input the fuzzer ever found a crash with. With it, the first target selected fuzzes for
 * {@code maxDuration}; see java/docs/robustness.md.
 */
final class ReadersFuzzTest {
    private static Path dir;

    @BeforeAll
    static void scratch() throws IOException {
        dir = Files.createTempDirectory("hdnnp-fuzz");
        // an n2p2 potential whose files the n2p2 targets replace one at a time
        try (Stream<Path> base = Files.list(TestData.badInput().resolve("n2p2-base"))) {
            for (Path p : base.toList()) Files.copy(p, dir.resolve(p.getFileName()));
        }
    }

    @AfterAll
    static void clean() throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            s.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    /** Runs a read and lets only the project's input exception, naming the file, through. */
    private static void expectParseOrInputException(String file, ThrowingRead read) throws Exception {
        try {
            read.run();
        } catch (InputException e) {
            if (e.getMessage() == null || !e.getMessage().contains(file))
                throw new AssertionError("message does not name " + file + ": " + e.getMessage(), e);
        }
    }

    @FunctionalInterface
    private interface ThrowingRead { void run() throws Exception; }

    private static TextInput text(byte[] data, String name) {
        return TextInput.of(new ByteArrayInputStream(data), name);
    }

    @FuzzTest(maxDuration = "10s")
    void inputData(byte[] data) throws Exception {
        expectParseOrInputException("fuzz.data", () -> InputDataFormat.read(text(data, "fuzz.data"), "fuzz.data"));
    }

    @FuzzTest(maxDuration = "10s")
    void extxyz(byte[] data) throws Exception {
        expectParseOrInputException("fuzz.xyz", () -> ExtxyzFormat.read(text(data, "fuzz.xyz"), "fuzz.xyz"));
    }

    @FuzzTest(maxDuration = "10s")
    void modelJson(byte[] data) throws Exception {
        expectParseOrInputException("fuzz.json", () -> ModelFile.read(text(data, "fuzz.json"), "fuzz.json"));
    }

    @FuzzTest(maxDuration = "10s")
    void inputNn(byte[] data) throws Exception {
        n2p2(data, "input.nn");
    }

    @FuzzTest(maxDuration = "10s")
    void scalingData(byte[] data) throws Exception {
        n2p2(data, "scaling.data");
    }

    @FuzzTest(maxDuration = "10s")
    void weights(byte[] data) throws Exception {
        n2p2(data, "weights.001.data");
    }

    @FuzzTest(maxDuration = "10s")
    void trainingToml(byte[] data) throws Exception {
        Path f = dir.resolve("fuzz.toml");
        Files.write(f, data);
        expectParseOrInputException("fuzz.toml", () -> TrainConfig.read(f));
    }

    /**
     * All readers in one target, chosen by the first byte: what CI fuzzes for a bounded time
     * (one fuzz target per JVM), so that every reader gets some fuzzing on every run.
     */
    @FuzzTest(maxDuration = "30s")
    void anyReader(byte[] data) throws Exception {
        if (data.length == 0) return;
        byte[] rest = java.util.Arrays.copyOfRange(data, 1, data.length);
        switch (Math.floorMod(data[0], 7)) {
            case 0 -> inputData(rest);
            case 1 -> extxyz(rest);
            case 2 -> modelJson(rest);
            case 3 -> inputNn(rest);
            case 4 -> scalingData(rest);
            case 5 -> weights(rest);
            default -> trainingToml(rest);
        }
    }

    /** Reads the base potential with {@code name} replaced by the data, then restores it. */
    private static void n2p2(byte[] data, String name) throws Exception {
        Path target = dir.resolve(name);
        Path saved = dir.resolve(name + ".orig");
        if (!Files.exists(saved)) Files.copy(target, saved);
        Files.write(target, data);
        try {
            // a fuzzed input.nn may make the untouched scaling.data or weights inconsistent: the
            // message must then name that file, so any file of the potential directory counts
            expectParseOrInputException(dir + java.io.File.separator, () -> N2p2Potential.read(dir, "bohr", "hartree"));
        } finally {
            try {
                Files.copy(saved, target, StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
