package dev.hdnnp.cli;

import dev.hdnnp.descriptor.Scaling;
import dev.hdnnp.descriptor.SymmetryFunction;
import dev.hdnnp.descriptor.SymmetryFunctionType;
import dev.hdnnp.nn.Activation;
import dev.hdnnp.nn.NeuralNetwork;
import dev.hdnnp.potential.Model;
import dev.hdnnp.potential.Normalization;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.Map;
import java.util.StringJoiner;

/** {@code hdnnp info MODEL}: what a model contains, in words. */
@Command(name = "info", mixinStandardHelpOptions = true,
        description = "Describe a model: elements, symmetry functions, networks, cutoff, scaling, normalization, provenance.")
final class InfoCommand implements Runnable {
    @Parameters(paramLabel = "MODEL", description = "Model file (hdnnp-java JSON), or an n2p2 directory with --n2p2-units.")
    Path model;

    @Option(names = "--n2p2-units", paramLabel = "LENGTH,ENERGY",
            description = "Read MODEL as an n2p2 directory in these units, e.g. bohr,hartree.")
    String n2p2Units;

    @Spec CommandSpec spec;

    @Override
    public void run() {
        Model m = ModelSource.load(model, n2p2Units);
        PrintWriter out = spec.commandLine().getOut();
        describe(m, model, out);
        out.flush();
    }

    static void describe(Model m, Path source, PrintWriter out) {
        String len = m.lengthUnit(), en = m.energyUnit();
        out.println("model:         " + source);
        out.println("units:         length " + len + ", energy " + en);
        out.println("elements:      " + String.join(" ", m.elements()));
        out.println("cutoff:        " + m.cutoffType() + " (n2p2 cutoff_type " + m.cutoffType().code() + "), alpha " + m.cutoffAlpha()
                + (m.cutoffType().usesInnerCutoff() ? "" : " (not used by this type)") + ", largest radius " + m.cutoff() + " " + len);
        Scaling s0 = m.scaling(0);
        out.println("scaling:       " + s0.mode() + ", inputs mapped to [" + s0.sMin() + ", " + s0.sMax() + "]"
                + (s0.hasStatistics() ? "" : " (no training statistics: no extrapolation warnings)"));
        Normalization n = m.normalization();
        out.println("normalization: " + (n.isIdentity() ? "none"
                : "mean_energy " + n.meanEnergy() + " " + en + "/atom, conv_energy " + n.convEnergy() + " per " + en
                  + ", conv_length " + n.convLength() + " per " + len));
        StringJoiner offsets = new StringJoiner(", ");
        for (int e = 0; e < m.elements().size(); e++) offsets.add(m.elements().get(e) + " " + m.energyOffset(e) + " " + en);
        out.println("atom energies: " + offsets);
        for (int e = 0; e < m.elements().size(); e++) {
            NeuralNetwork net = m.network(e);
            out.println(m.elements().get(e) + ": " + m.functions(e).size() + " symmetry functions (" + countsByType(m, e) + ")");
            StringJoiner topo = new StringJoiner("-");
            for (int size : net.sizes()) topo.add(Integer.toString(size));
            StringBuilder act = new StringBuilder();
            for (Activation a : net.activations()) act.append(a.letter());
            out.println("    network " + topo + ", activations " + act + (net.normalizeNodes() ? ", normalize_nodes" : "")
                    + ", " + net.parameters().length + " weights and biases");
        }
        if (!m.provenance().isEmpty()) {
            out.println("provenance:");
            for (Map.Entry<String, String> p : m.provenance().entrySet())
                for (String v : p.getValue().split("\n")) out.println("    " + p.getKey() + ": " + v);
        }
    }

    private static String countsByType(Model m, int e) {
        Map<SymmetryFunctionType, Integer> counts = new EnumMap<>(SymmetryFunctionType.class);
        for (SymmetryFunction f : m.functions(e)) counts.merge(f.type(), 1, Integer::sum);
        StringJoiner j = new StringJoiner(", ");
        counts.forEach((t, c) -> j.add("type " + t.code() + " " + t.name().toLowerCase().replace('_', ' ') + ": " + c));
        return j.toString();
    }
}
