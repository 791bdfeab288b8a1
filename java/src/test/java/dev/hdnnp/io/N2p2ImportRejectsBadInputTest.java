package dev.hdnnp.io;

import dev.hdnnp.TestData;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every defect of an n2p2 potential directory is an error that names the file, the line and
 * what was expected — never a warning and a silently different model (n2p2 only warns on
 * unknown keywords).
 */
class N2p2ImportRejectsBadInputTest {
    @TempDir
    Path tmp;
    Path dir;

    @BeforeEach
    void copyPotential() throws IOException {
        Path src = TestData.shared("reference/n2p2/H2O_RPBE-D3/potential");
        dir = tmp.resolve("pot");
        Files.createDirectories(dir);
        try (var files = Files.list(src)) {
            for (Path p : files.toList()) Files.copy(p, dir.resolve(p.getFileName()));
        }
    }

    void edit(String file, UnaryOperator<List<String>> change) throws IOException {
        Path p = dir.resolve(file);
        Files.write(p, change.apply(new ArrayList<>(Files.readAllLines(p))));
    }

    /** Replaces the first line starting with {@code prefix}; returns its 1-based number. */
    int replace(String file, String prefix, String replacement) throws IOException {
        List<String> lines = new ArrayList<>(Files.readAllLines(dir.resolve(file)));
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).startsWith(prefix)) {
                lines.set(i, replacement);
                Files.write(dir.resolve(file), lines);
                return i + 1;
            }
        }
        throw new AssertionError(prefix + " not in " + file);
    }

    void expect(String... fragments) {
        InputException e = assertThrows(InputException.class, () -> N2p2Potential.read(dir, "bohr", "hartree"));
        for (String f : fragments) assertTrue(e.getMessage().contains(f), "message '" + e.getMessage() + "' lacks '" + f + "'");
    }

    @Test
    void misspelledFlag() throws IOException {
        int line = replace("input.nn", "scale_symmetry_functions ", "scale_symmetry_function");
        expect("input.nn:" + line + ":", "unknown keyword 'scale_symmetry_function'", "did you mean 'scale_symmetry_functions'");
    }

    @Test
    void repeatedKeyword() throws IOException {
        edit("input.nn", l -> { l.add("cutoff_type 2"); return l; });
        expect("input.nn:", "'cutoff_type' given twice");
    }

    @Test
    void malformedNumbers() throws IOException {
        int line = replace("input.nn", "mean_energy", "mean_energy  -2.55x1");
        expect("input.nn:" + line + ":", "mean_energy", "not a finite number");
    }

    @Test
    void badSymmetryFunctionLines() throws IOException {
        int line = replace("input.nn", "symfunction_short H 2 H 0.001", "symfunction_short H 5 H 0.001 0.0 12.00");
        expect("input.nn:" + line + ":", "symfunction_short", "unknown symmetry function type 5");
        replace("input.nn", "symfunction_short H 5 H", "symfunction_short H 2 H 0.001 12.00");
        expect("input.nn:" + line + ":", "expected <ec> 2 <e1> <eta> <rs> <rc>");
        replace("input.nn", "symfunction_short H 2 H 0.001 12.00", "symfunction_short H 2 C 0.001 0.0 12.00");
        expect("input.nn:" + line + ":", "element C is not among the elements [H, O]");
    }

    @Test
    void elementCountAndTopology() throws IOException {
        int line = replace("input.nn", "number_of_elements", "number_of_elements 3");
        expect("input.nn:" + line + ":", "number_of_elements is 3 but 'elements' lists 2");
        replace("input.nn", "number_of_elements", "number_of_elements 2");
        line = replace("input.nn", "global_nodes_short", "global_nodes_short 25");
        expect("input.nn:" + line + ":", "global_nodes_short needs 2 values");
        replace("input.nn", "global_nodes_short", "global_nodes_short 25 25");
        line = replace("input.nn", "global_activation_short", "global_activation_short t x l");
        expect("input.nn:" + line + ":", "unknown activation 'x'");
    }

    @Test
    void partialNormalization() throws IOException {
        edit("input.nn", l -> { l.removeIf(s -> s.startsWith("conv_length")); return l; });
        expect("input.nn", "mean_energy, conv_energy and conv_length must be given together");
    }

    @Test
    void wrongNumberOfWeights() throws IOException {
        edit("weights.008.data", l -> { l.remove(l.size() - 1); return l; });
        expect("weights.008.data", "found 1450 values", "has 1451 weights and biases");
        Files.copy(TestData.shared("reference/n2p2/H2O_RPBE-D3/potential/weights.008.data"), dir.resolve("weights.008.data"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        edit("weights.001.data", l -> { l.add("  1.0 a 9999 0 1 1 1"); return l; });
        expect("weights.001.data:", "more values than the 1376 weights and biases");
    }

    @Test
    void malformedWeight() throws IOException {
        List<String> lines = Files.readAllLines(dir.resolve("weights.001.data"));
        int i = 0;
        while (lines.get(i).startsWith("#")) i++;
        lines.set(i, "  1.0.3 a 1 0 1 1 1");
        Files.write(dir.resolve("weights.001.data"), lines);
        expect("weights.001.data:" + (i + 1) + ":", "weight '1.0.3' is not a finite number");
    }

    @Test
    void wrongScalingRows() throws IOException {
        edit("scaling.data", l -> { l.remove(l.size() - 1); return l; });
        expect("scaling.data", "too few rows: expected 57");
        Files.copy(TestData.shared("reference/n2p2/H2O_RPBE-D3/potential/scaling.data"), dir.resolve("scaling.data"),
                java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        edit("scaling.data", l -> { l.add("         2         31   0.0 1.0 0.5 0.1"); return l; });
        expect("scaling.data:", "more rows than symmetry functions (57 expected)");
    }

    @Test
    void missingFiles() throws IOException {
        Files.delete(dir.resolve("weights.001.data"));
        expect("weights.001.data", "weights file not found");
        Files.delete(dir.resolve("input.nn"));
        expect("input.nn", "file not found");
        expect(); // still an InputException for a missing input.nn
        InputException e = assertThrows(InputException.class, () -> N2p2Potential.read(tmp.resolve("nowhere"), "bohr", "hartree"));
        assertTrue(e.getMessage().contains("not a directory"));
    }
}
