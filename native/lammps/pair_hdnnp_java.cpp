/* ----------------------------------------------------------------------
   pair_style hdnnp_java <model> [threads N] [showew yes|no] [showewsum N] [maxew N]
                                 [resetew yes|no] [cflength x] [cfenergy y]
                                 [modelunits <length> <energy>] [jvm "<options>"] [jar <path>]
   pair_coeff * * El1 El2 ...      (NULL: type not handled by the potential)

   The potential is evaluated by the hdnnp-java core in a JVM that lives inside this process
   (one per MPI rank), through the C ABI of hdnnp_java.h. LAMMPS's arrays are read and written in
   place: positions, types and the full neighbour list go in; forces (also on ghost atoms, which
   LAMMPS reverse-communicates: newton pair on), energy and per-atom energies/virials come out.
   The global virial comes from virial_fdotr_compute().
------------------------------------------------------------------------- */

#include "pair_hdnnp_java.h"

#include "hdnnp_java.h"

#include "atom.h"
#include "comm.h"
#include "error.h"
#include "force.h"
#include "memory.h"
#include "neigh_list.h"
#include "neigh_request.h"
#include "neighbor.h"
#include "update.h"
#include "utils.h"

#include <mpi.h>

#include <cmath>
#include <cstdio>
#include <cstring>
#include <sys/time.h>

#ifndef LAMMPS_VERSION_NUMBER
#define LAMMPS_VERSION_NUMBER 20210929
#endif

using namespace LAMMPS_NS;

static double wall_seconds()
{
  struct timeval tv;
  gettimeofday(&tv, nullptr);
  return tv.tv_sec + 1e-6 * tv.tv_usec;
}

static bool parse_yes_no(const char *s, bool &out)
{
  if (strcmp(s, "yes") == 0 || strcmp(s, "on") == 0 || strcmp(s, "true") == 0 || strcmp(s, "1") == 0) {
    out = true;
    return true;
  }
  if (strcmp(s, "no") == 0 || strcmp(s, "off") == 0 || strcmp(s, "false") == 0 || strcmp(s, "0") == 0) {
    out = false;
    return true;
  }
  return false;
}

Pair *PairHdnnpJava::creator(LAMMPS *lmp)
{
  return new PairHdnnpJava(lmp);
}

/* ---------------------------------------------------------------------- */

PairHdnnpJava::PairHdnnpJava(LAMMPS *lmp) :
    Pair(lmp), model(nullptr), threads(1), showew(true), resetew(false), showewsum(0), maxew(0),
    cflength(1.0), cfenergy(1.0), have_cflength(false), have_cfenergy(false), cutoff(0.0),
    ew_counter(0), ew_since_summary(0), summary_step(-1)
{
  single_enable = 0;
  restartinfo = 0;
  one_coeff = 1;
  manybody_flag = 1;
  centroidstressflag = 2;    // CENTROID_NOTAVAIL
  no_virial_fdotr_compute = 0;
}

PairHdnnpJava::~PairHdnnpJava()
{
  free_model();
  if (allocated) {
    memory->destroy(setflag);
    memory->destroy(cutsq);
  }
}

void PairHdnnpJava::free_model()
{
  if (model) hdnnp_model_free(model);
  model = nullptr;
}

void PairHdnnpJava::allocate()
{
  allocated = 1;
  int n = atom->ntypes;
  memory->create(setflag, n + 1, n + 1, "pair:setflag");
  memory->create(cutsq, n + 1, n + 1, "pair:cutsq");
  for (int i = 1; i <= n; i++)
    for (int j = i; j <= n; j++) setflag[i][j] = 0;
}

/* A step every rank takes together failed on some ranks: a clean error when it failed
   everywhere (error->all), else abort from a failing rank (error->one); never a hang. */
void PairHdnnpJava::fail_all_or_one(int status, const std::string &what)
{
  int failed = status != HDNNP_OK ? 1 : 0, nfailed = 0;
  MPI_Allreduce(&failed, &nfailed, 1, MPI_INT, MPI_SUM, world);
  if (nfailed == 0) return;
  std::string msg = what + ": " + hdnnp_last_error() + " [" + hdnnp_status_name(status) + "]";
  if (nfailed == comm->nprocs) error->all(FLERR, msg);
  if (failed) error->one(FLERR, msg);
  // ranks that succeeded wait here until the failing rank aborts the job
  MPI_Barrier(world);
  error->one(FLERR, "pair_style hdnnp_java failed on another rank");
}

