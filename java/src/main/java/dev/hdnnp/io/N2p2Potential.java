package dev.hdnnp.io;

import dev.hdnnp.descriptor.CutoffType;
import dev.hdnnp.descriptor.Scaling;
import dev.hdnnp.descriptor.ScalingMode;
import dev.hdnnp.descriptor.SymmetryFunction;
import dev.hdnnp.nn.Activation;
import dev.hdnnp.nn.NeuralNetwork;
import dev.hdnnp.potential.Model;
import dev.hdnnp.potential.Normalization;
import dev.hdnnp.structure.Elements;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Imports an n2p2 potential directory ({@code input.nn}, {@code scaling.data},
 * {@code weights.ZZZ.data}). n2p2 files carry no units, so the caller names them.
 */
public final class N2p2Potential {
    private N2p2Potential() {}

    public static Model read(Path dir, String lengthUnit, String energyUnit) {
        if (!Files.isDirectory(dir)) throw new InputException(dir, 0, "not a directory (expected an n2p2 potential directory with input.nn, scaling.data, weights.*.data)");
        Path inputNn = dir.resolve("input.nn");
        N2p2Settings st = N2p2Settings.read(inputNn);
        String file = inputNn.toString();

        N2p2Settings.Entry type = st.get("nnp_type");
        if (type != null && !(type.value().equals("2") || type.value().equalsIgnoreCase("2G-HDNNP")))
            throw new InputException(file, type.line(), "nnp_type '" + type.value() + "' is not supported: hdnnp-java evaluates 2G-HDNNPs only");

        // elements, sorted by atomic number
        N2p2Settings.Entry el = st.require("elements");
        List<String> elements = new ArrayList<>();
        for (String s : el.tokens()) {
            if (!Elements.isElement(s)) throw new InputException(file, el.line(), "elements: '" + s + "' is not an element symbol");
            if (elements.contains(s)) throw new InputException(file, el.line(), "elements: " + s + " listed twice");
            elements.add(s);
        }
        elements.sort(Comparator.comparingInt(Elements::atomicNumber));
        N2p2Settings.Entry ne = st.require("number_of_elements");
        if (st.integer(ne, 0) != elements.size())
            throw new InputException(file, ne.line(), "number_of_elements is " + ne.value() + " but 'elements' lists " + elements.size());
        int nel = elements.size();

        // cutoff
        N2p2Settings.Entry ct = st.require("cutoff_type");
        CutoffType cutoffType;
        try {
            cutoffType = CutoffType.ofCode(st.integer(ct, 0));
        } catch (IllegalArgumentException e) {
            throw new InputException(file, ct.line(), "cutoff_type: " + e.getMessage());
        }
        double alpha = ct.tokens().length > 1 ? st.number(ct, 1) : 0.0;
        if (!(alpha >= 0 && alpha < 1)) throw new InputException(file, ct.line(), "cutoff_type: inner cutoff alpha must be in [0, 1), got " + alpha);

        // symmetry functions per element, in n2p2 order
        List<List<SymmetryFunction>> functions = new ArrayList<>();
        for (int e = 0; e < nel; e++) functions.add(new ArrayList<>());
        for (N2p2Settings.Entry sfLine : st.all("symfunction_short")) {
            SymmetryFunction sf;
            try {
                sf = SymmetryFunction.parse(sfLine.tokens());
            } catch (IllegalArgumentException e) {
                throw new InputException(file, sfLine.line(), "symfunction_short: " + e.getMessage());
            }
            for (String x : new String[]{sf.center(), sf.e1(), sf.e2()})
                if (x != null && !elements.contains(x))
                    throw new InputException(file, sfLine.line(), "symfunction_short: element " + x + " is not among the elements " + elements);
            functions.get(elements.indexOf(sf.center())).add(sf);
        }
        for (int e = 0; e < nel; e++) {
            if (functions.get(e).isEmpty()) throw new InputException(file, 0, "element " + elements.get(e) + " has no symfunction_short lines");
            functions.get(e).sort(SymmetryFunction.N2P2_ORDER);
        }

        // scaling
        ScalingMode mode = ScalingMode.fromN2p2Flags(st.has("scale_symmetry_functions"), st.has("center_symmetry_functions"),
                st.has("scale_symmetry_functions_sigma"));
        double sMin = st.number("scale_min_short", 0.0), sMax = st.number("scale_max_short", 1.0);
        List<Scaling> scalings = readScaling(dir.resolve("scaling.data"), mode, sMin, sMax, functions, elements);

        // networks
        List<NeuralNetwork> networks = new ArrayList<>();
        int[][] topology = topology(st, file, elements, functions);
        Activation[][] activations = activations(st, file, elements, topology);
        boolean normalizeNodes = st.has("normalize_nodes");
        for (int e = 0; e < nel; e++) {
            int z = Elements.atomicNumber(elements.get(e));
            Path wf = dir.resolve(String.format(Locale.ROOT, "weights.%03d.data", z));
            double[] w = readWeights(wf, NeuralNetwork.parameterCount(topology[e]), topology[e]);
            networks.add(new NeuralNetwork(topology[e], activations[e], normalizeNodes, w));
        }

        // normalisation and offsets
        Normalization norm = Normalization.NONE;
        int present = (st.has("mean_energy") ? 1 : 0) + (st.has("conv_energy") ? 1 : 0) + (st.has("conv_length") ? 1 : 0);
        if (present == 3) {
            try {
                norm = new Normalization(st.number(st.get("mean_energy"), 0), st.number(st.get("conv_energy"), 0), st.number(st.get("conv_length"), 0));
            } catch (IllegalArgumentException e) {
                throw new InputException(file, st.get("conv_energy").line(), e.getMessage());
            }
        } else if (present != 0) {
            throw new InputException(file, 0, "mean_energy, conv_energy and conv_length must be given together (found " + present + " of 3)");
        }
        double[] offsets = new double[nel];
        boolean[] seen = new boolean[nel];
        for (N2p2Settings.Entry ae : st.all("atom_energy")) {
            String[] t = ae.tokens();
            if (t.length != 2) throw new InputException(file, ae.line(), "atom_energy: expected '<element> <energy>'");
            int e = elements.indexOf(t[0]);
            if (e < 0) throw new InputException(file, ae.line(), "atom_energy: element " + t[0] + " is not among the elements " + elements);
            if (seen[e]) throw new InputException(file, ae.line(), "atom_energy: element " + t[0] + " given twice");
            seen[e] = true;
            offsets[e] = st.number(ae, 1);
        }

        Map<String, String> provenance = new LinkedHashMap<>();
        provenance.put("imported_from", "n2p2 potential directory " + dir.toAbsolutePath().normalize());
        try {
            return new Model(elements, cutoffType, alpha, functions, scalings, networks, norm, offsets, lengthUnit, energyUnit, provenance);
        } catch (IllegalArgumentException e) {
            throw new InputException(file, 0, e.getMessage());
        }
    }

