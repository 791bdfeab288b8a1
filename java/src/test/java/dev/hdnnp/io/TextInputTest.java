package dev.hdnnp.io;

import dev.hdnnp.TestData;
import dev.hdnnp.potential.Model;
import dev.hdnnp.structure.Structure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Strict text input: what the readers see of bytes that are not plain UTF-8 text. */
final class TextInputTest {
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    private static final String DATA = "begin\nlattice 5 0 0\nlattice 0 5 0\nlattice 0 0 5\n"
            + "atom 0 0 0 H 0 0 0 0 0\natom 1 0 0 O 0 0 0 0 0\nenergy -1.5\nend\n";

    @TempDir Path tmp;

    private Path write(String name, byte[]... parts) throws IOException {
        Path p = tmp.resolve(name);
        try (var out = Files.newOutputStream(p)) {
            for (byte[] b : parts) out.write(b);
        }
        return p;
    }

    private static byte[] utf8(String s) { return s.getBytes(StandardCharsets.UTF_8); }

    @Test
    void aByteOrderMarkIsSkippedByEveryReader() throws IOException {
        List<Structure> plain = StructureFiles.read(write("plain.data", utf8(DATA)));
        List<Structure> bom = StructureFiles.read(write("bom.data", BOM, utf8(DATA)));
        assertArrayEquals(plain.getFirst().positions(), bom.getFirst().positions());
        assertEquals(plain.getFirst().energy(), bom.getFirst().energy());

        String xyz = "2\nLattice=\"5 0 0 0 5 0 0 0 5\" Properties=species:S:1:pos:R:3 energy=-1.5\nH 0 0 0\nO 1 0 0\n";
        assertArrayEquals(plain.getFirst().positions(), StructureFiles.read(write("bom.xyz", BOM, utf8(xyz))).getFirst().positions());

        Path valid = TestData.badInput().resolve("model-valid.json");
        Model m = ModelFile.read(write("bom.json", BOM, Files.readAllBytes(valid)));
        assertArrayEquals(ModelFile.read(valid).network(0).parameters(), m.network(0).parameters());

        N2p2Settings st = N2p2Settings.read(write("input.nn", BOM, utf8("number_of_elements 1\nelements H\n")));
        assertEquals(2, st.get("elements").line());
    }

    @Test
    void aBomInsideTheFileIsNotSkipped() throws IOException {
        Path p = write("inner.data", utf8("begin\n"), BOM, utf8("atom 0 0 0 H 0 0 0 0 0\nend\n"));
        InputException e = assertThrows(InputException.class, () -> StructureFiles.read(p));
        assertTrue(e.getMessage().contains("inner.data:2: unknown keyword"), e.getMessage());
    }

    @Test
    void lineNumbersOfBadBytesCountEveryKindOfLineBreakAcrossBufferRefills() throws IOException {
        StringBuilder sb = new StringBuilder();
        for (int k = 0; k < 30000; k++) sb.append(k % 3 == 0 ? "comment x\r\n" : k % 3 == 1 ? "comment y\n" : "comment z\r");
        // line 30001 holds a Latin-1 'é': far beyond the 64 KiB of one decoding buffer
        Path p = write("late.data", utf8("begin\n" + sb), new byte[] {'c', 'a', 'f', (byte) 0xE9, '\n'});
        InputException e = assertThrows(InputException.class, () -> StructureFiles.read(p));
        assertTrue(e.getMessage().startsWith(p + ":30002: not UTF-8 text"), e.getMessage());
        assertEquals(30002, e.line());
    }

    @Test
    void readLineSplitsOnEveryLineBreakAndKeepsTheLastUnterminatedLine() throws IOException {
        try (TextInput t = TextInput.of(new ByteArrayInputStream(utf8("a\r\nb\rc\n\nd")), "x")) {
            for (String expected : new String[] {"a", "b", "c", "", "d"}) assertEquals(expected, t.readLine());
            assertNull(t.readLine());
        }
        try (TextInput t = TextInput.of(new StringReader(""), "x")) {
            assertNull(t.readLine());
        }
    }

    @Test
    void aDirectoryGivenAsAFileIsNamed() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("looks-like.data"));
        for (var read : List.<ThrowingRead>of(() -> StructureFiles.read(dir), () -> ModelFile.read(dir),
                () -> N2p2Settings.read(dir), () -> StructureFiles.read(dir, "extxyz"))) {
            InputException e = assertThrows(InputException.class, read::run);
            assertTrue(e.getMessage().startsWith(dir + ": is a directory; expected a file"), e.getMessage());
        }
    }

    @Test
    void devZeroEndsInAMessageNotOutOfMemory() {
        Path zero = Path.of("/dev/zero");
        if (!Files.isReadable(zero)) return; // not a Unix system: the corpus covers NUL bytes too
        for (var read : List.<ThrowingRead>of(() -> StructureFiles.read(zero, "n2p2"), () -> StructureFiles.read(zero, "extxyz"),
                () -> ModelFile.read(zero), () -> N2p2Settings.read(zero))) {
            InputException e = assertThrows(InputException.class, read::run);
            assertEquals("/dev/zero:1: NUL character: binary data, not a text file", e.getMessage());
        }
    }

    @Test
    void anEndlessLineIsCutAtTheBound() throws IOException {
        byte[] line = new byte[TextInput.MAX_LINE + 10];
        java.util.Arrays.fill(line, (byte) 'x');
        Path p = write("long.xyz", utf8("1\n"), line);
        InputException e = assertThrows(InputException.class, () -> StructureFiles.read(p));
        assertTrue(e.getMessage().startsWith(p + ":2: line longer than " + TextInput.MAX_LINE), e.getMessage());
    }

    @FunctionalInterface
    private interface ThrowingRead { void run() throws Exception; }
}
