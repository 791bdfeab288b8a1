package dev.hdnnp.train;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlMapper;
import dev.hdnnp.descriptor.CutoffType;
import dev.hdnnp.descriptor.ScalingMode;
import dev.hdnnp.descriptor.SymmetryFunction;
import dev.hdnnp.io.InputException;
import dev.hdnnp.io.TextInput;
import dev.hdnnp.io.N2p2Settings;
import dev.hdnnp.potential.Units;
import dev.hdnnp.train.TrainConfig.Adam;
import dev.hdnnp.train.TrainConfig.Data;
import dev.hdnnp.train.TrainConfig.Descriptor;
import dev.hdnnp.train.TrainConfig.Generate;
import dev.hdnnp.train.TrainConfig.Kalman;
import dev.hdnnp.train.TrainConfig.Lbfgs;
import dev.hdnnp.train.TrainConfig.Network;
import dev.hdnnp.train.TrainConfig.Training;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Reads a {@link TrainConfig} from TOML (strict: unknown keys and wrong types are errors naming
 * the file and the key) or from an n2p2 {@code input.nn} with its training keywords.
 */
final class TrainConfigReader {
    private TrainConfigReader() {}

    /** Reads a TOML configuration file. */
    static TrainConfig read(Path file) {
        // strict UTF-8 with file:line errors for binary or Latin-1 bytes, a directory, a missing file
        String text = String.join("\n", TextInput.readAllLines(file, "training configuration"));
        JsonNode root;
        try {
            root = new TomlMapper().readTree(text);
        } catch (IOException e) {
            throw new InputException(file, 0, "not valid TOML: " + e.getMessage().lines().findFirst().orElse(""));
        }
        Path base = file.toAbsolutePath().getParent();
        return parse(new Node(file.toString(), "", root), base);
    }

    /** Parses TOML text (for tests); relative paths resolve against {@code base}. */
    static TrainConfig parse(String toml, Path base) {
        try {
            return parse(new Node("<config>", "", new TomlMapper().readTree(toml)), base);
        } catch (IOException e) {
            throw new InputException("<config>", 0, "not valid TOML: " + e.getMessage().lines().findFirst().orElse(""));
        }
    }

