package dev.hdnnp.io;

import dev.hdnnp.Version;
import dev.hdnnp.descriptor.Scaling;
import dev.hdnnp.descriptor.SymmetryFunction;
import dev.hdnnp.nn.Activation;
import dev.hdnnp.nn.NeuralNetwork;
import dev.hdnnp.potential.Model;
import dev.hdnnp.potential.Normalization;
import dev.hdnnp.structure.Elements;

import java.io.IOException;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a model as an n2p2 potential directory: {@code input.nn} (prediction keywords only),
 * {@code scaling.data} and one {@code weights.ZZZ.data} per element, each file atomically.
 *
 * <p>Numbers in {@code input.nn} use Java's shortest round-trip form (C's {@code atof} reads it
 * exactly); table values use n2p2's {@code %24.16E}, whose 17 significant digits identify every
 * double. The units are not part of n2p2's format; they are recorded in a comment only.
 */
public final class N2p2Export {
    private N2p2Export() {}

    /**
     * Writes the model into {@code dir}: a new or empty directory, or an existing n2p2 potential
     * (one with an {@code input.nn}), whose potential files are replaced. Each file is replaced
     * atomically; afterwards the {@code weights.ZZZ.data} of elements the new model lacks (and
     * {@code scaling.data} when the new model has no statistics) are deleted, so that the directory
     * holds exactly one potential. Other files (e.g. n2p2's training output) are left alone.
     *
     * @throws IllegalArgumentException if the networks differ in a way n2p2's input.nn cannot express
     *                                  (hidden-layer counts, last hidden layer, output activation, normalize_nodes)
     * @throws InputException if {@code dir} is a file, or a non-empty directory that is not an n2p2
     *                        potential (writing into it could mix a potential with unrelated files)
     */
    public static void write(Model model, Path dir) throws IOException {
        String inputNn = inputNn(model); // validated before anything is written
        if (Files.exists(dir) && !Files.isDirectory(dir))
            throw new InputException(dir, 0, "exists and is not a directory; expected a directory for the n2p2 potential");
        if (Files.isDirectory(dir) && !Files.exists(dir.resolve("input.nn"))) {
            try (var entries = Files.list(dir)) {
                if (entries.findAny().isPresent())
                    throw new InputException(dir, 0, "is a non-empty directory without input.nn (not an n2p2 potential); "
                            + "expected a new or empty directory, or an n2p2 potential directory to replace");
            }
        }
        Files.createDirectories(dir);
        AtomicFiles.write(dir.resolve("input.nn"), w -> w.write(inputNn));
        boolean statistics = model.scalings().stream().allMatch(Scaling::hasStatistics);
        if (statistics) AtomicFiles.write(dir.resolve("scaling.data"), w -> writeScaling(model, w));
        for (int e = 0; e < model.elements().size(); e++) {
            final NeuralNetwork net = model.network(e);
            String name = String.format(Locale.ROOT, "weights.%03d.data", Elements.atomicNumber(model.elements().get(e)));
            AtomicFiles.write(dir.resolve(name), w -> writeWeights(net, w));
        }
        // stale files of a previous potential: n2p2 would ignore them, a person would not
        if (!statistics) Files.deleteIfExists(dir.resolve("scaling.data"));
        try (var entries = Files.newDirectoryStream(dir, "weights.[0-9][0-9][0-9].data")) {
            for (Path p : entries) {
                int z = Integer.parseInt(p.getFileName().toString().substring(8, 11));
                boolean current = false;
                for (String el : model.elements()) current |= Elements.atomicNumber(el) == z;
                if (!current) Files.delete(p);
            }
        }
    }

