// Which loaded module (the executable or a shared library) holds an address; for reports only
// (it walks the loader's list, which takes the loader's lock).
#ifndef CGOSAN_MODULES_H
#define CGOSAN_MODULES_H

#include <stdint.h>

namespace cgosan {

struct ModuleInfo {
  uintptr_t offset;     // addr minus the module's load bias: what a symbolizer expects
  bool main_executable; // the program itself (the loader gives it no name)
  char path[512];
};

// False when no loaded segment holds addr.
bool FindModuleOf(uintptr_t addr, ModuleInfo *out);

} // namespace cgosan

#endif