    private static TrainConfig parse(Node root, Path base) {
        root.only("data", "descriptor", "network", "training", "kalman", "adam", "lbfgs", "output");
        TrainConfig d = TrainConfig.defaults(null);
        Node n = root.section("data");
        n.only("file", "format", "descriptors", "labels", "labels_per_atom", "element", "length_unit", "energy_unit",
                "test_fraction", "validation_fraction", "test_every", "seed");
        Path file = n.path("file", base), desc = n.path("descriptors", base), labels = n.path("labels", base);
        if (file == null && (desc == null || labels == null))
            throw n.error("data", "give either 'file' (input.data or extxyz) or both 'descriptors' and 'labels' (.npy)");
        Data data = new Data(file, n.text("format", null), desc, labels, n.bool("labels_per_atom", true), n.text("element", "H"),
                n.valid("length_unit", Units::lengthUnit, n.text("length_unit", "angstrom")), n.valid("energy_unit", Units::energyUnit, n.text("energy_unit", "eV")),
                n.fraction("test_fraction", d.data().testFraction()), n.fraction("validation_fraction", d.data().validationFraction()),
                n.integer("test_every", 0, 0), n.longValue("seed", d.data().seed()));

        n = root.section("descriptor");
        n.only("functions", "n2p2", "n2p2_length_unit", "cutoff_type", "cutoff_alpha", "generate", "scaling", "scale_min", "scale_max");
        List<String> functions = new ArrayList<>(n.strings("functions"));
        CutoffType ct = n.valid("cutoff_type", CutoffType::ofCode, n.integer("cutoff_type", 2, 0));
        double alpha = n.number("cutoff_alpha", 0.0);
        Path nn = n.path("n2p2", base);
        if (nn != null) {
            N2p2Settings st = N2p2Settings.read(nn);
            double f = n.valid("n2p2_length_unit", u -> Units.lengthFactor(u, data.lengthUnit()), n.text("n2p2_length_unit", data.lengthUnit()));
            for (N2p2Settings.Entry e : st.all("symfunction_short")) functions.add(convert(st, e, f));
            if (st.has("cutoff_type") && !n.has("cutoff_type")) {
                ct = n.valid("n2p2", CutoffType::ofCode, st.integer(st.get("cutoff_type"), 0));
                if (st.get("cutoff_type").tokens().length > 1) alpha = st.number(st.get("cutoff_type"), 1);
            }
        }
        Node g = n.section("generate");
        g.only("cutoff", "radial", "angular", "grid", "r_min");
        Generate gen = new Generate(g.positive("cutoff", 6.0), g.integer("radial", 8, 1), g.integer("angular", 4, 0),
                g.choice("grid", "shifted", "shifted", "centered"), g.number("r_min", 0.8));
        String sc = n.choice("scaling", "scalecenter", "none", "scale", "center", "scalecenter", "sigma");
        ScalingMode mode = switch (sc) {
            case "none" -> ScalingMode.NONE;
            case "scale" -> ScalingMode.SCALE;
            case "center" -> ScalingMode.CENTER;
            case "sigma" -> ScalingMode.SCALESIGMA;
            default -> ScalingMode.SCALECENTER;
        };
        Descriptor descriptor = new Descriptor(List.copyOf(functions), ct, alpha, gen, mode,
                n.number("scale_min", mode == ScalingMode.SCALESIGMA ? 0.0 : 0.0), n.number("scale_max", 1.0));

        n = root.section("network");
        n.only("hidden", "activation", "normalize_nodes", "energy_offsets", "normalize");
        int[] hidden = n.ints("hidden", d.network().hidden());
        String act = n.text("activation", "t");
        if (act.length() != 1) throw n.error("activation", "expected one n2p2 activation letter (t, s, p, l, ...), got '" + act + "'");
        try {
            dev.hdnnp.nn.Activation.ofLetter(act.charAt(0));
        } catch (IllegalArgumentException e) {
            throw n.error("activation", e.getMessage());
        }
        Network network = new Network(hidden, act.charAt(0), n.bool("normalize_nodes", false), n.bool("energy_offsets", false), n.bool("normalize", true));

        n = root.section("training");
        n.only("optimizer", "epochs", "threads", "use_forces", "force_weight", "stress_weight", "early_stopping", "resume", "memory", "memory_mode", "train_force_errors");
        double stressWeight = n.number("stress_weight", 0.0);
        if (stressWeight < 0) throw n.error("stress_weight", "must be >= 0 (0 = no stress term), got " + stressWeight);
        Training training = new Training(n.choice("optimizer", "kalman", "kalman", "adam", "lbfgs"), n.integer("epochs", 20, 0),
                threadsOrDefault(n.integer("threads", 0, 0)), n.bool("use_forces", true), n.number("force_weight", 10.0),
                stressWeight, n.integer("early_stopping", 0, 0), n.bool("resume", false), n.bytes("memory"),
                n.choice("memory_mode", "auto", "auto", "cached", "on-demand"), n.choice("train_force_errors", "subset", "subset", "all"));

        n = root.section("kalman");
        n.only("epsilon", "q0", "qtau", "qmin", "eta", "etatau", "etamax", "strategy", "energy_fraction", "force_fraction",
                "energy_threshold", "force_threshold", "trials", "stress_fraction");
        Kalman k = d.kalman();
        Kalman kalman = new Kalman(n.positive("epsilon", k.epsilon()), n.number("q0", k.q0()), n.positive("qtau", k.qtau()),
                n.number("qmin", k.qmin()), n.positive("eta", k.eta()), n.positive("etatau", k.etatau()), n.positive("etamax", k.etamax()),
                n.choice("strategy", "combined", "combined", "element").equals("element"), n.number("energy_fraction", k.energyFraction()),
                n.number("force_fraction", k.forceFraction()), n.number("energy_threshold", k.energyThreshold()),
                n.number("force_threshold", k.forceThreshold()), n.integer("trials", k.trials(), 1),
                n.number("stress_fraction", k.stressFraction()));

        n = root.section("adam");
        n.only("learning_rate", "min_learning_rate", "decay", "batch_size", "beta1", "beta2", "epsilon");
        Adam a = d.adam();
        Adam adam = new Adam(n.positive("learning_rate", a.learningRate()), n.number("min_learning_rate", a.minLearningRate()),
                n.positive("decay", a.decay()), n.integer("batch_size", a.batchSize(), 1), n.number("beta1", a.beta1()),
                n.number("beta2", a.beta2()), n.positive("epsilon", a.epsilon()));

        n = root.section("lbfgs");
        n.only("history", "iterations_per_epoch");
        Lbfgs lbfgs = new Lbfgs(n.integer("history", 20, 1), n.integer("iterations_per_epoch", 20, 1));

        n = root.section("output");
        n.only("directory");
        Path out = n.path("directory", base);
        return new TrainConfig(data, descriptor, network, training, kalman, adam, lbfgs,
                out == null ? (base == null ? Path.of("training") : base.resolve("training")) : out);
    }

