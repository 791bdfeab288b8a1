package dev.hdnnp.io;

import dev.hdnnp.TestData;
import dev.hdnnp.structure.Structure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.io.IOException;
import java.io.StringReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.*;
import static org.junit.jupiter.params.provider.Arguments.arguments;

class InputDataFormatTest {
    @TempDir Path tmp;

    private static final String GOOD = """
            begin set=test
            comment first line
            lattice 10.0 0.0 0.0
            lattice 0.5 9.0 0.0
            lattice 0.0 0.2 8.0
            atom 1.0 2.0 3.0 O -0.8 0.0 0.1 0.2 0.3
            atom 1.5 2.5 3.5 H 0.4 0.0 -0.1 -0.2 -0.3
            energy -17.25
            charge 0.0
            end
            """;

    @Test
    void referenceFileMatchesAnIndependentScan() throws IOException {
        for (String rel : List.of("reference/n2p2/H2O_RPBE-D3/structures/input.data", "data/Cu2S_PBE/input.data")) {
            Path file = TestData.shared(rel);
            List<String> lines = Files.readAllLines(file);
            List<String[]> atoms = new ArrayList<>();
            List<Double> energies = new ArrayList<>();
            long begins = 0;
            for (String l : lines) {
                String[] t = l.trim().split("\\s+");
                if (t[0].equals("begin")) begins++;
                if (t[0].equals("atom")) atoms.add(t);
                if (t[0].equals("energy")) energies.add(Double.parseDouble(t[1]));
            }
            List<Structure> s = InputDataFormat.read(file);
            assertEquals(begins, s.size());
            if (rel.contains("H2O")) assertEquals(20, s.size());
            assertEquals(atoms.size(), s.stream().mapToInt(Structure::size).sum());
            int a = 0;
            for (int k = 0; k < s.size(); k++) {
                Structure st = s.get(k);
                assertTrue(st.isPeriodic());
                assertEquals(energies.get(k), st.energy());
                for (int i = 0; i < st.size(); i++, a++) {
                    String[] t = atoms.get(a);
                    assertEquals(t[4], st.species(i));
                    assertEquals(Double.parseDouble(t[1]), st.positions()[3 * i]);
                    assertEquals(Double.parseDouble(t[3]), st.positions()[3 * i + 2]);
                    assertEquals(Double.parseDouble(t[5]), st.charges()[i]);
                    assertEquals(Double.parseDouble(t[9]), st.forces()[3 * i + 2]);
                }
            }
            Path out = tmp.resolve("copy.data");
            InputDataFormat.write(out, s);
            StructureAssert.assertSameCore(s, InputDataFormat.read(out));
        }
    }

    @Test
    void percent24_16eRoundTripsEveryDouble() {
        SplittableRandom r = new SplittableRandom(7);
        double[] special = {0.0, -0.0, Double.MIN_VALUE, -Double.MIN_VALUE, Double.MIN_NORMAL, Double.MAX_VALUE, 0.1, 1.0 / 3, 1e-310, 123456789.123456789};
        for (double v : special) assertEquals(Double.doubleToLongBits(v), Double.doubleToLongBits(Double.parseDouble(String.format(Locale.ROOT, "%24.16E", v))), "value " + v);
        for (int k = 0; k < 200_000; k++) {
            double v = Double.longBitsToDouble(r.nextLong());
            if (!Double.isFinite(v)) continue;
            String s = String.format(Locale.ROOT, "%24.16E", v);
            assertEquals(v, Double.parseDouble(s), s);
            double u = (r.nextDouble() - 0.5) * 100;   // typical coordinate magnitudes
            assertEquals(u, Double.parseDouble(String.format(Locale.ROOT, "%24.16E", u)));
        }
    }

