package dev.hdnnp.cli;

import dev.hdnnp.io.InputException;
import dev.hdnnp.io.ReferenceStress;
import dev.hdnnp.io.StructureFiles;
import dev.hdnnp.potential.Model;
import dev.hdnnp.potential.Prediction;
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
import java.util.List;
import java.util.Locale;

/**
 * {@code hdnnp test MODEL DATA}: error statistics of any model (n2p2 ones included) on any data
 * set with reference energies, forces and (extended XYZ, ASE's conventions) stress, and parity plots.
 */
@Command(name = "test", mixinStandardHelpOptions = true,
        description = "Error statistics (energy per atom, force and stress components: RMSE, MAE, max) of a model on reference data, and parity plots.")
final class TestCommand implements Runnable {
    @Parameters(index = "0", paramLabel = "MODEL", description = "Model file, or an n2p2 directory with --n2p2-units.")
    Path model;

    @Parameters(index = "1", paramLabel = "DATA", description = "Reference structures with energies (and forces): input.data or extended XYZ.")
    Path data;

    @Option(names = "--set", paramLabel = "SET", defaultValue = "all", description = "Which structures: all, train or test (n2p2's set= / extxyz 'set' key; default: ${DEFAULT-VALUE}).")
    String set;

    @Option(names = "--plots", paramLabel = "DIR", description = "Write energy-parity.png, force-parity.png and (with reference stress) stress-parity.png into DIR.")
    Path plots;

    @Option(names = "--threads", paramLabel = "N", defaultValue = "1", description = "Evaluator threads (default: ${DEFAULT-VALUE}).")
    int threads;

    @Option(names = "--length-unit", paramLabel = "UNIT", description = "Length unit of DATA (default: the model's).")
    String lengthUnit;

    @Option(names = "--energy-unit", paramLabel = "UNIT", description = "Energy unit of DATA (default: the model's).")
    String energyUnit;

    @Option(names = "--n2p2-units", paramLabel = "LENGTH,ENERGY", description = "Read MODEL as an n2p2 directory in these units, e.g. bohr,hartree.")
    String n2p2Units;

    @Spec CommandSpec spec;

    /** Errors of one quantity. */
    record Errors(int count, double rmse, double mae, double max) {
        static Errors of(double[] ref, double[] pred) {
            double s2 = 0, s1 = 0, mx = 0;
            for (int i = 0; i < ref.length; i++) {
                double d = Math.abs(pred[i] - ref[i]);
                s2 += d * d;
                s1 += d;
                mx = Math.max(mx, d);
            }
            int n = ref.length;
            return n == 0 ? new Errors(0, Double.NaN, Double.NaN, Double.NaN) : new Errors(n, Math.sqrt(s2 / n), s1 / n, mx);
        }
    }

