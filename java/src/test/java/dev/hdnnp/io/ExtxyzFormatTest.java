package dev.hdnnp.io;

import dev.hdnnp.TestData;
import dev.hdnnp.structure.Structure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class ExtxyzFormatTest {
    @TempDir Path tmp;

    private static final String FRAME = """
            2
            lattice="4.0 0.0 0.0 0.0 5.0 0.0 1.0 0.0 6.0" PROPERTIES=species:S:1:pos:R:3:tag:I:1:force:R:3:initial_charges:R:1:vel:R:3 Energy=-3.5 free_energy=-3.25 flag config_type="liquid water" note="say \\"hi\\"" stress=[1.0, 2.0, 3.0]
            O 0.1 0.2 0.3 7 1.0 -1.0 0.5 -0.8 0.01 0.02 0.03
            H 4.5 -0.2 6.1 8 -0.5 0.5 0.25 0.4 0.04 0.05 0.06
            """;

    /** Frame count, atom count and energy of every frame, by a scan that trusts only the count lines. */
    private record Scan(int frames, int atoms, List<Double> energies, List<String> firstAtomLines) {}

    private static Scan scan(Path file) throws IOException {
        Pattern energy = Pattern.compile("(?:^|\\s)energy=(\\S+)");
        int frames = 0, atoms = 0;
        List<Double> e = new ArrayList<>();
        List<String> first = new ArrayList<>();
        try (BufferedReader r = Files.newBufferedReader(file)) {
            String l;
            while ((l = r.readLine()) != null) {
                if (l.isBlank()) continue;
                int n = Integer.parseInt(l.trim());
                Matcher m = energy.matcher(r.readLine());
                e.add(m.find() ? Double.parseDouble(m.group(1)) : Double.NaN);
                for (int i = 0; i < n; i++) {
                    String a = r.readLine();
                    if (i == 0) first.add(a);
                }
                frames++;
                atoms += n;
            }
        }
        return new Scan(frames, atoms, e, first);
    }

    @Test
    void sharedFilesMatchAnIndependentScanAndRoundTrip() throws IOException {
        for (String rel : List.of("data/water_deepmd/water.extxyz", "data/tio2_aenet/tio2.extxyz")) {
            Path file = TestData.shared(rel);
            Scan scan = scan(file);
            List<Structure> s = ExtxyzFormat.read(file);
            assertEquals(scan.frames, s.size());
            assertEquals(scan.atoms, s.stream().mapToInt(Structure::size).sum());
            if (rel.contains("water")) assertEquals(400, s.size());
            else assertEquals(21285, scan.atoms);     // README: 1000 frames, 21,285 atoms
            for (int k = 0; k < s.size(); k++) {
                Structure st = s.get(k);
                assertEquals(scan.energies.get(k), st.energy());
                String[] t = scan.firstAtomLines.get(k).trim().split("\\s+");
                assertEquals(t[0], st.species(0));
                assertEquals(Double.parseDouble(t[1]), st.positions()[0]);
                assertEquals(Double.parseDouble(t[6]), st.forces()[2]);
                assertArrayEquals(new boolean[] {true, true, true}, st.pbc());
                assertNotNull(st.info().get("config_type"));
            }
            Path out = tmp.resolve("copy.extxyz");
            ExtxyzFormat.write(out, s);
            StructureAssert.assertSameAll(s, ExtxyzFormat.read(out));
        }
    }

    @Test
    void keysValuesAndExtraColumns() throws IOException {
        Structure s = ExtxyzFormat.read(new StringReader("\n" + FRAME + "\n\n" + FRAME), "mem.xyz").getFirst();
        assertArrayEquals(new double[] {4, 0, 0, 0, 5, 0, 1, 0, 6}, s.cell());
        assertArrayEquals(new boolean[] {true, true, true}, s.pbc());      // default with a lattice
        assertEquals(-3.5, s.energy());
        assertArrayEquals(new double[] {1.0, -1.0, 0.5, -0.5, 0.5, 0.25}, s.forces());
        assertArrayEquals(new double[] {-0.8, 0.4}, s.charges());
        assertEquals("-3.25", s.info().get("free_energy"));
        assertEquals("T", s.info().get("flag"));
        assertEquals("liquid water", s.info().get("config_type"));
        assertEquals("say \"hi\"", s.info().get("note"));
        assertEquals("[1.0, 2.0, 3.0]", s.info().get("stress"));
        assertEquals(List.of("tag", "vel"), List.copyOf(s.atomProperties().keySet()));
        assertArrayEquals(new String[] {"7", "8"}, s.atomProperties().get("tag").values());
        assertEquals('R', s.atomProperties().get("vel").type());

        s.setComment("two\nlines with \"quotes\" and = sign");
        s.setSet("train");
        s.setTotalCharge(-1.0);
        Path out = tmp.resolve("kv.extxyz");
        ExtxyzFormat.write(out, List.of(s));
        StructureAssert.assertSameAll(List.of(s), ExtxyzFormat.read(out));
    }

    @Test
    void pbcDefaultsAndPartialPeriodicity() throws IOException {
        String text = "1\nProperties=species:S:1:pos:R:3\nAr 0 0 0\n"
                + "1\nLattice=\"3 0 0 0 3 0 0 0 3\" pbc=\"T F T\"\nAr 1 1 1\n"
                + "1\nplain comment without pairs\nNe 1e-3 -2.5E+2 3\n";
        List<Structure> s = ExtxyzFormat.read(new StringReader(text), "p.xyz");
        assertFalse(s.getFirst().isPeriodic());
        assertNull(s.getFirst().cell());
        assertArrayEquals(new boolean[] {true, false, true}, s.get(1).pbc());
        assertEquals(-250.0, s.get(2).positions()[1]);
        assertEquals("plain comment without pairs", s.get(2).comment());
        assertTrue(s.get(2).info().isEmpty());
        Path out = tmp.resolve("p.xyz");
        ExtxyzFormat.write(out, s);
        StructureAssert.assertSameAll(s, ExtxyzFormat.read(out));
    }

    static Stream<Arguments> badInputs() {
        String ok = "1\nLattice=\"3 0 0 0 3 0 0 0 3\" Properties=species:S:1:pos:R:3:forces:R:3 energy=-1.0\nAr 0.5 0.5 0.5 0 0 0\n";
        return Stream.of(
                arguments("bad count", ok.replace("1\nLattice", "x1\nLattice"), 1, "x1"),
                arguments("malformed number", ok.replace("Ar 0.5 0.5", "Ar 0.5 0.5q"), 3, "0.5q"),
                arguments("NaN position", ok.replace("Ar 0.5", "Ar nan"), 3, "nan"),
                arguments("inf force", ok.replace(" 0 0 0\n", " 0 inf 0\n"), 3, "inf"),
                arguments("NaN energy", ok.replace("energy=-1.0", "energy=NaN"), 2, "energy"),
                arguments("missing field", ok.replace(" 0 0 0\n", " 0 0\n"), 3, "expected 7 fields"),
                arguments("unknown element", ok.replace("Ar", "Qq"), 3, "Qq"),
                arguments("truncated frame", "2\n" + ok.substring(2), 4, "atom lines"),
                arguments("lattice 8 numbers", ok.replace("3 0 0 0 3 0 0 0 3", "3 0 0 0 3 0 0 0"), 2, "Lattice"),
                arguments("bad pbc", ok.replace("energy=-1.0", "pbc=\"T X T\""), 2, "pbc"),
                arguments("bad properties", ok.replace("forces:R:3", "forces:Q:3"), 2, "Properties"),
                arguments("unterminated quote", ok.replace("energy=-1.0", "energy=-1.0 note=\"abc"), 2, "quote"),
                arguments("flat cell", ok.replace("3 0 0 0 3 0 0 0 3", "3 0 0 0 3 0 3 3 0"), 1, "volume"),
                arguments("pbc without lattice", "1\npbc=\"T T T\"\nAr 0 0 0\n", 2, "pbc"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInputs")
    void badInputNamesFileLineAndField(String what, String text, int line, String field) {
        InputException e = assertThrows(InputException.class, () -> ExtxyzFormat.read(new StringReader(text), "bad.extxyz"));
        assertEquals(line, e.line(), e.getMessage());
        assertTrue(e.getMessage().startsWith("bad.extxyz:" + line + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(field), e.getMessage());
    }
}
