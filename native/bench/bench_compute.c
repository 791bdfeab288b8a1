/*
 * bench_compute: the bare force-call path of the C ABI, without LAMMPS.
 *
 * Loads a model through hdnnp_java.h, reads a LAMMPS data file (orthogonal box, atom_style atomic),
 * adds periodic ghost atoms within cutoff + skin and builds a full neighbour list once (like LAMMPS:
 * locals first, then ghosts; neighbours within cutoff + skin, unsorted). Then it times
 * hdnnp_compute, interleaving per round one call of each variant:
 *
 *   full      every local atom (a normal MD step without per-atom energies/virials)
 *   unmapped  every local atom, but every type mapped to -1 (no element): the bridge reads and
 *             validates the whole request (types, ilist, all neighbour indices) and adds the
 *             (zero) forces back, the kernel has nothing to evaluate -> bridge cost of a step
 *   inum0     full arrays (nall atoms), inum = 0: per-call cost + O(nall) type checks and force copy
 *   one       a single atom (inum = 1)
 *   empty     nall = inum = 0: the fixed cost of one call (C checks, upcall, session lookup)
 *
 * Only hdnnp_compute is timed (forces are zeroed outside the timer, as LAMMPS does itself).
 * Prints median and min in ms/call and us/atom (per local atom), and the bridge overhead as a
 * percentage of a full call.
 *
 *   bench_compute MODEL DATAFILE [--calls N] [--warmup N] [--threads N] [--skin A]
 *                 [--units LENGTH ENERGY] [--elements E1 E2 ...] [--eatom] [--check]
 *     MODEL       model file of this project or n2p2 directory (then --units, e.g. bohr hartree)
 *     --calls     timed rounds (default 20); cheap variants run 20 calls per round
 *     --warmup    untimed full calls first, for the JIT (default 10)
 *     --skin      neighbour skin in A (default 2.0, LAMMPS metal default)
 *     --elements  element of each atom type (default: H O)
 *     --eatom     also ask for per-atom energies and virials in the full variant
 *     --check     exit 1 unless the variants' energies are consistent (ctest smoke run)
 * LAMMPS units metal (A, eV). Environment: JAVA_HOME, HDNNP_JAVA_JAR, HDNNP_BENCH_JVM_OPTIONS.
 */
#define _POSIX_C_SOURCE 200809L
#include "hdnnp_java.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define MAX_TYPES 16
#define CHEAP_PER_ROUND 20

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static void die(const char *what, int st) {
    fprintf(stderr, "bench_compute: %s: %s: %s\n", what, hdnnp_status_name(st), hdnnp_last_error());
    exit(1);
}

typedef struct {
    int nlocal, nall, ntypes;
    double lo[3], hi[3];
    double *x;
    int *type;
    int *ilist, *numneigh, **firstneigh;
    long nneigh;
} lmp_system;

/* LAMMPS data file: header counts, box bounds, "Atoms" section with id type x y z */
static int read_data(const char *path, lmp_system *s) {
    FILE *f = fopen(path, "r");
    if (!f) return 0;
    char line[1024];
    int n = 0, in_atoms = 0, read = 0;
    memset(s, 0, sizeof *s);
    while (fgets(line, sizeof line, f)) {
        char *hash = strchr(line, '#');
        if (in_atoms) {
            if (hash) *hash = '\0';
            int id, t;
            double x, y, z;
            if (sscanf(line, "%d %d %lf %lf %lf", &id, &t, &x, &y, &z) == 5) {
                if (id < 1 || id > n || t < 1 || t > s->ntypes) { fclose(f); return 0; }
                s->x[3 * (id - 1)] = x; s->x[3 * (id - 1) + 1] = y; s->x[3 * (id - 1) + 2] = z;
                s->type[id - 1] = t;
                if (++read == n) break;
            }
            continue;
        }
        double a, b;
        if (strstr(line, " atoms") && sscanf(line, "%d", &n) == 1 && !strstr(line, "types")) {
            s->x = malloc(sizeof(double) * 3 * (size_t)n);
            s->type = malloc(sizeof(int) * (size_t)n);
        } else if (strstr(line, "atom types")) {
            sscanf(line, "%d", &s->ntypes);
        } else if (sscanf(line, "%lf %lf", &a, &b) == 2 && strstr(line, "lo ")) {
            int d = strstr(line, "xlo") ? 0 : strstr(line, "ylo") ? 1 : strstr(line, "zlo") ? 2 : -1;
            if (d >= 0) { s->lo[d] = a; s->hi[d] = b; }
        } else if (strncmp(line, "Atoms", 5) == 0) {
            in_atoms = 1;
        }
    }
    fclose(f);
    s->nlocal = n;
    return n > 0 && read == n && s->ntypes > 0 && s->ntypes <= MAX_TYPES;
}