    @Override
    public void run() {
        String which = set.toLowerCase(Locale.ROOT);
        if (!List.of("all", "train", "test").contains(which)) throw new IllegalArgumentException("--set: expected all, train or test, got '" + set + "'");
        Model m = ModelSource.load(model, n2p2Units);
        String lu = Units.lengthUnit(lengthUnit != null ? lengthUnit : m.lengthUnit());
        String eu = Units.energyUnit(energyUnit != null ? energyUnit : m.energyUnit());
        List<Structure> all;
        try {
            all = StructureFiles.read(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        List<Structure> chosen = new ArrayList<>();
        for (Structure s : all) {
            String tag = s.set() == null ? "train" : s.set();
            if (which.equals("all") || which.equals(tag)) chosen.add(s);
        }
        if (chosen.isEmpty()) throw new InputException(data, 0, "no structures" + (which.equals("all") ? "" : " with set=" + which));
        for (int k = 0; k < chosen.size(); k++)
            if (!chosen.get(k).hasEnergy()) throw new InputException(data, 0, "structure " + (k + 1) + " has no reference energy");
        PredictCommand.checkSpecies(m, chosen, data);
        Extrapolation extrapolation = new Extrapolation(m);
        List<Prediction> p = PredictCommand.predict(m, chosen, lu, eu, threads, extrapolation, data);

        double[] eRef = new double[chosen.size()], ePred = new double[chosen.size()];
        int nf = 0;
        for (Structure s : chosen) if (s.forces() != null) nf += 3 * s.size();
        double[] fRef = new double[nf], fPred = new double[nf];
        int o = 0;
        for (int k = 0; k < chosen.size(); k++) {
            Structure s = chosen.get(k);
            eRef[k] = s.energy() / s.size();
            ePred[k] = p.get(k).energy() / s.size();
            if (s.forces() != null) {
                System.arraycopy(s.forces(), 0, fRef, o, s.forces().length);
                System.arraycopy(p.get(k).forces(), 0, fPred, o, s.forces().length);
                o += s.forces().length;
            }
        }
        // stress: reference from 'stress' or 'virial' (ASE), prediction −W/V, both Voigt xx yy zz yz xz xy
        List<double[]> sRefList = new ArrayList<>(), sPredList = new ArrayList<>();
        for (int k = 0; k < chosen.size(); k++) {
            Structure s = chosen.get(k);
            double[] w = ReferenceStress.virial(s, data.toString(), "structure " + (k + 1));
            double[] pred = p.get(k).stress();
            if (w == null || pred == null) continue;
            sRefList.add(ReferenceStress.stress(w, s.volume()));
            sPredList.add(new double[]{pred[0], pred[4], pred[8], pred[5], pred[2], pred[1]});
        }
        int ns = 6 * sRefList.size();
        double[] sRef = new double[ns], sPred = new double[ns];
        for (int k = 0; k < sRefList.size(); k++) {
            System.arraycopy(sRefList.get(k), 0, sRef, 6 * k, 6);
            System.arraycopy(sPredList.get(k), 0, sPred, 6 * k, 6);
        }
        Errors e = Errors.of(eRef, ePred), f = Errors.of(fRef, fPred), st = Errors.of(sRef, sPred);
        PrintWriter out = spec.commandLine().getOut();
        out.printf(Locale.ROOT, "model %s on %s (%s: %d structures, %d atoms)%n", model, data, which, chosen.size(),
                chosen.stream().mapToInt(Structure::size).sum());
        out.printf(Locale.ROOT, "energy per atom  RMSE %.6g  MAE %.6g  max %.6g  %s/atom%n", e.rmse(), e.mae(), e.max(), eu);
        if (nf > 0) out.printf(Locale.ROOT, "force component  RMSE %.6g  MAE %.6g  max %.6g  %s/%s  (%d components)%n",
                f.rmse(), f.mae(), f.max(), eu, lu, nf);
        if (ns > 0) out.printf(Locale.ROOT, "stress component RMSE %.6g  MAE %.6g  max %.6g  %s/%s^3  (RMSE %.4g GPa; %d structures)%n",
                st.rmse(), st.mae(), st.max(), eu, lu, st.rmse() * gpaPer(eu, lu), ns / 6);
        if (plots != null) {
            Path ep = plots.resolve("energy-parity.png");
            ParityPlot.write(ep, "Energy per atom (" + which + ")", eu + "/atom", eRef, ePred, e.rmse());
            out.println("wrote " + ep);
            if (nf > 0) {
                Path fp = plots.resolve("force-parity.png");
                ParityPlot.write(fp, "Force components (" + which + ")", eu + "/" + lu, fRef, fPred, f.rmse());
                out.println("wrote " + fp);
            }
            if (ns > 0) {
                Path sp = plots.resolve("stress-parity.png");
                ParityPlot.write(sp, "Stress components (" + which + ")", eu + "/" + lu + "^3", sRef, sPred, st.rmse());
                out.println("wrote " + sp);
            }
        }
        out.flush();
        extrapolation.report(spec.commandLine().getErr(), chosen.size());
    }

    /** GPa per (energy unit / length unit³). */
    private static double gpaPer(String eu, String lu) {
        double eV = Units.energyFactor(eu, "eV"), angstrom = Units.lengthFactor(lu, "angstrom");
        return eV / (angstrom * angstrom * angstrom) * 160.21766208;
    }
}
