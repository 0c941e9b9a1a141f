// Formats and prints violation reports. Cold path: it may take a spin lock, walk the loaded
// modules and run the symbolizer, but still allocates nothing.
//
// Every report goes through Begin (print each rule and location once, apply suppressions, count
// for the exit summary) and Finish (halt_on_error). Text is written here, rule by rule; JSON
// lines come from the same Finding (report_json.cpp).
#include "report.h"

#include "finding.h"
#include "flags.h"
#include "heap_blocks.h"
#include "modules.h"
#include "output.h"
#include "summary.h"
#include "suppressions.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

namespace cgosan {

namespace {

int print_lock;

// (rule, location) pairs already seen: identical reports are printed once and counted.
constexpr unsigned kSeenSlots = 4096;
struct Seen {
  uintptr_t key; // 0: free
  const char *rule;
  bool suppressed;
};
Seen seen[kSeenSlots];

bool InSystemCode(const cgosan_site *s);

// A report's location: its source file and line (several accesses on one line are one finding).
// A site in a system header stands for every user line that reaches it: its key also takes the
// stack, and the report is printed once per user location it resolves to (Begin).
uintptr_t LocationKey(const cgosan_site *s, const StackTrace *stack) {
  if (!s)
    return 1;
  uintptr_t k = ((uintptr_t)s->file * 0x100000001B3ull) ^ ((uintptr_t)s->function * 31) ^
                ((uintptr_t)s->line << 20);
  if (stack && InSystemCode(s))
    for (unsigned i = 0; i < stack->size; i++)
      k = (k ^ stack->pc[i]) * 0x100000001B3ull;
  return k ? k : 1;
}

// The same for a location known by its text (a symbolized frame).
uintptr_t TextLocationKey(const char *file, unsigned line, const char *function) {
  uintptr_t k = 0xcbf29ce484222325ull ^ line;
  const char *parts[] = {file, function};
  for (const char *p : parts)
    for (; p && *p; p++)
      k = (k ^ (unsigned char)*p) * 0x100000001B3ull;
  return k ? k : 1;
}

bool IsSystemPath(const char *file) {
  static const char *const prefixes[] = {CGOSAN_SYSTEM_PREFIXES};
  for (const char *p : prefixes)
    if (file && !strncmp(file, p, strlen(p)))
      return true;
  return false;
}

bool InSystemCode(const cgosan_site *s) {
  return s && ((s->flags & CGOSAN_SITE_SYSTEM) || IsSystemPath(s->file));
}

// The slot of (rule, key); *first is true if it was just claimed. Null if the table is full.
Seen *FindSeen(const char *rule, uintptr_t key, bool *first) {
  uintptr_t h = (key ^ (uintptr_t)rule) * 0x9E3779B97F4A7C15ull;
  *first = false;
  for (unsigned i = 0; i < kSeenSlots; i++) {
    Seen &s = seen[(h + i) & (kSeenSlots - 1)];
    uintptr_t cur = __atomic_load_n(&s.key, __ATOMIC_ACQUIRE);
    if (cur == 0) {
      if (__atomic_compare_exchange_n(&s.key, &cur, key, false, __ATOMIC_ACQ_REL,
                                      __ATOMIC_ACQUIRE)) {
        __atomic_store_n(&s.rule, rule, __ATOMIC_RELEASE);
        *first = true;
        return &s;
      }
    }
    if (cur == key) {
      // A slot just claimed by another thread may not have its rule yet: wait for it.
      const char *r;
      while (!(r = __atomic_load_n(&s.rule, __ATOMIC_ACQUIRE)))
        usleep(10);
      if (r == rule)
        return &s;
    }
  }
  return nullptr;
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
const char *CallName(const cgosan_call *c) { return c && c->name ? c->name : "?"; }

bool JsonFormat() { return flags.format && strcmp(flags.format, "text") != 0; }

// The report being printed: its stack, symbolized once (under the print lock).
SymbolizedFrame frames[kMaxSymbolizedFrames];
unsigned nframes;

// A file in the module cache (or under -trimpath) as its Go package path names it:
// ".../pkg/mod/github.com/!data!dog/zstd@v1.5.7/zstd.c" -> "github.com/DataDog/zstd/zstd.c"
// (the module cache spells capitals as '!' and a lower-case letter, and adds @version). So one
// suppression line such as `*:github.com/DataDog/zstd` names a third-party library's files.
bool PackagePathOf(const char *file, char *out, unsigned size) {
  if (!file || !*file)
    return false;
  // Where the module path starts: after $GOMODCACHE (default $GOPATH/pkg/mod), or at a relative
  // path's start (-trimpath), or else at the last path element with a dot (a domain) before the
  // element holding "@version".
  const char *start = nullptr;
  const char *cache = getenv("GOMODCACHE");
  size_t n = cache ? strlen(cache) : 0;
  if (n && !strncmp(file, cache, n) && file[n] == '/')
    start = file + n + 1;
  else if (const char *pm = strstr(file, "/pkg/mod/"))
    start = pm + 9;
  else if (file[0] != '/')
    start = file;
  const char *at = strchr(start ? start : file, '@');
  if (!at)
    return false;
  if (!start) {
    for (const char *p = file; p < at; p++)
      if (*p == '/') {
        const char *end = strchr(p + 1, '/');
        if (end && end < at && memchr(p + 1, '.', end - p - 1))
          start = p + 1;
      }
    if (!start)
      return false;
  }
  unsigned len = 0;
  for (const char *p = start; p < at && len + 1 < size; p++) {
    if (*p == '!' && p + 1 < at && p[1] >= 'a' && p[1] <= 'z')
      out[len++] = (char)(*++p - 'a' + 'A');
    else
      out[len++] = *p;
  }
  const char *rest = strchr(at, '/');
  Format(out + len, size - len, "%s", rest ? rest : "");
  return true;
}

// Names a suppression may match: C functions and files of the statement and its stack (files also
// as Go package paths), and the cgo calls and exported function involved ("C.keep").
bool Suppressed(const Finding &f) {
  const char *names[3 * kMaxSymbolizedFrames + 12];
  static char packages[kMaxSymbolizedFrames + 1][512];
  char calls[3][160];
  unsigned n = 0, npkg = 0;
  auto AddFile = [&](const char *file) {
    names[n++] = file;
    if (npkg < kMaxSymbolizedFrames + 1 && PackagePathOf(file, packages[npkg], 512))
      names[n++] = packages[npkg++];
  };
  if (f.site) {
    names[n++] = f.site->function;
    AddFile(f.site->file);
  }
  for (unsigned i = 0; i < nframes; i++) {
    names[n++] = frames[i].function;
    AddFile(frames[i].file);
  }
  const cgosan_call *cs[3] = {f.call, f.lent_call, f.exported};
  for (unsigned i = 0; i < 3; i++)
    if (cs[i] && cs[i]->name) {
      Format(calls[i], sizeof(calls[i]), "%s%s", cs[i] == f.exported ? "" : "C.", cs[i]->name);
      names[n++] = calls[i];
    }
  return IsSuppressed(f.rule, names, n);
}

// The report's site when its statement is in a system header: the first frame of the stack in the
// user's code (the whole stack is still printed). Returns false if that user location was
// reported already for this rule (counted as a repeat).
cgosan_site user_site;
bool ResolveUserSite(Finding &f) {
  for (unsigned i = 0; i < nframes; i++) {
    const SymbolizedFrame &fr = frames[i];
    if (!fr.function[0] || !fr.file[0] || IsSystemPath(fr.file))
      continue;
    user_site = {fr.file,   fr.function,    fr.line,
                 fr.column, f.site->object, f.site->flags & ~CGOSAN_SITE_SYSTEM,
                 0};
    f.site = &user_site;
    bool first;
    Seen *s = FindSeen(f.rule, TextLocationKey(fr.file, fr.line, fr.function), &first);
    if (s && !first) {
      CountFinding(f.rule, false, __atomic_load_n(&s->suppressed, __ATOMIC_ACQUIRE));
      return false;
    }
    return true;
  }
  return true; // no frame in the user's code: the system location it is
}

// Decides whether f is printed: once per (rule, location), not if suppressed. Counts it either
// way. Returns true holding the print lock, with the stack symbolized.
bool Begin(Finding &f, uintptr_t key, void (*prepare)(Finding &) = nullptr) {
  bool first;
  Seen *s = FindSeen(f.rule, key, &first);
  if (s && !first) {
    CountFinding(f.rule, false, __atomic_load_n(&s->suppressed, __ATOMIC_ACQUIRE));
    return false;
  }
  Lock();
  if (prepare)
    prepare(f);
  nframes =
      f.stack && f.stack->size ? SymbolizeStack(*f.stack, f.site, frames, kMaxSymbolizedFrames) : 0;
  if (InSystemCode(f.site) && !ResolveUserSite(f)) {
    Unlock();
    return false; // another stack through the same system code to a user line already reported
  }
  StartSummaryWatcher();
  if (Suppressed(f)) {
    if (s)
      __atomic_store_n(&s->suppressed, true, __ATOMIC_RELEASE);
    CountFinding(f.rule, true, true);
    if (JsonFormat()) { // `cgosan report` counts suppressed findings too
      Writer w(ReportFd());
      WriteJsonFinding(w, f, frames, nframes, true);
    }
    Unlock();
    return false;
  }
  CountFinding(f.rule, true, false);
  return true;
}

void Finish(Writer &w) {
  w.Flush();
  Unlock();
  // A report whose log could not be written fails the run now when nothing else could fail it at
  // its end (no cgosan exec supervisor).
  if (flags.halt_on_error || (LogLost() && !Supervised()))
    _exit(flags.exitcode);
}

// JSON formats: the whole report is one line.
bool EmitJson(const Finding &f) {
  if (!JsonFormat())
    return false;
  Writer w(ReportFd());
  WriteJsonFinding(w, f, frames, nframes, false);
  Finish(w);
  return true;
}

void PrintHeader(Writer &w, const Finding &f) {
  char msg[512];
  FindingMessage(f, msg, sizeof(msg));
  w.Printf("==%d==ERROR: cgosan: %s: %s\n", (int)getpid(), f.rule, msg);
}

void PrintSummaryLine(Writer &w, const char *rule, const cgosan_site *site) {
  w.Printf("SUMMARY: cgosan: %s %s:%u in %s\n", rule, FileOf(site), site ? site->line : 0,
           FunctionOf(site));
}

// The C frames of a report, ending with the cgo call they run in (if any).
void PrintFrames(Writer &w, const Finding &f) {
  unsigned next = 0;
  const cgosan_site *s = f.site;
  for (unsigned i = 0; i < nframes; i++, next++) {
    const SymbolizedFrame &fr = frames[i];
    if (fr.function[0])
      w.Printf("    #%u 0x%lx in %s %s:%u:%u\n", next, (unsigned long)fr.pc, fr.function, fr.file,
               fr.line, fr.column);
    else if (fr.module[0])
      w.Printf("    #%u 0x%lx (%s+0x%lx)\n", next, (unsigned long)fr.pc, fr.module,
               (unsigned long)fr.offset);
    else
      w.Printf("    #%u 0x%lx\n", next, (unsigned long)fr.pc);
  }
  if (!nframes)
    w.Printf("    #%u %s %s:%u:%u\n", next++, FunctionOf(s), FileOf(s), s ? s->line : 0,
             s ? s->column : 0);
  if (f.call)
    w.Printf("    #%u C.%s (cgo call from Go, %s)\n", next, CallName(f.call),
             f.call->wrapper ? f.call->wrapper : "?");
  else
    w.Printf("    (on a thread with no cgo call in progress)\n");
}

void PrintAt(Writer &w, const char *what, const cgosan_site *s) {
  w.Printf("  %s at %s:%u:%u in %s\n", what, FileOf(s), s ? s->line : 0, s ? s->column : 0,
           FunctionOf(s));
}

Finding Blank(const char *rule, const cgosan_site *site, const StackTrace *stack,
              const cgosan_call *call) {
  Finding f = {};
  f.rule = rule;
  f.level = 1;
  f.site = site;
  f.stack = stack;
  f.call = call;
  f.lent_argument = -1;
  return f;
}

} // namespace

void NoteKeptPointerUsed(const cgosan_site *kept_site) {
  // A pseudo rule in the seen table: each kept location is counted once.
  static const char kUsed[] = "kept-pointer-used";
  bool first;
  FindSeen(kUsed, LocationKey(kept_site, nullptr), &first);
  if (first)
    CountRetainedUsed();
}

void DescribeCLocation(char *buf, unsigned size, uintptr_t addr, const cgosan_site *store) {
  if (store && store->object) {
    Format(buf, size, "%s '%s' (0x%lx)",
           (store->flags & CGOSAN_SITE_TLS) ? "C thread-local variable" : "C global", store->object,
           (unsigned long)addr);
    return;
  }
  HeapBlock b;
  if (FindHeapBlock(addr, &b)) {
    Format(buf, size, "heap block of %lu bytes at 0x%lx (offset %lu), allocated at %s:%u:%u in %s",
           (unsigned long)b.size, (unsigned long)b.start, (unsigned long)(addr - b.start),
           FileOf(b.site), b.site ? b.site->line : 0, b.site ? b.site->column : 0,
           FunctionOf(b.site));
    return;
  }
  ModuleInfo module;
  if (FindModuleOf(addr, &module)) {
    Format(buf, size, "C static memory of %s (0x%lx)",
           module.main_executable ? "the executable" : module.path, (unsigned long)addr);
    return;
  }
  Format(buf, size,
         "C memory at 0x%lx (heap block allocated outside instrumented code, or thread-local)",
         (unsigned long)addr);
}

void FindingMessage(const Finding &f, char *buf, unsigned size) {
  if (f.rule == kRetainedGoPointer)
    Format(buf, size, "C kept Go pointer 0x%lx after C.%s returned", (unsigned long)f.go_pointer,
           CallName(f.lent_call));
  else if (f.rule == kUseAfterReturn)
    Format(buf, size, "C %s Go memory at 0x%lx after C.%s returned",
           f.access == kWrite ? "wrote" : "read", (unsigned long)f.access_addr,
           CallName(f.lent_call));
  else if (f.rule == kGoPointerInGoMemory)
    Format(buf, size, "C stored Go pointer 0x%lx into Go memory at 0x%lx%s",
           (unsigned long)f.go_pointer, (unsigned long)f.access_addr,
           f.into_global ? " (a Go global variable)" : "");
  else if (f.rule == kReturnedGoPointer)
    Format(buf, size, "exported Go function %s returned Go pointer 0x%lx to C",
           CallName(f.exported), (unsigned long)f.go_pointer);
  else
    Format(buf, size, "C wrote Go memory at 0x%lx through the Go pointer %s returned",
           (unsigned long)f.access_addr, CallName(f.exported));
}

void ReportRetainedPointer(const RetainedPointer &r) {
  const cgosan_site *s = r.store_site;
  Finding f = Blank(kRetainedGoPointer, s, r.stack, r.by_other_thread ? nullptr : r.call);
  f.level = r.level;
  f.go_pointer = r.go_pointer;
  f.kind = r.kind;
  f.lent_call = r.call;
  f.lent_argument = r.lent_argument;
  f.has_kept = true;
  f.kept_at = r.kept_at;
  f.kept_site = s;
  if (!Begin(f, LocationKey(s, r.stack)) || EmitJson(f))
    return;
  s = f.site; // in the user's code (Begin)
  const char *cname = CallName(r.call);
  Writer w(ReportFd());
  PrintHeader(w, f);
  PrintAt(w, "stored", s);
  PrintFrames(w, f);
  char where[1024];
  DescribeCLocation(where, sizeof(where), r.kept_at, s);
  w.Printf("  kept in %s\n", where);
  if (r.lent_argument >= 0)
    w.Printf("  Go pointer 0x%lx (%s) was lent to C.%s as argument %d\n",
             (unsigned long)r.go_pointer, KindName(r.kind), cname, r.lent_argument + 1);
  else
    w.Printf("  Go pointer 0x%lx (%s) reached C during C.%s\n", (unsigned long)r.go_pointer,
             KindName(r.kind), cname);
  if (r.by_other_thread)
    w.Printf("  stored by a thread with no cgo call in progress, into memory C.%s had lent\n",
             cname);
  if (r.last_pinned_by)
    w.Printf("  C.%s, in progress meanwhile, lent memory at or below it and kept it pinned; it "
             "was still kept when C.%s returned\n",
             CallName(r.last_pinned_by), CallName(r.last_pinned_by));
  w.Printf(
      "  Go memory lent to C is pinned only until the call returns; after that Go may move or\n"
      "  free it. Copy the data into C memory, pass a cgo.Handle, or pin it with\n"
      "  runtime.Pinner (see docs/rules/%s.md).\n",
      kRetainedGoPointer);
  PrintSummaryLine(w, kRetainedGoPointer, s);
  Finish(w);
}

void ReportUseAfterReturn(const UseAfterReturn &r) {
  Finding f = Blank(kUseAfterReturn, r.site, r.stack, r.current);
  f.level = r.write ? 1 : 2;
  f.go_pointer = r.lend.base;
  f.kind = r.lend.kind;
  f.lent_call = r.lend.call;
  f.lent_argument = r.lend.argument == UINT32_MAX ? -1 : (int)r.lend.argument;
  f.has_kept = r.lend.kept_site != nullptr;
  f.kept_at = r.lend.kept_at;
  f.kept_site = r.lend.kept_site;
  f.access = r.write ? kWrite : kRead;
  f.access_addr = r.addr;
  // A read and a write on one line are two findings.
  if (!Begin(f, LocationKey(r.site, r.stack) ^ (r.write ? 2 : 0)) || EmitJson(f))
    return;
  const char *lender = CallName(r.lend.call);
  Writer w(ReportFd());
  PrintHeader(w, f);
  PrintAt(w, r.write ? "write" : "read", f.site);
  PrintFrames(w, f);
  w.Printf("  0x%lx is %lu bytes into Go pointer 0x%lx (%s), lent to C.%s", (unsigned long)r.addr,
           (unsigned long)(r.addr - r.lend.base), (unsigned long)r.lend.base, KindName(r.lend.kind),
           lender);
  if (r.lend.argument != UINT32_MAX)
    w.Printf(" as argument %u", r.lend.argument + 1);
  w.Printf(", which has returned\n");
  if (r.lend.kept_site) {
    char where[1024];
    DescribeCLocation(where, sizeof(where), r.lend.kept_at, r.lend.kept_site);
    w.Printf("  C kept the pointer in %s, stored at %s:%u:%u in %s\n", where,
             FileOf(r.lend.kept_site), r.lend.kept_site->line, r.lend.kept_site->column,
             FunctionOf(r.lend.kept_site));
  }
  w.Printf("  After the call returns Go may move (stacks) or free and reuse (heap) that memory.\n"
           "  Copy the data into C memory during the call, or pin it with runtime.Pinner (see\n"
           "  docs/rules/%s.md).\n",
           kUseAfterReturn);
  PrintSummaryLine(w, kUseAfterReturn, f.site);
  Finish(w);
}

void ReportGoPointerInGoMemory(const GoPointerInGoMemory &r) {
  Finding f = Blank(kGoPointerInGoMemory, r.site, r.stack, r.current);
  f.level = r.level;
  f.go_pointer = r.value;
  f.kind = kGoHeap;
  f.access = kWrite;
  f.access_addr = r.addr;
  f.into_global = r.into_global;
  if (!Begin(f, LocationKey(r.site, r.stack)) || EmitJson(f))
    return;
  Writer w(ReportFd());
  PrintHeader(w, f);
  PrintAt(w, "stored", f.site);
  PrintFrames(w, f);
  w.Printf("  The garbage collector's write barrier does not see stores made by C: Go may free\n"
           "  the object while Go memory still points to it. Store the pointer from Go code,\n"
           "  or keep a cgo.Handle instead (see docs/rules/%s.md).\n",
           kGoPointerInGoMemory);
  PrintSummaryLine(w, kGoPointerInGoMemory, f.site);
  Finish(w);
}

namespace {
// Where C called the exported function: known only once symbolized, which Begin does for the
// first report at that call (under the print lock).
SourceLocation returned_loc;
cgosan_site returned_site;
bool returned_known;
uintptr_t returned_pc;
const cgosan_call *returned_fn;
void LocateReturn(Finding &f) {
  returned_known = SymbolizePc(returned_pc, &returned_loc);
  if (!returned_known) // the SUMMARY still says what happened: "in <caller of getGoPtr>"
    Format(returned_loc.function, sizeof(returned_loc.function), "<caller of %s>",
           CallName(returned_fn));
  returned_site = {returned_known ? returned_loc.file : "",
                   returned_loc.function,
                   returned_known ? returned_loc.line : 0,
                   returned_known ? returned_loc.column : 0,
                   nullptr,
                   0,
                   0};
  f.site = &returned_site;
}
} // namespace

void ReportReturnedGoPointer(const ExportedPointer &e, const StackTrace *stack,
                             const cgosan_call *current) {
  Finding f = Blank(kReturnedGoPointer, nullptr, stack, current);
  f.go_pointer = e.value;
  f.kind = kGoHeap;
  f.exported = e.fn;
  returned_pc = e.caller_pc;
  returned_fn = e.fn;
  if (!Begin(f, e.caller_pc | 1, LocateReturn) || EmitJson(f))
    return;
  const SourceLocation &loc = returned_loc;
  bool known = returned_known;
  cgosan_site &site = returned_site;
  Writer w(ReportFd());
  PrintHeader(w, f);
  if (known)
    w.Printf("  called at %s:%u:%u in %s\n", loc.file, loc.line, loc.column, loc.function);
  else
    w.Printf("  called from 0x%lx (no line information: no llvm-symbolizer was found, or the "
             "binary was stripped after it was linked)\n",
             (unsigned long)e.caller_pc);
  if (stack && stack->size)
    PrintFrames(w, f);
  w.Printf("  A Go function called from C may not return a Go pointer: nothing keeps the memory\n"
           "  alive or in place once it returns. Return C memory (C.malloc), a cgo.Handle, or\n"
           "  pin it with runtime.Pinner (see docs/rules/%s.md).\n",
           kReturnedGoPointer);
  PrintSummaryLine(w, kReturnedGoPointer, &site);
  Finish(w);
}

void ReportWriteToReturned(const WriteToReturned &r) {
  Finding f = Blank(kWriteToReturnedGoPointer, r.site, r.stack, r.current);
  f.go_pointer = r.exported.value;
  f.kind = kGoHeap;
  f.access = kWrite;
  f.access_addr = r.addr;
  f.exported = r.exported.fn;
  if (!Begin(f, LocationKey(r.site, r.stack)) || EmitJson(f))
    return;
  const char *fn = CallName(r.exported.fn);
  Writer w(ReportFd());
  PrintHeader(w, f);
  PrintAt(w, "write", f.site);
  PrintFrames(w, f);
  w.Printf("  0x%lx is %lu bytes into Go pointer 0x%lx (Go heap), returned by exported Go "
           "function %s\n",
           (unsigned long)r.addr, (unsigned long)(r.addr - r.exported.value),
           (unsigned long)r.exported.value, fn);
  w.Printf("  Go may move or free that memory at any time, and the write bypasses the garbage\n"
           "  collector. Have %s return C memory or a cgo.Handle (see docs/rules/%s.md).\n",
           fn, kWriteToReturnedGoPointer);
  PrintSummaryLine(w, kWriteToReturnedGoPointer, f.site);
  Finish(w);
}

} // namespace cgosan
