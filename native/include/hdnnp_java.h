/*
 * hdnnp_java.h -- C ABI of hdnnp-java: evaluate high-dimensional neural network potentials
 * (Behler-Parrinello HDNNPs) that run inside an embedded Java virtual machine.
 *
 * Usage (one process, any number of models):
 *
 *   hdnnp_runtime_options ro = HDNNP_RUNTIME_OPTIONS_INIT;   // java_home, class_path, jvm_options...
 *   if (hdnnp_runtime_init(&ro) != HDNNP_OK) fprintf(stderr, "%s\n", hdnnp_last_error());
 *   hdnnp_model_options mo = HDNNP_MODEL_OPTIONS_INIT;        // threads, units of n2p2 directories
 *   hdnnp_model *m;  hdnnp_model_load("water.hdnnp", &mo, &m);
 *   hdnnp_model_set_caller_units(m, "angstrom", "eV");        // or hdnnp_model_set_unit_factors
 *   hdnnp_request rq = ...; hdnnp_result rs = ...;             // LAMMPS's arrays, used in place
 *   hdnnp_compute(m, &rq, &rs);
 *   hdnnp_model_free(m);  hdnnp_runtime_shutdown();
 *
 * Rules:
 *  - Every function returns a status (HDNNP_OK = 0 or a positive HDNNP_E_* code); on failure
 *    hdnnp_last_error() returns a human-readable message (thread-local, valid until the next
 *    call of this library on the same thread). Nothing aborts the process.
 *  - Structs passed in carry their own size in `struct_size` (set it with sizeof or the *_INIT
 *    macros); the library rejects sizes it does not know.
 *  - The JVM can be started once per process; after hdnnp_runtime_shutdown() it cannot be
 *    started again (a limitation of the JVM).
 *  - hdnnp_compute may be called from any thread, but one model handle must not be used by two
 *    threads at the same time (each model owns its evaluator and result buffers). The evaluator
 *    uses its own worker threads (hdnnp_model_options.threads).
 *
 * Units: the request carries positions in the caller's length unit; the result is in the caller's
 * energy unit (forces: energy/length). The factors are set per model, either from unit names
 * (hdnnp_model_set_caller_units) or as raw factors (hdnnp_model_set_unit_factors, same meaning
 * as n2p2's cflength/cfenergy). Default: the model's own units.
 */
