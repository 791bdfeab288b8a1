package dev.hdnnp.io;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The keywords of an n2p2 {@code input.nn} file, with their line numbers. Stricter than n2p2:
 * an unknown keyword is an error (n2p2 only warns, so a misspelled flag silently changes the
 * model), and so is a repeated keyword that may appear only once.
 */
public final class N2p2Settings {
    /** One occurrence of a keyword: its value text (may be empty for flags) and its 1-based line. */
    public record Entry(String keyword, String value, int line) {
        public String[] tokens() { return value.isEmpty() ? new String[0] : value.split(" "); }
    }

    private static final Set<String> PREDICTION = Set.of(
            "number_of_elements", "elements", "atom_energy", "cutoff_type", "symfunction_short",
            "scale_symmetry_functions", "scale_min_short", "scale_max_short", "center_symmetry_functions",
            "scale_symmetry_functions_sigma", "global_hidden_layers_short", "global_nodes_short",
            "global_activation_short", "element_hidden_layers_short", "element_nodes_short",
            "element_activation_short", "normalize_nodes", "mean_energy", "conv_length", "conv_energy", "nnp_type");

    private static final Set<String> TRAINING = Set.of(
            "random_seed", "test_fraction", "epochs", "use_short_forces", "rmse_threshold_energy",
            "rmse_threshold_force", "rmse_threshold", "rmse_threshold_trials", "energy_fraction", "force_fraction",
            "use_old_weights_short", "weights_min", "weights_max", "nguyen_widrow_weights_short", "precondition_weights",
            "write_trainpoints", "write_trainforces", "write_weights_epoch", "write_neuronstats", "write_trainlog",
            "write_traincharges", "repeated_energy_update", "updater_type", "parallel_mode", "jacobian_mode",
            "update_strategy", "selection_mode", "selection_mode_energy", "selection_mode_force",
            "task_batch_size_energy", "task_batch_size_force", "gradient_type", "gradient_eta", "gradient_adam_eta",
            "gradient_adam_beta1", "gradient_adam_beta2", "gradient_adam_epsilon", "kalman_type", "kalman_epsilon",
            "kalman_eta", "kalman_etatau", "kalman_etamax", "kalman_q0", "kalman_qtau", "kalman_qmin",
            "kalman_lambda_short", "kalman_nue_short", "memorize_symfunc_results", "force_weight",
            "main_error_metric", "normalize_data_set", "write_symfunc_histograms", "write_neuronstats_epochs");

    private static final Set<String> FOURTH_GENERATION = Set.of(
            "global_hidden_layers_electrostatic", "global_nodes_electrostatic", "global_activation_electrostatic",
            "element_hidden_layers_electrostatic", "element_nodes_electrostatic", "element_activation_electrostatic",
            "ewald_truncation_error_method", "ewald_prec", "screen_electrostatics", "four_pi_epsilon",
            "fixed_gausswidth", "initial_hardness", "conv_charge", "use_charge_constraint", "charge_fraction");

    private static final Map<String, String> ALIASES = Map.ofEntries(
            Map.entry("symfunction", "symfunction_short"),
            Map.entry("nnp_generation", "nnp_type"), Map.entry("nnp_type_gen", "nnp_type"),
            Map.entry("nnp_gen", "nnp_type"), Map.entry("nn_type", "nnp_type"),
            Map.entry("short_energy_fraction", "energy_fraction"), Map.entry("short_force_fraction", "force_fraction"),
            Map.entry("short_energy_error_threshold", "rmse_threshold_energy"),
            Map.entry("short_force_error_threshold", "rmse_threshold_force"));

    private static final Set<String> REPEATABLE = Set.of(
            "symfunction_short", "atom_energy", "element_nodes_short", "element_hidden_layers_short",
            "element_activation_short");

    private final String file;
    private final Map<String, List<Entry>> entries = new LinkedHashMap<>();

    private N2p2Settings(String file) { this.file = file; }

    public static N2p2Settings read(Path path) {
        List<String> lines = TextInput.readAllLines(path, "n2p2 settings file");
        return parse(lines, path.toString());
    }

