/* Prints sizeof/offsetof of every ABI struct in the format of dev.hdnnp.bridge.NativeLayouts.describe(). */
#include <stddef.h>
#include <stdio.h>
#include "hdnnp_java.h"
#include "hdnnp_java_table.h"

#define S(T) printf("sizeof %s %zu\n", #T, sizeof(T))
#define O(T, M) printf("offsetof %s.%s %zu\n", #T, #M, offsetof(T, M))

int main(void) {
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
    O(hdnnp_model_info, energy_from_model); O(hdnnp_model_info, length_unit);
    O(hdnnp_model_info, energy_unit); O(hdnnp_model_info, elements);
    S(hdnnp_request);
    O(hdnnp_request, struct_size); O(hdnnp_request, flags); O(hdnnp_request, nlocal); O(hdnnp_request, nall);
    O(hdnnp_request, inum); O(hdnnp_request, ntypes); O(hdnnp_request, x); O(hdnnp_request, type);
    O(hdnnp_request, type_to_element); O(hdnnp_request, ilist); O(hdnnp_request, numneigh);
    O(hdnnp_request, firstneigh);
    S(hdnnp_result);
    O(hdnnp_result, struct_size); O(hdnnp_result, extrapolation_warnings); O(hdnnp_result, energy);
    O(hdnnp_result, virial); O(hdnnp_result, f); O(hdnnp_result, eatom); O(hdnnp_result, vatom);
    S(hdnnp_java_table);
    O(hdnnp_java_table, struct_size); O(hdnnp_java_table, abi_version); O(hdnnp_java_table, model_load);
    O(hdnnp_java_table, model_info); O(hdnnp_java_table, set_caller_units);
    O(hdnnp_java_table, set_unit_factors); O(hdnnp_java_table, compute); O(hdnnp_java_table, model_free);
    O(hdnnp_java_table, shutdown);
    return 0;
}