    /**
     * A configuration from an n2p2 input.nn and its training keywords (symmetry functions, scaling,
     * network, epochs, updater, force_weight, test_fraction, random_seed, kalman_*, gradient_adam_*).
     * n2p2 files carry no units; give those of input.data.
     */
    static TrainConfig fromN2p2(Path inputNn, Path dataFile, String lengthUnit, String energyUnit, Path outputDirectory) {
        N2p2Settings st = N2p2Settings.read(inputNn);
        String file = inputNn.toString();
        TrainConfig d = TrainConfig.defaults(dataFile);
        List<String> functions = new ArrayList<>();
        for (N2p2Settings.Entry e : st.all("symfunction_short")) functions.add(e.value());
        if (functions.isEmpty()) throw new InputException(file, 0, "no symfunction_short lines");
        CutoffType ct = CutoffType.ofCode(st.integer("cutoff_type", 2));
        double alpha = st.has("cutoff_type") && st.get("cutoff_type").tokens().length > 1 ? st.number(st.get("cutoff_type"), 1) : 0.0;
        ScalingMode mode = ScalingMode.fromN2p2Flags(st.has("scale_symmetry_functions"), st.has("center_symmetry_functions"),
                st.has("scale_symmetry_functions_sigma"));
        Descriptor desc = new Descriptor(functions, ct, alpha, d.descriptor().generate(), mode,
                st.number("scale_min_short", 0.0), st.number("scale_max_short", 1.0));
        N2p2Settings.Entry hl = st.require("global_hidden_layers_short"), nodes = st.require("global_nodes_short"),
                act = st.require("global_activation_short");
        int h = st.integer(hl, 0);
        int[] hidden = new int[h];
        for (int l = 0; l < h; l++) hidden[l] = st.integer(nodes, l);
        String[] letters = act.tokens();
        if (letters.length != h + 1) throw new InputException(file, act.line(), "global_activation_short needs " + (h + 1) + " letters");
        for (int l = 1; l < h; l++)
            if (!letters[l].equals(letters[0])) throw new InputException(file, act.line(), "hdnnp-java trains one hidden activation for all layers; got " + act.value());
        if (!letters[h].equals("l")) throw new InputException(file, act.line(), "the output activation must be 'l' (linear) for training");
        Network net = new Network(hidden, letters[0].charAt(0), st.has("normalize_nodes"), false, true);
        int updater = st.integer("updater_type", 1);
        String optimizer = switch (updater) {
            case 0 -> "adam";
            case 1 -> "kalman";
            default -> throw new InputException(file, st.get("updater_type").line(), "updater_type " + updater + " is not supported (0 = gradient descent/Adam, 1 = Kalman)");
        };
        Training tr = new Training(optimizer, st.integer("epochs", 10), d.training().threads(), st.has("use_short_forces"),
                st.number("force_weight", 1.0), 0.0, 0, false, 0L);
        Kalman kd = d.kalman();
        Kalman kalman = new Kalman(st.number("kalman_epsilon", kd.epsilon()), st.number("kalman_q0", kd.q0()), st.number("kalman_qtau", kd.qtau()),
                st.number("kalman_qmin", kd.qmin()), st.number("kalman_eta", kd.eta()), st.number("kalman_etatau", kd.etatau()),
                st.number("kalman_etamax", kd.etamax()), st.integer("update_strategy", 0) == 1,
                st.number("energy_fraction", 1.0), st.number("force_fraction", kd.forceFraction()),
                st.number("rmse_threshold_energy", 0.0), st.number("rmse_threshold_force", 0.0), st.integer("rmse_threshold_trials", 1), kd.stressFraction());
        Adam ad = d.adam();
        Adam adam = new Adam(st.number("gradient_adam_eta", ad.learningRate()), ad.minLearningRate(), 1.0, 1,
                st.number("gradient_adam_beta1", ad.beta1()), st.number("gradient_adam_beta2", ad.beta2()), st.number("gradient_adam_epsilon", ad.epsilon()));
        Data data = new Data(dataFile, null, null, null, true, "H", Units.lengthUnit(lengthUnit), Units.energyUnit(energyUnit),
                st.number("test_fraction", 0.1), 0.0, 0, st.integer("random_seed", 1234567));
        return new TrainConfig(data, desc, net, tr, kalman, adam, d.lbfgs(), outputDirectory);
    }

