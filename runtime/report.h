// The reports the hooks make, one entry point per rule, with what each hook knows. Whether and how
// each is printed is report_decision.h's; the text is report_text.cpp's, JSON report_json.cpp's.
#ifndef CGOSAN_REPORT_H
#define CGOSAN_REPORT_H

#include "cgosan_abi.h"
#include "exported_pointers.h"
#include "lent_memory.h"
#include "stack.h"

#include <stdint.h>

namespace cgosan {

struct RetainedPointer {
  const cgosan_site *store_site;     // where C stored the Go pointer
  const cgosan_call *call;           // the cgo call that lent it (or during which C stored it)
  const cgosan_call *last_pinned_by; // another call that pinned it until it returned, or null
  bool by_other_thread;              // stored by a thread with no cgo call in progress
  uintptr_t go_pointer;
  GoPointerKind kind;
  uintptr_t kept_at;       // the C location that still holds it
  const StackTrace *stack; // C frames at the store (may be empty)
  int lent_argument;       // index (0-based) of the argument it was lent as, or -1 if not known
  int level;               // 2 if found only by level 2 (a uintptr_t or a copy), else 1
};
void ReportRetainedPointer(const RetainedPointer &r);

// C read or wrote Go memory at `addr` outside any call that lent it.
struct UseAfterReturn {
  const cgosan_site *site; // the access
  bool write;
  uintptr_t addr;
  ReturnedLend lend;          // the returned call that had lent it
  const cgosan_call *current; // the cgo call in progress on this thread, or null
  const StackTrace *stack;
};
void ReportUseAfterReturn(const UseAfterReturn &r);

// C stored Go pointer `value` into Go memory at `addr`.
struct GoPointerInGoMemory {
  const cgosan_site *site;
  uintptr_t addr, value;
  bool into_global;           // addr is in a Go global variable
  int level;                  // 2 if found only by level 2 (a copy), else 1
  const cgosan_call *current; // the cgo call in progress on this thread, or null
  const StackTrace *stack;
};
void ReportGoPointerInGoMemory(const GoPointerInGoMemory &r);

// Exported Go function e.fn returned Go pointer e.value to the C code at e.caller_pc.
// `stack` starts in the export stub; `current` is the cgo call in progress on this thread, or null.
void ReportReturnedGoPointer(const ExportedPointer &e, const StackTrace *stack,
                             const cgosan_call *current);

// C wrote Go memory at `addr` through pointer e, which an exported Go function returned.
struct WriteToReturned {
  const cgosan_site *site;
  uintptr_t addr;
  ExportedPointer exported;
  const cgosan_call *current; // the cgo call in progress on this thread, or null
  const StackTrace *stack;
};
void ReportWriteToReturned(const WriteToReturned &r);

// A cgo call held Go memory longer than long_call_ms: reported while it runs (returned false)
// and again as it returns (returned true), with how long it has held it.
struct LongCall {
  const cgosan_call *call;
  uint64_t held_ms;
  bool returned;
  unsigned nheld; // the Go pointers it holds, and the arguments they were lent as (-1: unknown)
  uintptr_t held[kMaxLent];
  int held_argument[kMaxLent];
};
void ReportLongCall(const LongCall &l);

} // namespace cgosan

#endif
