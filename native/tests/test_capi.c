/*
 * test_capi: drives the C ABI of hdnnp_java.h the way LAMMPS does. Reads an n2p2 input.data
 * structure, wraps the atoms into the cell, adds periodic ghost atoms within cutoff + skin, builds
 * a full neighbour list (with a skin, unsorted), calls hdnnp_compute, reverse-communicates ghost
 * forces to their owners and compares with n2p2's energy.out / nnforces.out.
 *
 *   test_capi reference MODEL LUNIT EUNIT INPUT.DATA ENERGY.OUT NNFORCES.OUT [options]
 *       --no-forces       compare the energy only (n2p2's forces are inexact with self images)
 *       --threads N       evaluator threads
 *       --repeat N        call compute N times (timings)
 *       --tol X           relative tolerance (default 1e-10)
 *       --shuffle         reverse ilist and neighbour order
 *   test_capi errors MODEL LUNIT EUNIT   error paths with a working runtime
 *   test_capi state                      calls before init, bad struct sizes, ABI version
 *   test_capi nojvm                      JAVA_HOME pointing nowhere
 *   test_capi badjar                     class path without the bridge
 *   test_capi retry_old_jdk JDK_HOME     a JDK older than 25 is refused before it is loaded; a
 *                                        retry with the right JDK then works
 *   test_capi retry_bad_option           the JVM refuses an option: the JVM's own words in the
 *                                        message; a retry is refused and names the first cause
 *   test_capi jvm_exit OPTION            an option on which the JVM exits during start-up
 *                                        (-Xmx1k): init returns instead of ending the process
 *
 * Exit status: 0 pass, 1 fail, 77 skipped (reference data or Java core missing).
 */
#include "hdnnp_java.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define SKIP 77
#define BOHR_IN_ANGSTROM 0.529177210903
#define HARTREE_IN_EV 27.211386245988

static int failures = 0;

#define CHECK(cond, ...)                                                     \
    do {                                                                     \
        if (!(cond)) {                                                       \
            failures++;                                                      \
            fprintf(stderr, "FAIL %s:%d: ", __FILE__, __LINE__);             \
            fprintf(stderr, __VA_ARGS__);                                    \
            fprintf(stderr, "\n");                                           \
        }                                                                    \
    } while (0)

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return t.tv_sec + 1e-9 * t.tv_nsec;
}

/* ---- structure ----------------------------------------------------------------------------- */

typedef struct {
    int n, periodic;
    double lat[3][3];
    double *x; /* n*3 */
    char (*el)[4];
} structure;

static int read_input_data(const char *path, structure *s) {
    FILE *f = fopen(path, "r");
    if (!f) return 0;
    char line[1024];
    int nlat = 0, cap = 0;
    memset(s, 0, sizeof *s);
    while (fgets(line, sizeof line, f)) {
        char key[32];
        if (sscanf(line, "%31s", key) != 1) continue;
        if (strcmp(key, "end") == 0) break;
        if (strcmp(key, "lattice") == 0 && nlat < 3) {
            sscanf(line, "%*s %lf %lf %lf", &s->lat[nlat][0], &s->lat[nlat][1], &s->lat[nlat][2]);
            nlat++;
        } else if (strcmp(key, "atom") == 0) {
            if (s->n == cap) {
                cap = cap ? 2 * cap : 256;
                s->x = realloc(s->x, sizeof(double) * 3 * cap);
                s->el = realloc(s->el, sizeof(*s->el) * cap);
            }
            double *x = s->x + 3 * s->n;
            sscanf(line, "%*s %lf %lf %lf %3s", &x[0], &x[1], &x[2], s->el[s->n]);
            s->n++;
        }
    }
    fclose(f);
    s->periodic = nlat == 3;
    return s->n > 0;
}

static void inverse3(const double a[3][3], double inv[3][3]) {
    double det = a[0][0] * (a[1][1] * a[2][2] - a[1][2] * a[2][1]) - a[0][1] * (a[1][0] * a[2][2] - a[1][2] * a[2][0]) +
                 a[0][2] * (a[1][0] * a[2][1] - a[1][1] * a[2][0]);
    inv[0][0] = (a[1][1] * a[2][2] - a[1][2] * a[2][1]) / det;
    inv[0][1] = (a[0][2] * a[2][1] - a[0][1] * a[2][2]) / det;
    inv[0][2] = (a[0][1] * a[1][2] - a[0][2] * a[1][1]) / det;
    inv[1][0] = (a[1][2] * a[2][0] - a[1][0] * a[2][2]) / det;
    inv[1][1] = (a[0][0] * a[2][2] - a[0][2] * a[2][0]) / det;
    inv[1][2] = (a[0][2] * a[1][0] - a[0][0] * a[1][2]) / det;
    inv[2][0] = (a[1][0] * a[2][1] - a[1][1] * a[2][0]) / det;
    inv[2][1] = (a[0][1] * a[2][0] - a[0][0] * a[2][1]) / det;
    inv[2][2] = (a[0][0] * a[1][1] - a[0][1] * a[1][0]) / det;
}

