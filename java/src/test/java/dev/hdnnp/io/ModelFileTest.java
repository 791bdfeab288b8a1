package dev.hdnnp.io;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hdnnp.TestData;
import dev.hdnnp.nn.NeuralNetwork;
import dev.hdnnp.potential.Model;
import dev.hdnnp.structure.Structure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.function.Consumer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The project's own model file: exact round trips against n2p2 imports, and one clear message per kind of bad input. */
class ModelFileTest {
    @TempDir Path tmp;

    static Model water() {
        return N2p2Potential.read(TestData.shared("reference/n2p2/H2O_RPBE-D3/potential"), "bohr", "hartree");
    }

    @Test
    void writeThenReadIsBitIdenticalForEveryReferencePotential() throws Exception {
        String[][] potentials = {{"H2O_RPBE-D3", "bohr", "hartree"}, {"Cu2S_PBE", "angstrom", "eV"}, {"DMABN_SCAN", "bohr", "hartree"}};
        for (String[] p : potentials) {
            Model m = N2p2Potential.read(TestData.shared("reference/n2p2/" + p[0] + "/potential"), p[1], p[2]);
            Path f = tmp.resolve(p[0] + ".json");
            ModelFile.write(m, f);
            Model back = ModelResolver.load(f);
            ModelAssert.assertSameModel(m, back);
            assertEquals(m.lengthUnit(), back.lengthUnit());
            assertEquals(m.energyUnit(), back.energyUnit());
            assertEquals(m.provenance().get("imported_from"), back.provenance().get("imported_from"));
            assertTrue(back.provenance().get("tool").startsWith("hdnnp-java "));
        }
    }

    @Test
    void energiesOfTheReadModelEqualTheN2p2ImportExactly() throws Exception {
        Model m = water();
        Path f = tmp.resolve("water.json");
        ModelFile.write(m, f);
        List<Structure> structures = InputDataFormat.read(TestData.shared("reference/n2p2/H2O_RPBE-D3/structures/input.data"));
        assertArrayEquals(ModelAssert.energies(m, structures), ModelAssert.energies(ModelResolver.load(f), structures));
    }

    @Test
    void arbitraryDoublesSurviveTheFile() throws Exception {
        // random bit patterns cover subnormals, huge exponents and 17-digit values
        Model m = water();
        Random rnd = new Random(7);
        List<NeuralNetwork> nets = new ArrayList<>();
        for (NeuralNetwork n : m.networks()) {
            double[] p = new double[n.parameters().length];
            for (int i = 0; i < p.length; i++) {
                double v;
                do v = Double.longBitsToDouble(rnd.nextLong()); while (!Double.isFinite(v));
                p[i] = v;
            }
            p[0] = Double.MIN_VALUE;
            p[1] = -Double.MAX_VALUE;
            p[2] = -0.0;
            p[3] = 0.1;
            nets.add(new NeuralNetwork(n.sizes(), n.activations(), n.normalizeNodes(), p));
        }
        Model r = m.withNetworks(nets, Map.of("sources", "a\nb", "note", "random"));
        Path f = tmp.resolve("random.json");
        ModelFile.write(r, f);
        Model back = ModelFile.read(f);
        ModelAssert.assertSameModel(r, back);
        assertEquals("a\nb", back.provenance().get("sources"));
        assertEquals("random", back.provenance().get("note"));
    }

    @Test
    void writingReplacesAtomicallyAndLeavesNoTemporaryFile() throws Exception {
        Path f = tmp.resolve("m.json");
        Files.writeString(f, "old");
        ModelFile.write(water(), f);
        assertTrue(Files.readString(f).startsWith("{"));
        try (var s = Files.list(tmp)) {
            assertEquals(List.of(f), s.toList());
        }
    }

    // ---- bad input: each message names the file, the field and what was expected

    private static final ObjectMapper JSON = new ObjectMapper();

    private String broken(Consumer<ObjectNode> change) {
        ObjectNode root = ModelFile.toJson(water());
        change.accept(root);
        InputException e = assertThrows(InputException.class, () -> ModelFile.parse(root.toString(), "m.json"));
        assertTrue(e.getMessage().startsWith("m.json: "), e.getMessage());
        assertFalse(e.getMessage().contains("\n"), e.getMessage());
        return e.getMessage();
    }

    private static ObjectNode h(ObjectNode root) { return (ObjectNode) root.get("species").get("H"); }

    private static void assertContains(String message, String... parts) {
        for (String p : parts) assertTrue(message.contains(p), () -> "'" + message + "' lacks '" + p + "'");
    }

    @Test
    void rejectsAnotherFormatOrVersion() {
        assertContains(broken(r -> r.put("format", "something else")), "format: expected \"hdnnp-java model\"");
        assertContains(broken(r -> r.put("version", 2)), "version: format version 2 is not supported", "reads version 1", "newer");
        assertContains(broken(r -> r.put("version", "1")), "version: expected an integer");
    }

    @Test
    void namesMissingAndUnknownKeys() {
        assertContains(broken(r -> ((ObjectNode) h(r).get("network")).remove("parameters")), "m.json: species.H.network.parameters: missing (required)");
        assertContains(broken(r -> r.remove("units")), "units: missing");
        assertContains(broken(r -> r.remove("normalization")), "normalization: missing");
        assertContains(broken(r -> ((ObjectNode) r.get("atom_energy")).remove("O")), "atom_energy.O: missing");
        assertContains(broken(r -> r.put("cutof", 1)), "cutof: unknown key");
        assertContains(broken(r -> ((ObjectNode) r.get("species")).remove("O")), "species.O: missing");
        assertContains(broken(r -> ((ObjectNode) r.get("species")).set("C", h(r).deepCopy())), "species.C: unknown key");
    }

