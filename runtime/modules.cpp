// Module lookup by address over dl_iterate_phdr (see modules.h).
#include "modules.h"

#include <link.h>
#include <string.h>
#include <unistd.h>

namespace cgosan {

namespace {
struct Query {
  uintptr_t addr;
  ModuleInfo *out;
};

int Visit(struct dl_phdr_info *info, size_t, void *data) {
  Query *q = (Query *)data;
  for (int i = 0; i < info->dlpi_phnum; i++) {
    const ElfW(Phdr) &ph = info->dlpi_phdr[i];
    uintptr_t lo = info->dlpi_addr + ph.p_vaddr;
    if (ph.p_type != PT_LOAD || q->addr < lo || q->addr >= lo + ph.p_memsz)
      continue;
    ModuleInfo *m = q->out;
    m->offset = q->addr - info->dlpi_addr;
    m->main_executable = !info->dlpi_name || !info->dlpi_name[0];
    if (m->main_executable) {
      ssize_t n = readlink("/proc/self/exe", m->path, sizeof(m->path) - 1);
      m->path[n > 0 ? n : 0] = 0;
    } else {
      strncpy(m->path, info->dlpi_name, sizeof(m->path) - 1);
      m->path[sizeof(m->path) - 1] = 0;
    }
    return 1;
  }
  return 0;
}
} // namespace

bool FindModuleOf(uintptr_t addr, ModuleInfo *out) {
  Query q = {addr, out};
  return dl_iterate_phdr(Visit, &q) != 0;
}

} // namespace cgosan