/* LAMMPS-like system: locals, ghosts (owner index), full neighbour lists. */
typedef struct {
    int nlocal, nall, ntypes;
    double *x;     /* nall*3 */
    int *type;     /* nall */
    int *owner;    /* nall */
    int *ilist, *numneigh, **firstneigh;
    int *map;      /* ntypes+1 */
    char types[16][4];
} lmp_system;

static void build_system(const structure *s, double rlist, double scale, lmp_system *sys) {
    memset(sys, 0, sizeof *sys);
    /* types in order of first appearance */
    sys->ntypes = 0;
    int *t = malloc(sizeof(int) * s->n);
    for (int i = 0; i < s->n; i++) {
        int k;
        for (k = 0; k < sys->ntypes; k++)
            if (strcmp(sys->types[k + 1], s->el[i]) == 0) break;
        if (k == sys->ntypes) strcpy(sys->types[++sys->ntypes], s->el[i]);
        t[i] = k + 1;
    }
    int cap = s->n * 8 + 64, n = 0;
    double *x = malloc(sizeof(double) * 3 * cap);
    int *type = malloc(sizeof(int) * cap), *owner = malloc(sizeof(int) * cap);
    double lat[3][3];
    for (int a = 0; a < 3; a++)
        for (int b = 0; b < 3; b++) lat[a][b] = s->lat[a][b] * scale;
    if (!s->periodic) {
        for (int i = 0; i < s->n; i++) {
            for (int d = 0; d < 3; d++) x[3 * i + d] = s->x[3 * i + d] * scale;
            type[i] = t[i];
            owner[i] = i;
        }
        n = s->n;
    } else {
        double inv[3][3];
        inverse3(lat, inv);
        double frac[3], ext[3];
        for (int k = 0; k < 3; k++) {
            /* height of the cell along k: V / |a_i x a_j| = 1 / |row k of inv^T| */
            double len = sqrt(inv[0][k] * inv[0][k] + inv[1][k] * inv[1][k] + inv[2][k] * inv[2][k]);
            ext[k] = rlist * len; /* rlist / height, in fractional units */
        }
        double *sf = malloc(sizeof(double) * 3 * s->n);
        for (int i = 0; i < s->n; i++) { /* wrap locals into [0,1) */
            double xi[3] = {s->x[3 * i] * scale, s->x[3 * i + 1] * scale, s->x[3 * i + 2] * scale};
            for (int k = 0; k < 3; k++) {
                frac[k] = xi[0] * inv[0][k] + xi[1] * inv[1][k] + xi[2] * inv[2][k];
                frac[k] -= floor(frac[k]);
                sf[3 * i + k] = frac[k];
            }
            for (int d = 0; d < 3; d++)
                x[3 * i + d] = frac[0] * lat[0][d] + frac[1] * lat[1][d] + frac[2] * lat[2][d];
            type[i] = t[i];
            owner[i] = i;
        }
        n = s->n;
        int m[3];
        for (int k = 0; k < 3; k++) m[k] = (int)ceil(ext[k]) + 1;
        for (int a = -m[0]; a <= m[0]; a++)
            for (int b = -m[1]; b <= m[1]; b++)
                for (int c = -m[2]; c <= m[2]; c++) {
                    if (a == 0 && b == 0 && c == 0) continue;
                    for (int i = 0; i < s->n; i++) {
                        double f0 = sf[3 * i] + a, f1 = sf[3 * i + 1] + b, f2 = sf[3 * i + 2] + c;
                        if (f0 < -ext[0] || f0 >= 1 + ext[0] || f1 < -ext[1] || f1 >= 1 + ext[1] || f2 < -ext[2] ||
                            f2 >= 1 + ext[2])
                            continue;
                        if (n == cap) {
                            cap *= 2;
                            x = realloc(x, sizeof(double) * 3 * cap);
                            type = realloc(type, sizeof(int) * cap);
                            owner = realloc(owner, sizeof(int) * cap);
                        }
                        for (int d = 0; d < 3; d++) x[3 * n + d] = f0 * lat[0][d] + f1 * lat[1][d] + f2 * lat[2][d];
                        type[n] = t[i];
                        owner[n] = i;
                        n++;
                    }
                }
        free(sf);
    }
    free(t);
    sys->nlocal = s->n;
    sys->nall = n;
    sys->x = x;
    sys->type = type;
    sys->owner = owner;
    sys->ilist = malloc(sizeof(int) * s->n);
    sys->numneigh = calloc(n, sizeof(int));
    sys->firstneigh = calloc(n, sizeof(int *));
    double r2 = rlist * rlist;
    int *buf = malloc(sizeof(int) * n);
    for (int i = 0; i < s->n; i++) {
        sys->ilist[i] = i;
        int k = 0;
        for (int j = 0; j < n; j++) {
            if (j == i) continue;
            double dx = x[3 * j] - x[3 * i], dy = x[3 * j + 1] - x[3 * i + 1], dz = x[3 * j + 2] - x[3 * i + 2];
            if (dx * dx + dy * dy + dz * dz < r2) buf[k++] = j;
        }
        sys->numneigh[i] = k;
        sys->firstneigh[i] = malloc(sizeof(int) * (k ? k : 1));
        memcpy(sys->firstneigh[i], buf, sizeof(int) * k);
    }
    free(buf);
    sys->map = malloc(sizeof(int) * (sys->ntypes + 1));
}