/* wrap locals, add ghost images within rlist of the box, full neighbour lists within rlist */
static void build(lmp_system *s, double rlist) {
    double len[3];
    int m[3];
    for (int d = 0; d < 3; d++) {
        len[d] = s->hi[d] - s->lo[d];
        m[d] = (int)ceil(rlist / len[d]);
    }
    for (int i = 0; i < s->nlocal; i++)
        for (int d = 0; d < 3; d++) {
            double u = s->x[3 * i + d] - s->lo[d];
            u -= len[d] * floor(u / len[d]);
            s->x[3 * i + d] = s->lo[d] + u;
        }
    int cap = s->nlocal * 8, n = s->nlocal;
    s->x = realloc(s->x, sizeof(double) * 3 * (size_t)cap);
    s->type = realloc(s->type, sizeof(int) * (size_t)cap);
    for (int a = -m[0]; a <= m[0]; a++)
        for (int b = -m[1]; b <= m[1]; b++)
            for (int c = -m[2]; c <= m[2]; c++) {
                if (!a && !b && !c) continue;
                int sh[3] = {a, b, c};
                for (int i = 0; i < s->nlocal; i++) {
                    double p[3];
                    int in = 1;
                    for (int d = 0; d < 3; d++) {
                        p[d] = s->x[3 * i + d] + sh[d] * len[d];
                        if (p[d] < s->lo[d] - rlist || p[d] >= s->hi[d] + rlist) in = 0;
                    }
                    if (!in) continue;
                    if (n == cap) {
                        cap *= 2;
                        s->x = realloc(s->x, sizeof(double) * 3 * (size_t)cap);
                        s->type = realloc(s->type, sizeof(int) * (size_t)cap);
                    }
                    memcpy(s->x + 3 * n, p, sizeof p);
                    s->type[n++] = s->type[i];
                }
            }
    s->nall = n;
    s->ilist = malloc(sizeof(int) * (size_t)s->nlocal);
    s->numneigh = calloc((size_t)n, sizeof(int));
    s->firstneigh = calloc((size_t)n, sizeof(int *));
    int *buf = malloc(sizeof(int) * (size_t)n);
    double r2 = rlist * rlist;
    s->nneigh = 0;
    for (int i = 0; i < s->nlocal; i++) {
        s->ilist[i] = i;
        int k = 0;
        const double *xi = s->x + 3 * i;
        for (int j = 0; j < n; j++) {
            if (j == i) continue;
            const double *xj = s->x + 3 * j;
            double dx = xj[0] - xi[0], dy = xj[1] - xi[1], dz = xj[2] - xi[2];
            if (dx * dx + dy * dy + dz * dz < r2) buf[k++] = j;
        }
        s->numneigh[i] = k;
        s->firstneigh[i] = malloc(sizeof(int) * (size_t)(k ? k : 1));
        memcpy(s->firstneigh[i], buf, sizeof(int) * (size_t)k);
        s->nneigh += k;
    }
    free(buf);
}

static int cmp_double(const void *a, const void *b) {
    double x = *(const double *)a, y = *(const double *)b;
    return (x > y) - (x < y);
}

enum { V_FULL, V_UNMAPPED, V_INUM0, V_ONE, V_EMPTY, NVAR };
static const char *const VNAME[NVAR] = {"full", "unmapped", "inum0", "one", "empty"};

typedef struct {
    double *t;
    int n;
    double energy;
} samples;

