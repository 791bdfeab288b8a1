package dev.hdnnp.bridge;

import dev.hdnnp.io.InputException;
import dev.hdnnp.io.ModelResolver;
import dev.hdnnp.potential.EvaluationResult;
import dev.hdnnp.potential.Evaluator;
import dev.hdnnp.potential.Model;
import dev.hdnnp.potential.Units;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import static dev.hdnnp.bridge.LammpsSystem.ALL;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The Java end of the C ABI (native/include/hdnnp_java.h). The C library calls {@link #install}
 * once through JNI; it fills the C function table with FFM upcall stubs pointing at the static
 * methods below. Every upcall catches every Throwable (an exception escaping an upcall would kill
 * the process) and reports a status code plus a message written into the caller's buffer.
 *
 * <p>Models live in a handle table: a handle is a positive long, never reused.
 */
public final class Bridge {
    private Bridge() {}

    private static final Map<Long, Session> SESSIONS = new ConcurrentHashMap<>();
    private static final AtomicLong NEXT_HANDLE = new AtomicLong(1);
    private static volatile MemorySegment[] stubs; // kept for the lifetime of the JVM (global arena)

    /** One loaded model with its evaluator and reusable buffers. */
    private static final class Session {
        final Model model;
        final Evaluator evaluator;
        final EvaluationResult result = new EvaluationResult();
        final LammpsSystem system = new LammpsSystem();
        final int numElements;
        final String lengthUnit, energyUnit;
        double lengthToModel = 1.0, energyFromModel = 1.0;

        Session(Model model, int threads, String lengthUnit, String energyUnit) {
            this.model = model;
            this.numElements = model.elements().size();
            this.lengthUnit = lengthUnit;
            this.energyUnit = energyUnit;
            this.evaluator = new Evaluator(model, threads);
            this.evaluator.setUnits(1.0, 1.0);
        }

        void setUnits(double lengthToModel, double energyFromModel) {
            evaluator.setUnits(lengthToModel, energyFromModel);
            this.lengthToModel = lengthToModel;
            this.energyFromModel = energyFromModel;
        }

        void compute(long rq, long rs) {
            system.bind(rq, numElements);
            int flags = ALL.get(JAVA_INT, rq + NativeLayouts.RQ_FLAGS);
            boolean wantE = (flags & NativeLayouts.WANT_EATOM) != 0;
            boolean wantV = (flags & NativeLayouts.WANT_VATOM) != 0;
            long f = ALL.get(JAVA_LONG, rs + NativeLayouts.RS_F);
            long eatom = ALL.get(JAVA_LONG, rs + NativeLayouts.RS_EATOM);
            long vatom = ALL.get(JAVA_LONG, rs + NativeLayouts.RS_VATOM);
            int nall = system.totalCount();
            if (nall > 0 && (f == 0 || (wantE && eatom == 0) || (wantV && vatom == 0)))
                throw new BridgeException(NativeLayouts.E_ARGUMENT, "result arrays f/eatom/vatom missing");

            result.ensureCapacity(nall, wantE, wantV);
            evaluator.compute(system, result);
            if (!Double.isFinite(result.energy))
                throw new BridgeException(NativeLayouts.E_COMPUTE, "the energy is " + result.energy
                        + " (atoms too close, or coordinates not finite?)");

            double[] forces = result.forces;
            for (int k = 0, n = 3 * nall; k < n; k++) {
                long a = f + 8L * k;
                ALL.set(JAVA_DOUBLE, a, ALL.get(JAVA_DOUBLE, a) + forces[k]);
            }
            if (wantE) {
                double[] e = result.atomEnergy;
                for (int i = 0; i < nall; i++) {
                    long a = eatom + 8L * i;
                    ALL.set(JAVA_DOUBLE, a, ALL.get(JAVA_DOUBLE, a) + e[i]);
                }
            }
            if (wantV) {
                double[] v = result.atomVirial;
                for (int k = 0, n = 6 * nall; k < n; k++) {
                    long a = vatom + 8L * k;
                    ALL.set(JAVA_DOUBLE, a, ALL.get(JAVA_DOUBLE, a) + v[k]);
                }
            }
            long e = rs + NativeLayouts.RS_ENERGY;
            ALL.set(JAVA_DOUBLE, e, ALL.get(JAVA_DOUBLE, e) + result.energy);
            for (int k = 0; k < 6; k++) {
                long a = rs + NativeLayouts.RS_VIRIAL + 8L * k;
                ALL.set(JAVA_DOUBLE, a, ALL.get(JAVA_DOUBLE, a) + result.virial[k]);
            }
            long w = rs + NativeLayouts.RS_EW;
            ALL.set(JAVA_INT, w, ALL.get(JAVA_INT, w) + result.extrapolationWarnings);
        }

        void close() {
            evaluator.close();
        }
    }

    // ---- install -----------------------------------------------------------------------------

    /**
     * Called once from C through JNI: fills the hdnnp_java_table at {@code tableAddress} with
     * upcall stubs. Returns a status; on failure writes a message into {@code err}.
     */
    public static int install(long tableAddress, long errAddress, long errLength) {
        MemorySegment err = MemorySegment.ofAddress(errAddress);
        try {
            if (tableAddress == 0) throw new BridgeException(NativeLayouts.E_ARGUMENT, "function table is NULL");
            MemorySegment table = MemorySegment.ofAddress(tableAddress).reinterpret(NativeLayouts.TABLE.byteSize());
            int size = table.get(JAVA_INT, NativeLayouts.offset(NativeLayouts.TABLE, "struct_size"));
            int version = table.get(JAVA_INT, NativeLayouts.offset(NativeLayouts.TABLE, "abi_version"));
            if (version != NativeLayouts.ABI_VERSION || size != NativeLayouts.TABLE.byteSize())
                throw new BridgeException(NativeLayouts.E_VERSION, "native library ABI version " + version
                        + " (table " + size + " bytes), Java bridge ABI version " + NativeLayouts.ABI_VERSION
                        + " (table " + NativeLayouts.TABLE.byteSize() + " bytes): use the jar and library of one build");
            MemorySegment[] s = stubs();
            String[] names = ENTRY_NAMES;
            for (int k = 0; k < names.length; k++)
                table.set(java.lang.foreign.ValueLayout.ADDRESS, NativeLayouts.offset(NativeLayouts.TABLE, names[k]), s[k]);
            return NativeLayouts.OK;
        } catch (Throwable t) {
            return fail(err, errLength, t, NativeLayouts.E_INTERNAL);
        }
    }

    private static final String[] ENTRY_NAMES = {
        "model_load", "model_info", "set_caller_units", "set_unit_factors", "compute", "model_free", "shutdown"};
    private static final FunctionDescriptor[] ENTRY_DESCRIPTORS = {
        NativeLayouts.MODEL_LOAD, NativeLayouts.MODEL_INFO_FN, NativeLayouts.SET_CALLER_UNITS,
        NativeLayouts.SET_UNIT_FACTORS, NativeLayouts.COMPUTE, NativeLayouts.MODEL_FREE, NativeLayouts.SHUTDOWN};
    private static final String[] ENTRY_METHODS = {
        "modelLoad", "modelInfo", "setCallerUnits", "setUnitFactors", "compute", "modelFree", "shutdown"};

    private static synchronized MemorySegment[] stubs() throws ReflectiveOperationException {
        if (stubs == null) {
            Linker linker = Linker.nativeLinker();
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            MemorySegment[] s = new MemorySegment[ENTRY_NAMES.length];
            for (int k = 0; k < s.length; k++) {
                var mh = lookup.findStatic(Bridge.class, ENTRY_METHODS[k], ENTRY_DESCRIPTORS[k].toMethodType());
                s[k] = linker.upcallStub(mh, ENTRY_DESCRIPTORS[k], Arena.global());
            }
            stubs = s;
        }
        return stubs;
    }

    // ---- upcall targets: each catches Throwable ------------------------------------------------

    static int modelLoad(MemorySegment path, MemorySegment options, MemorySegment handleOut, MemorySegment err,
                         long errLength) {
        try {
            String p = cString(path);
            if (p == null || p.isEmpty()) throw new BridgeException(NativeLayouts.E_ARGUMENT, "model path is empty");
            int threads = 1;
            String lu = null, eu = null;
            if (!options.equals(MemorySegment.NULL)) {
                MemorySegment o = options.reinterpret(NativeLayouts.MODEL_OPTIONS.byteSize());
                threads = o.get(JAVA_INT, NativeLayouts.offset(NativeLayouts.MODEL_OPTIONS, "threads"));
                lu = cString(o.get(java.lang.foreign.ValueLayout.ADDRESS,
                        NativeLayouts.offset(NativeLayouts.MODEL_OPTIONS, "length_unit")));
                eu = cString(o.get(java.lang.foreign.ValueLayout.ADDRESS,
                        NativeLayouts.offset(NativeLayouts.MODEL_OPTIONS, "energy_unit")));
            }
            Session s = openSession(p, Math.max(1, threads), lu, eu);
            long h = NEXT_HANDLE.getAndIncrement();
            SESSIONS.put(h, s);
            handleOut.reinterpret(8).set(JAVA_LONG, 0, h);
            return NativeLayouts.OK;
        } catch (Throwable t) {
            return fail(err, errLength, t, NativeLayouts.E_INPUT);
        }
    }

    /** Loads a model for the C ABI. {@code lengthUnit}/{@code energyUnit} override the model's units. */
    static Session openSession(String path, int threads, String lengthUnit, String energyUnit) {
        if ((lengthUnit == null) != (energyUnit == null))
            throw new BridgeException(NativeLayouts.E_ARGUMENT, "give both the length and the energy unit of the model, or neither");
        Path file;
        try {
            file = Path.of(path);
        } catch (InvalidPathException e) {
            throw new BridgeException(NativeLayouts.E_INPUT, "invalid model path '" + path + "': " + e.getReason());
        }
        Model model = ModelResolver.resolve(file, lengthUnit, energyUnit,
                "'modelunits <length> <energy>' (pair_style hdnnp_java; C ABI: hdnnp_model_options)");
        if (model.elements().size() > NativeLayouts.MAX_ELEMENTS)
            throw new BridgeException(NativeLayouts.E_INPUT, path + ": more than " + NativeLayouts.MAX_ELEMENTS + " elements");
        return new Session(model, threads, model.lengthUnit(), model.energyUnit());
    }

    static int modelInfo(long handle, MemorySegment info, MemorySegment err, long errLength) {
        try {
            Session s = session(handle);
            MemorySegment o = info.reinterpret(NativeLayouts.MODEL_INFO.byteSize());
            var L = NativeLayouts.MODEL_INFO;
            int size = o.get(JAVA_INT, NativeLayouts.offset(L, "struct_size"));
            if (size != L.byteSize())
                throw new BridgeException(NativeLayouts.E_ARGUMENT, "hdnnp_model_info.struct_size " + size + ", expected " + L.byteSize());
            List<String> el = s.model.elements();
            o.set(JAVA_INT, NativeLayouts.offset(L, "num_elements"), el.size());
            double rc = s.model.cutoff();
            o.set(JAVA_DOUBLE, NativeLayouts.offset(L, "cutoff"), rc);
            o.set(JAVA_DOUBLE, NativeLayouts.offset(L, "cutoff_caller"), rc / s.lengthToModel);
            o.set(JAVA_DOUBLE, NativeLayouts.offset(L, "length_to_model"), s.lengthToModel);
            o.set(JAVA_DOUBLE, NativeLayouts.offset(L, "energy_from_model"), s.energyFromModel);
            putString(o, NativeLayouts.offset(L, "length_unit"), NativeLayouts.UNIT_CHARS, s.lengthUnit);
            putString(o, NativeLayouts.offset(L, "energy_unit"), NativeLayouts.UNIT_CHARS, s.energyUnit);
            long base = NativeLayouts.offset(L, "elements");
            for (int k = 0; k < el.size(); k++)
                putString(o, base + (long) k * NativeLayouts.ELEMENT_CHARS, NativeLayouts.ELEMENT_CHARS, el.get(k));
            return NativeLayouts.OK;
        } catch (Throwable t) {
            return fail(err, errLength, t, NativeLayouts.E_INTERNAL);
        }
    }

    static int setCallerUnits(long handle, MemorySegment lengthUnit, MemorySegment energyUnit, MemorySegment err,
                              long errLength) {
        try {
            Session s = session(handle);
            String lu = cString(lengthUnit), eu = cString(energyUnit);
            double lengthToModel = Units.lengthFactor(lu, s.lengthUnit);
            double energyFromModel = Units.energyFactor(s.energyUnit, eu);
            synchronized (s) {
                s.setUnits(lengthToModel, energyFromModel);
            }
            return NativeLayouts.OK;
        } catch (Throwable t) {
            return fail(err, errLength, t, NativeLayouts.E_INPUT);
        }
    }

    static int setUnitFactors(long handle, double lengthToModel, double energyToModel, MemorySegment err,
                              long errLength) {
        try {
            Session s = session(handle);
            if (!(lengthToModel > 0 && energyToModel > 0 && Double.isFinite(lengthToModel) && Double.isFinite(energyToModel)))
                throw new BridgeException(NativeLayouts.E_ARGUMENT, "unit factors must be finite and > 0");
            synchronized (s) {
                s.setUnits(lengthToModel, 1.0 / energyToModel);
            }
            return NativeLayouts.OK;
        } catch (Throwable t) {
            return fail(err, errLength, t, NativeLayouts.E_ARGUMENT);
        }
    }

    static int compute(long handle, MemorySegment request, MemorySegment result, MemorySegment err, long errLength) {
        try {
            Session s = session(handle);
            synchronized (s) {
                s.compute(request.address(), result.address());
            }
            return NativeLayouts.OK;
        } catch (Throwable t) {
            return fail(err, errLength, t, NativeLayouts.E_COMPUTE);
        }
    }

    static int modelFree(long handle, MemorySegment err, long errLength) {
        try {
            Session s = SESSIONS.remove(handle);
            if (s == null) throw new BridgeException(NativeLayouts.E_STATE, "model handle " + handle + " is not open");
            synchronized (s) {
                s.close();
            }
            return NativeLayouts.OK;
        } catch (Throwable t) {
            return fail(err, errLength, t, NativeLayouts.E_INTERNAL);
        }
    }

    static int shutdown(MemorySegment err, long errLength) {
        Throwable first = null;
        for (Long h : List.copyOf(SESSIONS.keySet())) {
            Session s = SESSIONS.remove(h);
            if (s == null) continue;
            try {
                synchronized (s) {
                    s.close();
                }
            } catch (Throwable t) {
                if (first == null) first = t;
            }
        }
        return first == null ? NativeLayouts.OK : fail(err, errLength, first, NativeLayouts.E_INTERNAL);
    }

    /** Number of open model handles (for tests). */
    static int openModels() {
        return SESSIONS.size();
    }

    // ---- helpers -----------------------------------------------------------------------------

    private static Session session(long handle) {
        Session s = SESSIONS.get(handle);
        if (s == null) throw new BridgeException(NativeLayouts.E_STATE, "model handle " + handle + " is not open (freed?)");
        return s;
    }

    private static String cString(MemorySegment p) {
        if (p == null || p.equals(MemorySegment.NULL)) return null;
        return p.reinterpret(Long.MAX_VALUE).getString(0, StandardCharsets.UTF_8);
    }

    private static void putString(MemorySegment seg, long offset, int capacity, String s) {
        byte[] b = s == null ? new byte[0] : s.getBytes(StandardCharsets.UTF_8);
        int n = Math.min(b.length, capacity - 1);
        MemorySegment.copy(b, 0, seg, JAVA_BYTE, offset, n);
        seg.set(JAVA_BYTE, offset + n, (byte) 0);
    }

    /** Maps a Throwable to a status, writes its message into err, returns the status. */
    static int fail(MemorySegment err, long errLength, Throwable t, int defaultStatus) {
        int status;
        String msg;
        switch (t) {
            case BridgeException b -> { status = b.status; msg = b.getMessage(); }
            case InputException i -> { status = NativeLayouts.E_INPUT; msg = i.getMessage(); }
            case UncheckedIOException u -> { status = NativeLayouts.E_INPUT; msg = String.valueOf(u.getCause().getMessage()); }
            case IOException io -> { status = NativeLayouts.E_INPUT; msg = io.toString(); }
            case OutOfMemoryError oom -> { status = NativeLayouts.E_COMPUTE;
                msg = "Java heap exhausted (" + oom.getMessage() + "): give the JVM more memory, e.g. -Xmx8g"; }
            default -> {
                if (t instanceof IllegalArgumentException || t instanceof IllegalStateException
                        || t instanceof UnsupportedOperationException) {
                    status = defaultStatus;
                    msg = t.getMessage() != null ? t.getMessage() : t.toString();
                } else {
                    status = NativeLayouts.E_INTERNAL;
                    msg = "internal error: " + t + where(t);
                }
            }
        }
        if (msg == null) msg = t.toString();
        try {
            if (err != null && !err.equals(MemorySegment.NULL) && errLength > 0) {
                MemorySegment e = err.reinterpret(errLength);
                byte[] b = msg.getBytes(StandardCharsets.UTF_8);
                int n = (int) Math.min(b.length, errLength - 1);
                MemorySegment.copy(b, 0, e, JAVA_BYTE, 0, n);
                e.set(JAVA_BYTE, n, (byte) 0);
            }
        } catch (Throwable ignored) {
            // nothing more can be done; the status still reports the failure
        }
        return status;
    }

    private static String where(Throwable t) {
        StackTraceElement[] st = t.getStackTrace();
        return st.length > 0 ? " at " + st[0] : "";
    }
}
