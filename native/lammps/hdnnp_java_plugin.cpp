/* LAMMPS plugin entry (LAMMPS with the PLUGIN package; built only with -DLAMMPS_SOURCE_DIR=...,
   because a plugin must be compiled against the exact LAMMPS version that loads it):
     plugin load hdnnp_java_plugin.so
     pair_style hdnnp_java model.hdnnp ... */
#include "lammpsplugin.h"
#include "version.h"

#include "pair_hdnnp_java.h"

using namespace LAMMPS_NS;

static void *hdnnp_java_creator(void *lmp)
{
  return (void *) PairHdnnpJava::creator((LAMMPS *) lmp);
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
}