    private static int[][] topology(N2p2Settings st, String file, List<String> elements, List<List<SymmetryFunction>> functions) {
        N2p2Settings.Entry hl = st.require("global_hidden_layers_short");
        int h = st.integer(hl, 0);
        if (h < 0) throw new InputException(file, hl.line(), "global_hidden_layers_short must be >= 0");
        N2p2Settings.Entry nodes = st.require("global_nodes_short");
        if (nodes.tokens().length != h)
            throw new InputException(file, nodes.line(), "global_nodes_short needs " + h + " values (one per hidden layer), got " + nodes.tokens().length);
        int[] global = new int[h];
        for (int l = 0; l < h; l++) {
            global[l] = st.integer(nodes, l);
            if (global[l] < 1) throw new InputException(file, nodes.line(), "global_nodes_short: a layer needs at least one node");
        }
        int nel = elements.size();
        int[][] topo = new int[nel][];
        for (int e = 0; e < nel; e++) {
            topo[e] = new int[h + 2];
            topo[e][0] = functions.get(e).size();
            System.arraycopy(global, 0, topo[e], 1, h);
            topo[e][h + 1] = 1;
        }
        for (N2p2Settings.Entry x : st.all("element_hidden_layers_short")) {
            int e = elementOf(file, x, elements);
            if (st.integer(x, 1) != h)
                throw new InputException(file, x.line(), "element_hidden_layers_short: a hidden-layer count other than the global one (" + h
                        + ") is ambiguous in n2p2 (its per-element overrides skip the last hidden layer); refusing to guess");
        }
        for (N2p2Settings.Entry x : st.all("element_nodes_short")) {
            int e = elementOf(file, x, elements);
            String[] t = x.tokens();
            if (t.length - 1 != h) throw new InputException(file, x.line(), "element_nodes_short needs the element and " + h + " node counts");
            for (int l = 0; l < h; l++) {
                int n = st.integer(x, l + 1);
                if (l == h - 1 && n != global[l])
                    throw new InputException(file, x.line(), "element_nodes_short: n2p2 ignores the last hidden layer's override (" + n
                            + " vs global " + global[l] + "); the model would differ between codes, so it is refused");
                topo[e][l + 1] = n;
            }
        }
        return topo;
    }