int main(int argc, char **argv) {
    if (argc < 3) {
        fprintf(stderr, "usage: bench_compute MODEL DATAFILE [--calls N] [--warmup N] [--threads N] [--skin A]\n"
                        "                     [--units LENGTH ENERGY] [--elements E1 E2 ...] [--eatom] [--check]\n");
        return 2;
    }
    const char *model_path = argv[1], *data_path = argv[2];
    int calls = 20, warmup = 10, threads = 1, eatom = 0, check = 0, nel = 0;
    double skin = 2.0;
    const char *lu = NULL, *eu = NULL, *els[MAX_TYPES];
    for (int i = 3; i < argc; i++) {
        if (!strcmp(argv[i], "--calls") && i + 1 < argc) calls = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--warmup") && i + 1 < argc) warmup = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--threads") && i + 1 < argc) threads = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--skin") && i + 1 < argc) skin = atof(argv[++i]);
        else if (!strcmp(argv[i], "--units") && i + 2 < argc) { lu = argv[++i]; eu = argv[++i]; }
        else if (!strcmp(argv[i], "--eatom")) eatom = 1;
        else if (!strcmp(argv[i], "--check")) check = 1;
        else if (!strcmp(argv[i], "--elements")) {
            while (i + 1 < argc && strncmp(argv[i + 1], "--", 2) != 0 && nel < MAX_TYPES) els[nel++] = argv[++i];
        } else { fprintf(stderr, "bench_compute: unknown option %s\n", argv[i]); return 2; }
    }
    if (calls < 1) calls = 1;
    if (nel == 0) { els[0] = "H"; els[1] = "O"; nel = 2; }

    hdnnp_runtime_options ro = HDNNP_RUNTIME_OPTIONS_INIT;
    ro.jvm_options = getenv("HDNNP_BENCH_JVM_OPTIONS");
    double t0 = now();
    int st = hdnnp_runtime_init(&ro);
    if (st) die("runtime init", st);
    double t1 = now();
    hdnnp_model_options mo = HDNNP_MODEL_OPTIONS_INIT;
    mo.threads = threads;
    mo.length_unit = lu;
    mo.energy_unit = eu;
    hdnnp_model *model;
    if ((st = hdnnp_model_load(model_path, &mo, &model))) die("model load", st);
    if ((st = hdnnp_model_set_caller_units(model, "angstrom", "eV"))) die("units", st);
    hdnnp_model_info info;
    memset(&info, 0, sizeof info);
    info.struct_size = sizeof info;
    if ((st = hdnnp_model_info_get(model, &info))) die("model info", st);
    double t2 = now();

    lmp_system s;
    if (!read_data(data_path, &s)) { fprintf(stderr, "bench_compute: cannot read %s\n", data_path); return 1; }
    if (s.ntypes > nel) { fprintf(stderr, "bench_compute: %d atom types, %d elements given\n", s.ntypes, nel); return 2; }
    double rlist = info.cutoff_caller + skin;
    build(&s, rlist);
    double t3 = now();
    printf("# bench_compute: %s, %d atoms + %d ghosts, %.1f neighbours/atom (cutoff %.4g A + skin %g A), "
           "%d thread(s)\n", data_path, s.nlocal, s.nall - s.nlocal, (double)s.nneigh / s.nlocal,
           info.cutoff_caller, skin, threads);
    printf("# JVM start %.3f s, model load %.3f s, neighbour list (brute force) %.3f s\n", t1 - t0, t2 - t1, t3 - t2);

    int map[MAX_TYPES + 1], unmapped[MAX_TYPES + 1];
    map[0] = unmapped[0] = -1;
    for (int t = 1; t <= s.ntypes; t++) {
        map[t] = hdnnp_model_element_index(model, els[t - 1]);
        unmapped[t] = -1;
        if (map[t] < 0) { fprintf(stderr, "bench_compute: element %s not in the model\n", els[t - 1]); return 2; }
    }
    double *f = calloc((size_t)s.nall * 3, sizeof(double));
    double *ea = calloc((size_t)s.nall, sizeof(double));
    double *va = calloc((size_t)s.nall * 6, sizeof(double));

    hdnnp_request base;
    memset(&base, 0, sizeof base);
    base.struct_size = sizeof base;
    base.nlocal = s.nlocal;
    base.nall = s.nall;
    base.inum = s.nlocal;
    base.ntypes = s.ntypes;
    base.x = s.x;
    base.type = s.type;
    base.type_to_element = map;
    base.ilist = s.ilist;
    base.numneigh = s.numneigh;
    base.firstneigh = (const int32_t *const *)s.firstneigh;

    hdnnp_request rq[NVAR];
    for (int v = 0; v < NVAR; v++) rq[v] = base;
    if (eatom) rq[V_FULL].flags = HDNNP_WANT_EATOM | HDNNP_WANT_VATOM;
    rq[V_UNMAPPED].type_to_element = unmapped;
    rq[V_INUM0].inum = 0;
    rq[V_ONE].inum = 1;
    rq[V_EMPTY].nlocal = rq[V_EMPTY].nall = rq[V_EMPTY].inum = 0;

    samples sm[NVAR];
    for (int v = 0; v < NVAR; v++) {
        sm[v].n = 0;
        sm[v].t = malloc(sizeof(double) * (size_t)calls * (v == V_FULL ? 1 : CHEAP_PER_ROUND));
    }

    /* one timed call of variant v (result zeroed outside the timer) */
