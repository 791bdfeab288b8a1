package dev.hdnnp.bridge;

import dev.hdnnp.io.CommitteeFile;
import dev.hdnnp.io.ModelResolver;
import dev.hdnnp.potential.Committee;
import dev.hdnnp.potential.CommitteeEvaluator;
import dev.hdnnp.potential.CommitteeResult;
import dev.hdnnp.potential.EvaluationResult;
import dev.hdnnp.potential.Evaluator;
import dev.hdnnp.potential.Model;
import dev.hdnnp.potential.ThreadCount;

import java.lang.foreign.MemorySegment;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

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
 * One model or committee behind a C handle: its evaluator, the caller's unit factors and the buffers reused by
 * every call. Units follow one convention across the ABI (n2p2's cflength/cfenergy): model length =
 * caller length × lengthToModel, model energy = caller energy × energyToModel.
 */
final class Session {
    /** The model, or a committee's first member (elements and units, which all members share). */
    final Model model;
    final String lengthUnit, energyUnit;
    /** 1 for a single model. */
    final int members;
    private final double cutoff;
    private final Evaluator evaluator;                 // single model, else null
    private final CommitteeEvaluator committee;       // committee, else null
    private final EvaluationResult result = new EvaluationResult();
    private final CommitteeResult committeeResult;
    private final LammpsSystem system = new LammpsSystem();
    private final int numElements;
    private double lengthToModel = 1.0, energyToModel = 1.0;
    private MemorySegment f = MemorySegment.NULL, eatom = MemorySegment.NULL, vatom = MemorySegment.NULL;
    private MemorySegment memberF = MemorySegment.NULL, memberE = MemorySegment.NULL, memberV = MemorySegment.NULL,
            eatomDevi = MemorySegment.NULL;

    private Session(Model model, int threads) {
        this.model = model;
        this.numElements = model.elements().size();
        this.lengthUnit = model.lengthUnit();
        this.energyUnit = model.energyUnit();
        this.members = 1;
        this.cutoff = model.cutoff();
        this.evaluator = new Evaluator(model, threads);
        this.evaluator.setUnits(1.0, 1.0);
        this.committee = null;
        this.committeeResult = null;
    }

    private Session(Committee c, int threads) {
        this.model = c.member(0);
        this.numElements = model.elements().size();
        this.lengthUnit = model.lengthUnit();
        this.energyUnit = model.energyUnit();
        this.members = c.size();
        this.cutoff = c.cutoff();
        this.evaluator = null;
        this.committee = new CommitteeEvaluator(c, threads);
        this.committee.setUnits(1.0, 1.0);
        this.committeeResult = new CommitteeResult(members);
    }

    /** Largest cutoff (model length unit). */
    double cutoff() { return cutoff; }

    private static int checkThreads(int threads) {
        if (threads <= 0) threads = 1; // the header's documented default
        try {
            ThreadCount.check(threads);
        } catch (IllegalArgumentException e) {
            throw new BridgeException(HDNNP_E_ARGUMENT, e.getMessage());
        }
        return threads;
    }

    private static Path path(String path) {
        try {
            return Path.of(path);
        } catch (InvalidPathException e) {
            throw new BridgeException(HDNNP_E_INPUT, "invalid model path '" + path + "': " + e.getReason());
        }
    }

    private static final String HOW_TO_GIVE_UNITS = "'modelunits <length> <energy>' (pair_style hdnnp_java; C ABI: hdnnp_model_options)";

    /** Loads a committee from several model files (or one committee file) for the C ABI. */
    static Session openCommittee(List<String> paths, int threads, String lengthUnit, String energyUnit) {
        threads = checkThreads(threads);
        if ((lengthUnit == null) != (energyUnit == null))
            throw new BridgeException(HDNNP_E_ARGUMENT, "give both the length and the energy unit of the model, or neither");
        List<Path> files = new ArrayList<>();
        for (String p : paths) files.add(path(p));
        Committee c;
        try {
            c = CommitteeFile.load(files, lengthUnit, energyUnit, HOW_TO_GIVE_UNITS);
        } catch (IllegalArgumentException e) {
            throw new BridgeException(HDNNP_E_INPUT, "committee " + paths + ": " + e.getMessage());
        }
        if (c.member(0).elements().size() > HDNNP_MAX_ELEMENTS)
            throw new BridgeException(HDNNP_E_INPUT, paths.get(0) + ": more than " + HDNNP_MAX_ELEMENTS + " elements");
        return new Session(c, threads);
    }

    /** Loads a model for the C ABI. {@code lengthUnit}/{@code energyUnit}: units of an n2p2 directory, or null. */
    static Session open(String path, int threads, String lengthUnit, String energyUnit) {
        threads = checkThreads(threads);
        if ((lengthUnit == null) != (energyUnit == null))
            throw new BridgeException(HDNNP_E_ARGUMENT, "give both the length and the energy unit of the model, or neither");
        Path file = path(path);
        if (CommitteeFile.isCommittee(file)) return openCommittee(List.of(path), threads, lengthUnit, energyUnit);
        Model model = ModelResolver.resolve(file, lengthUnit, energyUnit, HOW_TO_GIVE_UNITS);
        if (model.elements().size() > HDNNP_MAX_ELEMENTS)
            throw new BridgeException(HDNNP_E_INPUT, path + ": more than " + HDNNP_MAX_ELEMENTS + " elements");
        return new Session(model, threads);
    }

    double lengthToModel() { return lengthToModel; }

    double energyToModel() { return energyToModel; }

    /** Both factors finite and > 0 (checked by the caller). */
    void setUnits(double lengthToModel, double energyToModel) {
        if (evaluator != null) evaluator.setUnits(lengthToModel, 1.0 / energyToModel);
        else committee.setUnits(lengthToModel, 1.0 / energyToModel);
        this.lengthToModel = lengthToModel;
        this.energyToModel = energyToModel;
    }

    /** Evaluates the request and adds energy, forces, virials (a committee: the members' means) into the result struct. */
    void compute(MemorySegment rq, MemorySegment rs) {
        computeAll(rq, rs, null);
    }

    /**
     * A committee's evaluation: as {@link #compute}, and overwrites the members' energies, virials,
     * forces (all atoms, ghosts included) and the per-atom energy disagreement in the committee result.
     */
    void computeCommittee(MemorySegment rq, MemorySegment rs, MemorySegment cr) {
        if (committee == null)
            throw new BridgeException(HDNNP_E_ARGUMENT, "hdnnp_committee_compute on a single model (load a committee with hdnnp_committee_load)");
        computeAll(rq, rs, cr);
    }

    private void computeAll(MemorySegment rq, MemorySegment rs, MemorySegment cr) {
        system.bind(rq, numElements);
        int flags = rq.get(JAVA_INT, HdnnpJavaH.RQ_FLAGS);
        if ((flags & ~(HDNNP_WANT_EATOM | HDNNP_WANT_VATOM)) != 0)
            throw new BridgeException(HDNNP_E_ARGUMENT, "unknown request flags 0x" + Integer.toHexString(flags));
        boolean wantE = (flags & HDNNP_WANT_EATOM) != 0;
        boolean wantV = (flags & HDNNP_WANT_VATOM) != 0;
        if (wantV && committee != null)
            throw new BridgeException(HDNNP_E_ARGUMENT, "per-atom virials (HDNNP_WANT_VATOM) are not available for a committee");
        int nall = system.totalCount();
        f = LammpsSystem.view(f, rs.get(JAVA_LONG, HdnnpJavaH.RS_F), 24L * nall);
        eatom = wantE ? LammpsSystem.view(eatom, rs.get(JAVA_LONG, HdnnpJavaH.RS_EATOM), 8L * nall) : MemorySegment.NULL;
        vatom = wantV ? LammpsSystem.view(vatom, rs.get(JAVA_LONG, HdnnpJavaH.RS_VATOM), 48L * nall) : MemorySegment.NULL;
        if (nall > 0 && (f.equals(MemorySegment.NULL) || (wantE && eatom.equals(MemorySegment.NULL))
                || (wantV && vatom.equals(MemorySegment.NULL))))
            throw new BridgeException(HDNNP_E_ARGUMENT, "result arrays missing: f is required"
                    + (wantE ? ", eatom with HDNNP_WANT_EATOM" : "") + (wantV ? ", vatom with HDNNP_WANT_VATOM" : ""));
        if (cr != null) bindCommittee(cr, nall);

        double energy;
        double[] forces, atomE, virial;
        int warnings;
        if (committee != null) {
            CommitteeResult r = committeeResult;
            committee.compute(system, r);
            energy = r.energy;
            forces = r.forces;
            atomE = r.atomEnergy;
            virial = r.virial;
            warnings = r.extrapolationWarnings;
        } else {
            result.ensureCapacity(nall, wantE, wantV);
            evaluator.compute(system, result);
            energy = result.energy;
            forces = result.forces;
            atomE = result.atomEnergy;
            virial = result.virial;
            warnings = result.extrapolationWarnings;
        }
        double check = energy;
        for (int k = 0, n = 3 * nall; k < n; k++) check += forces[k];
        if (!Double.isFinite(check)) throw notFinite(energy);

        for (int k = 0, n = 3 * nall; k < n; k++) f.setAtIndex(JAVA_DOUBLE, k, f.getAtIndex(JAVA_DOUBLE, k) + forces[k]);
        if (wantE) {
            for (int i = 0; i < nall; i++) eatom.setAtIndex(JAVA_DOUBLE, i, eatom.getAtIndex(JAVA_DOUBLE, i) + atomE[i]);
        }
        if (wantV) {
            double[] v = result.atomVirial;
            for (int k = 0, n = 6 * nall; k < n; k++) vatom.setAtIndex(JAVA_DOUBLE, k, vatom.getAtIndex(JAVA_DOUBLE, k) + v[k]);
        }
        rs.set(JAVA_DOUBLE, HdnnpJavaH.RS_ENERGY, rs.get(JAVA_DOUBLE, HdnnpJavaH.RS_ENERGY) + energy);
        for (int k = 0; k < 6; k++) {
            long a = HdnnpJavaH.RS_VIRIAL + 8L * k;
            rs.set(JAVA_DOUBLE, a, rs.get(JAVA_DOUBLE, a) + virial[k]);
        }
        rs.set(JAVA_INT, HdnnpJavaH.RS_EW, rs.get(JAVA_INT, HdnnpJavaH.RS_EW) + warnings);
        if (cr != null) writeCommittee(nall);
    }

    /**
     * Writes the recorded extrapolation warnings of the last compute (at most {@code capacity})
     * into {@code out} (an array of hdnnp_extrapolation) and returns how many were recorded; for a
     * committee, the first member outside its range per (atom, function).
     */
    int extrapolationDetails(int capacity, MemorySegment out) {
        CommitteeResult c = committeeResult;
        int n = c != null ? c.recordedWarnings() : result.recordedWarnings();
        var L = HdnnpJavaH.hdnnp_extrapolation;
        int write = Math.min(n, capacity);
        if (write <= 0) return n;
        MemorySegment a = out.reinterpret(L.byteSize() * write);
        for (int k = 0; k < write; k++) {
            long o = k * L.byteSize();
            a.set(JAVA_INT, o + HdnnpJavaH.offset(L, "atom"), c != null ? c.warningAtom[k] : result.warningAtom[k]);
            a.set(JAVA_INT, o + HdnnpJavaH.offset(L, "element"), c != null ? c.warningElement[k] : result.warningElement[k]);
            a.set(JAVA_INT, o + HdnnpJavaH.offset(L, "function"), c != null ? c.warningFunction[k] : result.warningFunction[k]);
            a.set(JAVA_INT, o + HdnnpJavaH.offset(L, "member"), c != null ? c.warningMember[k] : 0);
            a.set(JAVA_DOUBLE, o + HdnnpJavaH.offset(L, "value"), c != null ? c.warningValue[k] : result.warningValue[k]);
            a.set(JAVA_DOUBLE, o + HdnnpJavaH.offset(L, "min"), c != null ? c.warningMin[k] : result.warningMin[k]);
            a.set(JAVA_DOUBLE, o + HdnnpJavaH.offset(L, "max"), c != null ? c.warningMax[k] : result.warningMax[k]);
        }
        return n;
    }

    private void bindCommittee(MemorySegment cr, int nall) {
        int size = cr.get(JAVA_INT, HdnnpJavaH.CR_STRUCT_SIZE);
        if (size != HdnnpJavaH.hdnnp_committee_result.byteSize())
            throw new BridgeException(HDNNP_E_ARGUMENT, "hdnnp_committee_result.struct_size is " + size + ", expected "
                    + HdnnpJavaH.hdnnp_committee_result.byteSize());
        int m = cr.get(JAVA_INT, HdnnpJavaH.CR_MEMBERS);
        if (m != members)
            throw new BridgeException(HDNNP_E_ARGUMENT, "hdnnp_committee_result.members is " + m + ", the committee has " + members);
        memberE = LammpsSystem.view(memberE, cr.get(JAVA_LONG, HdnnpJavaH.CR_MEMBER_ENERGY), 8L * members);
        memberV = LammpsSystem.view(memberV, cr.get(JAVA_LONG, HdnnpJavaH.CR_MEMBER_VIRIAL), 48L * members);
        memberF = LammpsSystem.view(memberF, cr.get(JAVA_LONG, HdnnpJavaH.CR_MEMBER_F), 24L * members * nall);
        eatomDevi = LammpsSystem.view(eatomDevi, cr.get(JAVA_LONG, HdnnpJavaH.CR_EATOM_DEVI), 8L * nall);
        if (memberE.equals(MemorySegment.NULL) || memberV.equals(MemorySegment.NULL) || (nall > 0 && memberF.equals(MemorySegment.NULL)))
            throw new BridgeException(HDNNP_E_ARGUMENT, "hdnnp_committee_result: member_energy, member_virial and member_f are required");
    }

    private void writeCommittee(int nall) {
        CommitteeResult r = committeeResult;
        for (int m = 0; m < members; m++) {
            memberE.setAtIndex(JAVA_DOUBLE, m, r.memberEnergy[m]);
            for (int c = 0; c < 6; c++) memberV.setAtIndex(JAVA_DOUBLE, 6L * m + c, r.memberVirial[m][c]);
            MemorySegment.copy(r.memberForces[m], 0, memberF, JAVA_DOUBLE, 24L * m * nall, 3 * nall);
        }
        if (!eatomDevi.equals(MemorySegment.NULL)) MemorySegment.copy(r.atomEnergyDisagreement, 0, eatomDevi, JAVA_DOUBLE, 0, nall);
    }

    /** Non-finite energy or forces: names the atoms at one position, the usual cause. */
    private BridgeException notFinite(double energy) {
        String pair = system.coincidentPair();
        if (pair != null)
            return new BridgeException(HDNNP_E_COMPUTE, pair + " are at the same position"
                    + " (two atoms on one site, or an atom on its own periodic image)");
        return new BridgeException(HDNNP_E_COMPUTE, "the energy or forces are not finite (energy " + energy
                + "): atoms too close?");
    }

    void close() {
        if (evaluator != null) evaluator.close();
        else committee.close();
    }
}
