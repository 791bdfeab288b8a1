/* lmp_hdnnp_java: LAMMPS (the installed liblammps) with pair_style hdnnp_java registered.
   Same command line as lmp (-in, -var, -log, -screen, -sf, ...); reads the input from -in FILE
   or standard input; runs under mpirun. The registration inserts creators into
   lmp->force->pair_map and lmp->modify->compute_map (compute hdnnp/java/devi), which is what
   LAMMPS's own plugin loader does. */
#include "force.h"
#include "input.h"
#include "lammps.h"
#include "modify.h"

#include "hdnnp_java.h"
#include "compute_hdnnp_java_devi.h"
#include "pair_hdnnp_java.h"

#include <mpi.h>

using namespace LAMMPS_NS;

int main(int argc, char **argv)
{
  MPI_Init(&argc, &argv);
  MPI_Comm world = MPI_COMM_WORLD;

  LAMMPS *lmp = new LAMMPS(argc, argv, world);
  (*lmp->force->pair_map)["hdnnp_java"] = &PairHdnnpJava::creator;
  (*lmp->modify->compute_map)["hdnnp/java/devi"] = &ComputeHdnnpJavaDevi::creator;
  lmp->input->file();
  delete lmp;

  // stops the evaluators' threads and the JVM (if a pair style started one)
  hdnnp_runtime_shutdown();
  MPI_Barrier(world);
  MPI_Finalize();
  return 0;
}
