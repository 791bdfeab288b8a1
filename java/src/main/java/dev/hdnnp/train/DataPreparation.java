package dev.hdnnp.train;

import dev.hdnnp.descriptor.DescriptorSpec;
import dev.hdnnp.descriptor.Scaling;
import dev.hdnnp.descriptor.SymmetryFunction;
import dev.hdnnp.io.InputException;
import dev.hdnnp.io.ReferenceStress;
import dev.hdnnp.potential.Normalization;
import dev.hdnnp.structure.Elements;
import dev.hdnnp.structure.Structure;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * From the configuration to {@link PreparedData}: loads and checks the structures, builds the
 * descriptor set, splits, computes descriptors (and their derivatives, within the memory plan),
 * learns scaling and normalisation from the training set and normalises every sample.
 */
final class DataPreparation {
    private DataPreparation() {}

    static PreparedData prepare(TrainConfig c, Parallel par, TrainListener out) {
        TrainConfig.Data d = c.data();
        MemoryPlan budget = MemoryPlan.budget(c.training().memoryBudget());
        if (d.file() == null) {
            MemoryPlan memory = budget.decide(c.training().memoryMode(), -1);
            out.log(memory.describe());
            return prepareDescriptors(c, out, memory);
        }
        // the memory line comes first, but the mode needs the data and the functions: hold the lines until then
        List<String> held = new ArrayList<>();
        TrainListener log = held::add;
        long t0 = System.nanoTime();
        List<Structure> data = DataSet.load(d);
        String file = d.file().toString();
        if (data.size() < 2)
            throw new InputException(file, 0, "training needs at least 2 structures (to fit and to measure the error on others), found " + data.size());
        List<String> fnLines = c.descriptor().functions();
        List<String> elements;
        if (fnLines.isEmpty()) {
            elements = elementsOf(data);
            fnLines = SymmetryFunctionGenerator.generate(elements, c.descriptor().generate());
            log.log("descriptor: generated " + fnLines.size() + " symmetry functions (" + c.descriptor().generate() + ")");
        } else {
            Set<String> el = new LinkedHashSet<>();
            for (String line : fnLines) el.add(parse(line).center());
            elements = new ArrayList<>(el);
            elements.sort(Comparator.comparingInt(Elements::atomicNumber));
        }
        boolean forces = c.training().useForces() && c.training().forceWeight() > 0;
        DataSet.check(data, file, elements, forces);
        double[][] virials = referenceVirials(data, file, c.training().stressWeight() > 0, log);
        boolean stress = virials != null;
        DataSet.Split split = DataSet.split(data, d);
        log.log(DataSet.summary(data, split, d.energyUnit(), d.lengthUnit()).stripTrailing());

        List<List<SymmetryFunction>> fns = new ArrayList<>();
        for (int e = 0; e < elements.size(); e++) fns.add(new ArrayList<>());
        for (String line : fnLines) {
            SymmetryFunction f = parse(line);
            for (String x : new String[]{f.e1(), f.e2()})
                if (x != null && !elements.contains(x))
                    throw new IllegalArgumentException("symmetry function '" + line + "' uses element " + x + ", which has no functions of its own (elements: " + elements + ")");
            fns.get(elements.indexOf(f.center())).add(f);
        }
        DescriptorSpec spec = new DescriptorSpec(elements, c.descriptor().cutoffType(), c.descriptor().cutoffAlpha(), fns);
        StringBuilder counts = new StringBuilder();
        for (int e = 0; e < elements.size(); e++) counts.append(' ').append(elements.get(e)).append('=').append(spec.functions().get(e).size());
        log.log(String.format(Locale.ROOT, "descriptor: cutoff %.4g %s, functions per element:%s", spec.maxCutoff(), d.lengthUnit(), counts));

        MemoryPlan memory = budget.decide(c.training().memoryMode(), forces ? estimateDerivativeBytes(data, spec) : -1);
        out.log(memory.describe());
        held.forEach(out::log);
        log = out;
        boolean onDemand = memory.mode() == MemoryPlan.Mode.ON_DEMAND;
        Sample[] all = featurize(data, virials, spec, forces, onDemand, par, memory, log);
        long bytes = 0;
        for (Sample s : all) bytes += s.bytes();
        log.log(String.format(Locale.ROOT, "descriptors: %d structures in %.1f s, %s in memory%s", all.length,
                (System.nanoTime() - t0) * 1e-9, MemoryPlan.mb(bytes),
                onDemand ? " (values and structures; derivatives on demand, up to " + MemoryPlan.mb(cacheBytes(memory, bytes)) + " of them kept)"
                        : forces ? " (derivatives as float)" : ""));
        List<Sample> train = pick(all, split.train()), val = pick(all, split.validation()), test = pick(all, split.test());
        Preprocessing pre = preprocess(c, spec.functionCounts(), elements, train, forces, log);
        for (Sample s : all) s.normalize(pre);
        if (onDemand) {
            DerivativeSource source = new DerivativeSource(spec, cacheBytes(memory, bytes));
            source.normalizeWith(pre);
            for (Sample s : all) s.derivativesFrom(source);
        }
        return new PreparedData(elements, spec, train, val, test, pre, forces, stress, digest(data, virials), memory);
    }

