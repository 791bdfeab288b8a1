package dev.hdnnp.io;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.hdnnp.Version;
import dev.hdnnp.descriptor.CutoffType;
import dev.hdnnp.descriptor.Scaling;
import dev.hdnnp.descriptor.ScalingMode;
import dev.hdnnp.descriptor.SymmetryFunction;
import dev.hdnnp.nn.Activation;
import dev.hdnnp.nn.NeuralNetwork;
import dev.hdnnp.potential.Model;
import dev.hdnnp.potential.Normalization;
import dev.hdnnp.potential.Units;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The project's own model format: one self-describing, versioned JSON file holding everything
 * a prediction needs, including the units n2p2 directories lack.
 *
 * <pre>{@code
 * {"format": "hdnnp-java model", "version": 1,
 *  "units": {"length": "bohr", "energy": "hartree"},
 *  "provenance": {"created": "2025-...Z", "tool": "hdnnp-java 0.1.0", "sources": ["..."], ...},
 *  "elements": ["H", "O"],                       // sorted by atomic number
 *  "cutoff": {"type": "TANHU", "alpha": 0.0},    // type: name or n2p2 code
 *  "scaling": {"mode": "SCALECENTER", "min": 0.0, "max": 1.0},
 *  "normalization": {"mean_energy": .., "conv_energy": .., "conv_length": ..} or null,
 *  "atom_energy": {"H": 0.0, "O": 0.0},
 *  "species": {"H": {"symmetry_functions": ["H 2 H 0.001 0.0 12.0", ...],   // n2p2 syntax and order
 *                    "scaling": [[min, max, mean, sigma], ...] or null,
 *                    "network": {"layers": [27, 25, 25, 1], "activations": "ttl",
 *                                "normalize_nodes": false, "parameters": [...]}}}}   // n2p2 order
 * }</pre>
 *
 * Numbers are written in Java's shortest round-trip form and parsed with correct rounding, so a
 * written model reads back bit for bit. In {@link Model#provenance()} the JSON array
 * {@code sources} is kept as one string with one source per line.
 */
public final class ModelFile {
    /** Value of the "format" key. */
    public static final String FORMAT = "hdnnp-java model";
    /** The format version this code writes and reads. */
    public static final int VERSION = 1;

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
            .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
    private static final Set<String> TOP_KEYS = Set.of("format", "version", "units", "provenance", "elements", "cutoff",
            "scaling", "normalization", "atom_energy", "species");

    private ModelFile() {}

    // ------------------------------------------------------------------ writing

    /**
     * Writes the model atomically (a temporary file in the same directory, then a rename), so a
     * reader never sees a half-written model. Adds "created" and "tool" to the provenance when
     * the model has none.
     */
    public static void write(Model model, Path path) throws IOException {
        ObjectNode root = toJson(model);
        // arrays on one line: a parameter vector per line keeps the file readable and diffable
        DefaultPrettyPrinter pp = new DefaultPrettyPrinter();
        pp.indentArraysWith(DefaultPrettyPrinter.FixedSpaceIndenter.instance);
        AtomicFiles.write(path, w -> {
            JSON.writer(pp).writeValue(w, root);
            w.write('\n');
        });
    }

    /** The JSON tree of a model (what {@link #write} writes). */
    public static ObjectNode toJson(Model model) {
        JsonNodeFactory f = JsonNodeFactory.instance;
        ObjectNode root = f.objectNode();
        root.put("format", FORMAT);
        root.put("version", VERSION);
        ObjectNode units = root.putObject("units");
        units.put("length", model.lengthUnit());
        units.put("energy", model.energyUnit());

        ObjectNode prov = root.putObject("provenance");
        Map<String, String> p = model.provenance();
        prov.put("created", p.getOrDefault("created", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString()));
        prov.put("tool", p.getOrDefault("tool", Version.tool()));
        ArrayNode sources = prov.putArray("sources");
        String src = p.get("sources");
        if (src != null) for (String s : src.split("\n")) if (!s.isBlank()) sources.add(s);
        for (Map.Entry<String, String> e : p.entrySet())
            if (!prov.has(e.getKey())) prov.put(e.getKey(), e.getValue());

        ArrayNode els = root.putArray("elements");
        model.elements().forEach(els::add);
        ObjectNode cutoff = root.putObject("cutoff");
        cutoff.put("type", model.cutoffType().name());
        cutoff.put("alpha", model.cutoffAlpha());
        Scaling s0 = model.scaling(0);
        ObjectNode scaling = root.putObject("scaling");
        scaling.put("mode", s0.mode().name());
        scaling.put("min", s0.sMin());
        scaling.put("max", s0.sMax());
        Normalization n = model.normalization();
        if (n.isIdentity()) {
            root.putNull("normalization");
        } else {
            ObjectNode nn = root.putObject("normalization");
            nn.put("mean_energy", n.meanEnergy());
            nn.put("conv_energy", n.convEnergy());
            nn.put("conv_length", n.convLength());
        }
        ObjectNode offsets = root.putObject("atom_energy");
        for (int e = 0; e < model.elements().size(); e++) offsets.put(model.elements().get(e), model.energyOffset(e));

        ObjectNode species = root.putObject("species");
        for (int e = 0; e < model.elements().size(); e++) {
            ObjectNode sp = species.putObject(model.elements().get(e));
            ArrayNode sfs = sp.putArray("symmetry_functions");
            for (SymmetryFunction sf : model.functions(e)) sfs.add(sf.toN2p2());
            Scaling sc = model.scaling(e);
            if (!sc.hasStatistics()) {
                sp.putNull("scaling");
            } else {
                ArrayNode rows = sp.putArray("scaling");
                for (int s = 0; s < sc.size(); s++) rows.addArray().add(sc.min(s)).add(sc.max(s)).add(sc.mean(s)).add(sc.sigma(s));
            }
            NeuralNetwork net = model.network(e);
            ObjectNode nw = sp.putObject("network");
            ArrayNode layers = nw.putArray("layers");
            for (int size : net.sizes()) layers.add(size);
            StringBuilder act = new StringBuilder();
            for (Activation a : net.activations()) act.append(a.letter());
            nw.put("activations", act.toString());
            nw.put("normalize_nodes", net.normalizeNodes());
            ArrayNode params = nw.putArray("parameters");
            for (double v : net.parameters()) params.add(v);
        }
        return root;
    }

    // ------------------------------------------------------------------ reading

    /** Reads and validates a model file; every problem is an {@link InputException} naming the file and the field. */
    public static Model read(Path path) {
        String file = path.toString();
        try (TextInput r = TextInput.open(path, "model file")) {
            return read(r, file);
        } catch (IOException e) {
            throw new InputException(file, 0, "cannot read the model file: " + e.getMessage());
        }
    }

    /**
     * Reads a model from JSON text; {@code file} names the source in messages. Anything after the
     * model's closing brace but white space (trailing text, a second model) is refused: otherwise
     * a concatenated or half-overwritten file would silently yield its first model.
     */
    public static Model read(Reader reader, String file) throws IOException {
        JsonNode root;
        try (JsonParser p = JSON.createParser(TextInput.of(reader, file))) {
            root = JSON.readTree(p);
            if (root != null && !root.isMissingNode()) {
                JsonToken extra = p.nextToken();
                if (extra != null) {
                    var at = p.currentTokenLocation();
                    throw new InputException(file, at.getLineNr(), "column " + at.getColumnNr() + ": " + describe(extra, p)
                            + " after the end of the model; expected the end of the file (one model per file)");
                }
            }
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            String column = e.getLocation() == null ? "" : " (column " + e.getLocation().getColumnNr() + ")";
            throw new InputException(file, line, "not valid JSON" + column + ": " + e.getOriginalMessage());
        }
        if (root == null || root.isMissingNode()) throw new InputException(file, 0, "empty file (expected an hdnnp-java model in JSON)");
        return new Reading(file).model(root);
    }

    private static String describe(JsonToken t, JsonParser p) throws IOException {
        return switch (t) {
            case START_OBJECT -> "a second JSON object";
            case START_ARRAY -> "a JSON array";
            default -> "'" + p.getText() + "'";
        };
    }

    /** Reads a model from a JSON string (tests, embedding). */
    public static Model parse(String json, String file) {
        try {
            return read(new StringReader(json), file);
        } catch (IOException e) {
            throw new IllegalStateException(e); // a StringReader does not fail
        }
    }

    /** One read of one file: knows the file name for messages. */
    private record Reading(String file) {
        InputException error(String field, String message) {
            return new InputException(file, 0, field + ": " + message);
        }

        Model model(JsonNode root) {
            if (!root.isObject()) throw new InputException(file, 0, "expected a JSON object (an hdnnp-java model)");
            JsonNode format = root.get("format");
            if (format == null || !format.isTextual() || !format.asText().equals(FORMAT))
                throw error("format", "expected \"" + FORMAT + "\", found " + (format == null ? "nothing" : format)
                        + " (this is not an hdnnp-java model file)");
            int version = integer(root, "version", "version");
            if (version != VERSION)
                throw error("version", "format version " + version + " is not supported; this hdnnp-java (" + Version.version()
                        + ") reads version " + VERSION + (version > VERSION ? " (the file was written by a newer release)" : ""));
            onlyKeys(root, "", TOP_KEYS);

            JsonNode units = object(root, "units", "units");
            onlyKeys(units, "units", Set.of("length", "energy"));
            String lengthUnit, energyUnit;
            try {
                lengthUnit = Units.lengthUnit(text(units, "length", "units.length"));
            } catch (IllegalArgumentException e) {
                throw error("units.length", e.getMessage());
            }
            try {
                energyUnit = Units.energyUnit(text(units, "energy", "units.energy"));
            } catch (IllegalArgumentException e) {
                throw error("units.energy", e.getMessage());
            }

            Map<String, String> provenance = provenance(object(root, "provenance", "provenance"));
            List<String> elements = elements(root);
            int nel = elements.size();

            JsonNode cutoff = object(root, "cutoff", "cutoff");
            onlyKeys(cutoff, "cutoff", Set.of("type", "alpha"));
            CutoffType cutoffType = cutoffType(required(cutoff, "type", "cutoff.type"));
            double alpha = number(cutoff, "alpha", "cutoff.alpha");
            if (!(alpha >= 0 && alpha < 1)) throw error("cutoff.alpha", "the inner cutoff fraction must be in [0, 1), got " + alpha);

            JsonNode scaling = object(root, "scaling", "scaling");
            onlyKeys(scaling, "scaling", Set.of("mode", "min", "max"));
            String modeName = text(scaling, "mode", "scaling.mode");
            ScalingMode mode;
            try {
                mode = ScalingMode.valueOf(modeName.toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                throw error("scaling.mode", "unknown mode '" + modeName + "' (expected one of " + Arrays.toString(ScalingMode.values()) + ")");
            }
            double sMin = number(scaling, "min", "scaling.min"), sMax = number(scaling, "max", "scaling.max");

            Normalization normalization = normalization(required(root, "normalization", "normalization"));
            double[] offsets = atomEnergies(object(root, "atom_energy", "atom_energy"), elements);

            JsonNode species = object(root, "species", "species");
            onlyKeys(species, "species", Set.copyOf(elements));
            List<List<SymmetryFunction>> functions = new ArrayList<>();
            List<Scaling> scalings = new ArrayList<>();
            List<NeuralNetwork> networks = new ArrayList<>();
            for (String el : elements) {
                String at = "species." + el;
                JsonNode sp = object(species, el, at);
                onlyKeys(sp, at, Set.of("symmetry_functions", "scaling", "network"));
                List<SymmetryFunction> f = functions(sp, el, elements, at);
                functions.add(f);
                scalings.add(scaling(required(sp, "scaling", at + ".scaling"), f.size(), mode, sMin, sMax, at + ".scaling"));
                networks.add(network(object(sp, "network", at + ".network"), f.size(), at + ".network"));
            }
            try {
                return new Model(elements, cutoffType, alpha, functions, scalings, networks, normalization, offsets,
                        lengthUnit, energyUnit, provenance);
            } catch (IllegalArgumentException e) {
                throw new InputException(file, 0, e.getMessage());
            }
        }

        private Map<String, String> provenance(JsonNode p) {
            Map<String, String> out = new LinkedHashMap<>();
            for (Map.Entry<String, JsonNode> e : p.properties()) {
                JsonNode v = e.getValue();
                String at = "provenance." + e.getKey();
                if (v.isArray()) {
                    List<String> items = new ArrayList<>();
                    for (JsonNode x : v) {
                        if (!x.isTextual()) throw error(at, "expected an array of strings");
                        items.add(x.asText());
                    }
                    out.put(e.getKey(), String.join("\n", items));
                } else if (v.isValueNode() && !v.isNull()) {
                    out.put(e.getKey(), v.asText());
                } else {
                    throw error(at, "expected a string, number or array of strings");
                }
            }
            return out;
        }

        private List<String> elements(JsonNode root) {
            JsonNode a = required(root, "elements", "elements");
            if (!a.isArray() || a.isEmpty()) throw error("elements", "expected a non-empty array of element symbols");
            List<String> out = new ArrayList<>();
            int lastZ = 0;
            for (int i = 0; i < a.size(); i++) {
                JsonNode x = a.get(i);
                String at = "elements[" + i + "]";
                if (!x.isTextual() || !dev.hdnnp.structure.Elements.isElement(x.asText()))
                    throw error(at, "expected an element symbol (H ... No), found " + x);
                int z = dev.hdnnp.structure.Elements.atomicNumber(x.asText());
                if (z <= lastZ) throw error(at, "elements must be distinct and sorted by atomic number, but " + x.asText() + " follows " + out.getLast());
                lastZ = z;
                out.add(x.asText());
            }
            return out;
        }

        private CutoffType cutoffType(JsonNode t) {
            try {
                if (t.isInt()) return CutoffType.ofCode(t.asInt());
                if (t.isTextual()) return CutoffType.valueOf(t.asText().toUpperCase(Locale.ROOT));
            } catch (IllegalArgumentException e) {
                // fall through to one message for every bad value
            }
            throw error("cutoff.type", "expected one of " + Arrays.toString(CutoffType.values()) + " or its n2p2 code 0-8, found " + t);
        }

        private Normalization normalization(JsonNode n) {
            if (n.isNull()) return Normalization.NONE;
            if (!n.isObject()) throw error("normalization", "expected null or an object with mean_energy, conv_energy, conv_length");
            onlyKeys(n, "normalization", Set.of("mean_energy", "conv_energy", "conv_length"));
            try {
                return new Normalization(number(n, "mean_energy", "normalization.mean_energy"),
                        number(n, "conv_energy", "normalization.conv_energy"), number(n, "conv_length", "normalization.conv_length"));
            } catch (IllegalArgumentException e) {
                throw error("normalization", e.getMessage());
            }
        }

        private double[] atomEnergies(JsonNode a, List<String> elements) {
            onlyKeys(a, "atom_energy", Set.copyOf(elements));
            double[] out = new double[elements.size()];
            for (int e = 0; e < out.length; e++) out[e] = number(a, elements.get(e), "atom_energy." + elements.get(e));
            return out;
        }

        private List<SymmetryFunction> functions(JsonNode sp, String el, List<String> elements, String at) {
            JsonNode a = required(sp, "symmetry_functions", at + ".symmetry_functions");
            if (!a.isArray() || a.isEmpty()) throw error(at + ".symmetry_functions", "expected a non-empty array of n2p2 symfunction_short lines");
            List<SymmetryFunction> out = new ArrayList<>();
            for (int i = 0; i < a.size(); i++) {
                String where = at + ".symmetry_functions[" + i + "]";
                JsonNode x = a.get(i);
                if (!x.isTextual()) throw error(where, "expected a string such as \"" + el + " 2 " + el + " 0.001 0.0 12.0\", found " + x);
                SymmetryFunction sf;
                try {
                    sf = SymmetryFunction.parse(x.asText());
                } catch (IllegalArgumentException e) {
                    throw error(where, "'" + x.asText() + "': " + e.getMessage());
                }
                if (!sf.center().equals(el)) throw error(where, "'" + x.asText() + "' is centred on " + sf.center() + ", not " + el);
                for (String y : new String[]{sf.e1(), sf.e2()})
                    if (y != null && !elements.contains(y)) throw error(where, "'" + x.asText() + "' uses " + y + ", which is not among the elements " + elements);
                if (!out.isEmpty() && SymmetryFunction.N2P2_ORDER.compare(out.getLast(), sf) > 0)
                    throw error(where, "'" + x.asText() + "' must come before '" + out.getLast().toN2p2()
                            + "': functions are listed in n2p2's network-input order, which the scaling rows and network follow");
                out.add(sf);
            }
            return out;
        }

        private Scaling scaling(JsonNode a, int n, ScalingMode mode, double sMin, double sMax, String at) {
            if (a.isNull()) {
                if (mode != ScalingMode.NONE) throw error(at, "scaling mode " + mode + " needs statistics; null is only allowed with mode NONE");
                return Scaling.none(n);
            }
            if (!a.isArray() || a.size() != n)
                throw error(at, "expected " + n + " rows [min, max, mean, sigma] (one per symmetry function), found "
                        + (a.isArray() ? a.size() + " rows" : a.getNodeType().toString().toLowerCase(Locale.ROOT)));
            double[][] c = new double[4][n];
            for (int s = 0; s < n; s++) {
                JsonNode row = a.get(s);
                String where = at + "[" + s + "]";
                if (!row.isArray() || row.size() != 4) throw error(where, "expected [min, max, mean, sigma], found " + row);
                for (int k = 0; k < 4; k++) c[k][s] = finite(row.get(k), where + "[" + k + "]");
                if ((mode == ScalingMode.SCALE || mode == ScalingMode.SCALECENTER) && !(c[1][s] > c[0][s]))
                    throw error(where, "max <= min, cannot scale (the function is constant over the training set)");
                if (mode == ScalingMode.SCALESIGMA && !(c[3][s] > 0)) throw error(where, "sigma <= 0, cannot scale");
            }
            return new Scaling(mode, sMin, sMax, c[0], c[1], c[2], c[3]);
        }

        private NeuralNetwork network(JsonNode nw, int inputs, String at) {
            onlyKeys(nw, at, Set.of("layers", "activations", "normalize_nodes", "parameters"));
            JsonNode la = required(nw, "layers", at + ".layers");
            if (!la.isArray() || la.size() < 2) throw error(at + ".layers", "expected the layer sizes [inputs, hidden..., 1]");
            int[] sizes = new int[la.size()];
            for (int l = 0; l < sizes.length; l++) {
                JsonNode x = la.get(l);
                if (!x.canConvertToExactIntegral() || !x.canConvertToInt() || x.asInt() < 1)
                    throw error(at + ".layers[" + l + "]", "expected a positive integer, found " + x);
                sizes[l] = x.asInt();
            }
            if (sizes[0] != inputs) throw error(at + ".layers[0]", "the input layer must have one neuron per symmetry function (" + inputs + "), found " + sizes[0]);
            if (sizes[sizes.length - 1] != 1) throw error(at + ".layers", "the output layer must have exactly one neuron, found " + sizes[sizes.length - 1]);
            String letters = text(nw, "activations", at + ".activations");
            if (letters.length() != sizes.length - 1)
                throw error(at + ".activations", "expected " + (sizes.length - 1) + " letters (one per hidden layer and the output), found \"" + letters + "\"");
            Activation[] act = new Activation[letters.length()];
            for (int l = 0; l < act.length; l++) {
                try {
                    act[l] = Activation.ofLetter(letters.charAt(l));
                } catch (IllegalArgumentException e) {
                    throw error(at + ".activations", e.getMessage());
                }
            }
            JsonNode nn = required(nw, "normalize_nodes", at + ".normalize_nodes");
            if (!nn.isBoolean()) throw error(at + ".normalize_nodes", "expected true or false, found " + nn);
            JsonNode pa = required(nw, "parameters", at + ".parameters");
            int count = NeuralNetwork.parameterCount(sizes);
            if (!pa.isArray() || pa.size() != count)
                throw error(at + ".parameters", "a network " + Arrays.toString(sizes) + " has " + count + " weights and biases, found "
                        + (pa.isArray() ? pa.size() + " values" : pa.getNodeType().toString().toLowerCase(Locale.ROOT)));
            double[] w = new double[count];
            for (int i = 0; i < count; i++) w[i] = finite(pa.get(i), at + ".parameters[" + i + "]");
            return new NeuralNetwork(sizes, act, nn.asBoolean(), w);
        }

        // ---- small typed accessors, each naming the field in its message

        private JsonNode required(JsonNode obj, String key, String at) {
            JsonNode v = obj.get(key);
            if (v == null) throw error(at, "missing (required)");
            return v;
        }

        private JsonNode object(JsonNode obj, String key, String at) {
            JsonNode v = required(obj, key, at);
            if (!v.isObject()) throw error(at, "expected an object, found " + v.getNodeType().toString().toLowerCase(Locale.ROOT));
            return v;
        }

        private String text(JsonNode obj, String key, String at) {
            JsonNode v = required(obj, key, at);
            if (!v.isTextual()) throw error(at, "expected a string, found " + v);
            return v.asText();
        }

        private double number(JsonNode obj, String key, String at) {
            return finite(required(obj, key, at), at);
        }

        private int integer(JsonNode obj, String key, String at) {
            JsonNode v = required(obj, key, at);
            if (!v.isInt()) throw error(at, "expected an integer, found " + v);
            return v.asInt();
        }

        private double finite(JsonNode v, String at) {
            if (v == null || !v.isNumber()) throw error(at, "expected a number, found " + v);
            double d = v.asDouble();
            if (!Double.isFinite(d)) throw error(at, "expected a finite number, found " + v);
            return d;
        }

        private void onlyKeys(JsonNode obj, String at, Set<String> allowed) {
            for (Iterator<String> it = obj.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                if (!allowed.contains(k))
                    throw error(at.isEmpty() ? k : at + "." + k, "unknown key (expected " + String.join(", ", allowed.stream().sorted().toList()) + ")");
            }
        }
    }
}