#ifndef HDNNP_JAVA_H
#define HDNNP_JAVA_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Bumped on every incompatible change of a struct or function signature below.
   2: hdnnp_model_info.energy_from_model became energy_to_model (one convention for both factors:
      model unit = caller unit * factor, as n2p2's cflength/cfenergy).
   3: committees: hdnnp_model_info.members, hdnnp_committee_load, hdnnp_committee_result,
      hdnnp_committee_compute. */
#define HDNNP_JAVA_ABI_VERSION 3

#if defined(_WIN32)
#define HDNNP_API __declspec(dllexport)
#else
#define HDNNP_API __attribute__((visibility("default")))
#endif

/* ---- status codes -------------------------------------------------------------------------- */
#define HDNNP_OK 0
#define HDNNP_E_ARGUMENT 1   /* invalid argument: NULL pointer, bad size, bad struct_size */
#define HDNNP_E_VERSION 2    /* header / library / Java bridge ABI versions differ */
#define HDNNP_E_STATE 3      /* runtime not initialised, already shut down, or handle freed */
#define HDNNP_E_JVM 4        /* libjvm not found, JVM could not start, bridge classes missing */
#define HDNNP_E_INPUT 5      /* model file missing or malformed, unknown unit name */
#define HDNNP_E_MODEL 6      /* request does not fit the model (element index out of range ...) */
#define HDNNP_E_COMPUTE 7    /* failure while evaluating; non-finite coordinates, atoms too close */
#define HDNNP_E_INTERNAL 8   /* a bug: unexpected exception; the message says what */

/* ---- version and errors -------------------------------------------------------------------- */

/* HDNNP_JAVA_ABI_VERSION the library was compiled with. */
HDNNP_API int hdnnp_abi_version(void);

/* Message of the last failed call on this thread ("" if none). Never NULL. */
HDNNP_API const char *hdnnp_last_error(void);

/* Short name of a status code, e.g. "HDNNP_E_INPUT". Never NULL. */
HDNNP_API const char *hdnnp_status_name(int status);

/* ---- runtime (the embedded JVM) ------------------------------------------------------------ */

typedef struct hdnnp_runtime_options {
    uint32_t struct_size;      /* sizeof(hdnnp_runtime_options) */
    uint32_t abi_version;      /* HDNNP_JAVA_ABI_VERSION of the caller's header */
    /* JDK/JRE (>= 25). NULL: the environment variable JAVA_HOME, then the JDK found at build
       time. The library loads <java_home>/lib/server/libjvm.so. */
    const char *java_home;
    /* Explicit path of libjvm.so; overrides java_home when not NULL. */
    const char *libjvm_path;
    /* Class path (the project's core jar hdnnp-core.jar). NULL: the environment variable
       HDNNP_JAVA_JAR, then <libdir>/../share/hdnnp-java/hdnnp-core.jar next to this library, then
       the install and build locations compiled in. */
    const char *class_path;
    /* Extra JVM options, separated by blanks; single or double quotes group. NULL: none.
       Always added: -Djava.class.path, --enable-native-access=ALL-UNNAMED, -Xss4m, and -Xmx2g
       unless an -Xmx option is given. JAVA_TOOL_OPTIONS is honoured by the JVM itself. */
    const char *jvm_options;
} hdnnp_runtime_options;

#define HDNNP_RUNTIME_OPTIONS_INIT \
    { (uint32_t)sizeof(hdnnp_runtime_options), HDNNP_JAVA_ABI_VERSION, NULL, NULL, NULL, NULL }

/* Starts the JVM (or attaches to one already running in this process) and installs the Java
   bridge. After a success, later calls return HDNNP_OK without changing anything. After a failure
   found before the JVM was loaded (no libjvm, a JDK older than 25, no jar, bad quoting) a retry
   with other options is safe. Once the JVM itself refused to start (a JVM option it rejects, too
   little memory, ...) it cannot be started again in this process: later calls return
   HDNNP_E_STATE with the first failure's message. The JVM never ends the process here: its
   exit/abort hooks return control to this call. */
HDNNP_API int hdnnp_runtime_init(const hdnnp_runtime_options *options);

/* Class path of the JVM started by hdnnp_runtime_init ("" before, or when attached to a JVM that
   was already running). Never NULL. */
HDNNP_API const char *hdnnp_runtime_class_path(void);

/* 1 if hdnnp_runtime_init succeeded and hdnnp_runtime_shutdown was not called, else 0. */
HDNNP_API int hdnnp_runtime_ready(void);

/* Frees every model, stops the evaluators' worker threads and destroys the JVM if this library
   created it. Afterwards the runtime cannot be initialised again in this process. */
HDNNP_API int hdnnp_runtime_shutdown(void);

/* ---- models -------------------------------------------------------------------------------- */

typedef struct hdnnp_model hdnnp_model; /* opaque */

typedef struct hdnnp_model_options {
    uint32_t struct_size;      /* sizeof(hdnnp_model_options) */
    int32_t threads;           /* evaluator worker threads, 1..HDNNP_MAX_THREADS; <= 0: 1 */
    /* Units of an n2p2 potential directory, which records none (e.g. "bohr", "hartree").
       NULL: the model's own units (files of this project record them). */
    const char *length_unit;
    const char *energy_unit;
} hdnnp_model_options;

#define HDNNP_MODEL_OPTIONS_INIT { (uint32_t)sizeof(hdnnp_model_options), 1, NULL, NULL }

#define HDNNP_MAX_THREADS 1024
#define HDNNP_MAX_ELEMENTS 128
#define HDNNP_UNIT_CHARS 32

typedef struct hdnnp_model_info {
    uint32_t struct_size;      /* set by the caller: sizeof(hdnnp_model_info) */
    int32_t num_elements;      /* element index = position in `elements` (sorted by Z) */
    double cutoff;             /* largest symmetry-function cutoff, model length unit */
    double cutoff_caller;      /* the same in the caller's length unit (see set_*units) */
    double length_to_model;    /* current factors: model length = caller length * this */
    double energy_to_model;    /* model energy = caller energy * this (ABI 1: energy_from_model) */
    char length_unit[HDNNP_UNIT_CHARS];  /* model units, NUL-terminated */
    char energy_unit[HDNNP_UNIT_CHARS];
    char elements[HDNNP_MAX_ELEMENTS][4]; /* element symbols, NUL-terminated */
    int32_t members;           /* 1 for a single model, N for a committee of N models */
} hdnnp_model_info;

/* Loads a model file of this project, an n2p2 potential directory, or a committee file (a
   manifest listing model files, java/docs/model-format.md). options may be NULL. */
HDNNP_API int hdnnp_model_load(const char *path, const hdnnp_model_options *options,
                               hdnnp_model **out);

HDNNP_API int hdnnp_model_info_get(const hdnnp_model *model, hdnnp_model_info *info);

/* Index of an element symbol in the model, or -1 (also for NULL or "NULL"). */
HDNNP_API int hdnnp_model_element_index(const hdnnp_model *model, const char *symbol);

/* Caller units by name: length "angstrom", "bohr", "nm"; energy "eV", "hartree", "kcal/mol",
   "kJ/mol". The model's units are converted to them. */
HDNNP_API int hdnnp_model_set_caller_units(hdnnp_model *model, const char *length_unit,
                                           const char *energy_unit);

/* Raw factors (n2p2's cflength / cfenergy): model length = caller length * length_to_model;
   model energy = caller energy * energy_to_model. Both must be finite and > 0. */
HDNNP_API int hdnnp_model_set_unit_factors(hdnnp_model *model, double length_to_model,
                                           double energy_to_model);

/* Frees the model and its evaluator. NULL is ignored. */
HDNNP_API int hdnnp_model_free(hdnnp_model *model);

/* ---- compute ------------------------------------------------------------------------------- */

#define HDNNP_WANT_EATOM 1u    /* accumulate per-atom energies into result.eatom */
#define HDNNP_WANT_VATOM 2u    /* accumulate per-atom virials into result.vatom */

/* Neighbour indices are masked with this (LAMMPS keeps special-bond bits above it). */
#define HDNNP_NEIGHMASK 0x1FFFFFFF

/* Atoms and a full neighbour list exactly as LAMMPS stores them. Nothing is copied: the library
   reads these arrays in place during hdnnp_compute. */
typedef struct hdnnp_request {
    uint32_t struct_size;      /* sizeof(hdnnp_request) */
    uint32_t flags;            /* HDNNP_WANT_* */
    int32_t nlocal;            /* owned atoms 0..nlocal-1 */
    int32_t nall;              /* owned + ghost atoms; x, type, f have nall entries */
    int32_t inum;              /* number of atoms in ilist (atoms whose energy is computed) */
    int32_t ntypes;            /* types are 1..ntypes */
    const double *x;           /* nall*3: x0 y0 z0 x1 ... (LAMMPS: atom->x[0]) */
    const int32_t *type;       /* nall, values 1..ntypes */
    const int32_t *type_to_element; /* ntypes+1, indexed by type ([0] unused); -1: not handled */
    const int32_t *ilist;      /* inum atom indices */
    const int32_t *numneigh;   /* indexed by atom index */
    const int32_t *const *firstneigh; /* indexed by atom index: full list, may exceed cutoff */
} hdnnp_request;

/* Everything is ACCUMULATED (+=): zero it before the call when you want plain values. */
typedef struct hdnnp_result {
    uint32_t struct_size;      /* sizeof(hdnnp_result) */
    int32_t extrapolation_warnings; /* += warnings of this call (symmetry functions out of range) */
    double energy;             /* += total energy of the atoms in ilist */
    double virial[6];          /* += xx yy zz xy xz yz (LAMMPS order), energy units */
    double *f;                 /* nall*3, +=; ghost atoms receive forces (reverse-communicate) */
    double *eatom;             /* nall, += (only with HDNNP_WANT_EATOM; may be NULL otherwise) */
    double *vatom;             /* nall*6, += (only with HDNNP_WANT_VATOM; may be NULL otherwise) */
} hdnnp_result;

HDNNP_API int hdnnp_compute(hdnnp_model *model, const hdnnp_request *request,
                            hdnnp_result *result);

/* ---- committees ---------------------------------------------------------------------------- */

/* Loads `count` model files (count >= 2; or count = 1 and a committee file) as one committee
   behind one model handle: every model function works on it (info: the first member's elements
   and units, which all members must share, the largest cutoff, members = count), and
   hdnnp_compute gives the members' MEAN energy, forces, per-atom energies and virial (per-atom
   virials are not available: HDNNP_WANT_VATOM is refused). Members with the same symmetry
   functions share one descriptor computation. */
HDNNP_API int hdnnp_committee_load(int32_t count, const char *const *paths,
                                   const hdnnp_model_options *options, hdnnp_model **out);

/* Per-member output of hdnnp_committee_compute. Everything here is OVERWRITTEN (=), not added. */
typedef struct hdnnp_committee_result {
    uint32_t struct_size;      /* sizeof(hdnnp_committee_result) */
    int32_t members;           /* set by the caller: hdnnp_model_info.members of the committee */
    double *member_energy;     /* members: each member's total energy of the atoms in ilist */
    double *member_virial;     /* members*6: each member's virial (LAMMPS order) */
    double *member_f;          /* members*nall*3: member m's force on atom i, component d at
                                  [(m*nall + i)*3 + d]; ghost entries must be reverse-communicated
                                  (added to their owners) before the per-atom disagreement */
    double *eatom_devi;        /* nall or NULL: per-atom energy disagreement (standard deviation of
                                  the members' atomic energies) at the atoms of ilist, 0 elsewhere */
} hdnnp_committee_result;

/* hdnnp_compute (the means, accumulated into result) plus the members' values in committee. */
HDNNP_API int hdnnp_committee_compute(hdnnp_model *model, const hdnnp_request *request,
                                      hdnnp_result *result, hdnnp_committee_result *committee);

/* ---- extrapolation warnings ---------------------------------------------------------------- */

/* Details of at most this many extrapolation warnings are kept per compute call (the count in
   hdnnp_result.extrapolation_warnings includes all). */
#define HDNNP_MAX_RECORDED_WARNINGS 64

/* One symmetry-function value outside the training range [min, max] of the model. */
typedef struct hdnnp_extrapolation {
    int32_t atom;              /* index into the request's arrays (LAMMPS: the local index; the
                                  atom ID is atom->tag[atom]) */
    int32_t element;           /* element index of the atom */
    int32_t function;          /* symmetry function of that element, 0-based, in the model's order
                                  (`hdnnp info` lists them from 1) */
    int32_t member;            /* committee member (0-based) outside its range; 0 for one model */
    double value;              /* the unscaled symmetry-function value */
    double min, max;           /* its range over the training set */
} hdnnp_extrapolation;

/* The recorded warnings of the last hdnnp_compute on this model: writes up to `capacity` entries
   into out (may be NULL when capacity is 0) and how many were recorded into *count (at most
   HDNNP_MAX_RECORDED_WARNINGS). A committee reports, per (atom, function), the first member
   outside its own range (members sharing descriptors), or the records of the member with the
   most warnings (members with different descriptors, whose count is that member's). */
HDNNP_API int hdnnp_extrapolation_details(const hdnnp_model *model, int32_t capacity,
                                          hdnnp_extrapolation *out, int32_t *count);

#ifdef __cplusplus
}
#endif
#endif /* HDNNP_JAVA_H */