    @Test
    void namesWrongCounts() {
        assertContains(broken(r -> ((ArrayNode) h(r).get("network").get("parameters")).remove(0)),
                "species.H.network.parameters: a network [27, 25, 25, 1] has 1376 weights and biases, found 1375 values");
        assertContains(broken(r -> ((ArrayNode) h(r).get("scaling")).remove(3)), "species.H.scaling: expected 27 rows", "found 26 rows");
        assertContains(broken(r -> ((ArrayNode) h(r).get("scaling").get(4)).remove(3)), "species.H.scaling[4]: expected [min, max, mean, sigma]");
        assertContains(broken(r -> ((ArrayNode) h(r).get("network").get("layers")).set(0, 26)),
                "species.H.network.layers[0]: the input layer must have one neuron per symmetry function (27), found 26");
        assertContains(broken(r -> ((ArrayNode) h(r).get("network").get("layers")).set(3, 2)), "species.H.network.layers: the output layer must have exactly one neuron");
        assertContains(broken(r -> ((ObjectNode) h(r).get("network")).put("activations", "tt")), "species.H.network.activations: expected 3 letters");
    }

    @Test
    void namesBadValues() {
        assertContains(broken(r -> ((ObjectNode) h(r).get("network")).put("activations", "txl")),
                "species.H.network.activations: unknown activation 'x'");
        assertContains(broken(r -> ((ArrayNode) h(r).get("network").get("parameters")).set(5, "a")),
                "species.H.network.parameters[5]: expected a number");
        assertContains(broken(r -> ((ObjectNode) r.get("units")).put("length", "furlong")), "units.length: unknown length unit 'furlong'");
        assertContains(broken(r -> ((ObjectNode) r.get("cutoff")).put("type", "SOFT")), "cutoff.type: expected one of [HARD");
        assertContains(broken(r -> ((ObjectNode) r.get("cutoff")).put("alpha", 1.5)), "cutoff.alpha: the inner cutoff fraction must be in [0, 1)");
        assertContains(broken(r -> ((ObjectNode) r.get("scaling")).put("mode", "STRETCH")), "scaling.mode: unknown mode 'STRETCH'");
        assertContains(broken(r -> ((ArrayNode) r.get("elements")).removeAll().add("O").add("H")), "elements[1]: elements must be distinct and sorted by atomic number");
        assertContains(broken(r -> ((ObjectNode) h(r).get("network")).put("normalize_nodes", "no")), "species.H.network.normalize_nodes: expected true or false");
        assertContains(broken(r -> ((ObjectNode) r.get("normalization")).put("conv_energy", 0.0)), "normalization: conv_energy must be positive");
    }

    @Test
    void namesTheSpeciesAndFunctionOfABadSymmetryFunction() {
        assertContains(broken(r -> ((ArrayNode) h(r).get("symmetry_functions")).set(3, "H 2 H abc 0.0 12.0")),
                "species.H.symmetry_functions[3]: 'H 2 H abc 0.0 12.0': eta 'abc' is not a number");
        assertContains(broken(r -> ((ArrayNode) h(r).get("symmetry_functions")).set(3, "H 7 H 0.1 0.0 12.0")),
                "species.H.symmetry_functions[3]", "unknown symmetry function type 7");
        assertContains(broken(r -> ((ArrayNode) h(r).get("symmetry_functions")).set(0, "O 2 H 0.001 0.0 12.0")),
                "species.H.symmetry_functions[0]: 'O 2 H 0.001 0.0 12.0' is centred on O, not H");
        assertContains(broken(r -> ((ArrayNode) h(r).get("symmetry_functions")).set(0, "H 2 C 0.001 0.0 12.0")),
                "species.H.symmetry_functions[0]", "uses C, which is not among the elements [H, O]");
        assertContains(broken(r -> ((ArrayNode) h(r).get("symmetry_functions")).set(1, "H 2 H 0.0001 0.0 12.0")),
                "species.H.symmetry_functions[1]: 'H 2 H 0.0001 0.0 12.0' must come before", "n2p2's network-input order");
    }

    @Test
    void reportsTheLineOfAJsonSyntaxError() {
        InputException e = assertThrows(InputException.class, () -> ModelFile.parse("{\n  \"format\": \"hdnnp-java model\",\n  \"version\": 1,,\n}", "m.json"));
        assertContains(e.getMessage(), "m.json:3: not valid JSON");
        e = assertThrows(InputException.class, () -> ModelFile.parse("{\"format\": 1, \"format\": 2}", "m.json"));
        assertContains(e.getMessage(), "Duplicate field 'format'");
        e = assertThrows(InputException.class, () -> ModelFile.parse("", "m.json"));
        assertContains(e.getMessage(), "m.json: empty file");
    }

    @Test
    void loadExplainsDirectoriesAndMissingFiles() throws Exception {
        InputException e = assertThrows(InputException.class, () -> ModelResolver.load(tmp));
        assertContains(e.getMessage(), "n2p2 potential directory", "hdnnp convert");
        e = assertThrows(InputException.class, () -> ModelResolver.load(tmp.resolve("nope.json")));
        assertEquals(tmp.resolve("nope.json") + ": model file not found (no such file or directory)", e.getMessage());
        Files.writeString(tmp.resolve("x.json"), "[1, 2]");
        e = assertThrows(InputException.class, () -> ModelResolver.load(tmp.resolve("x.json")));
        assertContains(e.getMessage(), "expected a JSON object");
    }
}
