package dev.hdnnp.bridge;

import dev.hdnnp.io.ModelResolver;
import dev.hdnnp.potential.EvaluationResult;
import dev.hdnnp.potential.Evaluator;
import dev.hdnnp.potential.Model;
import dev.hdnnp.potential.ThreadCount;

import java.lang.foreign.MemorySegment;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

import static dev.hdnnp.bridge.HdnnpJavaH.HDNNP_E_ARGUMENT;
import static dev.hdnnp.bridge.HdnnpJavaH.HDNNP_E_COMPUTE;
import static dev.hdnnp.bridge.HdnnpJavaH.HDNNP_E_INPUT;
import static dev.hdnnp.bridge.HdnnpJavaH.HDNNP_MAX_ELEMENTS;
import static dev.hdnnp.bridge.HdnnpJavaH.HDNNP_WANT_EATOM;
import static dev.hdnnp.bridge.HdnnpJavaH.HDNNP_WANT_VATOM;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * One model behind a C handle: its evaluator, the caller's unit factors and the buffers reused by
 * every call. Units follow one convention across the ABI (n2p2's cflength/cfenergy): model length =
 * caller length × lengthToModel, model energy = caller energy × energyToModel.
 */
final class Session {
    final Model model;
    final String lengthUnit, energyUnit;
    private final Evaluator evaluator;
    private final EvaluationResult result = new EvaluationResult();
    private final LammpsSystem system = new LammpsSystem();
    private final int numElements;
    private double lengthToModel = 1.0, energyToModel = 1.0;
    private MemorySegment f = MemorySegment.NULL, eatom = MemorySegment.NULL, vatom = MemorySegment.NULL;

    private Session(Model model, int threads) {
        this.model = model;
        this.numElements = model.elements().size();
        this.lengthUnit = model.lengthUnit();
        this.energyUnit = model.energyUnit();
        this.evaluator = new Evaluator(model, threads);
        this.evaluator.setUnits(1.0, 1.0);
    }

    /** Loads a model for the C ABI. {@code lengthUnit}/{@code energyUnit}: units of an n2p2 directory, or null. */
    static Session open(String path, int threads, String lengthUnit, String energyUnit) {
        if (threads <= 0) threads = 1; // the header's documented default
        try {
            ThreadCount.check(threads);
        } catch (IllegalArgumentException e) {
            throw new BridgeException(HDNNP_E_ARGUMENT, e.getMessage());
        }
        if ((lengthUnit == null) != (energyUnit == null))
            throw new BridgeException(HDNNP_E_ARGUMENT, "give both the length and the energy unit of the model, or neither");
        Path file;
        try {
            file = Path.of(path);
        } catch (InvalidPathException e) {
            throw new BridgeException(HDNNP_E_INPUT, "invalid model path '" + path + "': " + e.getReason());
        }
        Model model = ModelResolver.resolve(file, lengthUnit, energyUnit,
                "'modelunits <length> <energy>' (pair_style hdnnp_java; C ABI: hdnnp_model_options)");
        if (model.elements().size() > HDNNP_MAX_ELEMENTS)
            throw new BridgeException(HDNNP_E_INPUT, path + ": more than " + HDNNP_MAX_ELEMENTS + " elements");
        return new Session(model, threads);
    }

    double lengthToModel() { return lengthToModel; }

    double energyToModel() { return energyToModel; }

    /** Both factors finite and > 0 (checked by the caller). */
    void setUnits(double lengthToModel, double energyToModel) {
        evaluator.setUnits(lengthToModel, 1.0 / energyToModel);
        this.lengthToModel = lengthToModel;
        this.energyToModel = energyToModel;
    }

    /** Evaluates the request and adds energy, forces, virials into the result struct. */
    void compute(MemorySegment rq, MemorySegment rs) {
        system.bind(rq, numElements);
        int flags = rq.get(JAVA_INT, HdnnpJavaH.RQ_FLAGS);
        if ((flags & ~(HDNNP_WANT_EATOM | HDNNP_WANT_VATOM)) != 0)
            throw new BridgeException(HDNNP_E_ARGUMENT, "unknown request flags 0x" + Integer.toHexString(flags));
        boolean wantE = (flags & HDNNP_WANT_EATOM) != 0;
        boolean wantV = (flags & HDNNP_WANT_VATOM) != 0;
        int nall = system.totalCount();
        f = LammpsSystem.view(f, rs.get(JAVA_LONG, HdnnpJavaH.RS_F), 24L * nall);
        eatom = wantE ? LammpsSystem.view(eatom, rs.get(JAVA_LONG, HdnnpJavaH.RS_EATOM), 8L * nall) : MemorySegment.NULL;
        vatom = wantV ? LammpsSystem.view(vatom, rs.get(JAVA_LONG, HdnnpJavaH.RS_VATOM), 48L * nall) : MemorySegment.NULL;
        if (nall > 0 && (f.equals(MemorySegment.NULL) || (wantE && eatom.equals(MemorySegment.NULL))
                || (wantV && vatom.equals(MemorySegment.NULL))))
            throw new BridgeException(HDNNP_E_ARGUMENT, "result arrays missing: f is required"
                    + (wantE ? ", eatom with HDNNP_WANT_EATOM" : "") + (wantV ? ", vatom with HDNNP_WANT_VATOM" : ""));

        result.ensureCapacity(nall, wantE, wantV);
        evaluator.compute(system, result);
        double[] forces = result.forces;
        double check = result.energy;
        for (int k = 0, n = 3 * nall; k < n; k++) check += forces[k];
        if (!Double.isFinite(check)) throw notFinite();

        for (int k = 0, n = 3 * nall; k < n; k++) f.setAtIndex(JAVA_DOUBLE, k, f.getAtIndex(JAVA_DOUBLE, k) + forces[k]);
        if (wantE) {
            double[] e = result.atomEnergy;
            for (int i = 0; i < nall; i++) eatom.setAtIndex(JAVA_DOUBLE, i, eatom.getAtIndex(JAVA_DOUBLE, i) + e[i]);
        }
        if (wantV) {
            double[] v = result.atomVirial;
            for (int k = 0, n = 6 * nall; k < n; k++) vatom.setAtIndex(JAVA_DOUBLE, k, vatom.getAtIndex(JAVA_DOUBLE, k) + v[k]);
        }
        rs.set(JAVA_DOUBLE, HdnnpJavaH.RS_ENERGY, rs.get(JAVA_DOUBLE, HdnnpJavaH.RS_ENERGY) + result.energy);
        for (int k = 0; k < 6; k++) {
            long a = HdnnpJavaH.RS_VIRIAL + 8L * k;
            rs.set(JAVA_DOUBLE, a, rs.get(JAVA_DOUBLE, a) + result.virial[k]);
        }
        rs.set(JAVA_INT, HdnnpJavaH.RS_EW, rs.get(JAVA_INT, HdnnpJavaH.RS_EW) + result.extrapolationWarnings);
    }

    /** Non-finite energy or forces: names the atoms at one position, the usual cause. */
    private BridgeException notFinite() {
        String pair = system.coincidentPair();
        if (pair != null)
            return new BridgeException(HDNNP_E_COMPUTE, pair + " are at the same position"
                    + " (two atoms on one site, or an atom on its own periodic image)");
        return new BridgeException(HDNNP_E_COMPUTE, "the energy or forces are not finite (energy " + result.energy
                + "): atoms too close?");
    }

    void close() {
        evaluator.close();
    }
}
