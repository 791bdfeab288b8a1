package dev.hdnnp.io;

import dev.hdnnp.TestData;
import dev.hdnnp.structure.Structure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.*;

class ConversionTest {
    @TempDir Path tmp;

    @Test
    void inputDataThroughExtxyzKeepsEverything() throws IOException {
        Path src = TestData.shared("reference/n2p2/H2O_RPBE-D3/structures/input.data");
        List<Structure> s = StructureFiles.read(src);
        s.get(3).setSet("train");
        s.get(4).setSet("test");
        s.get(5).setTotalCharge(0.5);
        Path xyz = tmp.resolve("h2o.extxyz");
        StructureFiles.write(xyz, s);
        List<Structure> viaXyz = StructureFiles.read(xyz);
        StructureAssert.assertSameCore(s, viaXyz);
        Path back = tmp.resolve("input.data");
        StructureFiles.write(back, viaXyz);
        StructureAssert.assertSameCore(s, StructureFiles.read(back));
    }

    @Test
    void extxyzThroughInputDataKeepsWhatInputDataCanHold() throws IOException {
        Path src = TestData.shared("data/tio2_aenet/tio2.extxyz");
        List<Structure> s = StructureFiles.read(src).subList(0, 50);
        Path data = tmp.resolve("tio2.data");
        StructureFiles.write(data, s);
        List<Structure> back = StructureFiles.read(data);
        assertEquals(s.size(), back.size());
        for (int k = 0; k < s.size(); k++) {
            Structure a = s.get(k), b = back.get(k);
            assertArrayEquals(a.species(), b.species());
            StructureAssert.assertBits(a.positions(), b.positions(), "positions");
            StructureAssert.assertBits(a.forces(), b.forces(), "forces");
            StructureAssert.assertBits(a.cell(), b.cell(), "cell");
            assertEquals(a.energy(), b.energy());
            assertArrayEquals(new double[a.size()], b.charges());   // input.data always has charges: 0 when unknown
            assertTrue(b.info().isEmpty());                        // input.data has no key=value pairs
        }
    }

    @Test
    void formatByNameAndOverride() throws IOException {
        assertEquals("extxyz", StructureFiles.formatOf(Path.of("a/b.XYZ")));
        assertEquals("extxyz", StructureFiles.formatOf(Path.of("b.extxyz")));
        assertEquals("n2p2", StructureFiles.formatOf(Path.of("input.data")));
        assertEquals("n2p2", StructureFiles.formatOf(Path.of("train.data")));
        assertThrows(IllegalArgumentException.class, () -> StructureFiles.formatOf(Path.of("input.txt")));
        Structure s = new Structure(new String[] {"H"}, new double[] {1, 2, 3}, null, null);
        Path odd = tmp.resolve("structures.txt");
        StructureFiles.write(odd, List.of(s), "extxyz");
        assertEquals(1, StructureFiles.read(odd, "xyz").size());
        InputException e = assertThrows(InputException.class, () -> StructureFiles.read(odd, "n2p2"));
        assertTrue(e.getMessage().contains("structures.txt:1:"), e.getMessage());
    }

    @Test
    void partialPeriodicityCannotBeWrittenAsInputData() {
        Structure s = new Structure(new String[] {"H"}, new double[] {1, 2, 3}, new double[] {5, 0, 0, 0, 5, 0, 0, 0, 5}, new boolean[] {true, true, false});
        assertThrows(IllegalArgumentException.class, () -> StructureFiles.write(tmp.resolve("input.data"), List.of(s)));
    }
}
