package dev.hdnnp.io;

import dev.hdnnp.TestData;
import dev.hdnnp.potential.Model;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Exporting into an existing n2p2 potential directory leaves exactly the new potential (no
 * weights.ZZZ.data of elements the new model lacks); a non-empty directory that is not an n2p2
 * potential is refused untouched.
 */
final class N2p2ExportReplacesStaleFilesTest {
    @TempDir Path tmp;

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void aPreviousPotentialsWeightsAreRemoved() throws IOException {
        Path dir = tmp.resolve("pot");
        // the previous potential: water (H, O) with scaling statistics, plus a file n2p2 training left
        Model water = N2p2Potential.read(TestData.shared("reference/n2p2/H2O_RPBE-D3/potential"), "bohr", "hartree");
        N2p2Export.write(water, dir);
        Files.writeString(dir.resolve("learning-curve.out"), "# kept\n");
        assertEquals(List.of("input.nn", "learning-curve.out", "scaling.data", "weights.001.data", "weights.008.data"), names(dir));

        // the new one: H only, without statistics
        Model h = ModelFile.read(TestData.badInput().resolve("model-valid.json"));
        N2p2Export.write(h, dir);
        assertEquals(List.of("input.nn", "learning-curve.out", "weights.001.data"), names(dir));
        Model back = N2p2Potential.read(dir, "bohr", "hartree");
        assertEquals(List.of("H"), back.elements());
        assertArrayEquals(h.network(0).parameters(), back.network(0).parameters());
    }

    @Test
    void aNonEmptyDirectoryThatIsNotAPotentialIsRefusedUntouched() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("home"));
        Files.writeString(dir.resolve("notes.txt"), "mine\n");
        Model h = ModelFile.read(TestData.badInput().resolve("model-valid.json"));
        InputException e = assertThrows(InputException.class, () -> N2p2Export.write(h, dir));
        assertTrue(e.getMessage().startsWith(dir + ": is a non-empty directory without input.nn"), e.getMessage());
        assertEquals(List.of("notes.txt"), names(dir));
        Path file = Files.writeString(tmp.resolve("plain-file"), "x");
        e = assertThrows(InputException.class, () -> N2p2Export.write(h, file));
        assertTrue(e.getMessage().contains("is not a directory"), e.getMessage());
        // an empty directory is fine
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        N2p2Export.write(h, empty);
        assertEquals(List.of("input.nn", "weights.001.data"), names(empty));
    }
}