#define CALL(v, record)                                                                  \
    do {                                                                                 \
        hdnnp_result rs;                                                                 \
        memset(&rs, 0, sizeof rs);                                                       \
        rs.struct_size = sizeof rs;                                                      \
        rs.f = f;                                                                        \
        rs.eatom = ea;                                                                   \
        rs.vatom = va;                                                                   \
        memset(f, 0, sizeof(double) * 3 * (size_t)s.nall);                               \
        if (rq[v].flags) {                                                               \
            memset(ea, 0, sizeof(double) * (size_t)s.nall);                              \
            memset(va, 0, sizeof(double) * 6 * (size_t)s.nall);                          \
        }                                                                                \
        double a_ = now();                                                               \
        int st_ = hdnnp_compute(model, &rq[v], &rs);                                     \
        double b_ = now();                                                               \
        if (st_) die(VNAME[v], st_);                                                     \
        sm[v].energy = rs.energy;                                                        \
        if (record) sm[v].t[sm[v].n++] = b_ - a_;                                        \
    } while (0)

    double tw = now();
    for (int k = 0; k < warmup; k++) {
        CALL(V_FULL, 0);
        for (int v = 1; v < NVAR; v++)
            for (int j = 0; j < CHEAP_PER_ROUND; j++) CALL(v, 0);
    }
    printf("# warm-up: %d rounds in %.2f s; energy %.10f eV\n", warmup, now() - tw, sm[V_FULL].energy);
    for (int r = 0; r < calls; r++) {
        CALL(V_FULL, 1);
        for (int v = 1; v < NVAR; v++)
            for (int j = 0; j < CHEAP_PER_ROUND; j++) CALL(v, 1);
    }

    double med[NVAR];
    printf("%-9s %6s %12s %12s %14s %12s\n", "variant", "calls", "median_ms", "min_ms", "median_us/atom", "energy_eV");
    for (int v = 0; v < NVAR; v++) {
        qsort(sm[v].t, (size_t)sm[v].n, sizeof(double), cmp_double);
        int n = sm[v].n;
        med[v] = n % 2 ? sm[v].t[n / 2] : 0.5 * (sm[v].t[n / 2 - 1] + sm[v].t[n / 2]);
        printf("%-9s %6d %12.4f %12.4f %14.4f %12.4f\n", VNAME[v], n, 1e3 * med[v], 1e3 * sm[v].t[0],
               1e6 * med[v] / s.nlocal, sm[v].energy);
    }
    printf("bridge overhead per step (median unmapped / full): %.3f %%  [fixed per call (empty): %.2f us = %.4f %%;"
           " O(nall) part (inum0): %.3f %%]\n",
           100.0 * med[V_UNMAPPED] / med[V_FULL], 1e6 * med[V_EMPTY], 100.0 * med[V_EMPTY] / med[V_FULL],
           100.0 * med[V_INUM0] / med[V_FULL]);

    int bad = 0;
    if (check) {
        if (!(sm[V_FULL].energy < 0) || !isfinite(sm[V_FULL].energy)) { fprintf(stderr, "FAIL: full energy\n"); bad = 1; }
        if (sm[V_UNMAPPED].energy != 0 || sm[V_INUM0].energy != 0 || sm[V_EMPTY].energy != 0) {
            fprintf(stderr, "FAIL: variants without atoms report a nonzero energy\n");
            bad = 1;
        }
        if (!(sm[V_ONE].energy < 0)) { fprintf(stderr, "FAIL: one-atom energy\n"); bad = 1; }
    }
    hdnnp_model_free(model);
    hdnnp_runtime_shutdown();
    return bad;
}
