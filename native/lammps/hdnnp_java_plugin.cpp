/* LAMMPS plugin entry (LAMMPS with the PLUGIN package; built only with -DLAMMPS_SOURCE_DIR=...,
   because a plugin must be compiled against the exact LAMMPS version that loads it):
     plugin load hdnnp_java_plugin.so
     pair_style hdnnp_java model.hdnnp ...
     compute devi all hdnnp/java/devi            (with a committee) */
#include "lammpsplugin.h"
#include "version.h"

#include "compute_hdnnp_java_devi.h"
#include "pair_hdnnp_java.h"

using namespace LAMMPS_NS;

static void *hdnnp_java_creator(void *lmp)
{
  return (void *) PairHdnnpJava::creator((LAMMPS *) lmp);
}

static void *hdnnp_java_devi_creator(void *lmp, int argc, char **argv)
{
  return (void *) ComputeHdnnpJavaDevi::creator((LAMMPS *) lmp, argc, argv);
}

extern "C" void lammpsplugin_init(void *lmp, void *handle, void *regfunc)
{
  lammpsplugin_t plugin;
  lammpsplugin_regfunc register_plugin = (lammpsplugin_regfunc) regfunc;
  plugin.version = LAMMPS_VERSION;
  plugin.style = "pair";
  plugin.name = "hdnnp_java";
  plugin.info = "HDNNP pair style evaluated by the hdnnp-java core (embedded JVM)";
  plugin.author = "hdnnp-java developers";
  plugin.creator.v1 = (lammpsplugin_factory1 *) &hdnnp_java_creator;
  plugin.handle = handle;
  (*register_plugin)(&plugin, lmp);

  plugin.style = "compute";
  plugin.name = "hdnnp/java/devi";
  plugin.info = "committee disagreement of pair_style hdnnp_java (per atom and largest)";
  plugin.creator.v2 = (lammpsplugin_factory2 *) &hdnnp_java_devi_creator;
  (*register_plugin)(&plugin, lmp);
}