static void shuffle_system(lmp_system *sys) {
    for (int a = 0, b = sys->nlocal - 1; a < b; a++, b--) {
        int t = sys->ilist[a]; sys->ilist[a] = sys->ilist[b]; sys->ilist[b] = t;
    }
    for (int i = 0; i < sys->nlocal; i++) {
        int *p = sys->firstneigh[i];
        for (int a = 0, b = sys->numneigh[i] - 1; a < b; a++, b--) {
            int t = p[a]; p[a] = p[b]; p[b] = t;
        }
    }
}

static double read_energy_out(const char *path) {
    FILE *f = fopen(path, "r");
    if (!f) return NAN;
    char line[1024];
    double e = NAN;
    while (fgets(line, sizeof line, f)) {
        if (line[0] == '#') continue;
        int conf, natoms;
        double eref, ennp;
        if (sscanf(line, "%d %d %lf %lf", &conf, &natoms, &eref, &ennp) == 4) { e = ennp; break; }
    }
    fclose(f);
    return e;
}

static int read_forces_out(const char *path, int n, double *f) {
    FILE *fp = fopen(path, "r");
    if (!fp) return 0;
    char line[1024];
    int k = 0;
    while (k < n && fgets(line, sizeof line, fp)) {
        if (line[0] == '#') continue;
        int conf, idx;
        double r[3], v[3];
        if (sscanf(line, "%d %d %lf %lf %lf %lf %lf %lf", &conf, &idx, &r[0], &r[1], &r[2], &v[0], &v[1], &v[2]) == 8) {
            memcpy(f + 3 * k, v, sizeof v);
            k++;
        }
    }
    fclose(fp);
    return k == n;
}

/* ---- runtime ------------------------------------------------------------------------------- */

static int init_runtime(void) {
    hdnnp_runtime_options ro = HDNNP_RUNTIME_OPTIONS_INIT;
    ro.jvm_options = getenv("HDNNP_TEST_JVM_OPTIONS");
    double t0 = now();
    int st = hdnnp_runtime_init(&ro);
    if (st) {
        fprintf(stderr, "runtime init failed: %s: %s\n", hdnnp_status_name(st), hdnnp_last_error());
        return st;
    }
    printf("runtime init (JVM start + bridge install): %.3f s\n", now() - t0);
    return 0;
}

/* model load; returns SKIP when the Java core cannot load models yet */
static int load_model(const char *path, const char *lu, const char *eu, int threads, hdnnp_model **m) {
    hdnnp_model_options mo = HDNNP_MODEL_OPTIONS_INIT;
    mo.threads = threads;
    mo.length_unit = lu;
    mo.energy_unit = eu;
    double t0 = now();
    int st = hdnnp_model_load(path, &mo, m);
    if (st) {
        fprintf(stderr, "model load failed: %s: %s\n", hdnnp_status_name(st), hdnnp_last_error());
        if (strstr(hdnnp_last_error(), "not available yet")) return SKIP;
        return 1;
    }
    printf("model load: %.3f s\n", now() - t0);
    return 0;
}

/* ---- modes --------------------------------------------------------------------------------- */

