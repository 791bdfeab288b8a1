package dev.hdnnp.train;

import dev.hdnnp.descriptor.Scaling;
import dev.hdnnp.descriptor.ScalingMode;
import dev.hdnnp.descriptor.SymmetryFunction;
import dev.hdnnp.nn.NeuralNetwork;
import dev.hdnnp.potential.Model;
import dev.hdnnp.potential.Normalization;
import dev.hdnnp.structure.Elements;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Writes a model as an n2p2 potential directory (input.nn, scaling.data, weights.ZZZ.data),
 * readable by n2p2 and by {@link dev.hdnnp.io.N2p2Potential}. The directory is first written
 * next to the target and then moved into place, so a crash never leaves a half-written model.
 * (Stop-gap until the project's own model file is available.)
 */
public final class N2p2Export {
    private N2p2Export() {}

    public static void write(Model m, Path dir) {
        try {
            Path parent = dir.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path tmp = Files.createTempDirectory(parent, dir.getFileName() + ".tmp");
            writeFiles(m, tmp);
            Path old = null;
            if (Files.exists(dir)) {
                old = parent.resolve(dir.getFileName() + ".old");
                deleteTree(old);
                Files.move(dir, old, StandardCopyOption.ATOMIC_MOVE);
            }
            Files.move(tmp, dir, StandardCopyOption.ATOMIC_MOVE);
            if (old != null) deleteTree(old);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the n2p2 potential to " + dir + ": " + e.getMessage(), e);
        }
    }

    private static void writeFiles(Model m, Path dir) throws IOException {
        StringBuilder b = new StringBuilder();
        b.append("# written by hdnnp-java; lengths in ").append(m.lengthUnit()).append(", energies in ").append(m.energyUnit()).append('\n');
        Normalization n = m.normalization();
        if (!n.isIdentity()) {
            b.append(String.format(Locale.ROOT, "mean_energy %.17g%nconv_energy %.17g%nconv_length %.17g%n", n.meanEnergy(), n.convEnergy(), n.convLength()));
        }
        b.append("number_of_elements ").append(m.elements().size()).append('\n');
        b.append("elements ").append(String.join(" ", m.elements())).append('\n');
        for (int e = 0; e < m.elements().size(); e++)
            if (m.energyOffset(e) != 0) b.append(String.format(Locale.ROOT, "atom_energy %s %.17g%n", m.elements().get(e), m.energyOffset(e)));
        b.append("cutoff_type ").append(m.cutoffType().code());
        if (m.cutoffAlpha() != 0) b.append(' ').append(m.cutoffAlpha());
        b.append('\n');
        Scaling s0 = m.scaling(0);
        ScalingMode mode = s0.mode();
        if (mode == ScalingMode.SCALE || mode == ScalingMode.SCALECENTER) b.append("scale_symmetry_functions\n");
        if (mode == ScalingMode.CENTER || mode == ScalingMode.SCALECENTER) b.append("center_symmetry_functions\n");
        if (mode == ScalingMode.SCALESIGMA) b.append("scale_symmetry_functions_sigma\n");
        b.append(String.format(Locale.ROOT, "scale_min_short %.17g%nscale_max_short %.17g%n", s0.sMin(), s0.sMax()));
        NeuralNetwork net0 = m.network(0);
        int h = net0.layerCount() - 2;
        b.append("global_hidden_layers_short ").append(h).append('\n');
        b.append("global_nodes_short");
        for (int l = 1; l <= h; l++) b.append(' ').append(net0.size(l));
        b.append("\nglobal_activation_short");
        for (int l = 1; l <= h + 1; l++) b.append(' ').append(net0.activation(l).letter());
        b.append('\n');
        if (net0.normalizeNodes()) b.append("normalize_nodes\n");
        for (int e = 0; e < m.elements().size(); e++)
            for (SymmetryFunction f : m.functions(e)) b.append("symfunction_short ").append(f.toN2p2()).append('\n');
        Files.writeString(dir.resolve("input.nn"), b);

        StringBuilder sc = new StringBuilder("# hdnnp-java scaling data: element, function, min, max, mean, sigma\n");
        for (int e = 0; e < m.elements().size(); e++) {
            Scaling s = m.scaling(e);
            for (int q = 0; q < s.size(); q++)
                sc.append(String.format(Locale.ROOT, "%10d %10d %24.16E %24.16E %24.16E %24.16E%n", e + 1, q + 1, s.min(q), s.max(q), s.mean(q), s.sigma(q)));
        }
        Files.writeString(dir.resolve("scaling.data"), sc);

        for (int e = 0; e < m.elements().size(); e++) {
            StringBuilder w = new StringBuilder("# hdnnp-java weights, n2p2 order\n");
            for (double v : m.network(e).parameters()) w.append(String.format(Locale.ROOT, "%24.16E%n", v));
            Files.writeString(dir.resolve(String.format(Locale.ROOT, "weights.%03d.data", Elements.atomicNumber(m.elements().get(e)))), w);
        }
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) return;
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(Comparator.reverseOrder()).toList()) Files.delete(q);
        }
    }
}
