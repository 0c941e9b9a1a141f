// Module lookups over dl_iterate_phdr (see modules.h).
#include "modules.h"

#include "spin_lock.h"

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

// The writable segments of the loaded modules, as of `adds` loads and `subs` unloads. Rebuilt
// when either changed; read and written under `lock` (record creation and judgement only).
constexpr unsigned kMaxSegments = 512;
struct Segments {
  uintptr_t lo[kMaxSegments], hi[kMaxSegments];
  unsigned n;
  uint64_t adds, subs;
  bool valid;
};
Segments segments;
SpinLock lock;

struct Counts {
  uint64_t adds, subs;
};

int ReadCounts(struct dl_phdr_info *info, size_t size, void *data) {
  Counts *c = (Counts *)data;
  if (size >= __builtin_offsetof(struct dl_phdr_info, dlpi_subs) + sizeof(info->dlpi_subs)) {
    c->adds = info->dlpi_adds;
    c->subs = info->dlpi_subs;
  }
  return 1; // the counters are the same in every entry: the first one will do
}

Counts CurrentCounts() {
  Counts c = {~0ull, ~0ull}; // an old loader without counters: never "unchanged"
  dl_iterate_phdr(ReadCounts, &c);
  return c;
}

int AddSegments(struct dl_phdr_info *info, size_t, void *) {
  for (int i = 0; i < info->dlpi_phnum && segments.n < kMaxSegments; i++) {
    const ElfW(Phdr) &ph = info->dlpi_phdr[i];
    if (ph.p_type != PT_LOAD || !(ph.p_flags & PF_W))
      continue;
    segments.lo[segments.n] = info->dlpi_addr + ph.p_vaddr;
    segments.hi[segments.n] = info->dlpi_addr + ph.p_vaddr + ph.p_memsz;
    segments.n++;
  }
  return 0;
}

} // namespace

bool FindModuleOf(uintptr_t addr, ModuleInfo *out) {
  Query q = {addr, out};
  return dl_iterate_phdr(Visit, &q) != 0;
}

uint64_t ModulesUnloaded() { return CurrentCounts().subs; }

bool InModuleData(uintptr_t a, uint64_t *unloaded) {
  Counts c = CurrentCounts();
  *unloaded = c.subs;
  if (c.subs == ~0ull)
    return false;
  SpinLockGuard guard(lock);
  if (!segments.valid || segments.adds != c.adds || segments.subs != c.subs) {
    segments.n = 0;
    dl_iterate_phdr(AddSegments, nullptr);
    segments.adds = c.adds;
    segments.subs = c.subs;
    segments.valid = true;
  }
  for (unsigned i = 0; i < segments.n; i++)
    if (a >= segments.lo[i] && a < segments.hi[i])
      return true;
  return false;
}

} // namespace cgosan
