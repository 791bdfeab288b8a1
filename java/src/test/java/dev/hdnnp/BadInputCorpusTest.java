package dev.hdnnp;

import dev.hdnnp.io.InputException;
import dev.hdnnp.io.LammpsDump;
import dev.hdnnp.io.ModelFile;
import dev.hdnnp.io.N2p2Potential;
import dev.hdnnp.io.StructureFiles;
import dev.hdnnp.potential.Model;
import dev.hdnnp.train.TrainConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

/**
 * Every entry of the bad-input corpus ({@code src/test/resources/bad-input/cases.txt}: structure
 * files, LAMMPS dumps, model files, n2p2 potentials, training configurations) is refused with the project's
 * {@link InputException} (no other exception type, no hang, no OutOfMemoryError) whose one-line
 * message names the file and contains the entry's fragments: the line or field, and what was
 * expected.
 */
final class BadInputCorpusTest {
    /** One corpus entry: a path below bad-input/ and the fragments its message must contain. */
    record Case(String path, List<String> fragments) {
        @Override public String toString() { return path; }
    }

    @TempDir Path tmp;

    static Path corpus() { return TestData.badInput(); }

    static List<Case> cases() throws IOException {
        List<Case> out = new ArrayList<>();
        for (String line : Files.readAllLines(corpus().resolve("cases.txt"))) {
            if (line.isBlank() || line.startsWith("#")) continue;
            String[] f = line.split(" \\| ");
            out.add(new Case(f[0].strip(), Arrays.stream(f).skip(1).map(String::strip).toList()));
        }
        return out;
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void isRefusedWithAMessageNamingFileAndWhatWasExpected(Case c) {
        Path file = corpus().resolve(c.path());
        assertTrue(Files.exists(file), "corpus file missing: " + file);
        Throwable thrown = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            try {
                read(c.path(), file);
                return null;
            } catch (Throwable t) {
                return t;
            }
        }, c.path() + " hangs");
        if (thrown == null) fail(c.path() + " was accepted");
        if (!(thrown instanceof InputException e)) {
            throw new AssertionError(c.path() + ": expected an InputException, got " + thrown, thrown);
        }
        String m = e.getMessage();
        assertFalse(m.contains("\n"), "one line: " + m);
        assertTrue(m.contains(file.getFileName().toString()), () -> "message does not name the file: " + m);
        for (String f : c.fragments()) assertTrue(m.contains(f), () -> c.path() + ": '" + m + "' lacks '" + f + "'");
    }

    /** The entries are bad for the reason they state: the files they are mutated from read fine. */
    @Test
    void theBasesOfTheMutatedEntriesAreValid() throws IOException {
        Model m = ModelFile.read(corpus().resolve("model-valid.json"));
        assertEquals(List.of("H"), m.elements());
        Model n = N2p2Potential.read(corpus().resolve("n2p2-base"), "bohr", "hartree");
        assertEquals(2, n.functions(0).size());
        assertEquals(9, n.network(0).parameters().length);
    }

    private void read(String entry, Path file) throws IOException {
        String kind = entry.substring(0, entry.indexOf('/'));
        switch (kind) {
            case "structure" -> StructureFiles.read(file);
            case "model" -> ModelFile.read(file);
            case "dump" -> LammpsDump.read(file, List.of("O", "H"));
            case "toml" -> TrainConfig.read(file);
            case "n2p2" -> N2p2Potential.read(overlay(file), "bohr", "hartree");
            default -> throw new IllegalStateException("unknown corpus kind " + kind);
        }
    }

    /** A copy of n2p2-base/ with {@code file} in place of its namesake. */
    private Path overlay(Path file) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve(file.getParent().getFileName().toString()));
        try (var base = Files.list(corpus().resolve("n2p2-base"))) {
            base.forEach(p -> {
                try {
                    Files.copy(p, dir.resolve(p.getFileName()), StandardCopyOption.REPLACE_EXISTING);
                } catch (IOException x) {
                    throw new UncheckedIOException(x);
                }
            });
        }
        Files.copy(file, dir.resolve(file.getFileName()), StandardCopyOption.REPLACE_EXISTING);
        return dir;
    }
}