    /** The text of input.nn for the model. */
    public static String inputNn(Model model) {
        List<String> els = model.elements();
        int nel = els.size();
        NeuralNetwork ref = model.network(0);
        int layers = ref.layerCount();
        StringBuilder b = new StringBuilder();
        b.append("# n2p2 potential written by ").append(Version.tool()).append('\n');
        b.append("# units: length ").append(model.lengthUnit()).append(", energy ").append(model.energyUnit())
                .append(" (n2p2 stores no units; structures must use these)\n");
        for (Map.Entry<String, String> p : model.provenance().entrySet())
            for (String v : p.getValue().split("\n")) b.append("# provenance ").append(p.getKey()).append(": ").append(v).append('\n');
        b.append('\n');
        line(b, "nnp_type", "2");
        line(b, "number_of_elements", Integer.toString(nel));
        line(b, "elements", String.join(" ", els));
        for (int e = 0; e < nel; e++) line(b, "atom_energy", els.get(e) + " " + Double.toString(model.energyOffset(e)));
        Normalization n = model.normalization();
        if (!n.isIdentity()) {
            line(b, "mean_energy", Double.toString(n.meanEnergy()));
            line(b, "conv_energy", Double.toString(n.convEnergy()));
            line(b, "conv_length", Double.toString(n.convLength()));
        }
        line(b, "cutoff_type", model.cutoffType().code() + " " + Double.toString(model.cutoffAlpha()));
        Scaling s0 = model.scaling(0);
        switch (s0.mode()) {
            case NONE -> {}
            case SCALE -> b.append("scale_symmetry_functions\n");
            case CENTER -> b.append("center_symmetry_functions\n");
            case SCALECENTER -> b.append("scale_symmetry_functions\ncenter_symmetry_functions\n");
            case SCALESIGMA -> b.append("scale_symmetry_functions_sigma\n");
        }
        line(b, "scale_min_short", Double.toString(s0.sMin()));
        line(b, "scale_max_short", Double.toString(s0.sMax()));
        for (int e = 1; e < nel; e++) {
            Scaling s = model.scaling(e);
            if (s.mode() != s0.mode() || s.sMin() != s0.sMin() || s.sMax() != s0.sMax())
                throw new IllegalArgumentException("element " + els.get(e) + " is scaled differently from " + els.get(0) + "; n2p2 has one scaling mode for all elements");
        }

        // n2p2's per-element overrides cannot change the number of hidden layers, the last hidden
        // layer's size or the output activation (n2p2-formats Q6), so these must agree across elements
        int h = layers - 2;
        line(b, "global_hidden_layers_short", Integer.toString(h));
        line(b, "global_nodes_short", join(ref.sizes(), 1, h + 1));
        line(b, "global_activation_short", letters(ref.activations()));
        if (ref.normalizeNodes()) b.append("normalize_nodes\n");
        for (int e = 1; e < nel; e++) {
            NeuralNetwork net = model.network(e);
            String el = els.get(e);
            if (net.layerCount() != layers)
                throw new IllegalArgumentException("element " + el + " has " + (net.layerCount() - 2) + " hidden layers but " + els.get(0) + " has " + h
                        + "; n2p2's input.nn cannot express different hidden-layer counts");
            if (net.normalizeNodes() != ref.normalizeNodes())
                throw new IllegalArgumentException("normalize_nodes differs between elements; n2p2 has one flag for all");
            if (h > 0 && net.size(h) != ref.size(h))
                throw new IllegalArgumentException("element " + el + "'s last hidden layer has " + net.size(h) + " neurons but " + els.get(0)
                        + "'s has " + ref.size(h) + "; n2p2 ignores a per-element override of the last hidden layer");
            if (net.activation(h + 1) != ref.activation(h + 1))
                throw new IllegalArgumentException("element " + el + " has another output activation than " + els.get(0) + "; n2p2 ignores a per-element override of it");
            if (!Arrays.equals(net.sizes(), 1, h + 1, ref.sizes(), 1, h + 1))
                line(b, "element_nodes_short", el + " " + join(net.sizes(), 1, h + 1));
            if (!Arrays.equals(net.activations(), ref.activations()))
                line(b, "element_activation_short", el + " " + letters(net.activations()));
        }
        b.append('\n');
        for (int e = 0; e < nel; e++) {
            for (SymmetryFunction sf : model.functions(e)) line(b, "symfunction_short", sf.toN2p2());
            b.append('\n');
        }
        return b.toString();
    }

    private static void writeScaling(Model model, Writer w) throws IOException {
        w.write("# Symmetry function scaling data written by " + Version.tool() + "\n");
        w.write("# columns: element index (by atomic number, from 1), function index (n2p2 order, from 1), min, max, mean, sigma\n");
        for (int e = 0; e < model.elements().size(); e++) {
            Scaling s = model.scaling(e);
            for (int k = 0; k < s.size(); k++)
                w.write(String.format(Locale.ROOT, "%10d %10d %24.16E %24.16E %24.16E %24.16E\n", e + 1, k + 1, s.min(k), s.max(k), s.mean(k), s.sigma(k)));
        }
    }

    private static void writeWeights(NeuralNetwork net, Writer w) throws IOException {
        w.write("# Neural network weights and biases written by " + Version.tool() + "\n");
        w.write("# columns: value, a = weight / b = bias, index, then for weights: start layer, start neuron, end layer, end neuron;\n");
        w.write("#          for biases: layer, neuron (layers from 0 = input, neurons from 1)\n");
        double[] p = net.parameters();
        int index = 0;
        for (int l = 1; l < net.layerCount(); l++) {
            int nin = net.size(l - 1), nout = net.size(l);
            int wo = net.weightOffset(l), bo = net.biasOffset(l);
            for (int j = 0; j < nin; j++)
                for (int k = 0; k < nout; k++) {
                    index++;
                    w.write(String.format(Locale.ROOT, "%24.16E a %9d %5d %5d %5d %5d\n", p[wo + j * nout + k], index, l - 1, j + 1, l, k + 1));
                }
            for (int k = 0; k < nout; k++) {
                index++;
                w.write(String.format(Locale.ROOT, "%24.16E b %9d %5d %5d\n", p[bo + k], index, l, k + 1));
            }
        }
    }

    private static void line(StringBuilder b, String keyword, String value) {
        b.append(keyword).append(' ').append(value).append('\n');
    }

    private static String join(int[] a, int from, int to) {
        StringBuilder b = new StringBuilder();
        for (int i = from; i < to; i++) b.append(i > from ? " " : "").append(a[i]);
        return b.toString();
    }

    private static String letters(Activation[] a) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < a.length; i++) b.append(i > 0 ? " " : "").append(a[i].letter());
        return b.toString();
    }
}
