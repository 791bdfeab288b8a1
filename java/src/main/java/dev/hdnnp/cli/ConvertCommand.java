package dev.hdnnp.cli;

import dev.hdnnp.Version;
import dev.hdnnp.io.ModelFile;
import dev.hdnnp.io.ModelResolver;
import dev.hdnnp.io.N2p2Export;
import dev.hdnnp.io.StructureFiles;
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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code hdnnp convert IN OUT}: models (n2p2 directory ⇄ hdnnp-java JSON) and structures
 * (n2p2 input.data ⇄ extended XYZ, chosen by file name), optionally converting structure units.
 */
@Command(name = "convert", mixinStandardHelpOptions = true,
        description = {"Convert a model or a structure file.",
                "Models: an n2p2 directory (needs --length-unit and --energy-unit) becomes a model file (.json); "
                        + "a model file becomes an n2p2 directory with --to n2p2 (or when OUT does not end in .json).",
                "Structures: input.data (*.data) <-> extended XYZ (*.xyz, *.extxyz), by file name."})
final class ConvertCommand implements Runnable {
    @Parameters(index = "0", paramLabel = "IN") Path in;
    @Parameters(index = "1", paramLabel = "OUT") Path out;

    @Option(names = "--to", paramLabel = "FORMAT", description = "Output format: model, n2p2 (models); extxyz, n2p2-data (structures). Default: from OUT's name.")
    String to;

    @Option(names = "--length-unit", paramLabel = "UNIT", description = "Length unit of IN (n2p2 directories, and structures when converting units).")
    String lengthUnit;

    @Option(names = "--energy-unit", paramLabel = "UNIT", description = "Energy unit of IN (n2p2 directories, and structures when converting units).")
    String energyUnit;

    @Option(names = "--to-length-unit", paramLabel = "UNIT", description = "Structures only: convert positions, cell and forces to this length unit.")
    String toLengthUnit;

    @Option(names = "--to-energy-unit", paramLabel = "UNIT", description = "Structures only: convert energies and forces to this energy unit.")
    String toEnergyUnit;

    @Spec CommandSpec spec;

    @Override
    public void run() {
        try {
            if (Files.isDirectory(in) || name(in).endsWith(".json")) convertModel();
            else convertStructures();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private void convertModel() throws IOException {
        if (toLengthUnit != null || toEnergyUnit != null)
            throw new IllegalArgumentException("--to-length-unit/--to-energy-unit convert structures; a model keeps the units it was trained in");
        boolean n2p2 = Files.isDirectory(in);
        Model m = ModelResolver.resolve(in, lengthUnit, energyUnit, "--length-unit and --energy-unit");
        if (n2p2) {
            Map<String, String> provenance = new LinkedHashMap<>();
            provenance.put("created", Instant.now().truncatedTo(ChronoUnit.SECONDS).toString());
            provenance.put("tool", Version.tool());
            provenance.put("sources", "n2p2 potential directory " + in.toAbsolutePath().normalize()
                    + " (units given at conversion: " + m.lengthUnit() + ", " + m.energyUnit() + ")");
            m = m.withNetworks(m.networks(), provenance);
        }
        String format = to != null ? to.toLowerCase(Locale.ROOT) : name(out).endsWith(".json") ? "model" : "n2p2";
        PrintWriter o = spec.commandLine().getOut();
        switch (format) {
            case "model", "json" -> ModelFile.write(m, out);
            case "n2p2" -> {
                if (Files.exists(out) && !Files.isDirectory(out)) throw new IllegalArgumentException(out + " exists and is not a directory (an n2p2 potential is a directory)");
                N2p2Export.write(m, out);
            }
            default -> throw new IllegalArgumentException("--to " + to + ": a model converts to 'model' or 'n2p2'");
        }
        o.println("wrote " + out + " (" + (format.equals("n2p2") ? "n2p2 directory" : "hdnnp-java model") + ", elements "
                + String.join(" ", m.elements()) + ", length " + m.lengthUnit() + ", energy " + m.energyUnit() + ")");
        o.flush();
    }

    private void convertStructures() throws IOException {
        List<Structure> structures = StructureFiles.read(in);
        if (toLengthUnit != null || toEnergyUnit != null) {
            if (lengthUnit == null || energyUnit == null)
                throw new IllegalArgumentException("converting units needs the units of " + in + ": give --length-unit and --energy-unit");
            double l = Units.lengthFactor(lengthUnit, toLengthUnit != null ? toLengthUnit : lengthUnit);
            double e = Units.energyFactor(energyUnit, toEnergyUnit != null ? toEnergyUnit : energyUnit);
            for (Structure s : structures) scale(s, l, e);
        } else if (lengthUnit != null || energyUnit != null) {
            throw new IllegalArgumentException("--length-unit/--energy-unit of structures only matter with --to-length-unit or --to-energy-unit");
        }
        String format = to == null ? StructureFiles.formatOf(out) : switch (to.toLowerCase(Locale.ROOT)) {
            case "extxyz", "xyz" -> StructureFiles.EXTXYZ;
            case "n2p2-data", "n2p2", "input.data", "data" -> StructureFiles.N2P2;
            default -> throw new IllegalArgumentException("--to " + to + ": structures convert to 'extxyz' or 'n2p2-data'");
        };
        StructureFiles.write(out, structures, format);
        PrintWriter o = spec.commandLine().getOut();
        o.println("wrote " + out + " (" + structures.size() + " structures, " + format + ")");
        o.flush();
    }

    /** Positions and cell × l, energy × e, forces × e/l; other columns are copied unchanged. */
    static void scale(Structure s, double l, double e) {
        double[] x = s.positions();
        for (int i = 0; i < x.length; i++) x[i] *= l;
        if (s.cell() != null) for (int i = 0; i < 9; i++) s.cell()[i] *= l;
        if (s.hasEnergy()) s.setEnergy(s.energy() * e);
        double[] f = s.forces();
        if (f != null) for (int i = 0; i < f.length; i++) f[i] *= e / l;
    }

    private static String name(Path p) {
        return p.getFileName() == null ? "" : p.getFileName().toString().toLowerCase(Locale.ROOT);
    }
}