/* ----------------------------------------------------------------------
   pair_style hdnnp_java <model> keywords...
------------------------------------------------------------------------- */

void PairHdnnpJava::settings(int narg, char **arg)
{
  if (narg < 1)
    error->all(FLERR, "Illegal pair_style hdnnp_java command: expected pair_style hdnnp_java "
                      "<model file or n2p2 directory> [threads N] [showew yes|no] [showewsum N] "
                      "[maxew N] [resetew yes|no] [cflength x] [cfenergy y] "
                      "[modelunits <length> <energy>] [jvm \"<options>\"] [jar <path>]");
  free_model();
  model_path = arg[0];
  threads = 1;
  showew = true;
  resetew = false;
  showewsum = 0;
  maxew = 0;
  have_cflength = have_cfenergy = false;
  cflength = cfenergy = 1.0;
  model_length_unit.clear();
  model_energy_unit.clear();
  jvm_options.clear();
  jar_path.clear();

  int iarg = 1;
  while (iarg < narg) {
    std::string key = arg[iarg];
    int nval = key == "modelunits" ? 2 : 1;
    if (iarg + nval >= narg)
      error->all(FLERR, "pair_style hdnnp_java: keyword '" + key + "' needs " +
                     (nval == 2 ? "two values" : "a value"));
    const char *v = arg[iarg + 1];
    if (key == "threads") {
      threads = utils::inumeric(FLERR, v, false, lmp);
      if (threads < 1) error->all(FLERR, "pair_style hdnnp_java: threads must be >= 1");
    } else if (key == "showew") {
      if (!parse_yes_no(v, showew)) error->all(FLERR, "pair_style hdnnp_java: showew expects yes or no");
    } else if (key == "resetew") {
      if (!parse_yes_no(v, resetew)) error->all(FLERR, "pair_style hdnnp_java: resetew expects yes or no");
    } else if (key == "showewsum") {
      showewsum = utils::bnumeric(FLERR, v, false, lmp);
      if (showewsum < 0) error->all(FLERR, "pair_style hdnnp_java: showewsum must be >= 0");
    } else if (key == "maxew") {
      maxew = utils::bnumeric(FLERR, v, false, lmp);
      if (maxew < 0) error->all(FLERR, "pair_style hdnnp_java: maxew must be >= 0 (0: no limit)");
    } else if (key == "cflength") {
      cflength = utils::numeric(FLERR, v, false, lmp);
      have_cflength = true;
      if (!(cflength > 0.0) || !std::isfinite(cflength))
        error->all(FLERR, "pair_style hdnnp_java: cflength must be > 0");
    } else if (key == "cfenergy") {
      cfenergy = utils::numeric(FLERR, v, false, lmp);
      have_cfenergy = true;
      if (!(cfenergy > 0.0) || !std::isfinite(cfenergy))
        error->all(FLERR, "pair_style hdnnp_java: cfenergy must be > 0");
    } else if (key == "jvm") {
      jvm_options = v;
    } else if (key == "jar") {
      jar_path = v;
    } else if (key == "modelunits") {
      model_length_unit = arg[iarg + 1];
      model_energy_unit = arg[iarg + 2];
    } else {
      error->all(FLERR, "pair_style hdnnp_java: unknown keyword '" + key + "'");
    }
    iarg += 1 + nval;
  }

  // the JVM: one per process, started by the first hdnnp_java pair style
  double t0 = wall_seconds();
  bool started = false;
  if (!hdnnp_runtime_ready()) {
    hdnnp_runtime_options ro = HDNNP_RUNTIME_OPTIONS_INIT;
    ro.class_path = jar_path.empty() ? nullptr : jar_path.c_str();
    ro.jvm_options = jvm_options.empty() ? nullptr : jvm_options.c_str();
    int st = hdnnp_runtime_init(&ro);
    fail_all_or_one(st, "pair_style hdnnp_java: cannot start the Java runtime");
    started = true;
  } else if ((!jvm_options.empty() || !jar_path.empty()) && comm->me == 0) {
    error->warning(FLERR, "pair_style hdnnp_java: the JVM is already running; jvm/jar keywords are ignored");
  }
  double t1 = wall_seconds();

  hdnnp_model_options mo = HDNNP_MODEL_OPTIONS_INIT;
  mo.threads = threads;
  mo.length_unit = model_length_unit.empty() ? nullptr : model_length_unit.c_str();
  mo.energy_unit = model_energy_unit.empty() ? nullptr : model_energy_unit.c_str();
  hdnnp_model *m = nullptr;
  int st = hdnnp_model_load(model_path.c_str(), &mo, &m);
  fail_all_or_one(st, "pair_style hdnnp_java: cannot load model '" + model_path + "'");
  model = m;
  double t2 = wall_seconds();

  hdnnp_model_info info;
  memset(&info, 0, sizeof info);
  info.struct_size = sizeof info;
  st = hdnnp_model_info_get(model, &info);
  fail_all_or_one(st, "pair_style hdnnp_java: model info");
  elements.clear();
  for (int k = 0; k < info.num_elements && k < HDNNP_MAX_ELEMENTS; k++) elements.emplace_back(info.elements[k]);

  if (comm->me == 0) {
    std::string els;
    for (auto &e : elements) els += " " + e;
    char buf[512];
    snprintf(buf, sizeof buf,
             "hdnnp_java: model %s: elements%s, cutoff %g %s, units %s/%s, %d thread(s)\n"
             "hdnnp_java: JVM %s in %.3f s, model loaded in %.3f s\n",
             model_path.c_str(), els.c_str(), info.cutoff, info.length_unit, info.length_unit,
             info.energy_unit, threads, started ? "started" : "already running", t1 - t0, t2 - t1);
    utils::logmesg(lmp, std::string(buf));
  }
}

