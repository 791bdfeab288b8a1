package dev.hdnnp.train;

import dev.hdnnp.io.InputException;
import dev.hdnnp.io.StructureFiles;
import dev.hdnnp.structure.Elements;
import dev.hdnnp.structure.Structure;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/** Loading, checking, splitting and summarising the reference structures. */
public final class DataSet {
    private DataSet() {}

    /** Indices into the structure list. */
    public record Split(int[] train, int[] validation, int[] test) {}

    public static List<Structure> load(TrainConfig.Data d) {
        List<Structure> list;
        try {
            list = d.format() == null ? StructureFiles.read(d.file()) : StructureFiles.read(d.file(), d.format());
        } catch (java.nio.file.NoSuchFileException e) {
            throw new InputException(d.file(), 0, "data file not found");
        } catch (IOException e) {
            throw new InputException(d.file(), 0, "cannot read: " + e.getMessage());
        } catch (IllegalArgumentException e) {
            throw new InputException(d.file(), 0, e.getMessage());
        }
        if (list.isEmpty()) throw new InputException(d.file(), 0, "the data set is empty: no structures found");
        return list;
    }

    /**
     * Checks what training relies on and names the first offending structure (1-based).
     * {@code elements} may be null (then any element symbol is accepted).
     */
    public static void check(List<Structure> data, String file, List<String> elements, boolean forces) {
        if (data.isEmpty()) throw new InputException(file, 0, "the data set is empty: no structures to train on");
        for (int k = 0; k < data.size(); k++) {
            Structure s = data.get(k);
            String at = "structure " + (k + 1);
            if (s.size() == 0) throw new InputException(file, 0, at + " has no atoms");
            if (!s.hasEnergy() || !Double.isFinite(s.energy())) throw new InputException(file, 0, at + " has no reference energy (needed for training)");
            if (forces) {
                if (s.forces() == null) throw new InputException(file, 0, at + " has no reference forces; set use_forces = false to train on energies only");
                if (s.forces().length != 3 * s.size())
                    throw new InputException(file, 0, at + ": forces have " + s.forces().length + " components for " + s.size() + " atoms (expected " + 3 * s.size() + ")");
            }
            for (int i = 0; i < s.size(); i++) {
                String el = s.species(i);
                if (!Elements.isElement(el)) throw new InputException(file, 0, at + ", atom " + (i + 1) + ": '" + el + "' is not an element symbol");
                if (elements != null && !elements.contains(el))
                    throw new InputException(file, 0, at + ", atom " + (i + 1) + ": element " + el + " has no symmetry functions (model elements: " + elements + ")");
            }
        }
    }

    /**
     * Seeded split. Structures marked {@code set=test} (n2p2) are test, {@code set=train} never test;
     * unmarked ones are test if their 1-based index is a multiple of testEvery (when > 0), otherwise
     * randomly with testFraction. A random validationFraction of the non-test structures validates.
     */
    public static Split split(List<Structure> data, TrainConfig.Data d) {
        int n = data.size();
        Random r = new Random(d.seed());
        boolean[] test = new boolean[n];
        List<Integer> free = new ArrayList<>();
        for (int k = 0; k < n; k++) {
            String set = data.get(k).set();
            if ("test".equals(set)) test[k] = true;
            else if ("train".equals(set)) continue;
            else if (d.testEvery() > 0) test[k] = (k + 1) % d.testEvery() == 0;
            else free.add(k);
        }
        int[] perm = Optimizer.permutation(free.size(), r);
        int nTest = (int) Math.round(d.testFraction() * free.size());
        for (int q = 0; q < nTest; q++) test[free.get(perm[q])] = true;
        List<Integer> rest = new ArrayList<>();
        for (int k = 0; k < n; k++) if (!test[k]) rest.add(k);
        int[] perm2 = Optimizer.permutation(rest.size(), r);
        int nVal = (int) Math.round(d.validationFraction() * rest.size());
        boolean[] val = new boolean[n];
        for (int q = 0; q < nVal; q++) val[rest.get(perm2[q])] = true;
        int[] tr = java.util.stream.IntStream.range(0, n).filter(k -> !test[k] && !val[k]).toArray();
        int[] va = java.util.stream.IntStream.range(0, n).filter(k -> val[k]).toArray();
        int[] te = java.util.stream.IntStream.range(0, n).filter(k -> test[k]).toArray();
        if (tr.length == 0) throw new IllegalArgumentException("no structures left for training after the test/validation split");
        return new Split(tr, va, te);
    }

