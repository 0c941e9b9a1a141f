// What crosses from Go back to C outside a cgo call's arguments: results of exported Go functions
// (returned-go-pointer) and the user's pin declarations from cgosan.h.
#include "access_check.h"
#include "cgosan_abi.h"
#include "exported_pointers.h"
#include "flags.h"
#include "go_memory.h"
#include "output.h"
#include "pinned.h"
#include "report.h"
#include "slow_path.h"

using namespace cgosan;

extern "C" {

void __cgosan_export_return(const void *value, const cgosan_call *fn, void *caller_pc) {
  uintptr_t v = (uintptr_t)value;
  if (level == 0 || !IsGoPointer(v) || IsPinned(v))
    return;
  ThreadState &t = CurrentThread();
  SlowPath slow(t);
  if (!slow.entered())
    return;
  ExportedPointer e = {v, fn, (uintptr_t)caller_pc};
  NoteExportedPointer(e);
  // From the C code that called the export stub (skipping the stub, cgo's generated code).
  StackTrace st;
  CaptureStack(&st, StackTop(t), 2);
  ReportReturnedGoPointer(e, &st, CurrentCall(t));
}

void __cgosan_pin(const void *p, size_t size) {
  if (!Pin((uintptr_t)p, size) && level > 0) {
    static bool warned;
    if (!__atomic_exchange_n(&warned, true, __ATOMIC_RELAXED))
      Warn("too many pinned regions (cgosan_pinned); later ones are ignored");
  }
}

void __cgosan_unpin(const void *p) { Unpin((uintptr_t)p); }

} // extern "C"
