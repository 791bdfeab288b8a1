/* Prints every constant of the header and sizeof/offsetof of every ABI struct, in the format of
   dev.hdnnp.bridge.HdnnpJavaH.describe(). */
#include <stddef.h>
#include <stdio.h>
#include "hdnnp_java.h"
#include "hdnnp_java_table.h"

#define S(T) printf("sizeof %s %zu\n", #T, sizeof(T))
#define C(N) printf("const %s %ld\n", #N, (long)(N))
#define O(T, M) printf("offsetof %s.%s %zu\n", #T, #M, offsetof(T, M))

int main(void) {
    C(HDNNP_JAVA_ABI_VERSION);
    C(HDNNP_OK); C(HDNNP_E_ARGUMENT); C(HDNNP_E_VERSION); C(HDNNP_E_STATE); C(HDNNP_E_JVM);
    C(HDNNP_E_INPUT); C(HDNNP_E_MODEL); C(HDNNP_E_COMPUTE); C(HDNNP_E_INTERNAL);
    C(HDNNP_MAX_THREADS); C(HDNNP_MAX_ELEMENTS); C(HDNNP_UNIT_CHARS);
    C(HDNNP_WANT_EATOM); C(HDNNP_WANT_VATOM); C(HDNNP_NEIGHMASK);
    C(HDNNP_MAX_RECORDED_WARNINGS);
    S(hdnnp_runtime_options);
    O(hdnnp_runtime_options, struct_size); O(hdnnp_runtime_options, abi_version);
    O(hdnnp_runtime_options, java_home); O(hdnnp_runtime_options, libjvm_path);
    O(hdnnp_runtime_options, class_path); O(hdnnp_runtime_options, jvm_options);
    S(hdnnp_model_options);
    O(hdnnp_model_options, struct_size); O(hdnnp_model_options, threads);
    O(hdnnp_model_options, length_unit); O(hdnnp_model_options, energy_unit);
    S(hdnnp_model_info);
    O(hdnnp_model_info, struct_size); O(hdnnp_model_info, num_elements); O(hdnnp_model_info, cutoff);
    O(hdnnp_model_info, cutoff_caller); O(hdnnp_model_info, length_to_model);
    O(hdnnp_model_info, energy_to_model); O(hdnnp_model_info, length_unit);
    O(hdnnp_model_info, energy_unit); O(hdnnp_model_info, elements); O(hdnnp_model_info, members);
    S(hdnnp_request);
    O(hdnnp_request, struct_size); O(hdnnp_request, flags); O(hdnnp_request, nlocal); O(hdnnp_request, nall);
    O(hdnnp_request, inum); O(hdnnp_request, ntypes); O(hdnnp_request, x); O(hdnnp_request, type);
    O(hdnnp_request, type_to_element); O(hdnnp_request, ilist); O(hdnnp_request, numneigh);
    O(hdnnp_request, firstneigh);
    S(hdnnp_result);
    O(hdnnp_result, struct_size); O(hdnnp_result, extrapolation_warnings); O(hdnnp_result, energy);
    O(hdnnp_result, virial); O(hdnnp_result, f); O(hdnnp_result, eatom); O(hdnnp_result, vatom);
    S(hdnnp_committee_result);
    O(hdnnp_committee_result, struct_size); O(hdnnp_committee_result, members);
    O(hdnnp_committee_result, member_energy); O(hdnnp_committee_result, member_virial);
    O(hdnnp_committee_result, member_f); O(hdnnp_committee_result, eatom_devi);
    S(hdnnp_extrapolation);
    O(hdnnp_extrapolation, atom); O(hdnnp_extrapolation, element); O(hdnnp_extrapolation, function);
    O(hdnnp_extrapolation, member); O(hdnnp_extrapolation, value); O(hdnnp_extrapolation, min);
    O(hdnnp_extrapolation, max);
    S(hdnnp_java_table);
    O(hdnnp_java_table, struct_size); O(hdnnp_java_table, abi_version); O(hdnnp_java_table, model_load);
    O(hdnnp_java_table, model_info); O(hdnnp_java_table, set_caller_units);
    O(hdnnp_java_table, set_unit_factors); O(hdnnp_java_table, compute); O(hdnnp_java_table, model_free);
    O(hdnnp_java_table, shutdown); O(hdnnp_java_table, committee_load);
    O(hdnnp_java_table, committee_compute); O(hdnnp_java_table, extrapolation_details);
    return 0;
}
