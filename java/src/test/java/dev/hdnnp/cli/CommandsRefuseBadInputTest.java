package dev.hdnnp.cli;

import dev.hdnnp.TestData;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static dev.hdnnp.cli.MainTest.hdnnp;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * predict and test refuse what they cannot evaluate, with exit code 2 and one line naming the
 * file: coinciding atoms (NaN energies before), cells too small for the cutoff (OutOfMemoryError
 * before), empty files (exit 0 with nothing before), and unwritable outputs (a temporary file's
 * name before).
 */
final class CommandsRefuseBadInputTest {
    @TempDir Path tmp;

    /** A one-element model (H, cutoff 6 bohr) from the corpus. */
    private static Path model() { return TestData.badInput().resolve("model-valid.json"); }

    private static void assertRefused(MainTest.Run r, String... parts) {
        assertEquals(2, r.exit(), r.err());
        assertTrue(r.err().startsWith("hdnnp: error: "), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertFalse(r.out().contains("NaN"), r.out());
        for (String p : parts) assertTrue(r.err().contains(p), () -> "'" + r.err() + "' lacks '" + p + "'");
    }

    private Path file(String name, String text) throws IOException {
        return Files.writeString(tmp.resolve(name), text);
    }

    @Test
    void theModelEvaluatesAGoodStructure() throws IOException {
        // the control: the refusals below are about the structures, not the model
        Path ok = file("ok.data", "begin\natom 0 0 0 H 0 0 0 0 0\natom 1.4 0 0 H 0 0 0 0 0\nenergy 0\nend\n");
        MainTest.Run r = hdnnp("predict", model(), ok, "--format", "table");
        assertEquals(0, r.exit(), r.err());
        assertFalse(r.out().contains("NaN"), r.out());
    }

    @Test
    void atomsAtTheSamePosition() throws IOException {
        String text = "begin\natom 0 0 0 H 0 0 0 0 0\natom 1.4 0 0 H 0 0 0 0 0\nenergy -1\nend\n"
                + "begin\natom 0 0 0 H 0 0 0 0 0\natom 0 0 0 H 0 0 0 0 0\nenergy -1\nend\n";
        Path p = file("twice.data", text);
        assertRefused(hdnnp("predict", model(), p), p + ":6: structure 2: atom 1 (H) and atom 2 (H) are at the same position");
        assertRefused(hdnnp("test", model(), p), p + ":6: structure 2: atom 1 (H) and atom 2 (H)");
    }

    @Test
    void anAtomOnItsNeighboursPeriodicImage() throws IOException {
        Path p = file("image.xyz", "2\nLattice=\"8 0 0 0 8 0 0 0 8\" Properties=species:S:1:pos:R:3\nH 0 1 1\nH 8 1 1\n");
        assertRefused(hdnnp("predict", model(), p), p + ":1: structure 1: atom 1 (H) and a periodic image of atom 2 (H)");
    }

    @Test
    void oneAtomInACellFarSmallerThanTheCutoff() throws IOException {
        Path p = file("tiny.data", "begin\nlattice 0.05 0 0\nlattice 0 0.05 0\nlattice 0 0 0.05\natom 0.01 0.01 0.01 H 0 0 0 0 0\nenergy 0\nend\n");
        assertRefused(hdnnp("predict", model(), p), p + ": structure 1: the cell (volume 0.0001250, 1 atoms) is too small for the cutoff 6.000");
        assertRefused(hdnnp("test", model(), p), p + ": structure 1:", "too small for the cutoff");
    }

    @Test
    void emptyStructureFiles() throws IOException {
        Path data = file("empty.data", ""), xyz = file("empty.xyz", "\n\n");
        assertRefused(hdnnp("predict", model(), data), data + ": no structures");
        assertRefused(hdnnp("test", model(), xyz), xyz + ": no structures");
        assertRefused(hdnnp("convert", data, tmp.resolve("out.xyz")), data + ": no structures");
    }

    @Test
    void outputsThatCannotBeWrittenAreReportedUnderTheUsersPath() throws IOException {
        Path ok = file("ok.data", "begin\natom 0 0 0 H 0 0 0 0 0\natom 1.4 0 0 H 0 0 0 0 0\nend\n");
        Path nodir = tmp.resolve("nodir").resolve("out.xyz");
        MainTest.Run r = hdnnp("predict", model(), ok, "-o", nodir);
        assertRefused(r, nodir + ": cannot write: directory " + nodir.getParent() + " does not exist");
        assertFalse(r.err().contains(".tmp"), r.err());
        Path dir = Files.createDirectories(tmp.resolve("a-directory.xyz"));
        assertRefused(hdnnp("predict", model(), ok, "-o", dir), dir + ": is a directory");
    }

    @Test
    void aDirectoryGivenAsTheStructureFile() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("frames.xyz"));
        assertRefused(hdnnp("predict", model(), dir), dir + ": is a directory; expected a file (the structure file)");
    }
}
