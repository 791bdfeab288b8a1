package dev.hdnnp.cli;

import dev.hdnnp.io.AtomicFiles;
import dev.hdnnp.io.CommitteeFile;
import dev.hdnnp.io.ExtxyzFormat;
import dev.hdnnp.io.InputException;
import dev.hdnnp.io.Trajectory;
import dev.hdnnp.neighbor.NeighborList;
import dev.hdnnp.potential.Committee;
import dev.hdnnp.potential.CommitteeEvaluator;
import dev.hdnnp.potential.CommitteeResult;
import dev.hdnnp.potential.Disagreement;
import dev.hdnnp.potential.Model;
import dev.hdnnp.potential.Units;
import dev.hdnnp.structure.Structure;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code hdnnp select --committee C TRAJECTORY -o OUT.xyz}: the frames of a trajectory where a
 * committee disagrees most, written as extended XYZ for a reference method to label.
 */
@Command(name = "select", mixinStandardHelpOptions = true,
        description = {"Select the frames of a trajectory where a committee disagrees most, to be labelled and added to the training set.",
                "Every frame is evaluated by the committee; frames whose largest per-atom force disagreement "
                        + "(sqrt of the mean over members of |F_i^m - mean F_i|^2) lies above --threshold (and not above --ceiling) are taken, "
                        + "the most uncertain first, at least --min-gap steps apart, until --count are taken.",
                "OUT gets species, positions, cell and pbc of each chosen frame (no energies or forces), with its step, frame number "
                        + "and disagreement as keys and the per-atom force disagreement as a column; standard output gets a table."})
final class SelectCommand implements Runnable {
    @Parameters(index = "0", paramLabel = "TRAJECTORY",
            description = "LAMMPS text dump (dump custom with type or element and x y z, xu yu zu, xs ys zs or xsu ysu zsu), extended XYZ or n2p2 input.data.")
    Path trajectory;

    @Option(names = "--committee", paramLabel = "MODEL", required = true, split = ",",
            description = "A committee file (hdnnp train --committee), or two or more model files (comma-separated or the option repeated).")
    List<Path> committee;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT", required = true, description = "Extended XYZ file for the chosen frames.")
    Path output;

    @Option(names = {"-k", "--count"}, paramLabel = "K", defaultValue = "10", description = "Frames to select at most (default: ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--threshold", paramLabel = "F", defaultValue = "0",
            description = "Only frames whose max force disagreement is above F, in energy/length (default: ${DEFAULT-VALUE}).")
    double threshold;

    @Option(names = "--ceiling", paramLabel = "F", description = "Skip frames whose max force disagreement is above F (unphysical; default: none).")
    Double ceiling;

    @Option(names = "--min-gap", paramLabel = "M", defaultValue = "0",
            description = "Chosen frames are at least M steps apart (dump timesteps; in extended XYZ the 'step' key or the frame index) (default: ${DEFAULT-VALUE}).")
    long minGap;

    @Option(names = "--types", paramLabel = "ELEMENTS", split = ",",
            description = "Element of LAMMPS atom type 1, 2, ... of a dump, e.g. --types O,H (not needed when the dump has an element column).")
    List<String> types;

    @Option(names = "--format", paramLabel = "FORMAT", description = "dump, extxyz or n2p2 (default: from the file name, or dump when the file starts with 'ITEM:').")
    String format;

