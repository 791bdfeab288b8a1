package dev.hdnnp.bridge;

import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemoryLayout;
import java.lang.foreign.MemoryLayout.PathElement;
import java.lang.foreign.StructLayout;
import java.util.List;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_BYTE;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * Every native layout of the C ABI, written by hand to mirror {@code native/include/hdnnp_java.h}
 * and {@code native/src/hdnnp_java_table.h} (jextract is not available). The ABI layout test
 * compares {@link #describe()} with the output of a C program compiled against the real headers.
 */
public final class NativeLayouts {
    private NativeLayouts() {}

    /** HDNNP_JAVA_ABI_VERSION. */
    public static final int ABI_VERSION = 1;

    // status codes (HDNNP_OK, HDNNP_E_*)
    public static final int OK = 0;
    public static final int E_ARGUMENT = 1;
    public static final int E_VERSION = 2;
    public static final int E_STATE = 3;
    public static final int E_JVM = 4;
    public static final int E_INPUT = 5;
    public static final int E_MODEL = 6;
    public static final int E_COMPUTE = 7;
    public static final int E_INTERNAL = 8;

    public static final int WANT_EATOM = 1;
    public static final int WANT_VATOM = 2;
    public static final int NEIGHMASK = 0x1FFFFFFF;
    public static final int MAX_ELEMENTS = 128;
    public static final int UNIT_CHARS = 32;
    public static final int ELEMENT_CHARS = 4;

    public static final StructLayout RUNTIME_OPTIONS = MemoryLayout.structLayout(
            JAVA_INT.withName("struct_size"),
            JAVA_INT.withName("abi_version"),
            ADDRESS.withName("java_home"),
            ADDRESS.withName("libjvm_path"),
            ADDRESS.withName("class_path"),
            ADDRESS.withName("jvm_options")).withName("hdnnp_runtime_options");

    public static final StructLayout MODEL_OPTIONS = MemoryLayout.structLayout(
            JAVA_INT.withName("struct_size"),
            JAVA_INT.withName("threads"),
            ADDRESS.withName("length_unit"),
            ADDRESS.withName("energy_unit")).withName("hdnnp_model_options");

    public static final StructLayout MODEL_INFO = MemoryLayout.structLayout(
            JAVA_INT.withName("struct_size"),
            JAVA_INT.withName("num_elements"),
            JAVA_DOUBLE.withName("cutoff"),
            JAVA_DOUBLE.withName("cutoff_caller"),
            JAVA_DOUBLE.withName("length_to_model"),
            JAVA_DOUBLE.withName("energy_from_model"),
            MemoryLayout.sequenceLayout(UNIT_CHARS, JAVA_BYTE).withName("length_unit"),
            MemoryLayout.sequenceLayout(UNIT_CHARS, JAVA_BYTE).withName("energy_unit"),
            MemoryLayout.sequenceLayout(MAX_ELEMENTS, MemoryLayout.sequenceLayout(ELEMENT_CHARS, JAVA_BYTE))
                    .withName("elements")).withName("hdnnp_model_info");

    public static final StructLayout REQUEST = MemoryLayout.structLayout(
            JAVA_INT.withName("struct_size"),
            JAVA_INT.withName("flags"),
            JAVA_INT.withName("nlocal"),
            JAVA_INT.withName("nall"),
            JAVA_INT.withName("inum"),
            JAVA_INT.withName("ntypes"),
            ADDRESS.withName("x"),
            ADDRESS.withName("type"),
            ADDRESS.withName("type_to_element"),
            ADDRESS.withName("ilist"),
            ADDRESS.withName("numneigh"),
            ADDRESS.withName("firstneigh")).withName("hdnnp_request");

    public static final StructLayout RESULT = MemoryLayout.structLayout(
            JAVA_INT.withName("struct_size"),
            JAVA_INT.withName("extrapolation_warnings"),
            JAVA_DOUBLE.withName("energy"),
            MemoryLayout.sequenceLayout(6, JAVA_DOUBLE).withName("virial"),
            ADDRESS.withName("f"),
            ADDRESS.withName("eatom"),
            ADDRESS.withName("vatom")).withName("hdnnp_result");

    // ---- the function table filled with upcall stubs -------------------------------------------

    /** int model_load(const char *path, const hdnnp_model_options *o, int64_t *handle, char *err, int64_t n) */
    public static final FunctionDescriptor MODEL_LOAD =
            FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG);
    /** int model_info(int64_t handle, hdnnp_model_info *info, char *err, int64_t n) */
    public static final FunctionDescriptor MODEL_INFO_FN =
            FunctionDescriptor.of(JAVA_INT, JAVA_LONG, ADDRESS, ADDRESS, JAVA_LONG);
    /** int set_caller_units(int64_t handle, const char *length, const char *energy, char *err, int64_t n) */
    public static final FunctionDescriptor SET_CALLER_UNITS =
            FunctionDescriptor.of(JAVA_INT, JAVA_LONG, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG);
    /** int set_unit_factors(int64_t handle, double length_to_model, double energy_to_model, char *err, int64_t n) */
    public static final FunctionDescriptor SET_UNIT_FACTORS =
            FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_DOUBLE, JAVA_DOUBLE, ADDRESS, JAVA_LONG);
    /** int compute(int64_t handle, const hdnnp_request *rq, hdnnp_result *rs, char *err, int64_t n) */
    public static final FunctionDescriptor COMPUTE =
            FunctionDescriptor.of(JAVA_INT, JAVA_LONG, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG);
    /** int model_free(int64_t handle, char *err, int64_t n) */
    public static final FunctionDescriptor MODEL_FREE =
            FunctionDescriptor.of(JAVA_INT, JAVA_LONG, ADDRESS, JAVA_LONG);
    /** int shutdown(char *err, int64_t n) */
    public static final FunctionDescriptor SHUTDOWN =
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG);

    public static final StructLayout TABLE = MemoryLayout.structLayout(
            JAVA_INT.withName("struct_size"),
            JAVA_INT.withName("abi_version"),
            ADDRESS.withName("model_load"),
            ADDRESS.withName("model_info"),
            ADDRESS.withName("set_caller_units"),
            ADDRESS.withName("set_unit_factors"),
            ADDRESS.withName("compute"),
            ADDRESS.withName("model_free"),
            ADDRESS.withName("shutdown")).withName("hdnnp_java_table");

    public static final List<StructLayout> ALL_STRUCTS =
            List.of(RUNTIME_OPTIONS, MODEL_OPTIONS, MODEL_INFO, REQUEST, RESULT, TABLE);

    /** Byte offset of a named member. */
    public static long offset(StructLayout s, String member) {
        return s.byteOffset(PathElement.groupElement(member));
    }

    // offsets used on the hot path
    static final long RQ_FLAGS = offset(REQUEST, "flags");
    static final long RQ_NLOCAL = offset(REQUEST, "nlocal");
    static final long RQ_NALL = offset(REQUEST, "nall");
    static final long RQ_INUM = offset(REQUEST, "inum");
    static final long RQ_NTYPES = offset(REQUEST, "ntypes");
    static final long RQ_X = offset(REQUEST, "x");
    static final long RQ_TYPE = offset(REQUEST, "type");
    static final long RQ_TYPE_TO_ELEMENT = offset(REQUEST, "type_to_element");
    static final long RQ_ILIST = offset(REQUEST, "ilist");
    static final long RQ_NUMNEIGH = offset(REQUEST, "numneigh");
    static final long RQ_FIRSTNEIGH = offset(REQUEST, "firstneigh");
    static final long RS_EW = offset(RESULT, "extrapolation_warnings");
    static final long RS_ENERGY = offset(RESULT, "energy");
    static final long RS_VIRIAL = offset(RESULT, "virial");
    static final long RS_F = offset(RESULT, "f");
    static final long RS_EATOM = offset(RESULT, "eatom");
    static final long RS_VATOM = offset(RESULT, "vatom");

    /**
     * "sizeof NAME N" per struct followed by "offsetof NAME.MEMBER N" per member, in declaration
     * order: the same text the C program native/tests/abi_layout.c prints.
     */
    public static String describe() {
        StringBuilder sb = new StringBuilder();
        for (StructLayout s : ALL_STRUCTS) {
            String name = s.name().orElseThrow();
            sb.append("sizeof ").append(name).append(' ').append(s.byteSize()).append('\n');
            for (MemoryLayout m : s.memberLayouts()) {
                if (m.name().isEmpty()) continue; // padding
                String member = m.name().get();
                sb.append("offsetof ").append(name).append('.').append(member).append(' ')
                        .append(offset(s, member)).append('\n');
            }
        }
        return sb.toString();
    }

    public static void main(String[] args) {
        System.out.print(describe());
    }
}