    public static N2p2Settings parse(List<String> lines, String file) {
        N2p2Settings s = new N2p2Settings(file);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int cut = indexOfAny(line, '#', '!');
            if (cut >= 0) line = line.substring(0, cut);
            line = line.replace('\t', ' ').replace('\r', ' ').trim().replaceAll(" +", " ");
            if (line.isEmpty()) continue;
            int sp = line.indexOf(' ');
            String key = sp < 0 ? line : line.substring(0, sp);
            String value = sp < 0 ? "" : line.substring(sp + 1);
            key = ALIASES.getOrDefault(key, key);
            if (FOURTH_GENERATION.contains(key))
                throw new InputException(file, i + 1, "keyword '" + key + "' belongs to 4G-HDNNPs, which hdnnp-java does not support (2G only)");
            if (!PREDICTION.contains(key) && !TRAINING.contains(key))
                throw new InputException(file, i + 1, "unknown keyword '" + key + "'" + suggestion(key));
            List<Entry> list = s.entries.computeIfAbsent(key, k -> new ArrayList<>());
            if (!list.isEmpty() && !REPEATABLE.contains(key))
                throw new InputException(file, i + 1, "keyword '" + key + "' given twice (first on line " + list.get(0).line() + ")");
            list.add(new Entry(key, value, i + 1));
        }
        return s;
    }

    public String file() { return file; }
    public boolean has(String key) { return entries.containsKey(key); }
    public List<Entry> all(String key) { return entries.getOrDefault(key, List.of()); }
    public Entry get(String key) {
        List<Entry> l = entries.get(key);
        return l == null ? null : l.get(0);
    }

    /** The single value of a required keyword. */
    public Entry require(String key) {
        Entry e = get(key);
        if (e == null) throw new InputException(file, 0, "required keyword '" + key + "' is missing");
        return e;
    }

    public double number(Entry e, int token) {
        String[] t = e.tokens();
        if (token >= t.length) throw new InputException(file, e.line(), "keyword '" + e.keyword() + "' needs a value at position " + (token + 1));
        return TextNumbers.parseN2p2(t[token], file, e.line(), "keyword '" + e.keyword() + "':");
    }

    public int integer(Entry e, int token) {
        String[] t = e.tokens();
        if (token >= t.length) throw new InputException(file, e.line(), "keyword '" + e.keyword() + "' needs a value at position " + (token + 1));
        try {
            // ASCII digits only: Integer.parseInt also reads other scripts' digits, which n2p2 does not
            if (!t[token].matches("[+-]?[0-9]+")) throw new NumberFormatException();
            return Integer.parseInt(t[token]);
        } catch (NumberFormatException x) {
            throw new InputException(file, e.line(), "keyword '" + e.keyword() + "': '" + t[token] + "' is not an integer");
        }
    }

    /** Optional number with a default. */
    public double number(String key, double fallback) {
        Entry e = get(key);
        return e == null ? fallback : number(e, 0);
    }

    public int integer(String key, int fallback) {
        Entry e = get(key);
        return e == null ? fallback : integer(e, 0);
    }

    private static int indexOfAny(String s, char a, char b) {
        int i = s.indexOf(a), j = s.indexOf(b);
        if (i < 0) return j;
        if (j < 0) return i;
        return Math.min(i, j);
    }

    private static String suggestion(String key) {
        String best = null;
        int bestD = Integer.MAX_VALUE;
        for (Set<String> set : List.of(PREDICTION, TRAINING)) {
            for (String k : set) {
                int d = distance(key, k);
                if (d < bestD) { bestD = d; best = k; }
            }
        }
        return best != null && bestD <= 3 ? " (did you mean '" + best + "'?)" : "";
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1], cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) prev[j] = j;
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int c = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                cur[j] = Math.min(Math.min(cur[j - 1] + 1, prev[j] + 1), prev[j - 1] + c);
            }
            int[] t = prev; prev = cur; cur = t;
        }
        return prev[b.length()];
    }
}