static int mode_reference(int argc, char **argv) {
    if (argc < 8) { fprintf(stderr, "usage: reference MODEL LUNIT EUNIT INPUT ENERGY FORCES [opts]\n"); return 2; }
    const char *model_path = argv[2], *lu = argv[3], *eu = argv[4];
    int no_forces = 0, threads = 1, repeat = 2, shuffle = 0;
    double tol = 1e-10;
    for (int i = 8; i < argc; i++) {
        if (!strcmp(argv[i], "--no-forces")) no_forces = 1;
        else if (!strcmp(argv[i], "--threads") && i + 1 < argc) threads = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--repeat") && i + 1 < argc) repeat = atoi(argv[++i]);
        else if (!strcmp(argv[i], "--tol") && i + 1 < argc) tol = atof(argv[++i]);
        else if (!strcmp(argv[i], "--shuffle")) shuffle = 1;
    }
    structure s;
    if (!read_input_data(argv[5], &s)) { fprintf(stderr, "SKIP: cannot read %s\n", argv[5]); return SKIP; }
    double eref = read_energy_out(argv[6]);
    double *fref = malloc(sizeof(double) * 3 * s.n);
    if (isnan(eref) || !read_forces_out(argv[7], s.n, fref)) {
        fprintf(stderr, "SKIP: cannot read %s / %s\n", argv[6], argv[7]);
        return SKIP;
    }
    if (init_runtime()) return 1;
    hdnnp_model *m = NULL;
    int st = load_model(model_path, lu, eu, threads, &m);
    if (st) return st;
    hdnnp_model_info info = {.struct_size = sizeof info};
    CHECK(hdnnp_model_info_get(m, &info) == HDNNP_OK, "info: %s", hdnnp_last_error());
    printf("model: %d elements, cutoff %.6f %s (%s/%s)\n", info.num_elements, info.cutoff, info.length_unit,
           info.length_unit, info.energy_unit);

    /* two passes: model units, then angstrom/eV (positions scaled, results converted) */
    for (int pass = 0; pass < 2; pass++) {
        double lscale = pass == 0 ? 1.0 : BOHR_IN_ANGSTROM, escale = pass == 0 ? 1.0 : HARTREE_IN_EV;
        if (pass == 1 && !(strcmp(lu, "bohr") == 0 && strcmp(eu, "hartree") == 0)) break;
        if (pass == 0) st = hdnnp_model_set_caller_units(m, lu, eu);
        else st = hdnnp_model_set_caller_units(m, "angstrom", "eV");
        CHECK(st == HDNNP_OK, "set_caller_units: %s", hdnnp_last_error());
        CHECK(hdnnp_model_info_get(m, &info) == HDNNP_OK, "info");
        double skin = 1.0 * lscale;
        lmp_system sys;
        build_system(&s, info.cutoff_caller + skin, lscale, &sys);
        if (shuffle) shuffle_system(&sys);
        long nn = 0;
        for (int i = 0; i < sys.nlocal; i++) nn += sys.numneigh[i];
        printf("pass %d (%s): %d local, %d ghost atoms, %.1f neighbours/atom (cutoff %.6f + skin %.3f)\n", pass,
               pass ? "angstrom/eV" : "model units", sys.nlocal, sys.nall - sys.nlocal, (double)nn / sys.nlocal,
               info.cutoff_caller, skin);
        sys.map[0] = -1;
        for (int t = 1; t <= sys.ntypes; t++) {
            sys.map[t] = hdnnp_model_element_index(m, sys.types[t]);
            CHECK(sys.map[t] >= 0, "element %s not in model", sys.types[t]);
        }
        double *f = calloc(3 * sys.nall, sizeof(double)), *eatom = calloc(sys.nall, sizeof(double)),
               *vatom = calloc(6 * sys.nall, sizeof(double));
        hdnnp_request rq = {.struct_size = sizeof rq, .flags = HDNNP_WANT_EATOM | HDNNP_WANT_VATOM,
                            .nlocal = sys.nlocal, .nall = sys.nall, .inum = sys.nlocal, .ntypes = sys.ntypes,
                            .x = sys.x, .type = sys.type, .type_to_element = sys.map, .ilist = sys.ilist,
                            .numneigh = sys.numneigh, .firstneigh = (const int32_t *const *)sys.firstneigh};
        hdnnp_result rs;
        for (int r = 0; r < (pass == 0 ? repeat : 1); r++) {
            memset(&rs, 0, sizeof rs);
            rs.struct_size = sizeof rs;
            rs.f = f; rs.eatom = eatom; rs.vatom = vatom;
            memset(f, 0, sizeof(double) * 3 * sys.nall);
            memset(eatom, 0, sizeof(double) * sys.nall);
            memset(vatom, 0, sizeof(double) * 6 * sys.nall);
            double t0 = now();
            st = hdnnp_compute(m, &rq, &rs);
            double dt = now() - t0;
            if (st) { CHECK(0, "compute: %s: %s", hdnnp_status_name(st), hdnnp_last_error()); break; }
            printf("  compute %d: %.4f s (%.1f us/atom)\n", r, dt, 1e6 * dt / sys.nlocal);
        }
        if (st) return 1;
        /* virial from forces on all atoms (LAMMPS virial_fdotr_compute) before reverse comm */
        double w[6] = {0}, esum = 0, vsum[6] = {0};
        for (int j = 0; j < sys.nall; j++) {
            const double *xj = sys.x + 3 * j, *fj = f + 3 * j;
            w[0] += fj[0] * xj[0]; w[1] += fj[1] * xj[1]; w[2] += fj[2] * xj[2];
            w[3] += fj[1] * xj[0]; w[4] += fj[2] * xj[0]; w[5] += fj[2] * xj[1];
            esum += eatom[j];
            for (int k = 0; k < 6; k++) vsum[k] += vatom[6 * j + k];
        }
        for (int j = sys.nlocal; j < sys.nall; j++)
            for (int d = 0; d < 3; d++) f[3 * sys.owner[j] + d] += f[3 * j + d];
        double e_expect = eref * escale;
        double erel = fabs(rs.energy - e_expect) / fabs(e_expect);
        printf("  energy %.16e expected %.16e rel.diff %.2e; extrapolation warnings %d\n", rs.energy, e_expect, erel,
               rs.extrapolation_warnings);
        CHECK(erel <= tol, "energy rel.diff %.3e > %.1e", erel, tol);
        CHECK(fabs(esum - rs.energy) <= tol * fabs(rs.energy), "sum eatom %.16e != energy %.16e", esum, rs.energy);
        double wmax = 0, dw = 0, dv = 0;
        for (int k = 0; k < 6; k++) wmax = fmax(wmax, fabs(w[k]));
        for (int k = 0; k < 6; k++) {
            dw = fmax(dw, fabs(w[k] - rs.virial[k]));
            dv = fmax(dv, fabs(vsum[k] - rs.virial[k]));
        }
        printf("  virial xx %.10e (fdotr %.10e): max diff/max %.2e; sum vatom diff %.2e\n", rs.virial[0], w[0],
               dw / wmax, dv / wmax);
        CHECK(dw <= 1e-8 * wmax, "virial != sum x*f: %.3e", dw / wmax);
        CHECK(dv <= 1e-8 * wmax, "sum vatom != virial: %.3e", dv / wmax);
        if (!no_forces) {
            double fmaxref = 0, dmax = 0, crel = 0;
            for (int k = 0; k < 3 * s.n; k++) fmaxref = fmax(fmaxref, fabs(fref[k] * escale / lscale));
            for (int k = 0; k < 3 * s.n; k++) {
                double fr = fref[k] * escale / lscale, d = fabs(f[k] - fr);
                dmax = fmax(dmax, d);
                if (fabs(fr) > 1e-3 * fmaxref) crel = fmax(crel, d / fabs(fr));
            }
            printf("  forces: max |dF| %.3e, max|F| %.3e, normwise rel %.2e, componentwise rel (|F|>1e-3 max) %.2e\n",
                   dmax, fmaxref, dmax / fmaxref, crel);
            CHECK(dmax <= tol * fmaxref, "forces rel.diff %.3e > %.1e", dmax / fmaxref, tol);
        }
        free(f); free(eatom); free(vatom);
    }
    CHECK(hdnnp_model_free(m) == HDNNP_OK, "free: %s", hdnnp_last_error());
    double t0 = now();
    CHECK(hdnnp_runtime_shutdown() == HDNNP_OK, "shutdown: %s", hdnnp_last_error());
    printf("shutdown: %.3f s\n", now() - t0);
    return failures ? 1 : 0;
}