    /**
     * The on-demand mode's derivative cache: half of what the values leave of the budget. The other
     * half is headroom for the derivatives being recomputed (7 MB per water structure per thread)
     * and Kalman's prefetched force columns; a heap filled to the budget would spend its time in GC.
     */
    static long cacheBytes(MemoryPlan memory, long valueBytes) {
        return Math.max(0, (memory.budget() - valueBytes) / 2);
    }

    /**
     * The cached derivatives' size, estimated from up to 8 structures spread over the data
     * (bytes per atom of those, times all atoms): a few structures' work, before any is kept.
     */
    static long estimateDerivativeBytes(List<Structure> data, DescriptorSpec spec) {
        Featurizer fz = new Featurizer(spec, true);
        int n = data.size(), probes = Math.min(8, n);
        long bytes = 0, atoms = 0, total = 0;
        for (Structure s : data) total += s.size();
        for (int q = 0; q < probes; q++) {
            int k = (int) ((q + 0.5) * n / probes);
            Sample smp = fz.compute(k, data.get(k));
            bytes += smp.bytes();
            atoms += smp.atoms;
        }
        return atoms == 0 ? 0 : (long) ((double) bytes / atoms * total);
    }

    /** Descriptors (and derivatives when forces or stress are trained) of every structure, within the memory budget. */
    static Sample[] featurize(List<Structure> data, double[][] virials, DescriptorSpec spec, boolean forces, Parallel par,
                              MemoryPlan memory, TrainListener log) {
        return featurize(data, virials, spec, forces, false, par, memory, log);
    }

    /** As above; {@code onDemand}: keep the structures instead of the derivatives (see {@link MemoryPlan.Mode#ON_DEMAND}). */
    static Sample[] featurize(List<Structure> data, double[][] virials, DescriptorSpec spec, boolean forces, boolean onDemand, Parallel par,
                              MemoryPlan memory, TrainListener log) {
        Sample[] all = new Sample[data.size()];
        Featurizer[] fz = new Featurizer[par.threads()];
        for (int t = 0; t < fz.length; t++) fz[t] = new Featurizer(spec, forces && !onDemand, forces && onDemand);
        AtomicLong bytes = new AtomicLong();
        AtomicInteger done = new AtomicInteger();
        log.epochStarted(0, 0, data.size());
        par.forEach(data.size(), (k, t) -> {
            all[k] = fz[t].compute(k, data.get(k), virials == null ? null : virials[k]);
            long b = bytes.addAndGet(all[k].bytes());
            int n = done.incrementAndGet();
            if (b > memory.budget()) throw memory.exceeded(b, n, data.size());
            if (t == 0) log.epochProgress(n / (double) data.size());
        });
        return all;
    }

    /** Reference virials per structure (null entries for those without), or null when stress is not trained. */
    private static double[][] referenceVirials(List<Structure> data, String file, boolean wanted, TrainListener log) {
        if (!wanted) return null;
        double[][] v = new double[data.size()][];
        int with = 0;
        for (int k = 0; k < data.size(); k++) {
            v[k] = ReferenceStress.virial(data.get(k), file, "structure " + (k + 1));
            if (v[k] != null) with++;
        }
        if (with == 0)
            throw new InputException(file, 0, "stress_weight > 0 but no structure has a reference 'stress' or 'virial' (extended XYZ, ASE's conventions); "
                    + "set stress_weight = 0 or use data with stress");
        log.log(String.format(Locale.ROOT, "stress: %d of %d structures have a reference stress or virial", with, data.size()));
        return v;
    }

    /** SHA-256 of what training reads from the structures (not of the file's formatting). */
    static String digest(List<Structure> data, double[][] virials) {
        MessageDigest md = Fingerprint.digest();
        ByteBuffer b = ByteBuffer.allocate(8);
        for (int k = 0; k < data.size(); k++) {
            Structure s = data.get(k);
            md.update(String.join(" ", s.species()).getBytes(StandardCharsets.UTF_8));
            md.update(String.valueOf(s.set()).getBytes(StandardCharsets.UTF_8));
            for (double x : s.positions()) md.update(b.clear().putDouble(x).array());
            if (s.cell() != null) for (double x : s.cell()) md.update(b.clear().putDouble(x).array());
            for (boolean p : s.pbc()) md.update((byte) (p ? 1 : 0));
            md.update(b.clear().putDouble(s.energy()).array());
            if (s.forces() != null) for (double x : s.forces()) md.update(b.clear().putDouble(x).array());
            if (virials != null && virials[k] != null) for (double x : virials[k]) md.update(b.clear().putDouble(x).array());
            md.update((byte) '\n');
        }
        return HexFormat.of().formatHex(md.digest());
    }

