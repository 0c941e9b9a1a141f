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

// (rule, location) pairs already printed: identical reports are printed once and counted.
constexpr unsigned kSeenSlots = 4096;
struct Seen {
  uintptr_t key; // 0: free
  const char *rule;
  unsigned count;
};
Seen seen[kSeenSlots];

// A report's location: its source file and line (several accesses on one line are one finding).
uintptr_t LocationKey(const cgosan_site *s) {
  if (!s)
    return 1;
  uintptr_t k = ((uintptr_t)s->file * 0x100000001B3ull) ^ ((uintptr_t)s->function * 31) ^
                ((uintptr_t)s->line << 20);
  return k ? k : 1;
}

// True the first time (rule, location) is seen.
bool FirstTime(const char *rule, uintptr_t site) {
  uintptr_t h = (site ^ (uintptr_t)rule) * 0x9E3779B97F4A7C15ull;
  for (unsigned i = 0; i < kSeenSlots; i++) {
    Seen &s = seen[(h + i) & (kSeenSlots - 1)];
    uintptr_t cur = __atomic_load_n(&s.key, __ATOMIC_ACQUIRE);
    if (cur == 0) {
      if (__atomic_compare_exchange_n(&s.key, &cur, site, false, __ATOMIC_ACQ_REL,
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

// First report for (rule, key)? Then counts it and takes the print lock.
bool Begin(const char *rule, uintptr_t key) {
  if (!FirstTime(rule, key))
    return false;
  __atomic_fetch_add(&report_count, 1, __ATOMIC_RELAXED);
  Lock();
  return true;
}

void Finish(Writer &w) {
  w.Flush();
  Unlock();
  if (flags.halt_on_error)
    _exit(flags.exitcode);
}

const char *CallName(const cgosan_call *c) { return c && c->name ? c->name : "?"; }

// The C frames of a report, ending with the cgo call they run in (if any).
void PrintFrames(Writer &w, const StackTrace *stack, const cgosan_site *s,
                 const cgosan_call *call) {
  unsigned next = 0;
  if (stack && stack->size)
    next = PrintStack(w, *stack, 0, s);
  else
    w.Printf("    #%u %s %s:%u:%u\n", next++, FunctionOf(s), FileOf(s), s ? s->line : 0,
             s ? s->column : 0);
  if (call)
    w.Printf("    #%u C.%s (cgo call from Go, %s)\n", next, CallName(call),
             call->wrapper ? call->wrapper : "?");
  else
    w.Printf("    (on a thread with no cgo call in progress)\n");
}

void PrintAt(Writer &w, const char *what, const cgosan_site *s) {
  w.Printf("  %s at %s:%u:%u in %s\n", what, FileOf(s), s ? s->line : 0, s ? s->column : 0,
           FunctionOf(s));
}

} // namespace

unsigned ReportCount() { return __atomic_load_n(&report_count, __ATOMIC_RELAXED); }

void ReportRetainedPointer(const RetainedPointer &r) {
  if (!Begin(kRetainedGoPointer, LocationKey(r.store_site)))
    return;
  const cgosan_site *s = r.store_site;
  const char *cname = CallName(r.call);
  Writer w(ReportFd());
  w.Printf("==%d==ERROR: cgosan: %s: C kept Go pointer 0x%lx after C.%s returned\n", (int)getpid(),
           kRetainedGoPointer, (unsigned long)r.go_pointer, cname);
  PrintAt(w, "stored", s);
  PrintFrames(w, r.stack, s, r.call);
  w.Printf("  kept in ");
  DescribeCLocation(w, r.kept_at, s);
  w.Printf("\n");
  if (r.lent_argument >= 0)
    w.Printf("  Go pointer 0x%lx (%s) was lent to C.%s as argument %d\n",
             (unsigned long)r.go_pointer, KindName(r.kind), cname, r.lent_argument + 1);
  else
    w.Printf("  Go pointer 0x%lx (%s) reached C during C.%s\n", (unsigned long)r.go_pointer,
             KindName(r.kind), cname);
  w.Printf(
      "  Go memory lent to C is pinned only until the call returns; after that Go may move or\n"
      "  free it. Copy the data into C memory, pass a cgo.Handle, or pin it with\n"
      "  runtime.Pinner (see docs/rules/%s.md).\n",
      kRetainedGoPointer);
  PrintSummary(w, kRetainedGoPointer, s);
  Finish(w);
}

void ReportUseAfterReturn(const UseAfterReturn &r) {
  if (!Begin(kUseAfterReturn,
             LocationKey(r.site) ^ (r.write ? 2 : 0))) // a read and a write are two findings
    return;
  const char *lender = CallName(r.lend.call);
  Writer w(ReportFd());
  w.Printf("==%d==ERROR: cgosan: %s: C %s Go memory at 0x%lx after C.%s returned\n", (int)getpid(),
           kUseAfterReturn, r.write ? "wrote" : "read", (unsigned long)r.addr, lender);
  PrintAt(w, r.write ? "write" : "read", r.site);
  PrintFrames(w, r.stack, r.site, r.current);
  w.Printf("  0x%lx is %lu bytes into Go pointer 0x%lx (%s), lent to C.%s", (unsigned long)r.addr,
           (unsigned long)(r.addr - r.lend.base), (unsigned long)r.lend.base, KindName(r.lend.kind),
           lender);
  if (r.lend.argument != UINT32_MAX)
    w.Printf(" as argument %u", r.lend.argument + 1);
  w.Printf(", which has returned\n");
  if (r.lend.kept_site) {
    w.Printf("  C kept the pointer in ");
    DescribeCLocation(w, r.lend.kept_at, r.lend.kept_site);
    w.Printf(", stored at %s:%u:%u in %s\n", FileOf(r.lend.kept_site), r.lend.kept_site->line,
             r.lend.kept_site->column, FunctionOf(r.lend.kept_site));
  }
  w.Printf("  After the call returns Go may move (stacks) or free and reuse (heap) that memory.\n"
           "  Copy the data into C memory during the call, or pin it with runtime.Pinner (see\n"
           "  docs/rules/%s.md).\n",
           kUseAfterReturn);
  PrintSummary(w, kUseAfterReturn, r.site);
  Finish(w);
}

void ReportGoPointerInGoMemory(const GoPointerInGoMemory &r) {
  if (!Begin(kGoPointerInGoMemory, LocationKey(r.site)))
    return;
  Writer w(ReportFd());
  w.Printf("==%d==ERROR: cgosan: %s: C stored Go pointer 0x%lx into Go memory at 0x%lx%s\n",
           (int)getpid(), kGoPointerInGoMemory, (unsigned long)r.value, (unsigned long)r.addr,
           r.into_global ? " (a Go global variable)" : "");
  PrintAt(w, "stored", r.site);
  PrintFrames(w, r.stack, r.site, r.current);
  w.Printf("  The garbage collector's write barrier does not see stores made by C: Go may free\n"
           "  the object while Go memory still points to it. Store the pointer from Go code,\n"
           "  or keep a cgo.Handle instead (see docs/rules/%s.md).\n",
           kGoPointerInGoMemory);
  PrintSummary(w, kGoPointerInGoMemory, r.site);
  Finish(w);
}

void ReportReturnedGoPointer(const ExportedPointer &e, const StackTrace *stack,
                             const cgosan_call *current) {
  if (!Begin(kReturnedGoPointer, e.caller_pc | 1))
    return;
  SourceLocation loc;
  bool known = SymbolizePc(e.caller_pc, &loc);
  if (!known) // the SUMMARY still says what happened: "in <caller of getGoPtr>"
    Format(loc.function, sizeof(loc.function), "<caller of %s>", CallName(e.fn));
  cgosan_site site = {known ? loc.file : "",
                      loc.function,
                      known ? loc.line : 0,
                      known ? loc.column : 0,
                      nullptr,
                      0,
                      0};
  const char *fn = CallName(e.fn);
  Writer w(ReportFd());
  w.Printf("==%d==ERROR: cgosan: %s: exported Go function %s returned Go pointer 0x%lx to C\n",
           (int)getpid(), kReturnedGoPointer, fn, (unsigned long)e.value);
  if (known)
    w.Printf("  called at %s:%u:%u in %s\n", loc.file, loc.line, loc.column, loc.function);
  else
    w.Printf("  called from 0x%lx (no line information: `go run` and -ldflags=-w strip it, or "
             "no llvm-symbolizer was found)\n",
             (unsigned long)e.caller_pc);
  if (stack && stack->size)
    PrintFrames(w, stack, &site, current);
  w.Printf("  A Go function called from C may not return a Go pointer: nothing keeps the memory\n"
           "  alive or in place once it returns. Return C memory (C.malloc), a cgo.Handle, or\n"
           "  pin it with runtime.Pinner (see docs/rules/%s.md).\n",
           kReturnedGoPointer);
  PrintSummary(w, kReturnedGoPointer, &site);
  Finish(w);
}

void ReportWriteToReturned(const WriteToReturned &r) {
  if (!Begin(kWriteToReturnedGoPointer, LocationKey(r.site)))
    return;
  const char *fn = CallName(r.exported.fn);
  Writer w(ReportFd());
  w.Printf("==%d==ERROR: cgosan: %s: C wrote Go memory at 0x%lx through the Go pointer %s "
           "returned\n",
           (int)getpid(), kWriteToReturnedGoPointer, (unsigned long)r.addr, fn);
  PrintAt(w, "write", r.site);
  PrintFrames(w, r.stack, r.site, r.current);
  w.Printf("  0x%lx is %lu bytes into Go pointer 0x%lx (Go heap), returned by exported Go "
           "function %s\n",
           (unsigned long)r.addr, (unsigned long)(r.addr - r.exported.value),
           (unsigned long)r.exported.value, fn);
  w.Printf("  Go may move or free that memory at any time, and the write bypasses the garbage\n"
           "  collector. Have %s return C memory or a cgo.Handle (see docs/rules/%s.md).\n",
           fn, kWriteToReturnedGoPointer);
  PrintSummary(w, kWriteToReturnedGoPointer, r.site);
  Finish(w);
}

} // namespace cgosan