static int expect_status(int got, int want, const char *what) {
    const char *msg = hdnnp_last_error();
    printf("  %-48s -> %s: %s\n", what, hdnnp_status_name(got), msg);
    CHECK(got == want, "%s: got %s, expected %s", what, hdnnp_status_name(got), hdnnp_status_name(want));
    CHECK(got == HDNNP_OK || (msg && *msg), "%s: empty error message", what);
    return got == want;
}

static int mode_errors(int argc, char **argv) {
    if (argc < 5) return 2;
    const char *model_path = argv[2], *lu = argv[3], *eu = argv[4];
    if (init_runtime()) return 1;
    hdnnp_model *m = NULL;
    hdnnp_model_options mo = HDNNP_MODEL_OPTIONS_INIT;

    expect_status(hdnnp_model_load("/nonexistent/model.hdnnp", &mo, &m), HDNNP_E_INPUT, "missing model file");
    CHECK(strstr(hdnnp_last_error(), "/nonexistent/model.hdnnp") != NULL, "message names the file");
    CHECK(m == NULL, "handle stays NULL");

    char dir[] = "/tmp/hdnnp_badmodel_XXXXXX";
    if (mkdtemp(dir)) {
        char p[512];
        snprintf(p, sizeof p, "%s/input.nn", dir);
        FILE *f = fopen(p, "w");
        fputs("number_of_elements two\nelements H O\nthis is not an n2p2 file\n", f);
        fclose(f);
        mo.length_unit = "bohr";
        mo.energy_unit = "hartree";
        expect_status(hdnnp_model_load(dir, &mo, &m), HDNNP_E_INPUT, "bad n2p2 directory");
        snprintf(p, sizeof p, "%s/garbage.hdnnp", dir);
        f = fopen(p, "w");
        fputs("\x01\x02garbage\n", f);
        fclose(f);
        mo.length_unit = mo.energy_unit = NULL;
        expect_status(hdnnp_model_load(p, &mo, &m), HDNNP_E_INPUT, "garbage model file");
        unlink(p);
        snprintf(p, sizeof p, "%s/input.nn", dir);
        unlink(p);
        rmdir(dir);
    }
    mo.length_unit = "furlong";
    mo.energy_unit = "hartree";
    int st = hdnnp_model_load(model_path, &mo, &m);
    CHECK(st != HDNNP_OK, "unknown model unit accepted");
    printf("  %-48s -> %s: %s\n", "unknown model length unit", hdnnp_status_name(st), hdnnp_last_error());
    expect_status(hdnnp_model_load(NULL, NULL, &m), HDNNP_E_ARGUMENT, "NULL path");
    mo.length_unit = lu;
    mo.energy_unit = eu;
    mo.threads = 100000;
    expect_status(hdnnp_model_load(model_path, &mo, &m), HDNNP_E_ARGUMENT, "threads 100000");
    char bound[32];
    snprintf(bound, sizeof bound, "%d", HDNNP_MAX_THREADS);
    CHECK(strstr(hdnnp_last_error(), bound) != NULL, "message gives the bound: %s", hdnnp_last_error());
    mo.threads = 1;
    expect_status(hdnnp_compute(NULL, NULL, NULL), HDNNP_E_ARGUMENT, "compute with NULL model");

    st = load_model(model_path, lu, eu, 1, &m);
    if (st == SKIP) {
        printf("SKIP: model-dependent error paths (Java core cannot load models yet)\n");
        hdnnp_runtime_shutdown();
        return failures ? 1 : SKIP;
    }
    if (st) return 1;
    CHECK(hdnnp_model_element_index(m, "Xx") == -1, "unknown element has an index");
    CHECK(hdnnp_model_element_index(m, "NULL") == -1, "NULL has an index");
    expect_status(hdnnp_model_set_caller_units(m, "furlong", "eV"), HDNNP_E_INPUT, "unknown caller length unit");
    expect_status(hdnnp_model_set_caller_units(m, "angstrom", "calories"), HDNNP_E_INPUT, "unknown caller energy unit");
    expect_status(hdnnp_model_set_unit_factors(m, -1.0, 1.0), HDNNP_E_ARGUMENT, "negative unit factor");
    CHECK(hdnnp_model_set_caller_units(m, lu, eu) == HDNNP_OK, "units: %s", hdnnp_last_error());
    int32_t nrec = -1;
    expect_status(hdnnp_extrapolation_details(m, 0, NULL, NULL), HDNNP_E_ARGUMENT, "extrapolation details, NULL count");
    expect_status(hdnnp_extrapolation_details(m, 4, NULL, &nrec), HDNNP_E_ARGUMENT, "extrapolation details, NULL array");
    expect_status(hdnnp_extrapolation_details(m, -1, NULL, &nrec), HDNNP_E_ARGUMENT, "extrapolation details, capacity < 0");
    CHECK(hdnnp_extrapolation_details(m, 0, NULL, &nrec) == HDNNP_OK && nrec == 0, "no compute yet: no warnings (%d)", (int) nrec);

    /* two atoms 1.8 apart, one neighbour each */
    double x[6] = {0, 0, 0, 1.8, 0, 0}, f[6] = {0};
    int type[2] = {1, 2}, map[3] = {-1, 0, 1}, ilist[2] = {0, 1}, numneigh[2] = {1, 1}, n0[1] = {1}, n1[1] = {0};
    const int *fn[2] = {n0, n1};
    hdnnp_request rq = {.struct_size = sizeof rq, .nlocal = 2, .nall = 2, .inum = 2, .ntypes = 2, .x = x,
                        .type = type, .type_to_element = map, .ilist = ilist, .numneigh = numneigh, .firstneigh = fn};
    hdnnp_result rs = {.struct_size = sizeof rs, .f = f};
    st = hdnnp_compute(m, &rq, &rs);
    CHECK(st == HDNNP_OK, "small compute: %s", hdnnp_last_error());
    map[2] = 7;
    expect_status(hdnnp_compute(m, &rq, &rs), HDNNP_E_MODEL, "type mapped to element not in model");
    map[2] = 1;
    type[1] = 3;
    expect_status(hdnnp_compute(m, &rq, &rs), HDNNP_E_ARGUMENT, "atom type > ntypes");
    type[1] = 2;
    n0[0] = 5;
    expect_status(hdnnp_compute(m, &rq, &rs), HDNNP_E_ARGUMENT, "neighbour index >= nall");
    n0[0] = 1;
    ilist[1] = -4;
    expect_status(hdnnp_compute(m, &rq, &rs), HDNNP_E_ARGUMENT, "ilist entry < 0");
    ilist[1] = 1;
    rq.struct_size = 3;
    expect_status(hdnnp_compute(m, &rq, &rs), HDNNP_E_ARGUMENT, "bad request struct_size");
    rq.struct_size = sizeof rq;
    rq.flags = HDNNP_WANT_EATOM;
    expect_status(hdnnp_compute(m, &rq, &rs), HDNNP_E_ARGUMENT, "eatom wanted, NULL array");
    rq.flags = 0;
    /* non-finite coordinates: an error naming the atom, not an isolated atom */
    x[4] = NAN;
    expect_status(hdnnp_compute(m, &rq, &rs), HDNNP_E_ARGUMENT, "NaN coordinate");
    CHECK(strstr(hdnnp_last_error(), "atom 1") && strstr(hdnnp_last_error(), "non-finite"),
          "message names the atom and the cause: %s", hdnnp_last_error());
    x[4] = INFINITY;
    expect_status(hdnnp_compute(m, &rq, &rs), HDNNP_E_ARGUMENT, "infinite coordinate");
    x[4] = 0;
    /* two atoms at one position */
    x[3] = 0;
    expect_status(hdnnp_compute(m, &rq, &rs), HDNNP_E_COMPUTE, "coincident atoms");
    CHECK(strstr(hdnnp_last_error(), "same position") != NULL, "message says why: %s", hdnnp_last_error());
    x[3] = 1.8;
    map[1] = -1;
    map[2] = -1;
    memset(&rs, 0, sizeof rs);
    rs.struct_size = sizeof rs;
    rs.f = f;
    memset(f, 0, sizeof f);
    st = hdnnp_compute(m, &rq, &rs);
    CHECK(st == HDNNP_OK && rs.energy == 0.0 && f[0] == 0.0, "all types NULL: status %d energy %g", st, rs.energy);
    CHECK(hdnnp_model_free(m) == HDNNP_OK, "free");
    CHECK(hdnnp_runtime_shutdown() == HDNNP_OK, "shutdown: %s", hdnnp_last_error());
    expect_status(hdnnp_runtime_init(NULL), HDNNP_E_STATE, "init after shutdown");
    expect_status(hdnnp_model_load(model_path, NULL, &m), HDNNP_E_STATE, "load after shutdown");
    return failures ? 1 : 0;
}

