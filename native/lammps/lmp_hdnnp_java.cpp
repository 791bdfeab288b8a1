/* lmp_hdnnp_java: LAMMPS (the installed liblammps) with pair_style hdnnp_java registered.
   Same command line as lmp (-in, -var, -log, -screen, -sf, ...); reads the input from -in FILE
   or standard input; runs under mpirun. The registration inserts creators into
   lmp->force->pair_map and lmp->modify->compute_map (compute hdnnp/java/devi), which is what
   LAMMPS's own plugin loader does; it is repeated after every
   `clear` (see LAMMPS::post_create below). */
#include "force.h"
#include "input.h"
#include "lammps.h"
#include "modify.h"

#include "hdnnp_java.h"
#include "compute_hdnnp_java_devi.h"
#include "pair_hdnnp_java.h"

#include <dlfcn.h>
#include <mpi.h>

#include <cstdio>

using namespace LAMMPS_NS;

static void register_style(LAMMPS *lmp)
{
  (*lmp->force->pair_map)["hdnnp_java"] = &PairHdnnpJava::creator;
  (*lmp->modify->compute_map)["hdnnp/java/devi"] = &ComputeHdnnpJavaDevi::creator;
}

/* `clear` deletes lmp->force, and with it the style map that knows hdnnp_java, and creates a new
   one; liblammps then calls LAMMPS::post_create() (also at the end of its constructor). This
   definition in the executable takes precedence over liblammps's own (ELF symbol interposition: the
   executable exports it, see ENABLE_EXPORTS in CMakeLists.txt), registers the style in the new map
   and hands over to liblammps's post_create. */
void LAMMPS::post_create()
{
  using post_create_fn = void (*)(LAMMPS *);
  static post_create_fn next =
      reinterpret_cast<post_create_fn>(dlsym(RTLD_NEXT, "_ZN9LAMMPS_NS6LAMMPS11post_createEv"));
  if (!next) {
    fprintf(stderr, "lmp_hdnnp_java: LAMMPS::post_create not found in liblammps: %s\n", dlerror());
    MPI_Abort(MPI_COMM_WORLD, 1);
  }
  register_style(this);
  next(this);
}

int main(int argc, char **argv)
{
  MPI_Init(&argc, &argv);
  MPI_Comm world = MPI_COMM_WORLD;

  LAMMPS *lmp = new LAMMPS(argc, argv, world);
  register_style(lmp); // already done by post_create; kept should liblammps bind its calls locally
  lmp->input->file();
  delete lmp;

  // stops the evaluators' threads and the JVM (if a pair style started one)
  hdnnp_runtime_shutdown();
  MPI_Barrier(world);
  MPI_Finalize();
  return 0;
}
