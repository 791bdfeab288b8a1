/* ----------------------------------------------------------------------
   pair_style hdnnp_java <model> [<model> ...] [threads N] [showew yes|no] [showewsum N] [maxew N]
                                 [resetew yes|no] [cflength x cfenergy y]
                                 [modelunits <length> <energy>] [jvm "<options>"] [jar <path>]
                                 [devi_every N devi_file FILE]
   pair_coeff * * El1 El2 ...      (NULL: type not handled by the potential; only under hybrid)

   Life cycle as in every LAMMPS pair style: settings() parses the pair_style line, coeff() the
   pair_coeff line, init_style() starts the JVM (once per process), loads the model (once per
   pair_style line), maps types to elements and sets the units, compute() evaluates.

   The potential is evaluated by the hdnnp-java core in a JVM that lives inside this process
   (one per MPI rank), through the C ABI of hdnnp_java.h. LAMMPS's arrays are read and written in
   place: positions, types and the full neighbour list go in; forces (also on ghost atoms, which
   LAMMPS reverse-communicates: newton pair on), energy and per-atom energies/virials come out.
   The global virial comes from virial_fdotr_compute().

   Several model files (or one committee file) form a committee: forces and energies are the
   members' mean; each member's forces are reverse-communicated too (comm_reverse = 3 x members),
   so the per-atom force disagreement of owned atoms is complete. compute hdnnp/java/devi reads it;
   devi_every/devi_file write DeePMD-kit's model_devi.out layout on rank 0.
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

#include "fmt/format.h"

#include <mpi.h>

#include <algorithm>
#include <cctype>
#include <cerrno>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <functional>

#ifndef LAMMPS_VERSION_NUMBER
#define LAMMPS_VERSION_NUMBER 20210929
#endif

using namespace LAMMPS_NS;

// yes/no keyword values: utils::logical where LAMMPS has it (not in 29Sep2021), same words otherwise
static bool yes_no(const char *file, int line, const char *value, LAMMPS *lmp)
{
#if LAMMPS_VERSION_NUMBER >= 20220623
  return utils::logical(file, line, value, false, lmp) != 0;
#else
  std::string v(value);
  for (auto &c : v) c = (char) tolower(c);
  if (v == "yes" || v == "on" || v == "true" || v == "1") return true;
  if (v == "no" || v == "off" || v == "false" || v == "0") return false;
  lmp->error->all(file, line, "Expected boolean parameter instead of '{}' in input script", value);
  return false;
#endif
}

static std::string join(const std::vector<std::string> &words)
{
  std::string s;
  for (const auto &w : words) s += (s.empty() ? "" : " ") + w;
  return s;
}

static const char *const USAGE =
    "pair_style hdnnp_java <model file or n2p2 directory> [threads N] [showew yes|no] "
    "[showewsum N] [maxew N] [resetew yes|no] [cflength x cfenergy y] "
    "[modelunits <length> <energy>] [jvm \"<options>\"] [jar <path>] [devi_every N devi_file FILE]; "
    "several model files (or one committee file) form a committee";

static const char *const KEYWORDS[] = {"threads", "showew", "resetew", "showewsum", "maxew", "cflength",
                                       "cfenergy", "jvm", "jar", "modelunits", "devi_every", "devi_file"};

static bool is_keyword(const char *word)
{
  for (const char *k : KEYWORDS)
    if (strcmp(word, k) == 0) return true;
  return false;
}

Pair *PairHdnnpJava::creator(LAMMPS *lmp)
{
  return new PairHdnnpJava(lmp);
}

/* ---------------------------------------------------------------------- */