static int mode_state(void) {
    hdnnp_model *m = NULL;
    CHECK(hdnnp_abi_version() == HDNNP_JAVA_ABI_VERSION, "abi version");
    CHECK(!hdnnp_runtime_ready(), "ready before init");
    expect_status(hdnnp_model_load("x", NULL, &m), HDNNP_E_STATE, "load before init");
    hdnnp_runtime_options ro = HDNNP_RUNTIME_OPTIONS_INIT;
    ro.struct_size = 8;
    expect_status(hdnnp_runtime_init(&ro), HDNNP_E_ARGUMENT, "bad runtime options struct_size");
    ro.struct_size = sizeof ro;
    ro.abi_version = 999;
    expect_status(hdnnp_runtime_init(&ro), HDNNP_E_VERSION, "ABI version mismatch");
    ro.abi_version = HDNNP_JAVA_ABI_VERSION;
    ro.jvm_options = "-Xmx1g '-Dunterminated";
    expect_status(hdnnp_runtime_init(&ro), HDNNP_E_ARGUMENT, "unterminated quote in JVM options");
    CHECK(hdnnp_model_free(NULL) == HDNNP_OK, "free NULL");
    CHECK(hdnnp_runtime_shutdown() == HDNNP_OK, "shutdown without init");
    ro.jvm_options = "-Xmx256m \"-Dhdnnp.test=a b\"";
    if (init_runtime() == 0) {
        CHECK(hdnnp_runtime_ready(), "ready after init");
        CHECK(hdnnp_runtime_init(&ro) == HDNNP_OK, "second init is a no-op");
        expect_status(hdnnp_model_load("/nonexistent/x", NULL, &m), HDNNP_E_INPUT, "missing model");
        double t0 = now();
        CHECK(hdnnp_runtime_shutdown() == HDNNP_OK, "shutdown: %s", hdnnp_last_error());
        printf("shutdown: %.3f s\n", now() - t0);
    } else {
        failures++;
    }
    return failures ? 1 : 0;
}