    private static Activation[][] activations(N2p2Settings st, String file, List<String> elements, int[][] topo) {
        N2p2Settings.Entry ga = st.require("global_activation_short");
        int h = topo[0].length - 2;
        String[] t = ga.tokens();
        if (t.length != h + 1)
            throw new InputException(file, ga.line(), "global_activation_short needs " + (h + 1) + " letters (hidden layers + output), got " + t.length);
        Activation[] global = new Activation[h + 1];
        for (int l = 0; l <= h; l++) global[l] = letter(file, ga, t[l]);
        Activation[][] act = new Activation[elements.size()][];
        for (int e = 0; e < act.length; e++) act[e] = global.clone();
        for (N2p2Settings.Entry x : st.all("element_activation_short")) {
            int e = elementOf(file, x, elements);
            String[] u = x.tokens();
            if (u.length - 1 != h + 1) throw new InputException(file, x.line(), "element_activation_short needs the element and " + (h + 1) + " letters");
            for (int l = 0; l <= h; l++) {
                Activation a = letter(file, x, u[l + 1]);
                if (l == h && a != global[h])
                    throw new InputException(file, x.line(), "element_activation_short: n2p2 ignores the output-layer override; the model would differ between codes, so it is refused");
                act[e][l] = a;
            }
        }
        return act;
    }

    private static Activation letter(String file, N2p2Settings.Entry e, String s) {
        if (s.length() != 1) throw new InputException(file, e.line(), e.keyword() + ": '" + s + "' is not an activation letter");
        try {
            return Activation.ofLetter(s.charAt(0));
        } catch (IllegalArgumentException x) {
            throw new InputException(file, e.line(), e.keyword() + ": " + x.getMessage());
        }
    }

    private static int elementOf(String file, N2p2Settings.Entry x, List<String> elements) {
        String[] t = x.tokens();
        int e = t.length == 0 ? -1 : elements.indexOf(t[0]);
        if (e < 0) throw new InputException(file, x.line(), x.keyword() + ": first value must be one of the elements " + elements);
        return e;
    }

    private static List<String> lines(Path p, String what) {
        return TextInput.readAllLines(p, what);
    }

