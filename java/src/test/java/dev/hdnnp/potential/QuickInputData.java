package dev.hdnnp.potential;

import dev.hdnnp.structure.Structure;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Temporary minimal input.data reader for kernel tests (to be replaced by InputDataFormat). */
final class QuickInputData {
    static List<Structure> read(Path p) throws Exception {
        List<Structure> out = new ArrayList<>();
        List<double[]> lat = new ArrayList<>();
        List<String> sp = new ArrayList<>();
        List<Double> xs = new ArrayList<>();
        double energy = Double.NaN;
        for (String line : Files.readAllLines(p)) {
            String[] t = line.trim().split("\\s+");
            switch (t[0]) {
                case "begin" -> { lat.clear(); sp.clear(); xs.clear(); energy = Double.NaN; }
                case "lattice" -> lat.add(new double[]{Double.parseDouble(t[1]), Double.parseDouble(t[2]), Double.parseDouble(t[3])});
                case "atom" -> { for (int c = 1; c <= 3; c++) xs.add(Double.parseDouble(t[c])); sp.add(t[4]); }
                case "energy" -> energy = Double.parseDouble(t[1]);
                case "end" -> {
                    double[] cell = null;
                    if (lat.size() == 3) { cell = new double[9]; for (int a = 0; a < 3; a++) System.arraycopy(lat.get(a), 0, cell, 3 * a, 3); }
                    double[] pos = xs.stream().mapToDouble(Double::doubleValue).toArray();
                    Structure s = new Structure(sp.toArray(new String[0]), pos, cell, cell == null ? null : new boolean[]{true, true, true});
                    s.setEnergy(energy);
                    out.add(s);
                }
                default -> {}
            }
        }
        return out;
    }
}
