/* plugin_host PLUGIN.so [lmp arguments]: loads a LAMMPS plugin into Debian's liblammps (which
   lacks the PLUGIN package) the way LAMMPS's `plugin load` does: dlopen, call lammpsplugin_init
   with a registration callback that, for a pair style, inserts the plugin's creator into
   force->pair_map after checking the LAMMPS version the plugin was compiled for. Then it runs the
   input like lmp. Used by plugin_build.sh to test hdnnp_java_plugin.so built from a source tree of
   the same LAMMPS version. */
#include "force.h"
#include "input.h"
#include "lammps.h"
#include "lammpsplugin.h"
#include "version.h"

#include <mpi.h>

#include <cstdio>
#include <cstring>
#include <dlfcn.h>

using namespace LAMMPS_NS;

static int registered = 0;

static void register_plugin(lammpsplugin_t *p, void *ptr)
{
  LAMMPS *lmp = (LAMMPS *) ptr;
  if (strcmp(p->version, LAMMPS_VERSION) != 0) {
    fprintf(stderr, "plugin_host: plugin %s was compiled for LAMMPS '%s', this is '%s'\n", p->name,
            p->version, LAMMPS_VERSION);
    return;
  }
  if (strcmp(p->style, "pair") != 0) {
    fprintf(stderr, "plugin_host: style '%s' of plugin %s not supported here\n", p->style, p->name);
    return;
  }
  (*lmp->force->pair_map)[p->name] = (Force::PairCreator) p->creator.v1;
  printf("plugin_host: registered pair style %s (%s)\n", p->name, p->info);
  registered++;
}

int main(int argc, char **argv)
{
  if (argc < 2) {
    fprintf(stderr, "usage: plugin_host PLUGIN.so [lmp arguments]\n");
    return 2;
  }
  MPI_Init(&argc, &argv);
  void *dso = dlopen(argv[1], RTLD_NOW | RTLD_GLOBAL);
  if (!dso) {
    fprintf(stderr, "plugin_host: %s\n", dlerror());
    MPI_Abort(MPI_COMM_WORLD, 1);
  }
  lammpsplugin_initfunc init = (lammpsplugin_initfunc) dlsym(dso, "lammpsplugin_init");
  if (!init) {
    fprintf(stderr, "plugin_host: %s has no lammpsplugin_init\n", argv[1]);
    MPI_Abort(MPI_COMM_WORLD, 1);
  }
  argv[1] = argv[0];    // LAMMPS sees: plugin_host [lmp arguments]
  LAMMPS *lmp = new LAMMPS(argc - 1, argv + 1, MPI_COMM_WORLD);
  (*init)((void *) lmp, dso, (void *) &register_plugin);
  if (registered != 1) {
    fprintf(stderr, "plugin_host: the plugin registered %d styles\n", registered);
    MPI_Abort(MPI_COMM_WORLD, 1);
  }
  lmp->input->file();
  delete lmp;
  MPI_Finalize();
  return 0;
}
