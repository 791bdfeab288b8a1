/* ----------------------------------------------------------------------
   compute ID group hdnnp/java/devi

   The disagreement of the committee of pair_style hdnnp_java (several model files) at its last
   evaluation:
     per-atom array, 2 columns: c_ID[1] force disagreement sqrt(mean_m |F_i^m - mean F_i|^2),
                                c_ID[2] energy disagreement (std of the members' atomic energies);
                                atoms outside the group get 0 (dump custom, compute reduce max)
     global scalar: the largest force disagreement over all atoms (thermo_style custom c_ID)
   The values are those of the pair style's last force computation, which LAMMPS runs every step
   before dumps and thermo output; asking for them before any run is an error.
------------------------------------------------------------------------- */

#include "compute_hdnnp_java_devi.h"

#include "atom.h"
#include "error.h"
#include "force.h"
#include "memory.h"
#include "pair.h"
#include "pair_hdnnp_java.h"
#include "update.h"

#include <cstring>

using namespace LAMMPS_NS;

Compute *ComputeHdnnpJavaDevi::creator(LAMMPS *lmp, int narg, char **arg)
{
  return new ComputeHdnnpJavaDevi(lmp, narg, arg);
}

ComputeHdnnpJavaDevi::ComputeHdnnpJavaDevi(LAMMPS *lmp, int narg, char **arg) :
    Compute(lmp, narg, arg), pair(nullptr), nmax(0), devi(nullptr)
{
  if (narg != 3) error->all(FLERR, "Illegal compute hdnnp/java/devi command: expected 'compute ID group hdnnp/java/devi'");
  scalar_flag = 1;
  extscalar = 0;
  peratom_flag = 1;
  size_peratom_cols = 2;
}

ComputeHdnnpJavaDevi::~ComputeHdnnpJavaDevi()
{
  memory->destroy(devi);
}

PairHdnnpJava *ComputeHdnnpJavaDevi::find_pair()
{
  Pair *p = force->pair_match("hdnnp_java", 1);
  if (!p) p = force->pair_match("hdnnp_java", 0);
  return dynamic_cast<PairHdnnpJava *>(p);
}

void ComputeHdnnpJavaDevi::init()
{
  pair = find_pair();
  if (!pair) error->all(FLERR, "compute hdnnp/java/devi needs pair_style hdnnp_java (exactly one instance)");
}

void ComputeHdnnpJavaDevi::check_current()
{
  if (!pair) pair = find_pair();
  if (!pair) error->all(FLERR, "compute hdnnp/java/devi needs pair_style hdnnp_java (exactly one instance)");
  if (pair->members < 2)
    error->all(FLERR, "compute hdnnp/java/devi needs a committee: pair_style hdnnp_java with several model files");
  if (pair->devi_step != update->ntimestep)
    error->all(FLERR, "compute hdnnp/java/devi: the pair style has not evaluated step {} (last: {})",
               update->ntimestep, pair->devi_step);
}

double ComputeHdnnpJavaDevi::compute_scalar()
{
  invoked_scalar = update->ntimestep;
  check_current();
  scalar = pair->devi_f_max;
  return scalar;
}

void ComputeHdnnpJavaDevi::compute_peratom()
{
  invoked_peratom = update->ntimestep;
  check_current();
  if (atom->nmax > nmax) {
    memory->destroy(devi);
    nmax = atom->nmax;
    memory->create(devi, nmax, 2, "hdnnp/java/devi:devi");
    array_atom = devi;
  }
  int nlocal = atom->nlocal;
  int *mask = atom->mask;
  for (int i = 0; i < nlocal; i++) {
    bool in = mask[i] & groupbit;
    devi[i][0] = in ? pair->devi_f_atom[i] : 0.0;
    devi[i][1] = in ? pair->devi_e_atom[i] : 0.0;
  }
}

double ComputeHdnnpJavaDevi::memory_usage()
{
  return 2.0 * nmax * sizeof(double);
}
