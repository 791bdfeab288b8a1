/* -*- c++ -*- ----------------------------------------------------------
   compute ID group hdnnp/java/devi: the committee disagreement of pair_style hdnnp_java.
------------------------------------------------------------------------- */

#ifdef COMPUTE_CLASS
// clang-format off
ComputeStyle(hdnnp/java/devi,ComputeHdnnpJavaDevi);
// clang-format on
#else

#ifndef LMP_COMPUTE_HDNNP_JAVA_DEVI_H
#define LMP_COMPUTE_HDNNP_JAVA_DEVI_H

#include "compute.h"

namespace LAMMPS_NS {

class ComputeHdnnpJavaDevi : public Compute {
 public:
  ComputeHdnnpJavaDevi(class LAMMPS *, int, char **);
  ~ComputeHdnnpJavaDevi() override;
  void init() override;
  double compute_scalar() override;
  void compute_peratom() override;
  double memory_usage() override;

  static Compute *creator(class LAMMPS *lmp, int narg, char **arg);

 private:
  class PairHdnnpJava *pair;
  int nmax;
  double **devi;    // per atom: force disagreement, energy disagreement

  class PairHdnnpJava *find_pair();
  void check_current();
};

}    // namespace LAMMPS_NS

#endif
#endif
