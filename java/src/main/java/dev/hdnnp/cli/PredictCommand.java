package dev.hdnnp.cli;

import dev.hdnnp.io.AtomicFiles;
import dev.hdnnp.io.InputException;
import dev.hdnnp.io.StructureFiles;
import dev.hdnnp.potential.Model;
import dev.hdnnp.potential.Prediction;
import dev.hdnnp.potential.Predictor;
import dev.hdnnp.potential.Units;
import dev.hdnnp.structure.Structure;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * {@code hdnnp predict MODEL STRUCTURES}: energies, forces, per-atom energies and (periodic
 * structures) stress, as extended XYZ or as a plain table.
 */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = {"Predict energies, forces, per-atom energies and stress of structures (input.data or extended XYZ).",
                "Stress = -virial/volume (ASE's sign: positive is tensile), for structures periodic in all three directions, "
                        + "in energy/length^3 of the structure units.",
                "Per-atom energies include the normalization mean and the element's atom_energy offset, so they sum to the total."})
final class PredictCommand implements Runnable {
    @Parameters(index = "0", paramLabel = "MODEL", description = "Model file, or an n2p2 directory with --n2p2-units.")
    Path model;

    @Parameters(index = "1", paramLabel = "STRUCTURES", description = "input.data (*.data) or extended XYZ (*.xyz, *.extxyz).")
    Path structures;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT", description = "Output file (default: standard output).")
    Path output;

    @Option(names = "--format", paramLabel = "FORMAT", description = "extxyz or table (default: extxyz, or table when OUT does not end in .xyz/.extxyz).")
    String format;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "1", description = "Evaluator threads (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--units-from-model", description = "The structures use the model's units (the default).")
    boolean unitsFromModel;

    @Option(names = "--length-unit", paramLabel = "UNIT", description = "Length unit of the structure file (default: the model's).")
    String lengthUnit;

    @Option(names = "--energy-unit", paramLabel = "UNIT", description = "Energy unit of the structure file and of the output (default: the model's).")
    String energyUnit;

    @Option(names = "--n2p2-units", paramLabel = "LENGTH,ENERGY", description = "Read MODEL as an n2p2 directory in these units, e.g. bohr,hartree.")
    String n2p2Units;

    @Spec CommandSpec spec;

    /** The units of everything predict writes. */
    record OutputUnits(String length, String energy) {
        String describe(String sep, String between) {
            return String.join(between, "energy" + sep + energy, "length" + sep + length, "forces" + sep + energy + "/" + length,
                    "stress" + sep + energy + "/" + length + "^3");
        }
    }

    @Override
    public void run() {
        if (unitsFromModel && (lengthUnit != null || energyUnit != null))
            throw new IllegalArgumentException("--units-from-model contradicts --length-unit/--energy-unit");
        String fmt = outputFormat();
        Model m = ModelSource.load(model, n2p2Units);
        String lu = Units.lengthUnit(lengthUnit != null ? lengthUnit : m.lengthUnit());
        String eu = Units.energyUnit(energyUnit != null ? energyUnit : m.energyUnit());
        List<Structure> input;
        try {
            input = StructureFiles.read(structures);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        checkSpecies(m, input);

        Extrapolation extrapolation = new Extrapolation(m);
        List<Prediction> results = predict(m, input, lu, eu, threads, extrapolation, structures);

        OutputUnits header = new OutputUnits(lu, eu);
        try {
            if (output == null) {
                PrintWriter out = spec.commandLine().getOut();
                write(fmt, input, results, header, out);
                out.flush();
            } else {
                AtomicFiles.write(output, w -> write(fmt, input, results, header, new PrintWriter(w)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        extrapolation.report(spec.commandLine().getErr(), input.size());
    }

    private String outputFormat() {
        if (format != null) {
            String f = format.toLowerCase(Locale.ROOT);
            if (!f.equals("extxyz") && !f.equals("table")) throw new IllegalArgumentException("--format: expected extxyz or table, got '" + format + "'");
            return f;
        }
        if (output == null) return "extxyz";
        String n = output.getFileName().toString().toLowerCase(Locale.ROOT);
        return n.endsWith(".xyz") || n.endsWith(".extxyz") ? "extxyz" : "table";
    }

    private void checkSpecies(Model m, List<Structure> input) {
        checkSpecies(m, input, structures);
    }

    /** {@link Predictor#predictAll}, with a structure that cannot be evaluated reported against its file. */
    static List<Prediction> predict(Model m, List<Structure> input, String lu, String eu, int threads,
                                    Extrapolation extrapolation, Path file) {
        try {
            return Predictor.predictAll(m, input, lu, eu, threads, extrapolation);
        } catch (IllegalArgumentException e) {
            throw new InputException(file.toString(), 0, e.getMessage(), e);
        }
    }

    static void checkSpecies(Model m, List<Structure> input, Path structures) {
        for (int k = 0; k < input.size(); k++) {
            Structure s = input.get(k);
            for (int i = 0; i < s.size(); i++)
                if (m.elementIndex(s.species(i)) < 0)
                    throw new InputException(structures, 0, "structure " + (k + 1) + ", atom " + (i + 1) + ": element " + s.species(i)
                            + " is not in the model (elements " + String.join(" ", m.elements()) + ")");
        }
    }

    private void write(String fmt, List<Structure> input, List<Prediction> results, OutputUnits header, PrintWriter w) throws IOException {
        if (fmt.equals("table")) PredictionTable.write(w, model, structures, input, results, header);
        else PredictionExtxyz.write(w, input, results, header);
        w.flush();
    }
}