PairHdnnpJava::PairHdnnpJava(LAMMPS *lmp) :
    Pair(lmp), members(1), devi_f_atom(nullptr), devi_e_atom(nullptr), devi_f_max(0.0), devi_step(-1),
    threads(1), showew(true), resetew(false), showewsum(0), maxew(0), cflength(1.0),
    cfenergy(1.0), have_unit_factors(false), model(nullptr), cutoff(0.0), ew_counter(0),
    ew_since_summary(0), summary_step(-1)
{
  devi_every = 0;
  devi_fp = nullptr;
  devi_written_step = -1;
  nmax_committee = 0;
  member_stride = 0;
  member_f = nullptr;
  eatom_devi = nullptr;
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
  if (devi_fp) fclose(devi_fp);
  memory->destroy(member_f);
  memory->destroy(eatom_devi);
  memory->destroy(devi_f_atom);
  memory->destroy(devi_e_atom);
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

/* ----------------------------------------------------------------------
   MPI: every rank takes each step together, so no rank may stop alone with error->all (it waits
   in a barrier for ranks that went on: a hang). Errors that can differ between ranks go through
   all_or_one(): a clean error->all when every rank failed, else error->one (MPI_Abort) from a
   failing rank. Command arguments are checked to be the same on every rank first, after which
   parsing errors are the same everywhere and error->all is safe.
------------------------------------------------------------------------- */

void PairHdnnpJava::all_or_one(const std::string &message)
{
  int failed = message.empty() ? 0 : 1, nfailed = 0;
  MPI_Allreduce(&failed, &nfailed, 1, MPI_INT, MPI_SUM, world);
  if (nfailed == 0) return;
  if (nfailed == comm->nprocs) error->all(FLERR, message);
  if (failed) error->one(FLERR, message);
  // ranks that succeeded wait here until the failing rank aborts the job
  MPI_Barrier(world);
  error->one(FLERR, "pair_style hdnnp_java failed on another MPI rank (see its ERROR line)");
}

void PairHdnnpJava::all_or_one(int status, const std::string &what)
{
  if (status == HDNNP_OK)
    all_or_one(std::string());
  else
    all_or_one(fmt::format("{}: {} [{}]", what, hdnnp_last_error(), hdnnp_status_name(status)));
}

void PairHdnnpJava::same_on_all_ranks(const char *command, int narg, char **arg)
{
  std::string line;
  for (int i = 0; i < narg; i++) line += std::string(arg[i]) + '\0';
  unsigned long long mine = std::hash<std::string>()(line), lo = 0, hi = 0;
  MPI_Allreduce(&mine, &lo, 1, MPI_UNSIGNED_LONG_LONG, MPI_MIN, world);
  MPI_Allreduce(&mine, &hi, 1, MPI_UNSIGNED_LONG_LONG, MPI_MAX, world);
  if (lo != hi)
    error->all(FLERR,
               "{} for hdnnp_java: the arguments differ between MPI ranks (rank-dependent variables "
               "or input?); every rank must give the same",
               command);
}

/* ----------------------------------------------------------------------
   pair_style hdnnp_java <model> keywords...: parsed only; the JVM and the model come in init_style()
------------------------------------------------------------------------- */

void PairHdnnpJava::settings(int narg, char **arg)
{
  same_on_all_ranks("pair_style", narg, arg);
  if (narg < 1) error->all(FLERR, "Illegal pair_style command: expected {}", USAGE);
  free_model();
  // standalone: hdnnp_java checks pair_coeff itself (its own messages); under hybrid, hybrid does
  one_coeff = force->pair == this ? 0 : 1;

  model_paths.clear();
  int iarg = 0;
  while (iarg < narg && !is_keyword(arg[iarg])) model_paths.emplace_back(arg[iarg++]);
  if (model_paths.empty()) error->all(FLERR, "Illegal pair_style command: no model file before '{}'; expected {}", arg[0], USAGE);
  model_path = join(model_paths);
  threads = 1;
  devi_every = 0;
  devi_file.clear();
  if (devi_fp) fclose(devi_fp);
  devi_fp = nullptr;
  devi_written_step = -1;
  showew = true;
  resetew = false;
  showewsum = 0;
  maxew = 0;
  cflength = cfenergy = 1.0;
  have_unit_factors = false;
  bool have_cflength = false, have_cfenergy = false;
  model_length_unit.clear();
  model_energy_unit.clear();
  jvm_options.clear();
  jar_path.clear();

  while (iarg < narg) {
    std::string key = arg[iarg];
    int nval = key == "modelunits" ? 2 : 1;
    if (iarg + nval >= narg)
      error->all(FLERR, "pair_style hdnnp_java: keyword '{}' needs {}", key,
                 nval == 2 ? "two values" : "a value");
    const char *v = arg[iarg + 1];
    if (key == "threads") {
      threads = utils::inumeric(FLERR, v, false, lmp);
      if (threads < 1 || threads > HDNNP_MAX_THREADS)
        error->all(FLERR, "pair_style hdnnp_java: threads must be between 1 and {}, got {}",
                   HDNNP_MAX_THREADS, threads);
    } else if (key == "showew") {
      showew = yes_no(FLERR, v, lmp);
    } else if (key == "resetew") {
      resetew = yes_no(FLERR, v, lmp);
    } else if (key == "showewsum") {
      showewsum = utils::bnumeric(FLERR, v, false, lmp);
      if (showewsum < 0) error->all(FLERR, "pair_style hdnnp_java: showewsum must be >= 0, got {}", v);
    } else if (key == "maxew") {
      maxew = utils::bnumeric(FLERR, v, false, lmp);
      if (maxew < 0) error->all(FLERR, "pair_style hdnnp_java: maxew must be >= 0 (0: no limit), got {}", v);
    } else if (key == "cflength" || key == "cfenergy") {
      double x = utils::numeric(FLERR, v, false, lmp);
      if (!(x > 0.0) || !std::isfinite(x))
        error->all(FLERR, "pair_style hdnnp_java: {} must be a finite number > 0, got {}", key, v);
      if (key == "cflength") {
        cflength = x;
        have_cflength = true;
      } else {
        cfenergy = x;
        have_cfenergy = true;
      }
    } else if (key == "jvm") {
      jvm_options = v;
    } else if (key == "jar") {
      jar_path = v;
    } else if (key == "devi_every") {
      devi_every = utils::bnumeric(FLERR, v, false, lmp);
      if (devi_every < 1) error->all(FLERR, "pair_style hdnnp_java: devi_every must be >= 1, got {}", v);
    } else if (key == "devi_file") {
      devi_file = v;
    } else if (key == "modelunits") {
      model_length_unit = arg[iarg + 1];
      model_energy_unit = arg[iarg + 2];
    } else {
      error->all(FLERR, "pair_style hdnnp_java: unknown keyword '{}'; expected {}", key, USAGE);
    }
    iarg += 1 + nval;
  }
  // one factor without the other would leave the other at 1, silently (e.g. hartree read as eV)
  if (have_cflength != have_cfenergy)
    error->all(FLERR,
               "pair_style hdnnp_java: {} given without {}: give both (model length = LAMMPS length * "
               "cflength, model energy = LAMMPS energy * cfenergy) or neither (automatic for units "
               "metal, real, electron)",
               have_cflength ? "cflength" : "cfenergy", have_cflength ? "cfenergy" : "cflength");
  have_unit_factors = have_cflength;
  if ((devi_every > 0) != !devi_file.empty())
    error->all(FLERR, "pair_style hdnnp_java: give devi_every N and devi_file FILE together (got only {})",
               devi_every > 0 ? "devi_every" : "devi_file");
}

/* ----------------------------------------------------------------------
   pair_coeff * * El1 El2 ... (one per atom type; NULL = not handled, only under hybrid)
------------------------------------------------------------------------- */

void PairHdnnpJava::coeff(int narg, char **arg)
{
  same_on_all_ranks("pair_coeff", narg, arg);
  int ntypes = atom->ntypes;
  std::string example = "pair_coeff * *";
  for (int t = 1; t <= ntypes; t++) example += fmt::format(" El{}", t);
  if (narg < 2 || strcmp(arg[0], "*") != 0 || strcmp(arg[1], "*") != 0)
    error->all(FLERR,
               "pair_coeff for hdnnp_java: expected '{}' (one element symbol of the model per atom "
               "type, all types in one line), got 'pair_coeff {}{}'",
               example, narg > 0 ? arg[0] : "", narg > 1 ? fmt::format(" {} ...", arg[1]) : "");
  if (narg != 2 + ntypes)
    error->all(FLERR,
               "pair_coeff for hdnnp_java: expected '{}': {} element symbol(s), one per atom type, "
               "got {}",
               example, ntypes, narg - 2);
  bool hybrid = force->pair != this;
  for (int t = 1; t <= ntypes; t++)
    if (strcmp(arg[1 + t], "NULL") == 0 && !hybrid)
      error->all(FLERR,
                 "pair_coeff for hdnnp_java: NULL (type {}) means 'not handled by hdnnp_java', which "
                 "needs pair_style hybrid/overlay or hybrid with another style for that type; "
                 "without hybrid, give an element of the model for every type",
                 t);

  if (!allocated) allocate();
  type_symbols.assign(ntypes + 1, "NULL");
  for (int t = 1; t <= ntypes; t++) type_symbols[t] = arg[1 + t];
  int count = 0;
  for (int i = 1; i <= ntypes; i++)
    for (int j = i; j <= ntypes; j++) {
      setflag[i][j] = (type_symbols[i] != "NULL" && type_symbols[j] != "NULL") ? 1 : 0;
      count += setflag[i][j];
    }
  if (count == 0) error->all(FLERR, "pair_coeff for hdnnp_java: every type is NULL");
  type_to_element.clear();    // mapped to the model's elements in init_style()
}

/* ----------------------------------------------------------------------
   init_style(): the JVM (once per process), the model (once per pair_style line), the type map
   and the units. Everything here can differ between ranks (files, memory): all_or_one().
------------------------------------------------------------------------- */

void PairHdnnpJava::start_runtime()
{
  if (hdnnp_runtime_ready()) {
    if (comm->me == 0) {
      utils::logmesg(lmp, "hdnnp_java: JVM already running (class path {})\n", hdnnp_runtime_class_path());
      if (!jvm_options.empty() || !jar_path.empty())
        error->warning(FLERR, "pair_style hdnnp_java: the JVM is already running; jvm/jar keywords are ignored");
    }
    return;
  }
  double t0 = MPI_Wtime();
  hdnnp_runtime_options ro = HDNNP_RUNTIME_OPTIONS_INIT;
  ro.class_path = jar_path.empty() ? nullptr : jar_path.c_str();
  ro.jvm_options = jvm_options.empty() ? nullptr : jvm_options.c_str();
  all_or_one(hdnnp_runtime_init(&ro), "pair_style hdnnp_java: cannot start the Java runtime");
  if (comm->me == 0)
    utils::logmesg(lmp, "hdnnp_java: JVM started in {:.3f} s (class path {})\n", MPI_Wtime() - t0,
                   hdnnp_runtime_class_path());
}

void PairHdnnpJava::load_model()
{
  double t0 = MPI_Wtime();
  hdnnp_model_options mo = HDNNP_MODEL_OPTIONS_INIT;
  mo.threads = threads;
  mo.length_unit = model_length_unit.empty() ? nullptr : model_length_unit.c_str();
  mo.energy_unit = model_energy_unit.empty() ? nullptr : model_energy_unit.c_str();
  hdnnp_model *m = nullptr;
  int st;
  if (model_paths.size() > 1) {
    std::vector<const char *> paths;
    for (const auto &p : model_paths) paths.push_back(p.c_str());
    st = hdnnp_committee_load((int32_t) paths.size(), paths.data(), &mo, &m);
  } else {
    st = hdnnp_model_load(model_path.c_str(), &mo, &m);
  }
  all_or_one(st, fmt::format("pair_style hdnnp_java: cannot load model '{}'", model_path));
  model = m;

  hdnnp_model_info info;
  memset(&info, 0, sizeof info);
  info.struct_size = sizeof info;
  all_or_one(hdnnp_model_info_get(model, &info), "pair_style hdnnp_java: model info");
  members = info.members;
  comm_reverse = members > 1 ? 3 * members : 0;
  elements.clear();
  for (int k = 0; k < info.num_elements && k < HDNNP_MAX_ELEMENTS; k++) elements.emplace_back(info.elements[k]);
  if (comm->me == 0)
    utils::logmesg(lmp,
                   "hdnnp_java: model {}{}: elements {}, cutoff {} {}, units {}/{}, {} thread(s), "
                   "loaded in {:.3f} s\n",
                   model_path, members > 1 ? fmt::format(" (committee of {})", members) : "", join(elements), info.cutoff, info.length_unit, info.length_unit,
                   info.energy_unit, threads, MPI_Wtime() - t0);
}

void PairHdnnpJava::map_elements()
{
  int ntypes = atom->ntypes;
  std::string message;
  type_to_element.assign(ntypes + 1, -1);
  for (int t = 1; t <= ntypes && message.empty(); t++) {
    if (type_symbols[t] == "NULL") continue;
    int e = hdnnp_model_element_index(model, type_symbols[t].c_str());
    if (e < 0)
      message = fmt::format("pair_coeff for hdnnp_java: element '{}' (type {}) is not in the model {}; its "
                          "elements are: {}",
                          type_symbols[t], t, model_path, join(elements));
    type_to_element[t] = e;
  }
  all_or_one(message);
}

void PairHdnnpJava::setup_units()
{
  int st;
  std::string what;
  if (have_unit_factors) {
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
      error->all(FLERR,
                 "pair_style hdnnp_java: LAMMPS units '{}' are not converted automatically (metal, "
                 "real and electron are): give cflength and cfenergy (model length = LAMMPS length * "
                 "cflength, model energy = LAMMPS energy * cfenergy)",
                 style);
    }
    st = hdnnp_model_set_caller_units(model, len, en);
    what = "pair_style hdnnp_java: units " + style;
  }
  all_or_one(st, what);
  hdnnp_model_info info;
  memset(&info, 0, sizeof info);
  info.struct_size = sizeof info;
  all_or_one(hdnnp_model_info_get(model, &info), "pair_style hdnnp_java: model info");
  cutoff = info.cutoff_caller;
}

