// Formats and prints violation reports. Cold path: it may take a spin lock and walk the loaded
// modules, but still allocates nothing.
#include "report.h"

#include "flags.h"
#include "heap_blocks.h"
#include "modules.h"
#include "output.h"

#include <string.h>
#include <unistd.h>

namespace cgosan {

namespace {

unsigned report_count;
int print_lock;

// (rule, site) pairs already printed: identical reports are printed once and counted.
constexpr unsigned kSeenSlots = 4096;
struct Seen {
  const void *site;
  const char *rule;
  unsigned count;
};
Seen seen[kSeenSlots];

// True the first time (rule, site) is seen.
bool FirstTime(const char *rule, const void *site) {
  uintptr_t h = ((uintptr_t)site ^ (uintptr_t)rule) * 0x9E3779B97F4A7C15ull;
  for (unsigned i = 0; i < kSeenSlots; i++) {
    Seen &s = seen[(h + i) & (kSeenSlots - 1)];
    const void *cur = __atomic_load_n(&s.site, __ATOMIC_ACQUIRE);
    if (cur == nullptr) {
      if (__atomic_compare_exchange_n(&s.site, &cur, site, false, __ATOMIC_ACQ_REL,
                                      __ATOMIC_ACQUIRE)) {
        __atomic_store_n(&s.rule, rule, __ATOMIC_RELEASE);
        __atomic_fetch_add(&s.count, 1, __ATOMIC_RELAXED);
        return true;
      }
    }
    if (cur == site && __atomic_load_n(&s.rule, __ATOMIC_ACQUIRE) == rule) {
      __atomic_fetch_add(&s.count, 1, __ATOMIC_RELAXED);
      return false;
    }
  }
  return true; // table full: print rather than drop
}

void Lock() {
  while (__atomic_exchange_n(&print_lock, 1, __ATOMIC_ACQUIRE))
    usleep(100);
}
void Unlock() { __atomic_store_n(&print_lock, 0, __ATOMIC_RELEASE); }

const char *FileOf(const cgosan_site *s) {
  return s && s->file && s->file[0] ? s->file : "<unknown>";
}
const char *FunctionOf(const cgosan_site *s) {
  return s && s->function && s->function[0] ? s->function : "<unknown>";
}

// "C global 'saved'", "heap block of 16 bytes allocated at f.c:3:9 in mk", ...
void DescribeCLocation(Writer &w, uintptr_t addr, const cgosan_site *store) {
  if (store && store->object) {
    w.Printf("%s '%s' (0x%lx)",
             (store->flags & CGOSAN_SITE_TLS) ? "C thread-local variable" : "C global",
             store->object, (unsigned long)addr);
    return;
  }
  HeapBlock b;
  if (FindHeapBlock(addr, &b)) {
    w.Printf("heap block of %lu bytes at 0x%lx (offset %lu), allocated at %s:%u:%u in %s",
             (unsigned long)b.size, (unsigned long)b.start, (unsigned long)(addr - b.start),
             FileOf(b.site), b.site ? b.site->line : 0, b.site ? b.site->column : 0,
             FunctionOf(b.site));
    return;
  }
  ModuleInfo module;
  if (FindModuleOf(addr, &module)) {
    w.Printf("C static memory of %s (0x%lx)",
             module.main_executable ? "the executable" : module.path, (unsigned long)addr);
    return;
  }
  w.Printf("C memory at 0x%lx (heap block allocated outside instrumented code, or thread-local)",
           (unsigned long)addr);
}

void PrintSummary(Writer &w, const char *rule, const cgosan_site *site) {
  w.Printf("SUMMARY: cgosan: %s %s:%u in %s\n", rule, FileOf(site), site ? site->line : 0,
           FunctionOf(site));
}

void Finish(Writer &w) {
  w.Flush();
  Unlock();
  if (flags.halt_on_error)
    _exit(flags.exitcode);
}

} // namespace

unsigned ReportCount() { return __atomic_load_n(&report_count, __ATOMIC_RELAXED); }

void ReportRetainedPointer(const RetainedPointer &r) {
  if (!FirstTime(kRetainedGoPointer, r.store_site))
    return;
  __atomic_fetch_add(&report_count, 1, __ATOMIC_RELAXED);
  const cgosan_site *s = r.store_site;
  const char *cname = r.call && r.call->name ? r.call->name : "?";
  Lock();
  Writer w(ReportFd());
  int pid = getpid();
  w.Printf("==%d==ERROR: cgosan: %s: C kept Go pointer 0x%lx after C.%s returned\n", pid,
           kRetainedGoPointer, (unsigned long)r.go_pointer, cname);
  w.Printf("  stored at %s:%u:%u in %s\n", FileOf(s), s ? s->line : 0, s ? s->column : 0,
           FunctionOf(s));
  unsigned next = 0;
  if (r.stack && r.stack->size)
    next = PrintStack(w, *r.stack, 0, s);
  else
    w.Printf("    #%u %s %s:%u:%u\n", next++, FunctionOf(s), FileOf(s), s ? s->line : 0,
             s ? s->column : 0);
  w.Printf("    #%u C.%s (cgo call from Go, %s)\n", next, cname,
           r.call && r.call->wrapper ? r.call->wrapper : "?");
  w.Printf("  kept in ");
  DescribeCLocation(w, r.kept_at, s);
  w.Printf("\n");
  if (r.lent_argument >= 0)
    w.Printf("  Go pointer 0x%lx (Go memory) was lent to C.%s as argument %d\n",
             (unsigned long)r.go_pointer, cname, r.lent_argument + 1);
  else
    w.Printf("  Go pointer 0x%lx (Go memory) reached C during C.%s\n", (unsigned long)r.go_pointer,
             cname);
  w.Printf(
      "  Go memory lent to C is pinned only until the call returns; after that Go may move or\n"
      "  free it. Copy the data into C memory, pass a cgo.Handle, or pin it with\n"
      "  runtime.Pinner (see docs/rules/%s.md).\n",
      kRetainedGoPointer);
  PrintSummary(w, kRetainedGoPointer, s);
  Finish(w);
}

} // namespace cgosan
