package dev.hdnnp.cli;

import dev.hdnnp.potential.Prediction;
import dev.hdnnp.structure.Structure;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** Predictions as a plain text table: one {@code structure} row per structure, then one {@code atom} row per atom. */
final class PredictionTable {
    private PredictionTable() {}

    static void write(PrintWriter w, Path model, Path structures, List<Structure> input, List<Prediction> results, PredictCommand.OutputUnits units) {
        w.println("# hdnnp predict: model " + model + ", structures " + structures);
        w.println("# units: " + units.describe(" ", ", "));
        w.println("# stress = -virial/volume (ASE sign: positive is tensile); only for structures periodic in all three directions, else '-'");
        w.println("# structure <index> <atoms> <energy> <energy per atom> <stress xx yy zz yz xz xy>");
        w.println("# atom <structure> <index> <element> <atomic energy> <fx> <fy> <fz>");
        for (int k = 0; k < input.size(); k++) {
            Structure s = input.get(k);
            Prediction p = results.get(k);
            int n = s.size();
            StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "structure %6d %8d %24.16E %24.16E", k + 1, n, p.energy(), p.energy() / n));
            double[] t = p.stress();
            if (t == null) b.append(" -".repeat(6));
            else for (int c : new int[]{0, 4, 8, 5, 2, 1}) b.append(String.format(Locale.ROOT, " %24.16E", t[c]));
            w.println(b);
            double[] f = p.forces();
            for (int i = 0; i < n; i++)
                w.println(String.format(Locale.ROOT, "atom %6d %8d %-3s %24.16E %24.16E %24.16E %24.16E",
                        k + 1, i + 1, s.species(i), p.atomEnergies()[i], f[3 * i], f[3 * i + 1], f[3 * i + 2]));
        }
    }
}