    private static int threadsOrDefault(int t) {
        return t == 0 ? Runtime.getRuntime().availableProcessors() : t;
    }

    /** A symfunction_short line with its lengths converted by factor f (η by 1/f²). */
    private static String convert(N2p2Settings st, N2p2Settings.Entry e, double f) {
        SymmetryFunction s;
        try {
            s = SymmetryFunction.parse(e.tokens());
        } catch (IllegalArgumentException x) {
            throw new InputException(st.file(), e.line(), "symfunction_short: " + x.getMessage());
        }
        if (f == 1.0) return e.value();
        return new SymmetryFunction(s.type(), s.center(), s.e1(), s.e2(), s.eta() / (f * f), s.rs() * f, s.lambda(), s.zeta(),
                s.rc() * f, s.rl() * f, s.thetaL(), s.thetaR(), s.subtype()).toN2p2();
    }

    /** A TOML table with the keys read from it tracked, so that unknown keys can be reported. */
    private record Node(String file, String where, JsonNode node) {
        boolean has(String key) { return node != null && node.has(key); }

        Node section(String key) {
            JsonNode c = node == null ? null : node.get(key);
            if (c != null && !c.isObject()) throw error(key, "expected a table [" + qualified(key) + "]");
            return new Node(file, qualified(key), c);
        }

        void only(String... keys) {
            if (node == null) return;
            Set<String> allowed = new LinkedHashSet<>(List.of(keys));
            for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
                String k = it.next();
                if (!allowed.contains(k)) throw error(k, "unknown key (allowed here: " + String.join(", ", allowed) + ")");
            }
        }

        String qualified(String key) { return where.isEmpty() ? key : where + "." + key; }

        InputException error(String key, String message) {
            return new InputException(file, 0, "'" + qualified(key) + "': " + message);
        }

        JsonNode get(String key) { return node == null ? null : node.get(key); }

        /** {@code check(value)}, with its IllegalArgumentException reported against the key (file and field). */
        <V, T> T valid(String key, java.util.function.Function<V, T> check, V value) {
            try {
                return check.apply(value);
            } catch (IllegalArgumentException e) {
                throw error(key, e.getMessage());
            }
        }

        String text(String key, String fallback) {
            JsonNode v = get(key);
            if (v == null) return fallback;
            if (!v.isTextual()) throw error(key, "expected a string, got " + v);
            return v.asText();
        }