    /** A human-readable summary: counts, atoms per element, energy and force ranges, suspicious structures. */
    public static String summary(List<Structure> data, Split split, String energyUnit, String lengthUnit) {
        StringBuilder b = new StringBuilder();
        Map<String, Long> atoms = new TreeMap<>();
        double eMin = Double.POSITIVE_INFINITY, eMax = Double.NEGATIVE_INFINITY, fMax = 0, f2 = 0;
        long nf = 0, total = 0;
        List<String> suspicious = new ArrayList<>();
        Map<Long, Integer> seen = new HashMap<>();
        for (int k = 0; k < data.size(); k++) {
            Structure s = data.get(k);
            total += s.size();
            for (String e : s.species()) atoms.merge(e, 1L, Long::sum);
            double epa = s.energy() / s.size();
            eMin = Math.min(eMin, epa);
            eMax = Math.max(eMax, epa);
            if (s.forces() != null) {
                double[] net = new double[3];
                double rms = 0;
                for (int a = 0; a < s.forces().length; a++) {
                    double f = s.forces()[a];
                    fMax = Math.max(fMax, Math.abs(f));
                    f2 += f * f;
                    rms += f * f;
                    net[a % 3] += f;
                }
                nf += s.forces().length;
                rms = Math.sqrt(rms / s.forces().length);
                double netMax = Math.max(Math.abs(net[0]), Math.max(Math.abs(net[1]), Math.abs(net[2])));
                // a DFT force set sums to ~0; flag a net force above 1 % of what uncorrelated forces of this size would sum to
                if (netMax > 0.01 * rms * Math.sqrt(s.size()) + 1e-6)
                    suspicious.add(String.format(Locale.ROOT, "structure %d: net force %.3g %s/%s (per-component RMS %.3g)", k + 1, netMax, energyUnit, lengthUnit, rms));
            }
            long h = Arrays.hashCode(s.positions()) * 31L + Arrays.hashCode(s.species());
            Integer prev = seen.putIfAbsent(h, k);
            if (prev != null && Arrays.equals(data.get(prev).positions(), s.positions()))
                suspicious.add("structure " + (k + 1) + ": duplicate of structure " + (prev + 1));
        }
        b.append(String.format(Locale.ROOT, "data: %d structures (%d train, %d validation, %d test), %d atoms%n",
                data.size(), split.train().length, split.validation().length, split.test().length, total));
        b.append("  atoms per element:");
        atoms.forEach((e, c) -> b.append(' ').append(e).append('=').append(c));
        b.append(String.format(Locale.ROOT, "%n  energy per atom: %.6f .. %.6f %s (spread %.3g)%n", eMin, eMax, energyUnit, eMax - eMin));
        if (nf > 0) b.append(String.format(Locale.ROOT, "  forces: RMS component %.4g, max |component| %.4g %s/%s%n", Math.sqrt(f2 / nf), fMax, energyUnit, lengthUnit));
        else b.append("  forces: none\n");
        if (!suspicious.isEmpty()) {
            b.append("  suspicious structures (").append(suspicious.size()).append("):\n");
            for (int i = 0; i < Math.min(10, suspicious.size()); i++) b.append("    ").append(suspicious.get(i)).append('\n');
            if (suspicious.size() > 10) b.append("    ... and ").append(suspicious.size() - 10).append(" more\n");
        }
        return b.toString();
    }
}
