package dev.hdnnp.potential;

import dev.hdnnp.TestData;
import dev.hdnnp.io.N2p2Potential;
import dev.hdnnp.structure.Structure;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

class N2p2ReferenceTest {
    @Test
    void waterStructuresEnergies() throws Exception {
        Path dir = TestData.shared("reference/n2p2/H2O_RPBE-D3");
        Model m = N2p2Potential.read(dir.resolve("potential"), "bohr", "hartree");
        List<Structure> structures = QuickInputData.read(dir.resolve("structures/input.data"));
        List<String> ref = Files.readAllLines(dir.resolve("structures/summary_energies.txt")).stream().filter(l -> !l.startsWith("#")).toList();
        try (Evaluator ev = new Evaluator(m, 1)) {
            EvaluationResult r = new EvaluationResult();
            for (int k = 0; k < structures.size(); k++) {
                Structure s = structures.get(k);
                ImageSystem sys = new ImageSystem(s, m.cutoff(), m::elementIndex);
                ev.compute(sys, r);
                double e = Double.parseDouble(ref.get(k).trim().split("\\s+")[3]);
                System.out.printf("%d %.16e %.16e %.3e%n", k, r.energy, e, (r.energy - e) / e);
                assertEquals(e, r.energy, Math.abs(e) * 1e-12);
            }
        }
    }
}
