/*
 * minimal.c -- the smallest complete use of the hdnnp-java C ABI (hdnnp_java.h):
 * load a model, compute the energy and forces of one water molecule, check them.
 *
 *   minimal MODEL [LENGTH_UNIT ENERGY_UNIT]
 *     MODEL: a model file of this project (e.g. written by `hdnnp convert`), or an n2p2
 *            potential directory followed by its units (n2p2 records none), e.g. bohr hartree.
 *   Environment: JAVA_HOME (JDK >= 25), HDNNP_JAVA_JAR (hdnnp.jar) unless installed.
 *
 * Positions are in angstrom, energies in eV (hdnnp_model_set_caller_units). The molecule is not
 * periodic, so there are no ghost atoms: nall == nlocal == inum, and every atom's full neighbour
 * list holds the two others. (An isolated molecule lies outside a liquid-water potential's training
 * range: the extrapolation-warning count printed is expected to be nonzero.)
 * Exit status 0 when the forces sum to zero and match a finite difference of the energy.
 */
#include "hdnnp_java.h"

#include <math.h>
#include <stdio.h>
#include <string.h>

#define N 3

static int check(int status, const char *what) {
    if (status != HDNNP_OK) fprintf(stderr, "%s failed: %s: %s\n", what, hdnnp_status_name(status), hdnnp_last_error());
    return status != HDNNP_OK;
}

/* energy (and forces into f, if not NULL) of the three atoms at x */
static int compute(hdnnp_model *model, const double *x, double *energy, double *f) {
    static const int32_t type[N] = {2, 1, 1};                  /* LAMMPS-style types: 1 = H, 2 = O */
    static const int32_t ilist[N] = {0, 1, 2};
    static const int32_t numneigh[N] = {2, 2, 2};
    static const int32_t n0[2] = {1, 2}, n1[2] = {0, 2}, n2[2] = {0, 1};
    static const int32_t *const firstneigh[N] = {n0, n1, n2};
    static int32_t type_to_element[3] = {-1, -1, -1};          /* [type] -> element index */
    double fbuf[3 * N];

    type_to_element[1] = hdnnp_model_element_index(model, "H");
    type_to_element[2] = hdnnp_model_element_index(model, "O");
    if (type_to_element[1] < 0 || type_to_element[2] < 0) {
        fprintf(stderr, "the model has no H or O\n");
        return 1;
    }
    hdnnp_request rq;
    memset(&rq, 0, sizeof rq);
    rq.struct_size = sizeof rq;
    rq.nlocal = rq.nall = rq.inum = N;
    rq.ntypes = 2;
    rq.x = x;
    rq.type = type;
    rq.type_to_element = type_to_element;
    rq.ilist = ilist;
    rq.numneigh = numneigh;
    rq.firstneigh = firstneigh;

    hdnnp_result rs;                 /* results are accumulated (+=): start from zero */
    memset(&rs, 0, sizeof rs);
    memset(fbuf, 0, sizeof fbuf);
    rs.struct_size = sizeof rs;
    rs.f = fbuf;
    if (check(hdnnp_compute(model, &rq, &rs), "hdnnp_compute")) return 1;
    *energy = rs.energy;
    if (f) {
        memcpy(f, fbuf, sizeof fbuf);
        printf("energy %.10f eV, extrapolation warnings %d\n", rs.energy, rs.extrapolation_warnings);
    }
    return 0;
}

int main(int argc, char **argv) {
    if (argc != 2 && argc != 4) {
        fprintf(stderr, "usage: minimal MODEL [LENGTH_UNIT ENERGY_UNIT]\n");
        return 2;
    }
    /* 1. start the JVM (once per process): JAVA_HOME and HDNNP_JAVA_JAR from the environment */
    hdnnp_runtime_options ro = HDNNP_RUNTIME_OPTIONS_INIT;
    if (check(hdnnp_runtime_init(&ro), "hdnnp_runtime_init")) return 1;

    /* 2. load the model and choose the caller's units */
    hdnnp_model_options mo = HDNNP_MODEL_OPTIONS_INIT;
    if (argc == 4) {
        mo.length_unit = argv[2];
        mo.energy_unit = argv[3];
    }
    hdnnp_model *model = NULL;
    if (check(hdnnp_model_load(argv[1], &mo, &model), "hdnnp_model_load")) return 1;
    if (check(hdnnp_model_set_caller_units(model, "angstrom", "eV"), "set units")) return 1;

    /* 3. one water molecule (angstrom) */
    double x[3 * N] = {0.00, 0.00, 0.00,     /* O */
                       0.96, 0.00, 0.00,     /* H */
                       -0.24, 0.93, 0.00};   /* H */
    double e, f[3 * N];
    if (compute(model, x, &e, f)) return 1;
    for (int i = 0; i < N; i++) printf("atom %d  f = %12.6f %12.6f %12.6f eV/A\n", i, f[3 * i], f[3 * i + 1], f[3 * i + 2]);

    /* 4. checks: no net force; F = -dE/dx by central differences */
    int bad = 0;
    double fbig = 0, err = 0;
    for (int d = 0; d < 3; d++) {
        double sum = f[d] + f[3 + d] + f[6 + d];
        if (fabs(sum) > 1e-9) { printf("net force %d: %g\n", d, sum); bad = 1; }
    }
    const double h = 1e-5;
    for (int k = 0; k < 3 * N; k++) {
        double xp[3 * N], ep, em;
        memcpy(xp, x, sizeof xp);
        xp[k] = x[k] + h;
        if (compute(model, xp, &ep, NULL)) return 1;
        xp[k] = x[k] - h;
        if (compute(model, xp, &em, NULL)) return 1;
        err = fmax(err, fabs(-(ep - em) / (2 * h) - f[k]));
        fbig = fmax(fbig, fabs(f[k]));
    }
    printf("max |F + dE/dx| (central difference, h = %g A): %.2e eV/A (max |F| %.3f)\n", h, err, fbig);
    if (err > 1e-6 * fbig + 1e-7) bad = 1;

    /* 5. clean up: frees the model, stops the JVM */
    hdnnp_model_free(model);
    hdnnp_runtime_shutdown();
    printf(bad ? "FAIL\n" : "ok\n");
    return bad;
}
