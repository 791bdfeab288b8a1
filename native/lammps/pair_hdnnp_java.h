/* -*- c++ -*- ----------------------------------------------------------
   pair_style hdnnp_java: high-dimensional neural network potentials evaluated by the hdnnp-java
   core (a JVM embedded through the C ABI of hdnnp_java.h).
------------------------------------------------------------------------- */

#ifdef PAIR_CLASS
// clang-format off
PairStyle(hdnnp_java,PairHdnnpJava);
// clang-format on
#else

#ifndef LMP_PAIR_HDNNP_JAVA_H
#define LMP_PAIR_HDNNP_JAVA_H

#include "pair.h"

#include <string>
#include <vector>

struct hdnnp_model;
struct hdnnp_request;
struct hdnnp_result;

namespace LAMMPS_NS {

class PairHdnnpJava : public Pair {
 public:
  PairHdnnpJava(class LAMMPS *);
  ~PairHdnnpJava() override;
  void compute(int, int) override;
  void settings(int, char **) override;
  void coeff(int, char **) override;
  void init_style() override;
  double init_one(int, int) override;
  int pack_reverse_comm(int, int, double *) override;
  void unpack_reverse_comm(int, int *, double *) override;

  static Pair *creator(class LAMMPS *lmp);

  // committee disagreement of the last evaluation, read by compute hdnnp/java/devi
  int members;               // 1: a single model
  double *devi_f_atom;       // per owned atom: force disagreement sqrt(mean_m |F_i^m - mean F_i|^2)
  double *devi_e_atom;       // per owned atom: standard deviation of the members' atomic energies
  double devi_f_max;         // largest devi_f_atom over all ranks
  bigint devi_step;          // step of the last evaluation (-1: none yet)

 private:
  // pair_style settings (parsed by settings())
  std::vector<std::string> model_paths;    // several: a committee
  std::string model_path, jvm_options, jar_path, model_length_unit, model_energy_unit;
  int threads;
  bool showew, resetew;
  bigint showewsum, maxew;
  double cflength, cfenergy;
  bool have_unit_factors;
  bigint devi_every;          // 0: no devi file
  std::string devi_file;
  FILE *devi_fp;
  bigint devi_written_step;

  // committee buffers (grown with atom->nmax)
  int nmax_committee;
  int member_stride;          // nall of the last evaluation: member_f[(m*stride + i)*3 + d]
  double *member_f;
  double *eatom_devi;
  std::vector<double> member_energy, member_virial;

  // pair_coeff: one symbol per atom type, "NULL" = not handled (parsed by coeff())
  std::vector<std::string> type_symbols;

  // the model (loaded by init_style())
  hdnnp_model *model;
  double cutoff;                    // model cutoff in LAMMPS length units
  std::vector<int> type_to_element; // indexed by type; -1: not handled
  std::vector<std::string> elements;

  bigint ew_counter;          // warnings counted for maxew (all ranks; reset per step with resetew)
  bigint ew_since_summary;    // warnings since the last summary (all ranks)
  bigint summary_step;        // step of the last summary

  void allocate();
  void compute_committee(::hdnnp_request &rq, ::hdnnp_result &rs);
  void report_extrapolation(bigint step, bigint all);
  void write_devi();
  void free_model();
  void start_runtime();
  void load_model();
  void map_elements();
  void setup_units();
  void same_on_all_ranks(const char *command, int narg, char **arg);
  void all_or_one(const std::string &message);
  void all_or_one(int status, const std::string &what);
};

}    // namespace LAMMPS_NS

#endif
#endif
