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

  static Pair *creator(class LAMMPS *lmp);

 private:
  // pair_style settings (parsed by settings())
  std::string model_path, jvm_options, jar_path, model_length_unit, model_energy_unit;
  int threads;
  bool showew, resetew;
  bigint showewsum, maxew;
  double cflength, cfenergy;
  bool have_unit_factors;

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