    private static PreparedData prepareDescriptors(TrainConfig c, TrainListener log, MemoryPlan memory) {
        TrainConfig.Data d = c.data();
        NpyArray desc = NpyArray.read(d.descriptors()), lab = NpyArray.read(d.labels());
        if (desc.shape().length != 3)
            throw new InputException(d.descriptors(), 0, "expected descriptors of shape (structures, atoms, features), got " + Arrays.toString(desc.shape()));
        int ns = desc.shape()[0], na = desc.shape()[1], nf = desc.shape()[2];
        if (lab.data().length != ns)
            throw new InputException(d.labels(), 0, "expected " + ns + " labels (one per structure), got shape " + Arrays.toString(lab.shape()));
        if (ns == 0 || na == 0 || nf == 0) throw new InputException(d.descriptors(), 0, "the data set is empty");
        if (ns < 2) throw new InputException(d.descriptors(), 0, "training needs at least 2 structures, found " + ns);
        if (!Elements.isElement(d.element())) throw new InputException((String) null, 0, "data.element '" + d.element() + "' is not an element symbol");
        List<Structure> dummy = new ArrayList<>();
        Sample[] all = new Sample[ns];
        for (int k = 0; k < ns; k++) {
            int[] gOff = new int[na + 1];
            for (int i = 0; i <= na; i++) gOff[i] = i * nf;
            double[] g = new double[na * nf];
            System.arraycopy(desc.data(), k * na * nf, g, 0, na * nf);
            double e = lab.data()[k] * (d.labelsPerAtom() ? na : 1);
            if (!Double.isFinite(e)) throw new InputException(d.labels(), 0, "label " + (k + 1) + " is not finite");
            all[k] = Sample.ofDescriptors(k, new int[na], gOff, g, e);
            dummy.add(new Structure(new String[0], new double[0], null, null));
        }
        DataSet.Split split = DataSet.split(dummy, d);
        log.log(String.format(Locale.ROOT, "data: %d structures of %d atoms with %d precomputed descriptors (%d train, %d validation, %d test)",
                ns, na, nf, split.train().length, split.validation().length, split.test().length));
        List<Sample> train = pick(all, split.train());
        List<String> elements = List.of(d.element());
        Preprocessing pre = preprocess(c, new int[]{nf}, elements, train, false, log);
        MessageDigest md = Fingerprint.digest();
        ByteBuffer b = ByteBuffer.allocate(8);
        for (double x : desc.data()) md.update(b.clear().putDouble(x).array());
        md.update((byte) '|');
        for (double x : lab.data()) md.update(b.clear().putDouble(x).array());
        for (Sample s : all) s.normalize(pre);
        return new PreparedData(elements, null, train, pick(all, split.validation()), pick(all, split.test()), pre, false, false,
                HexFormat.of().formatHex(md.digest()), memory);
    }

    private static Preprocessing preprocess(TrainConfig c, int[] counts, List<String> elements, List<Sample> train, boolean forces, TrainListener log) {
        double[] offsets = c.network().offsets() ? Preprocessing.fitOffsets(train, elements.size()) : new double[elements.size()];
        Normalization norm = c.network().normalize() ? Preprocessing.normalization(train, offsets) : Normalization.NONE;
        if (c.network().normalize() && forces && !Preprocessing.hasNonzeroForce(train))
            log.log("warning: every reference force component of the training set is zero, so forces give no length scale: "
                    + "conv_length is set to 1 (lengths not rescaled). If the structures are not all at equilibrium, check that "
                    + "the forces were read (extxyz: a 'forces' column in Properties)");
        List<Scaling> sc = Preprocessing.statistics(train, counts, elements, c.descriptor().scaling(),
                c.descriptor().scaleMin(), c.descriptor().scaleMax(), w -> log.log("warning: " + w));
        log.log(String.format(Locale.ROOT, "normalisation: mean_energy %.8g, conv_energy %.6g, conv_length %.6g%s", norm.meanEnergy(),
                norm.convEnergy(), norm.convLength(), c.network().offsets() ? ", offsets " + Arrays.toString(offsets) : ""));
        return new Preprocessing(sc, norm, offsets);
    }

    private static List<Sample> pick(Sample[] all, int[] idx) {
        List<Sample> l = new ArrayList<>(idx.length);
        for (int i : idx) l.add(all[i]);
        return l;
    }

    private static List<String> elementsOf(List<Structure> data) {
        Set<String> el = new LinkedHashSet<>();
        for (Structure s : data) for (String x : s.species()) {
            if (!Elements.isElement(x)) throw new IllegalArgumentException("'" + x + "' is not an element symbol");
            el.add(x);
        }
        List<String> l = new ArrayList<>(el);
        l.sort(Comparator.comparingInt(Elements::atomicNumber));
        return l;
    }

    private static SymmetryFunction parse(String line) {
        try {
            return SymmetryFunction.parse(line);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("symmetry function '" + line + "': " + e.getMessage());
        }
    }
}
