package dev.hdnnp.cli;

import dev.hdnnp.io.ExtxyzFormat;
import dev.hdnnp.potential.Prediction;
import dev.hdnnp.structure.Structure;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * Predictions as extended XYZ: the input frames with the predicted {@code energy}, {@code forces},
 * per-atom {@code energies} and (periodic) {@code stress} (9 values, row-major, ASE's sign), plus
 * {@code units} naming the units of all of them (e.g. {@code units="energy=eV length=angstrom forces=eV/angstrom stress=eV/angstrom^3"}).
 */
final class PredictionExtxyz {
    private PredictionExtxyz() {}

    static void write(PrintWriter w, List<Structure> input, List<Prediction> results, PredictCommand.OutputUnits units) throws IOException {
        List<Structure> out = new ArrayList<>(input.size());
        for (int k = 0; k < input.size(); k++) {
            Structure s = input.get(k);
            Prediction p = results.get(k);
            Structure o = new Structure(s.species(), s.positions(), s.cell(), s.pbc());
            o.setComment(s.comment());
            o.setSet(s.set());
            o.info().putAll(s.info());
            o.info().remove("stress");
            o.atomProperties().putAll(s.atomProperties());
            o.atomProperties().remove("energies");
            o.setEnergy(p.energy());
            o.setForces(p.forces());
            String[] e = new String[s.size()];
            for (int i = 0; i < e.length; i++) e[i] = Double.toString(p.atomEnergies()[i]);
            o.atomProperties().put("energies", new Structure.PerAtomProperty('R', 1, e));
            if (p.stress() != null) {
                StringBuilder b = new StringBuilder();
                for (double v : p.stress()) b.append(b.isEmpty() ? "" : " ").append(v);
                o.info().put("stress", b.toString());
            }
            o.info().put("units", units.describe("=", " "));
            out.add(o);
        }
        ExtxyzFormat.write(w, out);
    }
}
