// The text reports users read, in the compiler sanitizers' style: a header, where it happened,
// the stack, what the Go pointer was, what to do about it, and a SUMMARY line. Each rule's body is
// its own case of a switch with no default (rules.h).
#include "violation.h"

#include "flags.h"
#include "heap_blocks.h"
#include "lent_memory.h"
#include "modules.h"
#include "output.h"

#include <unistd.h>

namespace cgosan {

const char *FileOf(const cgosan_site *s) {
  return s && s->file && s->file[0] ? s->file : "<unknown>";
}
const char *FunctionOf(const cgosan_site *s) {
  return s && s->function && s->function[0] ? s->function : "<unknown>";
}
const char *CallName(const cgosan_call *c) { return c && c->name ? c->name : "?"; }

Violation NewViolation(Rule rule, const cgosan_site *site, const StackTrace *stack,
                       const cgosan_call *call) {
  Violation v = {};
  v.rule = rule;
  v.level = 1;
  v.site = site;
  v.stack = stack;
  v.call = call;
  v.lent_argument = -1;
  return v;
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

void ViolationMessage(const Violation &v, char *buf, unsigned size) {
  switch (v.rule) {
  case Rule::kRetainedGoPointer:
    Format(buf, size, "C kept Go pointer 0x%lx after C.%s returned", (unsigned long)v.go_pointer,
           CallName(v.lent_call));
    return;
  case Rule::kUseAfterReturn:
    Format(buf, size, "C %s Go memory at 0x%lx after C.%s returned",
           v.access == kWrite ? "wrote" : "read", (unsigned long)v.access_addr,
           CallName(v.lent_call));
    return;
  case Rule::kGoPointerInGoMemory:
    Format(buf, size, "C stored Go pointer 0x%lx into Go memory at 0x%lx%s",
           (unsigned long)v.go_pointer, (unsigned long)v.access_addr,
           v.into_global ? " (a Go global variable)" : "");
    return;
  case Rule::kReturnedGoPointer:
    Format(buf, size, "exported Go function %s returned Go pointer 0x%lx to C",
           CallName(v.exported), (unsigned long)v.go_pointer);
    return;
  case Rule::kWriteToReturnedGoPointer:
    Format(buf, size, "C wrote Go memory at 0x%lx through the Go pointer %s returned",
           (unsigned long)v.access_addr, CallName(v.exported));
    return;
  case Rule::kLongCgoCall:
    if (v.still_running)
      Format(buf, size, "C.%s has held Go memory for more than %lu.%01lu s and still runs",
             CallName(v.lent_call), (unsigned long)(v.held_ms / 1000),
             (unsigned long)(v.held_ms % 1000 / 100));
    else
      Format(buf, size, "C.%s returned after holding Go memory for more than %lu.%01lu s",
             CallName(v.lent_call), (unsigned long)(v.held_ms / 1000),
             (unsigned long)(v.held_ms % 1000 / 100));
    return;
  }
}

namespace {

void PrintAt(Writer &w, const char *what, const cgosan_site *s) {
  w.Printf("  %s at %s:%u:%u in %s\n", what, FileOf(s), s ? s->line : 0, s ? s->column : 0,
           FunctionOf(s));
}

// The C frames of a report, ending with the cgo call they run in (if any).
void PrintFrames(Writer &w, const Violation &v, const SymbolizedFrame *frames, unsigned nframes) {
  unsigned next = 0;
  const cgosan_site *s = v.site;
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
  if (v.call)
    w.Printf("    #%u C.%s (cgo call from Go, %s)\n", next, CallName(v.call),
             v.call->wrapper ? v.call->wrapper : "?");
  else
    w.Printf("    (on a thread with no cgo call in progress)\n");
}

void PrintRetained(Writer &w, const Violation &v, const SymbolizedFrame *frames, unsigned n) {
  const char *cname = CallName(v.lent_call);
  PrintAt(w, "stored", v.site);
  PrintFrames(w, v, frames, n);
  char where[1024];
  DescribeCLocation(where, sizeof(where), v.kept_at, v.site);
  w.Printf("  kept in %s\n", where);
  if (v.lent_argument >= 0)
    w.Printf("  Go pointer 0x%lx (%s) was lent to C.%s as argument %d\n",
             (unsigned long)v.go_pointer, KindName(v.kind), cname, v.lent_argument + 1);
  else
    w.Printf("  Go pointer 0x%lx (%s) reached C during C.%s\n", (unsigned long)v.go_pointer,
             KindName(v.kind), cname);
  if (v.by_other_thread)
    w.Printf("  stored by a thread with no cgo call in progress, into memory C.%s had lent\n",
             cname);
  if (v.last_pinned_by)
    w.Printf("  C.%s, in progress meanwhile, lent memory at or below it and kept it pinned; it "
             "was still kept when C.%s returned\n",
             CallName(v.last_pinned_by), CallName(v.last_pinned_by));
  w.Printf(
      "  Go memory lent to C is pinned only until the call returns; after that Go may move or\n"
      "  free it. Copy the data into C memory, pass a cgo.Handle, or pin it with\n"
      "  runtime.Pinner (see docs/rules/%s.md).\n",
      RuleId(v.rule));
}

void PrintUseAfterReturn(Writer &w, const Violation &v, const SymbolizedFrame *frames, unsigned n) {
  PrintAt(w, v.access == kWrite ? "write" : "read", v.site);
  PrintFrames(w, v, frames, n);
  w.Printf("  0x%lx is %lu bytes into Go pointer 0x%lx (%s), lent to C.%s",
           (unsigned long)v.access_addr, (unsigned long)(v.access_addr - v.go_pointer),
           (unsigned long)v.go_pointer, KindName(v.kind), CallName(v.lent_call));
  if (v.lent_argument >= 0)
    w.Printf(" as argument %d", v.lent_argument + 1);
  w.Printf(", which has returned\n");
  if (v.has_kept) {
    char where[1024];
    DescribeCLocation(where, sizeof(where), v.kept_at, v.kept_site);
    w.Printf("  C kept the pointer in %s, stored at %s:%u:%u in %s\n", where, FileOf(v.kept_site),
             v.kept_site->line, v.kept_site->column, FunctionOf(v.kept_site));
  }
  w.Printf("  After the call returns Go may move (stacks) or free and reuse (heap) that memory.\n"
           "  Copy the data into C memory during the call, or pin it with runtime.Pinner (see\n"
           "  docs/rules/%s.md).\n",
           RuleId(v.rule));
}

void PrintGoPointerInGoMemory(Writer &w, const Violation &v, const SymbolizedFrame *frames,
                              unsigned n) {
  PrintAt(w, "stored", v.site);
  PrintFrames(w, v, frames, n);
  w.Printf("  The garbage collector's write barrier does not see stores made by C: Go may free\n"
           "  the object while Go memory still points to it. Store the pointer from Go code,\n"
           "  or keep a cgo.Handle instead (see docs/rules/%s.md).\n",
           RuleId(v.rule));
}

void PrintReturned(Writer &w, const Violation &v, const SymbolizedFrame *frames, unsigned n) {
  if (v.caller_known)
    w.Printf("  called at %s:%u:%u in %s\n", v.site->file, v.site->line, v.site->column,
             v.site->function);
  else
    w.Printf("  called from 0x%lx (no line information: no llvm-symbolizer was found, or the "
             "binary was stripped after it was linked)\n",
             (unsigned long)v.caller_pc);
  if (v.stack && v.stack->size)
    PrintFrames(w, v, frames, n);
  w.Printf("  A Go function called from C may not return a Go pointer: nothing keeps the memory\n"
           "  alive or in place once it returns. Return C memory (C.malloc), a cgo.Handle, or\n"
           "  pin it with runtime.Pinner (see docs/rules/%s.md).\n",
           RuleId(v.rule));
}

void PrintWriteToReturned(Writer &w, const Violation &v, const SymbolizedFrame *frames,
                          unsigned n) {
  const char *fn = CallName(v.exported);
  PrintAt(w, "write", v.site);
  PrintFrames(w, v, frames, n);
  w.Printf("  0x%lx is %lu bytes into Go pointer 0x%lx (Go heap), returned by exported Go "
           "function %s\n",
           (unsigned long)v.access_addr, (unsigned long)(v.access_addr - v.go_pointer),
           (unsigned long)v.go_pointer, fn);
  w.Printf("  Go may move or free that memory at any time, and the write bypasses the garbage\n"
           "  collector. Have %s return C memory or a cgo.Handle (see docs/rules/%s.md).\n",
           fn, RuleId(v.rule));
}

void PrintLongCall(Writer &w, const Violation &v) {
  const char *name = CallName(v.lent_call);
  if (v.site)
    w.Printf("  C.%s is %s, defined at %s:%u\n", name, FunctionOf(v.site), FileOf(v.site),
             v.site->line);
  for (unsigned i = 0; i < v.nheld; i++) {
    if (v.held_argument[i] >= 0)
      w.Printf("  it holds Go pointer 0x%lx, lent as argument %d\n", (unsigned long)v.held[i],
               v.held_argument[i] + 1);
    else
      w.Printf("  it holds Go pointer 0x%lx\n", (unsigned long)v.held[i]);
  }
  w.Printf("  While C holds a goroutine's memory the goroutine cannot run on, and the memory\n"
           "  stays pinned. A call that blocks (on I/O, a lock, a sleep) should work on C memory:\n"
           "  copy in and out, or pass C.malloc'd buffers (see docs/rules/%s.md). This is a\n"
           "  warning (long_call_ms=%d): it does not stop or fail the run.\n",
           RuleId(v.rule), flags.long_call_ms);
}

} // namespace

void PrintViolationText(Writer &w, const Violation &v, const SymbolizedFrame *frames,
                        unsigned nframes) {
  char msg[512];
  ViolationMessage(v, msg, sizeof(msg));
  w.Printf("==%d==%s: cgosan: %s: %s\n", (int)getpid(), RuleIsWarning(v.rule) ? "WARNING" : "ERROR",
           RuleId(v.rule), msg);
  switch (v.rule) {
  case Rule::kRetainedGoPointer:
    PrintRetained(w, v, frames, nframes);
    break;
  case Rule::kUseAfterReturn:
    PrintUseAfterReturn(w, v, frames, nframes);
    break;
  case Rule::kGoPointerInGoMemory:
    PrintGoPointerInGoMemory(w, v, frames, nframes);
    break;
  case Rule::kReturnedGoPointer:
    PrintReturned(w, v, frames, nframes);
    break;
  case Rule::kWriteToReturnedGoPointer:
    PrintWriteToReturned(w, v, frames, nframes);
    break;
  case Rule::kLongCgoCall:
    PrintLongCall(w, v);
    break;
  }
  const cgosan_site *s = v.site;
  w.Printf("SUMMARY: cgosan: %s %s:%u in %s\n", RuleId(v.rule), FileOf(s), s ? s->line : 0,
           FunctionOf(s));
}

} // namespace cgosan
