// Which loaded module (the executable or a shared library) holds an address, and where modules
// keep their writable data (C globals and statics). Both walk the loader's list
// (dl_iterate_phdr), which takes the loader's lock but makes no system call.
#ifndef CGOSAN_MODULES_H
#define CGOSAN_MODULES_H

#include <stdint.h>

namespace cgosan {

struct ModuleInfo {
  uintptr_t offset;     // addr minus the module's load bias: what a symbolizer expects
  bool main_executable; // the program itself (the loader gives it no name)
  char path[512];
};

// False when no loaded segment holds addr. For reports.
bool FindModuleOf(uintptr_t addr, ModuleInfo *out);

// How many modules have been unloaded so far (the loader's dlpi_subs).
uint64_t ModulesUnloaded();
// True if a lies in a writable segment of a loaded module: memory that stays mapped until that
// module is unloaded, so that while ModulesUnloaded() still returns *unloaded it can be read
// directly.
bool InModuleData(uintptr_t a, uint64_t *unloaded);

} // namespace cgosan

#endif