    @Option(names = "--table", paramLabel = "CSV", description = "Also write every frame's step and disagreements as CSV.")
    Path table;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "1", description = "Evaluator threads for members that do not share descriptors (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--length-unit", paramLabel = "UNIT", description = "Length unit of the trajectory (default: the committee's).")
    String lengthUnit;

    @Option(names = "--energy-unit", paramLabel = "UNIT", description = "Energy unit of the disagreements reported (default: the committee's).")
    String energyUnit;

    @Spec CommandSpec spec;

    /** What one frame gave: its step, max and mean per-atom force disagreement, total-energy disagreement, extrapolation warnings. */
    record FrameStats(int number, long step, double maxForce, double meanForce, double energy, int extrapolations) {}

    @Override
    public void run() {
        if (count < 1) throw new IllegalArgumentException("--count: expected at least 1, got " + count);
        if (minGap < 0) throw new IllegalArgumentException("--min-gap: expected 0 or more, got " + minGap);
        if (!(threshold >= 0)) throw new IllegalArgumentException("--threshold: expected 0 or more, got " + threshold);
        double top = ceiling == null ? Double.POSITIVE_INFINITY : ceiling;
        if (!(top > threshold)) throw new IllegalArgumentException("--ceiling " + top + " must be above --threshold " + threshold);
        Trajectory.Format fmt = format == null ? null : switch (format.toLowerCase(Locale.ROOT)) {
            case "dump", "lammps", "lammpstrj" -> Trajectory.Format.DUMP;
            case "extxyz", "xyz" -> Trajectory.Format.EXTXYZ;
            case "n2p2", "data" -> Trajectory.Format.N2P2;
            default -> throw new IllegalArgumentException("--format: expected dump, extxyz or n2p2, got '" + format + "'");
        };
        Committee c = CommitteeFile.load(committee, null, null, "--length-unit/--energy-unit");
        Model first = c.member(0);
        String lu = Units.lengthUnit(lengthUnit != null ? lengthUnit : first.lengthUnit());
        String eu = Units.energyUnit(energyUnit != null ? energyUnit : first.energyUnit());
        List<String> typeElements = types == null ? List.of() : types.stream().map(String::strip).toList();
        for (String e : typeElements)
            if (!dev.hdnnp.structure.Elements.isElement(e))
                throw new IllegalArgumentException("--types: '" + e + "' is not an element symbol (give one per LAMMPS type, e.g. --types O,H)");

        List<FrameStats> stats = new ArrayList<>();
        try {
            evaluate(c, lu, eu, fmt, typeElements, stats);
            if (stats.isEmpty()) throw new InputException(trajectory, 0, "no frames");
            long[] steps = stats.stream().mapToLong(FrameStats::step).toArray();
            double[] maxF = stats.stream().mapToDouble(FrameStats::maxForce).toArray();
            List<Integer> chosen = FrameSelection.select(steps, maxF, count, threshold, top, minGap);
            writeFrames(c, lu, eu, fmt, typeElements, stats, chosen);
            if (table != null) writeTable(stats, chosen);
            report(stats, chosen, lu, eu, top);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Streams the trajectory once, keeping only each frame's numbers. */
    private void evaluate(Committee c, String lu, String eu, Trajectory.Format fmt, List<String> typeElements, List<FrameStats> out) throws IOException {
        try (Trajectory t = Trajectory.open(trajectory, fmt, typeElements);
             Scorer scorer = new Scorer(c, lu, eu, threads)) {
            for (Trajectory.Frame f; (f = t.next()) != null; ) {
                checkSpecies(c.member(0), f);
                scorer.score(f.structure());
                out.add(new FrameStats(f.number(), f.step(), scorer.max(), scorer.mean(), scorer.energyDisagreement(), scorer.extrapolations()));
            }
        }
    }

    private void checkSpecies(Model m, Trajectory.Frame f) {
        Structure s = f.structure();
        for (int i = 0; i < s.size(); i++)
            if (m.elementIndex(s.species(i)) < 0)
                throw new InputException(trajectory, f.line(), "frame " + f.number() + ", atom " + (i + 1) + ": element " + s.species(i)
                        + " is not in the committee's models (elements " + String.join(" ", m.elements()) + ")");
    }

    /** Streams the trajectory again and writes the chosen frames, most uncertain first. */
    private void writeFrames(Committee c, String lu, String eu, Trajectory.Format fmt, List<String> typeElements,
                             List<FrameStats> stats, List<Integer> chosen) throws IOException {
        Map<Integer, Integer> rank = new HashMap<>();
        for (int r = 0; r < chosen.size(); r++) rank.put(chosen.get(r), r);
        Structure[] picked = new Structure[chosen.size()];
        try (Trajectory t = Trajectory.open(trajectory, fmt, typeElements);
             Scorer scorer = new Scorer(c, lu, eu, threads)) {
            int index = 0;
            for (Trajectory.Frame f; (f = t.next()) != null && rank.size() > 0; index++) {
                Integer r = rank.remove(index);
                if (r == null) continue;
                scorer.score(f.structure());
                picked[r] = toLabel(f, stats.get(index), scorer.perAtom());
            }
            if (!rank.isEmpty()) throw new InputException(trajectory, 0, "the file changed while it was read: frame " + (rank.keySet().iterator().next() + 1) + " is gone");
        }
        ExtxyzFormat.write(output, Arrays.asList(picked));
    }

    /** A frame as a reference method needs it: species, positions, cell and pbc; where it came from and how uncertain it was as keys. */
    private Structure toLabel(Trajectory.Frame f, FrameStats st, double[] perAtom) {
        Structure s = f.structure();
        Structure out = new Structure(s.species().clone(), s.positions().clone(), s.cell() == null ? null : s.cell().clone(), s.pbc());
        out.info().put("step", Long.toString(f.step()));
        out.info().put("frame", Integer.toString(f.number()));
        out.info().put("source", trajectory.getFileName().toString());
        out.info().put("max_force_disagreement", Double.toString(st.maxForce()));
        out.info().put("mean_force_disagreement", Double.toString(st.meanForce()));
        out.info().put("energy_disagreement", Double.toString(st.energy()));
        String[] col = new String[s.size()];
        for (int i = 0; i < col.length; i++) col[i] = Double.toString(perAtom[i]);
        out.atomProperties().put("force_disagreement", new Structure.PerAtomProperty('R', 1, col));
        return out;
    }

    private void writeTable(List<FrameStats> stats, List<Integer> chosen) throws IOException {
        int[] rank = new int[stats.size()];
        for (int r = 0; r < chosen.size(); r++) rank[chosen.get(r)] = r + 1;
        AtomicFiles.write(table, w -> {
            w.write("frame,step,max_force_disagreement,mean_force_disagreement,energy_disagreement,extrapolation_warnings,selected\n");
            for (int i = 0; i < stats.size(); i++) {
                FrameStats s = stats.get(i);
                w.write(s.number() + "," + s.step() + "," + s.maxForce() + "," + s.meanForce() + "," + s.energy() + "," + s.extrapolations() + "," + rank[i] + "\n");
            }
        });
    }

    private void report(List<FrameStats> stats, List<Integer> chosen, String lu, String eu, double top) {
        PrintWriter out = spec.commandLine().getOut();
        int above = 0, beyond = 0, extrapolating = 0;
        for (FrameStats s : stats) {
            if (s.maxForce() > threshold) above++;
            if (s.maxForce() > top) beyond++;
            if (s.extrapolations() > 0) extrapolating++;
        }
        out.printf(Locale.ROOT, "# %s: %d frames, %d with max force disagreement above %s %s/%s%s, %d selected into %s%n", trajectory, stats.size(),
                above, threshold, eu, lu, beyond > 0 ? " (" + beyond + " above the ceiling, skipped)" : "", chosen.size(), output);
        if (extrapolating > 0) out.printf(Locale.ROOT, "# %d frames have extrapolation warnings (descriptors outside a member's training range)%n", extrapolating);
        out.printf(Locale.ROOT, "# force disagreement in %s/%s, energy disagreement in %s%n", eu, lu, eu);
        out.printf(Locale.ROOT, "#%5s %8s %12s %24s %24s %24s%n", "rank", "frame", "step", "max_force_disagreement", "mean_force_disagreement", "energy_disagreement");
        for (int r = 0; r < chosen.size(); r++) {
            FrameStats s = stats.get(chosen.get(r));
            out.printf(Locale.ROOT, "%6d %8d %12d %24.16e %24.16e %24.16e%n", r + 1, s.number(), s.step(), s.maxForce(), s.meanForce(), s.energy());
        }
        out.flush();
    }

    /** One committee evaluation per frame, reusing the evaluator; keeps the last frame's per-atom force disagreement. */
    static final class Scorer implements AutoCloseable {
        private final Committee committee;
        private final CommitteeEvaluator evaluator;
        private final CommitteeResult result;
        private final double cutoff;
        private double[][] folded = new double[0][];
        private double[] perAtom = new double[0];
        private int n, extrapolations;
        private double energyDisagreement;

        Scorer(Committee c, String lu, String eu, int threads) {
            committee = c;
            evaluator = new CommitteeEvaluator(c, threads);
            evaluator.setUnits(lu, eu);
            result = new CommitteeResult(c.size());
            cutoff = c.cutoff() * Units.lengthFactor(c.member(0).lengthUnit(), lu) * (1 + 1e-12);
        }

        void score(Structure s) {
            NeighborList nl = NeighborList.build(s, cutoff, committee.member(0)::elementIndex);
            evaluator.compute(nl, result);
            n = s.size();
            if (perAtom.length < n) {
                perAtom = new double[n];
                folded = new double[committee.size()][3 * n];
            }
            for (int m = 0; m < committee.size(); m++) nl.foldGhostForces(result.memberForces[m], folded[m]);
            Disagreement.forces(folded, n, perAtom);
            energyDisagreement = result.energyDisagreement();
            extrapolations = result.extrapolationWarnings;
        }

        double max() {
            double m = 0;
            for (int i = 0; i < n; i++) m = Math.max(m, perAtom[i]);
            return m;
        }

        double mean() {
            double m = 0;
            for (int i = 0; i < n; i++) m += perAtom[i];
            return m / n;
        }

        double energyDisagreement() { return energyDisagreement; }

        int extrapolations() { return extrapolations; }

        double[] perAtom() { return Arrays.copyOf(perAtom, n); }

        @Override
        public void close() {
            evaluator.close();
        }
    }
}
