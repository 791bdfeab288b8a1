/*
 * Internal: the table of function pointers that the Java side (dev.hdnnp.bridge.Bridge.install)
 * fills with FFM upcall stubs. Mirrored by dev.hdnnp.bridge.HdnnpJavaH.TABLE; the ABI layout
 * test compares both. Every entry returns an HDNNP_* status and writes a NUL-terminated UTF-8
 * message into err[0..err_len) on failure.
 */
#ifndef HDNNP_JAVA_TABLE_H
#define HDNNP_JAVA_TABLE_H

#include "hdnnp_java.h"

typedef struct hdnnp_java_table {
    uint32_t struct_size;      /* set by C: sizeof(hdnnp_java_table); Java checks it */
    uint32_t abi_version;      /* set by C: HDNNP_JAVA_ABI_VERSION; Java checks it */
    int (*model_load)(const char *path, const hdnnp_model_options *options, int64_t *handle_out,
                      char *err, int64_t err_len);
    int (*model_info)(int64_t handle, hdnnp_model_info *info, char *err, int64_t err_len);
    int (*set_caller_units)(int64_t handle, const char *length_unit, const char *energy_unit,
                            char *err, int64_t err_len);
    int (*set_unit_factors)(int64_t handle, double length_to_model, double energy_to_model,
                            char *err, int64_t err_len);
    int (*compute)(int64_t handle, const hdnnp_request *request, hdnnp_result *result,
                   char *err, int64_t err_len);
    int (*model_free)(int64_t handle, char *err, int64_t err_len);
    int (*shutdown)(char *err, int64_t err_len);
    int (*committee_load)(int32_t count, const char *const *paths, const hdnnp_model_options *options,
                          int64_t *handle_out, char *err, int64_t err_len);
    int (*committee_compute)(int64_t handle, const hdnnp_request *request, hdnnp_result *result,
                             hdnnp_committee_result *committee, char *err, int64_t err_len);
    int (*extrapolation_details)(int64_t handle, int32_t capacity, hdnnp_extrapolation *out, int32_t *count,
                                 char *err, int64_t err_len);
} hdnnp_java_table;

#endif