/* ----------------------------------------------------------------------
   pair_coeff * * El1 El2 ... (one per atom type; NULL = not handled)
------------------------------------------------------------------------- */

void PairHdnnpJava::coeff(int narg, char **arg)
{
  if (!model) error->all(FLERR, "pair_coeff for hdnnp_java before a successful pair_style line");
  int ntypes = atom->ntypes;
  if (!allocated) allocate();
  if (narg != 2 + ntypes)
    error->all(FLERR, "Incorrect args for pair coefficients: expected pair_coeff * * followed by " +
                   std::to_string(ntypes) + " element symbols (or NULL), one per atom type");
  if (strcmp(arg[0], "*") != 0 || strcmp(arg[1], "*") != 0)
    error->all(FLERR, "pair_style hdnnp_java: only 'pair_coeff * * El1 El2 ...' is allowed");

  type_to_element.assign(ntypes + 1, -1);
  for (int t = 1; t <= ntypes; t++) {
    const char *el = arg[1 + t];
    if (strcmp(el, "NULL") == 0) continue;
    int e = hdnnp_model_element_index(model, el);
    if (e < 0) {
      std::string known;
      for (auto &s : elements) known += " " + s;
      error->all(FLERR, std::string("pair_coeff: element '") + el + "' (type " + std::to_string(t) +
                     ") is not in the model; its elements are:" + known);
    }
    type_to_element[t] = e;
  }
  int count = 0;
  for (int i = 1; i <= ntypes; i++)
    for (int j = i; j <= ntypes; j++) {
      setflag[i][j] = (type_to_element[i] >= 0 && type_to_element[j] >= 0) ? 1 : 0;
      count += setflag[i][j];
    }
  if (count == 0) error->all(FLERR, "Incorrect args for pair coefficients: every type is NULL");
}

/* ---------------------------------------------------------------------- */

void PairHdnnpJava::setup_units()
{
  int st;
  std::string what;
  if (have_cflength || have_cfenergy) {
    st = hdnnp_model_set_unit_factors(model, cflength, cfenergy);
    what = "pair_style hdnnp_java: cflength/cfenergy";
  } else {
    std::string style = update->unit_style;
    const char *len = nullptr, *en = nullptr;
    if (style == "metal") {
      len = "angstrom";
      en = "eV";
    } else if (style == "real") {
      len = "angstrom";
      en = "kcal/mol";
    } else if (style == "electron") {
      len = "bohr";
      en = "hartree";
    } else {
      error->all(FLERR, "pair_style hdnnp_java: LAMMPS units '" + style +
                     "' are not converted automatically (metal, real and electron are): give cflength "
                     "and cfenergy (model length = LAMMPS length * cflength, model energy = LAMMPS "
                     "energy * cfenergy)");
    }
    st = hdnnp_model_set_caller_units(model, len, en);
    what = "pair_style hdnnp_java: units " + style;
  }
  fail_all_or_one(st, what);
  hdnnp_model_info info;
  memset(&info, 0, sizeof info);
  info.struct_size = sizeof info;
  st = hdnnp_model_info_get(model, &info);
  fail_all_or_one(st, "pair_style hdnnp_java: model info");
  cutoff = info.cutoff_caller;
}

