package dev.hdnnp.bridge;

import dev.hdnnp.io.InputException;
import dev.hdnnp.potential.Units;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import static dev.hdnnp.bridge.HdnnpJavaH.HDNNP_E_ARGUMENT;
import static dev.hdnnp.bridge.HdnnpJavaH.HDNNP_E_COMPUTE;
import static dev.hdnnp.bridge.HdnnpJavaH.HDNNP_E_INPUT;
import static dev.hdnnp.bridge.HdnnpJavaH.HDNNP_E_INTERNAL;
import static dev.hdnnp.bridge.HdnnpJavaH.HDNNP_E_STATE;
import static dev.hdnnp.bridge.HdnnpJavaH.HDNNP_E_VERSION;
import static dev.hdnnp.bridge.HdnnpJavaH.HDNNP_JAVA_ABI_VERSION;
import static dev.hdnnp.bridge.HdnnpJavaH.HDNNP_OK;
import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The Java end of the C ABI (native/include/hdnnp_java.h). The C library calls {@link #install}
 * once through JNI; it fills the C function table with FFM upcall stubs pointing at the static
 * methods below. Those upcall targets are plain static methods that never throw (an exception
 * escaping an upcall would kill the process): each unpacks its arguments, calls a {@link Session},
 * and turns any Throwable into a status code plus a message written into the caller's buffer.
 *
 * <p>Models live in a handle table: a handle is a positive long, never reused.
 */
public final class Bridge {
    private Bridge() {}

    private static final Map<Long, Session> SESSIONS = new ConcurrentHashMap<>();
    private static final AtomicLong NEXT_HANDLE = new AtomicLong(1);
    private static volatile MemorySegment[] stubs; // kept for the lifetime of the JVM (global arena)

    // ---- install -----------------------------------------------------------------------------

    private static final String[] ENTRY_NAMES = {
        "model_load", "model_info", "set_caller_units", "set_unit_factors", "compute", "model_free", "shutdown",
        "committee_load", "committee_compute", "extrapolation_details"};
    private static final FunctionDescriptor[] ENTRY_DESCRIPTORS = {
        HdnnpJavaH.model_load, HdnnpJavaH.model_info, HdnnpJavaH.set_caller_units, HdnnpJavaH.set_unit_factors,
        HdnnpJavaH.compute, HdnnpJavaH.model_free, HdnnpJavaH.shutdown, HdnnpJavaH.committee_load, HdnnpJavaH.committee_compute,
        HdnnpJavaH.extrapolation_details};
    private static final String[] ENTRY_METHODS = {
        "modelLoad", "modelInfo", "setCallerUnits", "setUnitFactors", "compute", "modelFree", "shutdown",
        "committeeLoad", "committeeCompute", "extrapolationDetails"};

    /**
     * Called once from C through JNI: fills the hdnnp_java_table at {@code tableAddress} with
     * upcall stubs. Returns a status; on failure writes a message into {@code err}.
     */
    public static int install(long tableAddress, long errAddress, long errLength) {
        MemorySegment err = MemorySegment.ofAddress(errAddress);
        try {
            if (tableAddress == 0) throw new BridgeException(HDNNP_E_ARGUMENT, "function table is NULL");
            var T = HdnnpJavaH.hdnnp_java_table;
            MemorySegment table = MemorySegment.ofAddress(tableAddress).reinterpret(T.byteSize());
            int size = table.get(JAVA_INT, HdnnpJavaH.offset(T, "struct_size"));
            int version = table.get(JAVA_INT, HdnnpJavaH.offset(T, "abi_version"));
            if (version != HDNNP_JAVA_ABI_VERSION || size != T.byteSize())
                throw new BridgeException(HDNNP_E_VERSION, "native library ABI version " + version
                        + " (table " + size + " bytes), Java bridge ABI version " + HDNNP_JAVA_ABI_VERSION
                        + " (table " + T.byteSize() + " bytes): use the jar and library of one build");
            MemorySegment[] s = stubs();
            for (int k = 0; k < ENTRY_NAMES.length; k++) table.set(ADDRESS, HdnnpJavaH.offset(T, ENTRY_NAMES[k]), s[k]);
            return HDNNP_OK;
        } catch (Throwable t) {
            return fail(err, errLength, t, HDNNP_E_INTERNAL);
        }
    }

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

    // ---- upcall targets: plain static methods that never throw ---------------------------------

    /** The caller's {@code hdnnp_model_options}, or the defaults (1 thread, model units) for NULL. */
    private record LoadOptions(int threads, String lengthUnit, String energyUnit) {
        static LoadOptions read(MemorySegment options) {
            if (options.equals(MemorySegment.NULL)) return new LoadOptions(1, null, null);
            var O = HdnnpJavaH.hdnnp_model_options;
            return new LoadOptions(options.get(JAVA_INT, HdnnpJavaH.offset(O, "threads")),
                    cString(options.get(ADDRESS, HdnnpJavaH.offset(O, "length_unit"))),
                    cString(options.get(ADDRESS, HdnnpJavaH.offset(O, "energy_unit"))));
        }
    }

    /** Gives an opened session its handle and writes the handle to the caller's out-parameter. */
    private static void register(Session s, MemorySegment handleOut) {
        long h = NEXT_HANDLE.getAndIncrement();
        SESSIONS.put(h, s);
        handleOut.set(JAVA_LONG, 0, h);
    }

    static int modelLoad(MemorySegment path, MemorySegment options, MemorySegment handleOut, MemorySegment err,
                         long errLength) {
        try {
            String p = cString(path);
            if (p == null || p.isEmpty()) throw new BridgeException(HDNNP_E_ARGUMENT, "model path is empty");
            LoadOptions o = LoadOptions.read(options);
            register(Session.open(p, o.threads, o.lengthUnit, o.energyUnit), handleOut);
            return HDNNP_OK;
        } catch (Throwable t) {
            return fail(err, errLength, t, HDNNP_E_INPUT);
        }
    }

    static int committeeLoad(int count, MemorySegment paths, MemorySegment options, MemorySegment handleOut, MemorySegment err,
                             long errLength) {
        try {
            if (count < 1 || count > 1024) throw new BridgeException(HDNNP_E_ARGUMENT, "committee of " + count + " models (1..1024)");
            if (paths.equals(MemorySegment.NULL)) throw new BridgeException(HDNNP_E_ARGUMENT, "paths is NULL");
            MemorySegment array = paths.reinterpret(ADDRESS.byteSize() * count);
            List<String> list = new java.util.ArrayList<>();
            for (int k = 0; k < count; k++) {
                String p = cString(array.getAtIndex(ADDRESS, k));
                if (p == null || p.isEmpty()) throw new BridgeException(HDNNP_E_ARGUMENT, "committee model path " + (k + 1) + " is NULL or empty");
                list.add(p);
            }
            LoadOptions o = LoadOptions.read(options);
            register(Session.openCommittee(list, o.threads, o.lengthUnit, o.energyUnit), handleOut);
            return HDNNP_OK;
        } catch (Throwable t) {
            return fail(err, errLength, t, HDNNP_E_INPUT);
        }
    }

    static int committeeCompute(long handle, MemorySegment request, MemorySegment result, MemorySegment committee,
                                MemorySegment err, long errLength) {
        try {
            Session s = session(handle);
            synchronized (s) {
                s.computeCommittee(request, result, committee);
            }
            return HDNNP_OK;
        } catch (Throwable t) {
            return fail(err, errLength, t, HDNNP_E_COMPUTE);
        }
    }

    static int extrapolationDetails(long handle, int capacity, MemorySegment out, MemorySegment count,
                                    MemorySegment err, long errLength) {
        try {
            Session s = session(handle);
            synchronized (s) {
                count.set(JAVA_INT, 0, s.extrapolationDetails(capacity, out));
            }
            return HDNNP_OK;
        } catch (Throwable t) {
            return fail(err, errLength, t, HDNNP_E_INTERNAL);
        }
    }

    static int modelInfo(long handle, MemorySegment info, MemorySegment err, long errLength) {
        try {
            Session s = session(handle);
            var L = HdnnpJavaH.hdnnp_model_info;
            int size = info.get(JAVA_INT, HdnnpJavaH.offset(L, "struct_size"));
            if (size != L.byteSize())
                throw new BridgeException(HDNNP_E_ARGUMENT, "hdnnp_model_info.struct_size " + size + ", expected " + L.byteSize());
            List<String> el = s.model.elements();
            info.set(JAVA_INT, HdnnpJavaH.offset(L, "num_elements"), el.size());
            double rc = s.cutoff();
            info.set(JAVA_INT, HdnnpJavaH.offset(L, "members"), s.members);
            synchronized (s) {
                info.set(JAVA_DOUBLE, HdnnpJavaH.offset(L, "cutoff"), rc);
                info.set(JAVA_DOUBLE, HdnnpJavaH.offset(L, "cutoff_caller"), rc / s.lengthToModel());
                info.set(JAVA_DOUBLE, HdnnpJavaH.offset(L, "length_to_model"), s.lengthToModel());
                info.set(JAVA_DOUBLE, HdnnpJavaH.offset(L, "energy_to_model"), s.energyToModel());
            }
            putString(info, HdnnpJavaH.offset(L, "length_unit"), HdnnpJavaH.HDNNP_UNIT_CHARS, s.lengthUnit);
            putString(info, HdnnpJavaH.offset(L, "energy_unit"), HdnnpJavaH.HDNNP_UNIT_CHARS, s.energyUnit);
            long base = HdnnpJavaH.offset(L, "elements");
            for (int k = 0; k < el.size(); k++)
                putString(info, base + (long) k * HdnnpJavaH.ELEMENT_CHARS, HdnnpJavaH.ELEMENT_CHARS, el.get(k));
            return HDNNP_OK;
        } catch (Throwable t) {
            return fail(err, errLength, t, HDNNP_E_INTERNAL);
        }
    }

    static int setCallerUnits(long handle, MemorySegment lengthUnit, MemorySegment energyUnit, MemorySegment err,
                              long errLength) {
        try {
            Session s = session(handle);
            String lu = cString(lengthUnit), eu = cString(energyUnit);
            // model unit = caller unit * factor
            double lengthToModel = Units.lengthFactor(lu, s.lengthUnit);
            double energyToModel = Units.energyFactor(eu, s.energyUnit);
            synchronized (s) {
                s.setUnits(lengthToModel, energyToModel);
            }
            return HDNNP_OK;
        } catch (Throwable t) {
            return fail(err, errLength, t, HDNNP_E_INPUT);
        }
    }

    static int setUnitFactors(long handle, double lengthToModel, double energyToModel, MemorySegment err,
                              long errLength) {
        try {
            Session s = session(handle);
            if (!(lengthToModel > 0 && energyToModel > 0 && Double.isFinite(lengthToModel) && Double.isFinite(energyToModel)))
                throw new BridgeException(HDNNP_E_ARGUMENT, "unit factors must be finite and > 0 (got "
                        + lengthToModel + ", " + energyToModel + ")");
            synchronized (s) {
                s.setUnits(lengthToModel, energyToModel);
            }
            return HDNNP_OK;
        } catch (Throwable t) {
            return fail(err, errLength, t, HDNNP_E_ARGUMENT);
        }
    }

    static int compute(long handle, MemorySegment request, MemorySegment result, MemorySegment err, long errLength) {
        try {
            Session s = session(handle);
            synchronized (s) {
                s.compute(request, result);
            }
            return HDNNP_OK;
        } catch (Throwable t) {
            return fail(err, errLength, t, HDNNP_E_COMPUTE);
        }
    }

    static int modelFree(long handle, MemorySegment err, long errLength) {
        try {
            Session s = SESSIONS.remove(handle);
            if (s == null) throw new BridgeException(HDNNP_E_STATE, "model handle " + handle + " is not open");
            synchronized (s) {
                s.close();
            }
            return HDNNP_OK;
        } catch (Throwable t) {
            return fail(err, errLength, t, HDNNP_E_INTERNAL);
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
        return first == null ? HDNNP_OK : fail(err, errLength, first, HDNNP_E_INTERNAL);
    }

    /** Number of open model handles (for tests). */
    static int openModels() {
        return SESSIONS.size();
    }

    // ---- helpers -----------------------------------------------------------------------------

    private static Session session(long handle) {
        Session s = SESSIONS.get(handle);
        if (s == null) throw new BridgeException(HDNNP_E_STATE, "model handle " + handle + " is not open (freed?)");
        return s;
    }

    /** Longest C string argument read (paths, unit names): a bound instead of the whole address space. */
    static final int MAX_STRING_BYTES = 1 << 16;

    private static String cString(MemorySegment p) {
        if (p == null || p.equals(MemorySegment.NULL)) return null;
        try {
            return p.reinterpret(MAX_STRING_BYTES).getString(0, StandardCharsets.UTF_8);
        } catch (IndexOutOfBoundsException e) {
            throw new BridgeException(HDNNP_E_ARGUMENT, "a string argument has no terminating NUL within "
                    + MAX_STRING_BYTES + " bytes");
        }
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
            case InputException i -> { status = HDNNP_E_INPUT; msg = i.getMessage(); }
            case UncheckedIOException u -> { status = HDNNP_E_INPUT; msg = String.valueOf(u.getCause().getMessage()); }
            case IOException io -> { status = HDNNP_E_INPUT; msg = io.toString(); }
            case OutOfMemoryError oom -> { status = HDNNP_E_COMPUTE;
                msg = "Java heap exhausted (" + oom.getMessage() + "): give the JVM more memory, e.g. -Xmx8g"; }
            default -> {
                if (t instanceof IllegalArgumentException || t instanceof IllegalStateException
                        || t instanceof UnsupportedOperationException) {
                    status = defaultStatus;
                    msg = t.getMessage() != null ? t.getMessage() : t.toString();
                } else {
                    status = HDNNP_E_INTERNAL;
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
