package dev.hdnnp.bridge;

import java.lang.foreign.AddressLayout;
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
 * The Java mirror of {@code native/include/hdnnp_java.h} and {@code native/src/hdnnp_java_table.h},
 * in the shape jextract generates (jextract itself is not available here): the header's constants,
 * its struct layouts, member offsets, and the function descriptors of the table's entries. The ABI
 * layout test compares {@link #describe()} with a C program compiled against the real headers, so
 * a change on one side only fails the build.
 */
public final class HdnnpJavaH {
    private HdnnpJavaH() {}

    /** HDNNP_JAVA_ABI_VERSION. */
    public static final int HDNNP_JAVA_ABI_VERSION = 3;

    // status codes (HDNNP_OK, HDNNP_E_*)
    public static final int HDNNP_OK = 0;
    public static final int HDNNP_E_ARGUMENT = 1;
    public static final int HDNNP_E_VERSION = 2;
    public static final int HDNNP_E_STATE = 3;
    public static final int HDNNP_E_JVM = 4;
    public static final int HDNNP_E_INPUT = 5;
    public static final int HDNNP_E_MODEL = 6;
    public static final int HDNNP_E_COMPUTE = 7;
    public static final int HDNNP_E_INTERNAL = 8;

    public static final int HDNNP_MAX_THREADS = 1024;
    public static final int HDNNP_MAX_ELEMENTS = 128;
    public static final int HDNNP_UNIT_CHARS = 32;
    public static final int HDNNP_WANT_EATOM = 1;
    public static final int HDNNP_WANT_VATOM = 2;
    public static final int HDNNP_NEIGHMASK = 0x1FFFFFFF;
    /** Extrapolation warnings whose details one compute call keeps (EvaluationResult.MAX_RECORDED). */
    public static final int HDNNP_MAX_RECORDED_WARNINGS = dev.hdnnp.potential.EvaluationResult.MAX_RECORDED;
    /** char elements[HDNNP_MAX_ELEMENTS][4] of hdnnp_model_info. */
    public static final int ELEMENT_CHARS = 4;

    public static final StructLayout hdnnp_runtime_options = MemoryLayout.structLayout(
            JAVA_INT.withName("struct_size"),
            JAVA_INT.withName("abi_version"),
            ADDRESS.withName("java_home"),
            ADDRESS.withName("libjvm_path"),
            ADDRESS.withName("class_path"),
            ADDRESS.withName("jvm_options")).withName("hdnnp_runtime_options");

    public static final StructLayout hdnnp_model_options = MemoryLayout.structLayout(
            JAVA_INT.withName("struct_size"),
            JAVA_INT.withName("threads"),
            ADDRESS.withName("length_unit"),
            ADDRESS.withName("energy_unit")).withName("hdnnp_model_options");

    public static final StructLayout hdnnp_model_info = MemoryLayout.structLayout(
            JAVA_INT.withName("struct_size"),
            JAVA_INT.withName("num_elements"),
            JAVA_DOUBLE.withName("cutoff"),
            JAVA_DOUBLE.withName("cutoff_caller"),
            JAVA_DOUBLE.withName("length_to_model"),
            JAVA_DOUBLE.withName("energy_to_model"),
            MemoryLayout.sequenceLayout(HDNNP_UNIT_CHARS, JAVA_BYTE).withName("length_unit"),
            MemoryLayout.sequenceLayout(HDNNP_UNIT_CHARS, JAVA_BYTE).withName("energy_unit"),
            MemoryLayout.sequenceLayout(HDNNP_MAX_ELEMENTS, MemoryLayout.sequenceLayout(ELEMENT_CHARS, JAVA_BYTE))
                    .withName("elements"),
            JAVA_INT.withName("members"),
            MemoryLayout.paddingLayout(4)).withName("hdnnp_model_info");

    public static final StructLayout hdnnp_request = MemoryLayout.structLayout(
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

    public static final StructLayout hdnnp_result = MemoryLayout.structLayout(
            JAVA_INT.withName("struct_size"),
            JAVA_INT.withName("extrapolation_warnings"),
            JAVA_DOUBLE.withName("energy"),
            MemoryLayout.sequenceLayout(6, JAVA_DOUBLE).withName("virial"),
            ADDRESS.withName("f"),
            ADDRESS.withName("eatom"),
            ADDRESS.withName("vatom")).withName("hdnnp_result");

    public static final StructLayout hdnnp_committee_result = MemoryLayout.structLayout(
            JAVA_INT.withName("struct_size"),
            JAVA_INT.withName("members"),
            ADDRESS.withName("member_energy"),
            ADDRESS.withName("member_virial"),
            ADDRESS.withName("member_f"),
            ADDRESS.withName("eatom_devi")).withName("hdnnp_committee_result");

    public static final StructLayout hdnnp_extrapolation = MemoryLayout.structLayout(
            JAVA_INT.withName("atom"),
            JAVA_INT.withName("element"),
            JAVA_INT.withName("function"),
            JAVA_INT.withName("member"),
            JAVA_DOUBLE.withName("value"),
            JAVA_DOUBLE.withName("min"),
            JAVA_DOUBLE.withName("max")).withName("hdnnp_extrapolation");

    public static final StructLayout hdnnp_java_table = MemoryLayout.structLayout(
            JAVA_INT.withName("struct_size"),
            JAVA_INT.withName("abi_version"),
            ADDRESS.withName("model_load"),
            ADDRESS.withName("model_info"),
            ADDRESS.withName("set_caller_units"),
            ADDRESS.withName("set_unit_factors"),
            ADDRESS.withName("compute"),
            ADDRESS.withName("model_free"),
            ADDRESS.withName("shutdown"),
            ADDRESS.withName("committee_load"),
            ADDRESS.withName("committee_compute"),
            ADDRESS.withName("extrapolation_details")).withName("hdnnp_java_table");

    public static final List<StructLayout> ALL_STRUCTS = List.of(hdnnp_runtime_options, hdnnp_model_options,
            hdnnp_model_info, hdnnp_request, hdnnp_result, hdnnp_committee_result, hdnnp_extrapolation, hdnnp_java_table);

    // pointers whose target the C side guarantees: upcalls receive them already sized
    private static AddressLayout to(MemoryLayout target) {
        return ADDRESS.withTargetLayout(target);
    }

    // ---- the function table's entries (hdnnp_java_table.h); err is char[err_len] -----------------

    /** int model_load(const char *path, const hdnnp_model_options *o, int64_t *handle, char *err, int64_t n) */
    public static final FunctionDescriptor model_load =
            FunctionDescriptor.of(JAVA_INT, ADDRESS, to(hdnnp_model_options), to(JAVA_LONG), ADDRESS, JAVA_LONG);
    /** int model_info(int64_t handle, hdnnp_model_info *info, char *err, int64_t n) */
    public static final FunctionDescriptor model_info =
            FunctionDescriptor.of(JAVA_INT, JAVA_LONG, to(hdnnp_model_info), ADDRESS, JAVA_LONG);
    /** int set_caller_units(int64_t handle, const char *length, const char *energy, char *err, int64_t n) */
    public static final FunctionDescriptor set_caller_units =
            FunctionDescriptor.of(JAVA_INT, JAVA_LONG, ADDRESS, ADDRESS, ADDRESS, JAVA_LONG);
    /** int set_unit_factors(int64_t handle, double length_to_model, double energy_to_model, char *err, int64_t n) */
    public static final FunctionDescriptor set_unit_factors =
            FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_DOUBLE, JAVA_DOUBLE, ADDRESS, JAVA_LONG);
    /** int compute(int64_t handle, const hdnnp_request *rq, hdnnp_result *rs, char *err, int64_t n) */
    public static final FunctionDescriptor compute =
            FunctionDescriptor.of(JAVA_INT, JAVA_LONG, to(hdnnp_request), to(hdnnp_result), ADDRESS, JAVA_LONG);
    /** int model_free(int64_t handle, char *err, int64_t n) */
    public static final FunctionDescriptor model_free =
            FunctionDescriptor.of(JAVA_INT, JAVA_LONG, ADDRESS, JAVA_LONG);
    /** int shutdown(char *err, int64_t n) */
    public static final FunctionDescriptor shutdown =
            FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_LONG);

    /** int committee_load(int32_t count, const char *const *paths, const hdnnp_model_options *o, int64_t *handle, char *err, int64_t n) */
    public static final FunctionDescriptor committee_load =
            FunctionDescriptor.of(JAVA_INT, JAVA_INT, ADDRESS, to(hdnnp_model_options), to(JAVA_LONG), ADDRESS, JAVA_LONG);
    /** int committee_compute(int64_t handle, const hdnnp_request *rq, hdnnp_result *rs, hdnnp_committee_result *cr, char *err, int64_t n) */
    public static final FunctionDescriptor committee_compute =
            FunctionDescriptor.of(JAVA_INT, JAVA_LONG, to(hdnnp_request), to(hdnnp_result), to(hdnnp_committee_result), ADDRESS, JAVA_LONG);

    /** int extrapolation_details(int64_t handle, int32_t capacity, hdnnp_extrapolation *out, int32_t *count, char *err, int64_t n) */
    public static final FunctionDescriptor extrapolation_details =
            FunctionDescriptor.of(JAVA_INT, JAVA_LONG, JAVA_INT, ADDRESS, to(JAVA_INT), ADDRESS, JAVA_LONG);

    /** Byte offset of a named member. */
    public static long offset(StructLayout s, String member) {
        return s.byteOffset(PathElement.groupElement(member));
    }

    // member offsets read on every compute call
    static final long RQ_FLAGS = offset(hdnnp_request, "flags");
    static final long RQ_NLOCAL = offset(hdnnp_request, "nlocal");
    static final long RQ_NALL = offset(hdnnp_request, "nall");
    static final long RQ_INUM = offset(hdnnp_request, "inum");
    static final long RQ_NTYPES = offset(hdnnp_request, "ntypes");
    static final long RQ_X = offset(hdnnp_request, "x");
    static final long RQ_TYPE = offset(hdnnp_request, "type");
    static final long RQ_TYPE_TO_ELEMENT = offset(hdnnp_request, "type_to_element");
    static final long RQ_ILIST = offset(hdnnp_request, "ilist");
    static final long RQ_NUMNEIGH = offset(hdnnp_request, "numneigh");
    static final long RQ_FIRSTNEIGH = offset(hdnnp_request, "firstneigh");
    static final long RS_EW = offset(hdnnp_result, "extrapolation_warnings");
    static final long RS_ENERGY = offset(hdnnp_result, "energy");
    static final long RS_VIRIAL = offset(hdnnp_result, "virial");
    static final long RS_F = offset(hdnnp_result, "f");
    static final long RS_EATOM = offset(hdnnp_result, "eatom");
    static final long RS_VATOM = offset(hdnnp_result, "vatom");
    static final long CR_STRUCT_SIZE = offset(hdnnp_committee_result, "struct_size");
    static final long CR_MEMBERS = offset(hdnnp_committee_result, "members");
    static final long CR_MEMBER_ENERGY = offset(hdnnp_committee_result, "member_energy");
    static final long CR_MEMBER_VIRIAL = offset(hdnnp_committee_result, "member_virial");
    static final long CR_MEMBER_F = offset(hdnnp_committee_result, "member_f");
    static final long CR_EATOM_DEVI = offset(hdnnp_committee_result, "eatom_devi");

    /**
     * "const NAME VALUE" per constant, then "sizeof NAME N" per struct followed by "offsetof
     * NAME.MEMBER N" per member, in declaration order: the text native/tests/abi_layout.c prints.
     */
    public static String describe() {
        StringBuilder sb = new StringBuilder();
        Object[][] constants = {
            {"HDNNP_JAVA_ABI_VERSION", HDNNP_JAVA_ABI_VERSION},
            {"HDNNP_OK", HDNNP_OK}, {"HDNNP_E_ARGUMENT", HDNNP_E_ARGUMENT}, {"HDNNP_E_VERSION", HDNNP_E_VERSION},
            {"HDNNP_E_STATE", HDNNP_E_STATE}, {"HDNNP_E_JVM", HDNNP_E_JVM}, {"HDNNP_E_INPUT", HDNNP_E_INPUT},
            {"HDNNP_E_MODEL", HDNNP_E_MODEL}, {"HDNNP_E_COMPUTE", HDNNP_E_COMPUTE},
            {"HDNNP_E_INTERNAL", HDNNP_E_INTERNAL}, {"HDNNP_MAX_THREADS", HDNNP_MAX_THREADS},
            {"HDNNP_MAX_ELEMENTS", HDNNP_MAX_ELEMENTS}, {"HDNNP_UNIT_CHARS", HDNNP_UNIT_CHARS},
            {"HDNNP_WANT_EATOM", HDNNP_WANT_EATOM}, {"HDNNP_WANT_VATOM", HDNNP_WANT_VATOM},
            {"HDNNP_NEIGHMASK", HDNNP_NEIGHMASK}, {"HDNNP_MAX_RECORDED_WARNINGS", HDNNP_MAX_RECORDED_WARNINGS}};
        for (Object[] c : constants) sb.append("const ").append(c[0]).append(' ').append(c[1]).append('\n');
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