        String choice(String key, String fallback, String... allowed) {
            String v = text(key, fallback).toLowerCase(Locale.ROOT);
            if (!List.of(allowed).contains(v)) throw error(key, "expected one of " + String.join(", ", allowed) + ", got '" + v + "'");
            return v;
        }

        Path path(String key, Path base) {
            String v = text(key, null);
            if (v == null) return null;
            Path p = Path.of(v);
            return p.isAbsolute() || base == null ? p : base.resolve(p);
        }

        boolean bool(String key, boolean fallback) {
            JsonNode v = get(key);
            if (v == null) return fallback;
            if (!v.isBoolean()) throw error(key, "expected true or false, got " + v);
            return v.asBoolean();
        }

        double number(String key, double fallback) {
            JsonNode v = get(key);
            if (v == null) return fallback;
            if (!v.isNumber() || !Double.isFinite(v.asDouble())) throw error(key, "expected a finite number, got " + v);
            return v.asDouble();
        }

        double positive(String key, double fallback) {
            double v = number(key, fallback);
            if (!(v > 0)) throw error(key, "must be > 0, got " + v);
            return v;
        }

        double fraction(String key, double fallback) {
            double v = number(key, fallback);
            if (!(v >= 0 && v < 1)) throw error(key, "must be in [0, 1), got " + v);
            return v;
        }

        int integer(String key, int fallback, int min) {
            JsonNode v = get(key);
            if (v == null) return fallback;
            if (!v.isIntegralNumber() || !v.canConvertToInt()) throw error(key, "expected an integer, got " + v);
            if (v.asInt() < min) throw error(key, "must be >= " + min + ", got " + v.asInt());
            return v.asInt();
        }

        /** A memory size such as "4g", "512m", "2048k" or a number of bytes; 0 when absent. */
        long bytes(String key) {
            JsonNode v = get(key);
            if (v == null) return 0L;
            String t = v.isTextual() ? v.asText().strip().toLowerCase(Locale.ROOT) : v.isIntegralNumber() ? v.asText() : null;
            if (t == null || !t.matches("[0-9]+(\\.[0-9]+)?[kmgt]?b?"))
                throw error(key, "expected a size such as \"4g\", \"512m\" or a number of bytes, got " + v);
            String num = t.replaceAll("[kmgtb]+$", "");
            String unit = t.substring(num.length()).replace("b", "");
            double f = switch (unit) { case "k" -> 1L << 10; case "m" -> 1L << 20; case "g" -> 1L << 30; case "t" -> 1L << 40; default -> 1; };
            double b = Double.parseDouble(num) * f;
            if (!(b >= 1 << 20)) throw error(key, "at least 1m, got " + v);
            return (long) b;
        }

        long longValue(String key, long fallback) {
            JsonNode v = get(key);
            if (v == null) return fallback;
            if (!v.isIntegralNumber()) throw error(key, "expected an integer, got " + v);
            return v.asLong();
        }

        int[] ints(String key, int[] fallback) {
            JsonNode v = get(key);
            if (v == null) return fallback;
            if (!v.isArray() || v.isEmpty()) throw error(key, "expected a non-empty array of integers such as [25, 25]");
            int[] out = new int[v.size()];
            for (int i = 0; i < out.length; i++) {
                if (!v.get(i).isIntegralNumber() || v.get(i).asInt() < 1) throw error(key, "layer sizes must be positive integers, got " + v.get(i));
                out[i] = v.get(i).asInt();
            }
            return out;
        }

        List<String> strings(String key) {
            JsonNode v = get(key);
            if (v == null) return List.of();
            if (!v.isArray()) throw error(key, "expected an array of strings");
            List<String> out = new ArrayList<>();
            for (JsonNode x : v) {
                if (!x.isTextual()) throw error(key, "expected strings such as \"H 2 O 0.01 0.0 6.0\", got " + x);
                out.add(x.asText());
            }
            return out;
        }
    }
}