    @Test
    void roundTripKeepsEverythingAndToleratesBlankLines() throws IOException {
        String withBlanks = "\n\n" + GOOD.replace("\n", "\n\n   \n") + "begin\ncomment a\ncomment b\natom 0 0 0 Cu 0 0 0 0 0\nend\n\n";
        List<Structure> s = InputDataFormat.read(new StringReader(withBlanks), "mem.data");
        assertEquals(2, s.size());
        Structure a = s.getFirst(), b = s.get(1);
        assertEquals("test", a.set());
        assertEquals("first line", a.comment());
        assertArrayEquals(new double[] {10, 0, 0, 0.5, 9, 0, 0, 0.2, 8}, a.cell());
        assertEquals(-17.25, a.energy());
        assertEquals(0.0, a.totalCharge());
        assertFalse(b.isPeriodic());
        assertFalse(b.hasEnergy());
        assertFalse(b.hasTotalCharge());
        assertEquals("a\nb", b.comment());
        Path out = tmp.resolve("input.data");
        Files.writeString(out, "old content");
        InputDataFormat.write(out, s);
        StructureAssert.assertSameCore(s, InputDataFormat.read(out));
        try (var files = Files.list(tmp)) {
            assertEquals(List.of(out.getFileName().toString()), files.map(p -> p.getFileName().toString()).toList(), "no temp file left");
        }
        String text = Files.readString(out);
        assertFalse(text.contains("energy") && text.indexOf("energy") != text.lastIndexOf("energy"), "energy only where present");
    }

    @Test
    void missingForcesAndChargesAreWrittenAsZero() throws IOException {
        Structure s = new Structure(new String[] {"H"}, new double[] {1, 2, 3}, null, null);
        Path out = tmp.resolve("x.data");
        InputDataFormat.write(out, List.of(s));
        Structure back = InputDataFormat.read(out).getFirst();
        assertArrayEquals(new double[3], back.forces());
        assertArrayEquals(new double[1], back.charges());
        assertFalse(back.hasEnergy());
    }

    static Stream<org.junit.jupiter.params.provider.Arguments> badInputs() {
        return Stream.of(
                arguments("unknown keyword", GOOD.replace("energy -17.25", "enrgy -17.25"), 8, "enrgy"),
                arguments("malformed number", GOOD.replace("atom 1.0 2.0", "atom 1.0x 2.0"), 6, "1.0x"),
                arguments("NaN", GOOD.replace("atom 1.5 2.5", "atom NaN 2.5"), 7, "NaN"),
                arguments("inf", GOOD.replace("energy -17.25", "energy inf"), 8, "inf"),
                arguments("overflow", GOOD.replace("energy -17.25", "energy 1e999"), 8, "1e999"),
                arguments("missing field", GOOD.replace("0.0 -0.1 -0.2 -0.3", "0.0 -0.1 -0.2"), 7, "atom"),
                arguments("unknown element", GOOD.replace(" H 0.4", " Xx 0.4"), 7, "Xx"),
                arguments("no end", GOOD.replace("end\n", ""), 1, "end"),
                arguments("begin inside block", GOOD.replace("charge 0.0", "begin"), 9, "begin"),
                arguments("one lattice line", GOOD.replace("lattice 0.5 9.0 0.0\n", "").replace("lattice 0.0 0.2 8.0\n", ""), 3, "lattice"),
                arguments("two lattice lines", GOOD.replace("lattice 0.0 0.2 8.0\n", ""), 4, "lattice"),
                arguments("four lattice lines", GOOD.replace("lattice 0.0 0.2 8.0\n", "lattice 0.0 0.2 8.0\nlattice 1 1 1\n"), 6, "lattice"),
                arguments("bad set", GOOD.replace("set=test", "set=valid"), 1, "set=valid"),
                arguments("outside block", "atom 1 2 3 H 0 0 0 0 0\n", 1, "atom"),
                arguments("flat cell", GOOD.replace("lattice 0.0 0.2 8.0", "lattice 20.0 18.0 0.0"), 1, "volume"),
                arguments("zero vector", GOOD.replace("lattice 0.0 0.2 8.0", "lattice 0 0 0"), 1, "volume"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badInputs")
    void badInputNamesFileLineAndField(String what, String text, int line, String field) {
        InputException e = assertThrows(InputException.class, () -> InputDataFormat.read(new StringReader(text), "bad-input.data"));
        assertEquals(line, e.line(), e.getMessage());
        assertTrue(e.getMessage().startsWith("bad-input.data:" + line + ": "), e.getMessage());
        assertTrue(e.getMessage().contains(field), e.getMessage());
    }

    @Test
    void structureNumberIsNamedForInvalidCells() throws IOException {
        Path f = tmp.resolve("flat.data");
        Files.writeString(f, GOOD + GOOD.replace("lattice 0.0 0.2 8.0", "lattice 10.5 9.0 0.0"));
        InputException e = assertThrows(InputException.class, () -> InputDataFormat.read(f));
        assertTrue(e.getMessage().contains(f.toString()) && e.getMessage().contains("structure 2") && e.line() == 11, e.getMessage());
    }
}