    private static List<Scaling> readScaling(Path p, ScalingMode mode, double sMin, double sMax,
                                             List<List<SymmetryFunction>> functions, List<String> elements) {
        int nel = functions.size();
        if (!Files.exists(p) && mode == ScalingMode.NONE) {
            List<Scaling> none = new ArrayList<>();
            for (List<SymmetryFunction> f : functions) none.add(Scaling.none(f.size()));
            return none;
        }
        List<String> lines = lines(p, "scaling.data");
        String file = p.toString();
        double[][][] cols = new double[nel][4][];
        for (int e = 0; e < nel; e++) for (int c = 0; c < 4; c++) cols[e][c] = new double[functions.get(e).size()];
        int e = 0, s = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).trim();
            if (line.isEmpty() || lines.get(i).startsWith("#")) continue;
            if (e == nel) throw new InputException(file, i + 1, "more rows than symmetry functions (" + total(functions) + " expected)");
            String[] t = line.split("\\s+");
            if (t.length != 5 && t.length != 6) throw new InputException(file, i + 1, "expected '<element> <function> <min> <max> <mean> [<sigma>]', got " + t.length + " fields");
            int ei = parseInt(file, i + 1, t[0], "element index"), si = parseInt(file, i + 1, t[1], "function index");
            if (ei != e + 1 || si != s + 1)
                throw new InputException(file, i + 1, "expected the row of element " + (e + 1) + " (" + elements.get(e) + "), function " + (s + 1) + ", found " + ei + " " + si);
            for (int c = 0; c < 4; c++) cols[e][c][s] = c + 2 < t.length ? parseDouble(file, i + 1, t[c + 2], new String[]{"min", "max", "mean", "sigma"}[c]) : 0.0;
            if (++s == functions.get(e).size()) { e++; s = 0; }
        }
        if (e != nel) throw new InputException(file, 0, "too few rows: expected " + total(functions) + " (one per symmetry function of every element)");
        List<Scaling> out = new ArrayList<>();
        for (int k = 0; k < nel; k++) {
            for (int q = 0; q < cols[k][0].length; q++) {
                boolean needRange = mode == ScalingMode.SCALE || mode == ScalingMode.SCALECENTER;
                if (needRange && !(cols[k][1][q] > cols[k][0][q]))
                    throw new InputException(file, 0, "element " + elements.get(k) + ", function " + (q + 1) + ": max <= min, cannot scale (the function is constant over the training set)");
                if (mode == ScalingMode.SCALESIGMA && !(cols[k][3][q] > 0))
                    throw new InputException(file, 0, "element " + elements.get(k) + ", function " + (q + 1) + ": sigma <= 0, cannot scale");
            }
            out.add(new Scaling(mode, sMin, sMax, cols[k][0], cols[k][1], cols[k][2], cols[k][3]));
        }
        return out;
    }

    private static int total(List<List<SymmetryFunction>> f) {
        int n = 0;
        for (List<SymmetryFunction> l : f) n += l.size();
        return n;
    }

    private static double[] readWeights(Path p, int expected, int[] sizes) {
        List<String> lines = lines(p, "weights file");
        String file = p.toString();
        double[] w = new double[expected];
        int n = 0;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith("#") || line.isBlank()) continue;
            if (n == expected) throw new InputException(file, i + 1, "more values than the " + expected + " weights and biases of a network " + Arrays.toString(sizes));
            String tok = line.trim().split("\\s+")[0];
            w[n++] = parseDouble(file, i + 1, tok, "weight");
        }
        if (n != expected) throw new InputException(file, 0, "found " + n + " values, but a network " + Arrays.toString(sizes) + " has " + expected + " weights and biases");
        return w;
    }

    private static int parseInt(String file, int line, String s, String what) {
        try {
            if (!s.matches("[+-]?[0-9]+")) throw new NumberFormatException(); // ASCII digits only
            return Integer.parseInt(s);
        } catch (NumberFormatException e) {
            throw new InputException(file, line, what + " '" + s + "' is not an integer");
        }
    }

    private static double parseDouble(String file, int line, String s, String what) {
        return TextNumbers.parseN2p2(s, file, line, what);
    }
}