void PairHdnnpJava::init_style()
{
  if ((int) type_symbols.size() != atom->ntypes + 1)
    error->all(FLERR,
               "pair_style hdnnp_java: pair_coeff * * <one element per type> is missing, or the "
               "number of atom types changed since");
  if (force->newton_pair == 0)
    error->all(FLERR,
               "pair_style hdnnp_java requires newton pair on (forces on ghost atoms are "
               "reverse-communicated to their owners)");
  if (!model) {    // first run after a pair_style line
    start_runtime();
    load_model();
  }
  map_elements();
  setup_units();
  if (devi_every > 0 && members < 2)
    error->all(FLERR, "pair_style hdnnp_java: devi_every/devi_file need a committee (several model files)");
  if (devi_every > 0 && comm->me == 0 && !devi_fp) {
    devi_fp = fopen(devi_file.c_str(), "w");
    if (!devi_fp) error->one(FLERR, "pair_style hdnnp_java: cannot open devi_file '{}': {}", devi_file, strerror(errno));
    fprintf(devi_fp, "#%11s%19s%19s%19s%19s%19s%19s\n", "step", "max_devi_v", "min_devi_v", "avg_devi_v",
            "max_devi_f", "min_devi_f", "avg_devi_f");
    fflush(devi_fp);
  }

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
  if (!model) error->one(FLERR, "pair_style hdnnp_java: no model loaded (init_style did not run)");

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

  if (members > 1) {
    compute_committee(rq, rs);
  } else {
    int st = hdnnp_compute(model, &rq, &rs);
    if (st != HDNNP_OK)
    // rank-local (this rank's atoms): error->one ends the job from here
      error->one(FLERR, "pair_style hdnnp_java: step {}: {} [{}]", update->ntimestep, hdnnp_last_error(),
                 hdnnp_status_name(st));
  }

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
    if (showew && all > 0) {
      if (comm->me == 0)
        utils::logmesg(lmp, "### NNP EXTRAPOLATION WARNING ### STEP " + std::to_string(step) + ": " +
                                std::to_string(all) + " extrapolation warning(s) (all ranks)\n");
      report_extrapolation(step, all);
    }
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

/* ----------------------------------------------------------------------
   one line per recorded warning, gathered on rank 0 and sorted by atom ID: the atom's global ID
   (tag) and element, the symmetry function (1-based, as `hdnnp info` lists them), its value and
   by how much it lies outside the training range. Collective (every rank calls it).
------------------------------------------------------------------------- */

void PairHdnnpJava::report_extrapolation(bigint step, bigint all)
{
  constexpr int W = 7;              // tag, element, function, value, min, max, member
  constexpr int MAX_LINES = 32;     // per step, all ranks together
  hdnnp_extrapolation rec[HDNNP_MAX_RECORDED_WARNINGS];
  int32_t recorded = 0;
  if (hdnnp_extrapolation_details(model, HDNNP_MAX_RECORDED_WARNINGS, rec, &recorded) != HDNNP_OK) recorded = 0;
  int mine = std::min<int>(recorded, HDNNP_MAX_RECORDED_WARNINGS);
  std::vector<double> send(static_cast<size_t>(W) * mine);
  for (int k = 0; k < mine; k++) {
    const hdnnp_extrapolation &e = rec[k];
    send[W * k] = (e.atom >= 0 && e.atom < atom->nlocal + atom->nghost) ? (double) atom->tag[e.atom] : -1.0;
    send[W * k + 1] = e.element;
    send[W * k + 2] = e.function;
    send[W * k + 3] = e.value;
    send[W * k + 4] = e.min;
    send[W * k + 5] = e.max;
    send[W * k + 6] = e.member;
  }
  int nprocs = comm->nprocs, me = comm->me;
  std::vector<int> counts(me == 0 ? nprocs : 0), displs(me == 0 ? nprocs : 0);
  int nsend = W * mine;
  MPI_Gather(&nsend, 1, MPI_INT, counts.data(), 1, MPI_INT, 0, world);
  int total = 0;
  if (me == 0)
    for (int r = 0; r < nprocs; r++) {
      displs[r] = total;
      total += counts[r];
    }
  std::vector<double> recv(me == 0 ? std::max(total, 1) : 1);
  MPI_Gatherv(send.data(), nsend, MPI_DOUBLE, recv.data(), counts.data(), displs.data(), MPI_DOUBLE, 0, world);
  if (me != 0) return;
  int n = total / W;
  std::vector<int> order(n);
  for (int k = 0; k < n; k++) order[k] = k;
  std::sort(order.begin(), order.end(), [&](int a, int b) {
    if (recv[W * a] != recv[W * b]) return recv[W * a] < recv[W * b];
    return recv[W * a + 2] < recv[W * b + 2];
  });
  std::string out;
  for (int q = 0; q < n && q < MAX_LINES; q++) {
    const double *r = &recv[W * order[q]];
    int e = (int) r[1];
    double value = r[3], lo = r[4], hi = r[5];
    bool above = value > hi;
    double by = above ? value - hi : lo - value;
    out += fmt::format("### NNP EXTRAPOLATION WARNING ### STEP {}: atom ID {} ({}) symmetry function {}: {:.6e} {} "
                       "the training range{} [{:.6e}, {:.6e}] by {:.3e} ({:.3g} % of the range)\n",
                       step, (bigint) r[0], e >= 0 && e < (int) elements.size() ? elements[e] : "?", (int) r[2] + 1,
                       value, above ? "above" : "below", members > 1 ? fmt::format(" of member {}", (int) r[6] + 1) : "",
                       lo, hi, by, hi > lo ? 100.0 * by / (hi - lo) : 0.0);
  }
  if (all > std::min(n, MAX_LINES))
    out += fmt::format("### NNP EXTRAPOLATION WARNING ### STEP {}: {} more not shown ({} listed; details of at most {} per "
                       "rank are kept)\n", step, all - std::min(n, MAX_LINES), std::min(n, MAX_LINES), HDNNP_MAX_RECORDED_WARNINGS);
  utils::logmesg(lmp, out);
}

/* ----------------------------------------------------------------------
   committee: the means go into LAMMPS's arrays as for one model; each member's forces (ghosts
   included) are reverse-communicated, then the per-atom disagreement of owned atoms is complete
------------------------------------------------------------------------- */

void PairHdnnpJava::compute_committee(hdnnp_request &rq, hdnnp_result &rs)
{
  if (vflag_atom)
    error->all(FLERR, "pair_style hdnnp_java: per-atom virials (compute stress/atom) are not available for a committee");
  int nlocal = atom->nlocal;
  int nall = nlocal + atom->nghost;
  if (atom->nmax > nmax_committee) {
    nmax_committee = atom->nmax;
    memory->destroy(member_f);
    memory->destroy(eatom_devi);
    memory->destroy(devi_f_atom);
    memory->destroy(devi_e_atom);
    memory->create(member_f, (bigint) members * nmax_committee * 3, "pair:member_f");
    memory->create(eatom_devi, nmax_committee, "pair:eatom_devi");
    memory->create(devi_f_atom, nmax_committee, "pair:devi_f_atom");
    memory->create(devi_e_atom, nmax_committee, "pair:devi_e_atom");
  }
  member_energy.assign(members, 0.0);
  member_virial.assign(6 * members, 0.0);
  member_stride = nall;

  hdnnp_committee_result cr;
  memset(&cr, 0, sizeof cr);
  cr.struct_size = sizeof cr;
  cr.members = members;
  cr.member_energy = member_energy.data();
  cr.member_virial = member_virial.data();
  cr.member_f = member_f;
  cr.eatom_devi = eatom_devi;
  int st = hdnnp_committee_compute(model, &rq, &rs, &cr);
  if (st != HDNNP_OK)
    error->one(FLERR, "pair_style hdnnp_java: step {}: {} [{}]", update->ntimestep, hdnnp_last_error(),
               hdnnp_status_name(st));

#if LAMMPS_VERSION_NUMBER >= 20220324
  comm->reverse_comm(this);
#else
  comm->reverse_comm_pair(this);
#endif

  double local_max = 0.0;
  const double inv = 1.0 / members;
  for (int i = 0; i < nlocal; i++) {
    double mean[3] = {0.0, 0.0, 0.0};
    for (int m = 0; m < members; m++)
      for (int d = 0; d < 3; d++) mean[d] += member_f[((bigint) m * nall + i) * 3 + d];
    for (int d = 0; d < 3; d++) mean[d] *= inv;
    double s = 0.0;
    for (int m = 0; m < members; m++)
      for (int d = 0; d < 3; d++) {
        double x = member_f[((bigint) m * nall + i) * 3 + d] - mean[d];
        s += x * x;
      }
    devi_f_atom[i] = sqrt(s * inv);
    devi_e_atom[i] = eatom_devi[i];
    if (devi_f_atom[i] > local_max) local_max = devi_f_atom[i];
  }
  MPI_Allreduce(&local_max, &devi_f_max, 1, MPI_DOUBLE, MPI_MAX, world);
  devi_step = update->ntimestep;
  if (devi_every > 0 && devi_step % devi_every == 0 && devi_step != devi_written_step) write_devi();
}

int PairHdnnpJava::pack_reverse_comm(int n, int first, double *buf)
{
  int k = 0;
  for (int i = first; i < first + n; i++)
    for (int m = 0; m < members; m++)
      for (int d = 0; d < 3; d++) buf[k++] = member_f[((bigint) m * member_stride + i) * 3 + d];
  return k;
}

void PairHdnnpJava::unpack_reverse_comm(int n, int *list, double *buf)
{
  int k = 0;
  for (int q = 0; q < n; q++) {
    int j = list[q];
    for (int m = 0; m < members; m++)
      for (int d = 0; d < 3; d++) member_f[((bigint) m * member_stride + j) * 3 + d] += buf[k++];
  }
}

/* ----------------------------------------------------------------------
   one line of DeePMD-kit's model_devi.out: step, then {max, min, avg} over the nine virial
   components of the members' standard deviation / natoms (avg: root mean square), then {max, min,
   avg} over atoms of the per-atom force disagreement
------------------------------------------------------------------------- */

void PairHdnnpJava::write_devi()
{
  int nlocal = atom->nlocal;
  double mine[2] = {1e300, 0.0}, all[2];
  for (int i = 0; i < nlocal; i++) {
    if (devi_f_atom[i] < mine[0]) mine[0] = devi_f_atom[i];
    mine[1] += devi_f_atom[i];
  }
  MPI_Allreduce(&mine[0], &all[0], 1, MPI_DOUBLE, MPI_MIN, world);
  MPI_Allreduce(&mine[1], &all[1], 1, MPI_DOUBLE, MPI_SUM, world);
  std::vector<double> v(6 * members);
  MPI_Allreduce(member_virial.data(), v.data(), 6 * members, MPI_DOUBLE, MPI_SUM, world);
  devi_written_step = devi_step;
  if (comm->me != 0 || !devi_fp) return;
  double natoms = (double) atom->natoms;
  double vmax = 0.0, vmin = 1e300, sum2 = 0.0;
  for (int c = 0; c < 6; c++) {
    double mean = 0.0, s = 0.0;
    for (int m = 0; m < members; m++) mean += v[6 * m + c];
    mean /= members;
    for (int m = 0; m < members; m++) s += (v[6 * m + c] - mean) * (v[6 * m + c] - mean);
    double sigma = sqrt(s / members) / natoms;
    vmax = std::max(vmax, sigma);
    vmin = std::min(vmin, sigma);
    sum2 += (c < 3 ? 1.0 : 2.0) * sigma * sigma;    // off-diagonal components appear twice in 3x3
  }
  fprintf(devi_fp, "%12ld %18.6e %18.6e %18.6e %18.6e %18.6e %18.6e\n", (long) devi_step, vmax, vmin,
          sqrt(sum2 / 9.0), devi_f_max, all[0], all[1] / natoms);
  fflush(devi_fp);
}
