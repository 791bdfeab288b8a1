package dev.hdnnp.cli;

import dev.hdnnp.io.AtomicFiles;
import dev.hdnnp.io.InputException;
import dev.hdnnp.io.StructureFiles;
import dev.hdnnp.neighbor.NeighborList;
import dev.hdnnp.potential.EvaluationResult;
import dev.hdnnp.potential.Evaluator;
import dev.hdnnp.potential.Model;
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
import java.util.ArrayList;
import java.util.Arrays;
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

    /** What one structure gave, in the structure's units. */
    record Prediction(double energy, double[] forces, double[] atomEnergies, double[] stress) {}

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
        List<Prediction> results = predictAll(m, input, lu, eu, threads, extrapolation);

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

    /** Energies, forces, per-atom energies and stress of every structure, in units (lu, eu). */
    static List<Prediction> predictAll(Model m, List<Structure> input, String lu, String eu, int threads, Extrapolation extrapolation) {
        List<Prediction> results = new ArrayList<>(input.size());
        // the neighbour list is built in the structure's unit; the evaluator filters by exact distance
        double cutoff = m.cutoff() * Units.lengthFactor(m.lengthUnit(), lu) * (1 + 1e-12);
        try (Evaluator ev = new Evaluator(m, threads)) {
            ev.setUnits(lu, eu);
            EvaluationResult r = new EvaluationResult();
            for (int k = 0; k < input.size(); k++) {
                Structure s = input.get(k);
                NeighborList nl = NeighborList.build(s, cutoff, m::elementIndex);
                r.ensureCapacity(nl.totalCount(), true, false);
                ev.compute(nl, r);
                double[] forces = new double[3 * s.size()];
                nl.foldGhostForces(r.forces, forces);
                results.add(new Prediction(r.energy, forces, Arrays.copyOf(r.atomEnergy, s.size()), stress(s, r.virial)));
                if (extrapolation != null) extrapolation.add(k, s, r);
            }
        }
        return results;
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

    static void checkSpecies(Model m, List<Structure> input, Path structures) {
        for (int k = 0; k < input.size(); k++) {
            Structure s = input.get(k);
            for (int i = 0; i < s.size(); i++)
                if (m.elementIndex(s.species(i)) < 0)
                    throw new InputException(structures, 0, "structure " + (k + 1) + ", atom " + (i + 1) + ": element " + s.species(i)
                            + " is not in the model (elements " + String.join(" ", m.elements()) + ")");
        }
    }

    /** −W/V as a 3×3 row-major matrix, or null unless the structure is periodic in all directions. */
    static double[] stress(Structure s, double[] virial) {
        boolean[] p = s.pbc();
        if (!(p[0] && p[1] && p[2])) return null;
        double v = s.volume();
        double xx = -virial[0] / v, yy = -virial[1] / v, zz = -virial[2] / v;
        double xy = -virial[3] / v, xz = -virial[4] / v, yz = -virial[5] / v;
        return new double[]{xx, xy, xz, xy, yy, yz, xz, yz, zz};
    }

    private void write(String fmt, List<Structure> input, List<Prediction> results, OutputUnits header, PrintWriter w) throws IOException {
        if (fmt.equals("table")) PredictionTable.write(w, model, structures, input, results, header);
        else PredictionExtxyz.write(w, input, results, header);
        w.flush();
    }
}