static int mode_nojvm(void) {
    hdnnp_runtime_options ro = HDNNP_RUNTIME_OPTIONS_INIT;
    ro.java_home = "/nonexistent/jdk";
    expect_status(hdnnp_runtime_init(&ro), HDNNP_E_JVM, "java_home without a JVM");
    CHECK(strstr(hdnnp_last_error(), "/nonexistent/jdk") != NULL, "message names the path");
    ro.java_home = NULL;
    ro.jvm_options = "-XX:+ThisOptionDoesNotExist";
    expect_status(hdnnp_runtime_init(&ro), HDNNP_E_JVM, "unknown JVM option");
    return failures ? 1 : 0;
}

static int mode_badjar(void) {
    hdnnp_runtime_options ro = HDNNP_RUNTIME_OPTIONS_INIT;
    ro.class_path = "/nonexistent/hdnnp.jar";
    expect_status(hdnnp_runtime_init(&ro), HDNNP_E_JVM, "class path missing");
    char jar[] = "/tmp/hdnnp_emptyjar_XXXXXX";
    int fd = mkstemp(jar);
    if (fd >= 0) close(fd);
    ro.class_path = jar;
    expect_status(hdnnp_runtime_init(&ro), HDNNP_E_JVM, "class path without the bridge");
    unlink(jar);
    return failures ? 1 : 0;
}