void PairHdnnpJava::init_style()
{
  if (!model) error->all(FLERR, "pair_style hdnnp_java has no model (the pair_style command failed?)");
  if ((int) type_to_element.size() != atom->ntypes + 1)
    error->all(FLERR, "pair_style hdnnp_java: pair_coeff * * <elements> is missing or the number of "
                      "atom types changed");
  if (force->newton_pair == 0)
    error->all(FLERR, "pair_style hdnnp_java requires newton pair on (forces on ghost atoms are "
                      "reverse-communicated to their owners)");
  setup_units();

#if LAMMPS_VERSION_NUMBER >= 20220324
  neighbor->add_request(this, NeighConst::REQ_FULL);
#else
  int irequest = neighbor->request(this, instance_me);
  neighbor->requests[irequest]->half = 0;
  neighbor->requests[irequest]->full = 1;
#endif
}

double PairHdnnpJava::init_one(int, int)
{
  return cutoff;
}

/* ---------------------------------------------------------------------- */

void PairHdnnpJava::compute(int eflag, int vflag)
{
  ev_init(eflag, vflag);
  if (!model) error->one(FLERR, "pair_style hdnnp_java: no model loaded");

  int nlocal = atom->nlocal;
  int nall = nlocal + atom->nghost;

  hdnnp_request rq;
  memset(&rq, 0, sizeof rq);
  rq.struct_size = sizeof rq;
  rq.flags = (eflag_atom ? HDNNP_WANT_EATOM : 0u) | (vflag_atom ? HDNNP_WANT_VATOM : 0u);
  rq.nlocal = nlocal;
  rq.nall = nall;
  rq.inum = list->inum;
  rq.ntypes = atom->ntypes;
  rq.x = (atom->x && nall > 0) ? atom->x[0] : nullptr;
  rq.type = atom->type;
  rq.type_to_element = type_to_element.data();
  rq.ilist = list->ilist;
  rq.numneigh = list->numneigh;
  rq.firstneigh = list->firstneigh;

  hdnnp_result rs;
  memset(&rs, 0, sizeof rs);
  rs.struct_size = sizeof rs;
  rs.f = (atom->f && nall > 0) ? atom->f[0] : nullptr;
  rs.eatom = eflag_atom ? eatom : nullptr;
  rs.vatom = (vflag_atom && vatom) ? vatom[0] : nullptr;

  int st = hdnnp_compute(model, &rq, &rs);
  if (st != HDNNP_OK)
    error->one(FLERR, std::string("pair_style hdnnp_java: ") + hdnnp_last_error() + " [" +
                   hdnnp_status_name(st) + "]");

  if (eflag_global) eng_vdwl += rs.energy;
  if (vflag_global && !vflag_fdotr)
    for (int k = 0; k < 6; k++) virial[k] += rs.virial[k];
  if (vflag_fdotr) virial_fdotr_compute();

  // extrapolation warnings: one reduction when anything is reported or limited
  bigint step = update->ntimestep;
  bool summary_now = showewsum > 0 && step % showewsum == 0 && step != summary_step;
  if (showew || maxew > 0 || showewsum > 0) {
    bigint mine = rs.extrapolation_warnings, all = 0;
    MPI_Allreduce(&mine, &all, 1, MPI_LMP_BIGINT, MPI_SUM, world);
    if (resetew) ew_counter = 0;
    ew_counter += all;
    ew_since_summary += all;
    if (showew && all > 0 && comm->me == 0)
      utils::logmesg(lmp, "### NNP EXTRAPOLATION WARNING ### STEP " + std::to_string(step) + ": " +
                              std::to_string(all) + " extrapolation warning(s) (all ranks)\n");
    if (summary_now) {
      if (comm->me == 0) {
        char buf[160];
        snprintf(buf, sizeof buf, "### NNP EW SUMMARY ### TS: %10ld EW %10ld EWPERSTEP %10.3E\n", (long) step,
                 (long) ew_since_summary, (double) ew_since_summary / (double) showewsum);
        utils::logmesg(lmp, std::string(buf));
      }
      ew_since_summary = 0;
      summary_step = step;
    }
    if (maxew > 0 && ew_counter > maxew)
      error->all(FLERR, "Too many extrapolation warnings: " + std::to_string(ew_counter) + " > maxew " +
                     std::to_string(maxew) + (resetew ? " in step " : " up to step ") + std::to_string(step) +
                     " (the structure is outside the potential's training range)");
  }
}