static int mode_retry_old_jdk(const char *old_home) {
    char rel[4096];
    snprintf(rel, sizeof rel, "%s/lib/server/libjvm.so", old_home);
    if (access(rel, R_OK) != 0) {
        printf("SKIP: no JDK at %s\n", old_home);
        return SKIP;
    }
    hdnnp_runtime_options ro = HDNNP_RUNTIME_OPTIONS_INIT;
    ro.java_home = old_home;
    expect_status(hdnnp_runtime_init(&ro), HDNNP_E_JVM, "JDK older than 25");
    CHECK(strstr(hdnnp_last_error(), "Java 25") != NULL, "message says what is needed: %s", hdnnp_last_error());
    CHECK(!hdnnp_runtime_ready(), "ready after a failed init");
    char lib[4200];
    snprintf(lib, sizeof lib, "%s/lib/server/libjvm.so", old_home);
    ro.java_home = NULL;
    ro.libjvm_path = lib;
    expect_status(hdnnp_runtime_init(&ro), HDNNP_E_JVM, "libjvm of a JDK older than 25");
    CHECK(strstr(hdnnp_last_error(), "Java 25") != NULL, "message says what is needed: %s", hdnnp_last_error());
    ro.libjvm_path = NULL; /* JAVA_HOME: the JDK 25 */
    int st = hdnnp_runtime_init(&ro);
    CHECK(st == HDNNP_OK, "retry with JDK 25: %s: %s", hdnnp_status_name(st), hdnnp_last_error());
    hdnnp_model *m = NULL;
    if (st == HDNNP_OK)
        expect_status(hdnnp_model_load("/nonexistent/x.json", NULL, &m), HDNNP_E_INPUT, "bridge works after retry");
    CHECK(hdnnp_runtime_shutdown() == HDNNP_OK, "shutdown: %s", hdnnp_last_error());
    return failures ? 1 : 0;
}

static int mode_retry_bad_option(void) {
    hdnnp_runtime_options ro = HDNNP_RUNTIME_OPTIONS_INIT;
    ro.jvm_options = "-XX:+NoSuchJvmOption";
    expect_status(hdnnp_runtime_init(&ro), HDNNP_E_JVM, "option the JVM does not know");
    CHECK(strstr(hdnnp_last_error(), "Unrecognized VM option 'NoSuchJvmOption'") != NULL,
          "message carries the JVM's words: %s", hdnnp_last_error());
    ro.jvm_options = NULL;
    expect_status(hdnnp_runtime_init(&ro), HDNNP_E_STATE, "retry after the JVM refused to start");
    CHECK(strstr(hdnnp_last_error(), "NoSuchJvmOption") != NULL && strstr(hdnnp_last_error(), "restart") != NULL,
          "retry names the first cause and the remedy: %s", hdnnp_last_error());
    CHECK(strstr(hdnnp_last_error(), "class path") == NULL, "no misleading class path message: %s", hdnnp_last_error());
    return failures ? 1 : 0;
}

static int mode_jvm_exit(const char *option, const char *expect) {
    hdnnp_runtime_options ro = HDNNP_RUNTIME_OPTIONS_INIT;
    ro.jvm_options = option;
    expect_status(hdnnp_runtime_init(&ro), HDNNP_E_JVM, "JVM exits during start-up");
    CHECK(strstr(hdnnp_last_error(), expect) != NULL, "message carries the JVM's words ('%s'): %s", expect,
          hdnnp_last_error());
    printf("hdnnp_runtime_init returned; the process goes on\n");
    expect_status(hdnnp_runtime_init(NULL), HDNNP_E_STATE, "retry");
    return failures ? 1 : 0;
}

int main(int argc, char **argv) {
    setvbuf(stdout, NULL, _IOLBF, 0);
    if (argc < 2) { fprintf(stderr, "usage: test_capi reference|errors|state|nojvm|badjar ...\n"); return 2; }
    if (!strcmp(argv[1], "reference")) return mode_reference(argc, argv);
    if (!strcmp(argv[1], "errors")) return mode_errors(argc, argv);
    if (!strcmp(argv[1], "state")) return mode_state();
    if (!strcmp(argv[1], "nojvm")) return mode_nojvm();
    if (!strcmp(argv[1], "badjar")) return mode_badjar();
    if (!strcmp(argv[1], "retry_old_jdk") && argc > 2) return mode_retry_old_jdk(argv[2]);
    if (!strcmp(argv[1], "retry_bad_option")) return mode_retry_bad_option();
    if (!strcmp(argv[1], "jvm_exit") && argc > 3) return mode_jvm_exit(argv[2], argv[3]);
    fprintf(stderr, "unknown mode %s\n", argv[1]);
    return 2;
}
