// Stores that may put a Go pointer somewhere: pointer stores (level 1), pointer-sized integer
// stores and memcpy/memmove (level 2, pointers hidden in uintptr_t or copied inside structs).
//
// Into C memory during a call, a Go pointer becomes a record that the call's exit re-reads
// (retained-go-pointer). Into Go memory it is go-pointer-in-go-memory at once. A store into Go
// memory is also a write, checked as __cgosan_write checks it.
#include "access_check.h"
#include "check_hooks.h"
#include "flags.h"
#include "go_globals.h"
#include "held_records.h"
#include "pinned.h"
#include "report.h"
#include "retention.h"
#include "slow_path.h"
#include "stack.h"

using namespace cgosan;

namespace {

constexpr unsigned kRecentRecords = 16; // how far back a store looks for the same address
constexpr size_t kCopyScanLimit = 4096; // bytes of a copy searched for Go pointers

// The record of the current call for addr among the last few, or null. A cheap look back: the
// check at return re-reads every location anyway, so a miss costs only a record.
StoreRecord *FindRecent(ThreadState &t, unsigned first_record, uintptr_t addr) {
  for (unsigned i = t.nrecords; i > first_record && t.nrecords - i < kRecentRecords; i--)
    if (t.records[i - 1].addr == addr)
      return &t.records[i - 1];
  return nullptr;
}

// Locals of the C frames of the calls in progress (between this frame and the outermost call's
// wrapper): they die before the call returns, and they are not Go memory, so a store there is
// neither retention nor go-pointer-in-go-memory, whatever it stores. Asked before anything else:
// the pass cannot see every local (a helper storing through a pointer to its caller's), and
// decoders keep Go pointers in such locals in their inner loops.
__attribute__((always_inline)) inline bool OnCallsStack(const ThreadState &t, uintptr_t a) {
  return t.depth && a >= (uintptr_t)__builtin_frame_address(0) && a < t.frames[0].stack_hi;
}

// A thread with no cgo call in progress (a thread C started, an OpenMP worker) stored Go pointer v
// at a, in C memory. The call in progress that lent that memory, on whichever thread, judges it
// when it returns; if the call that lent it has returned already, C keeps it past that return now.
__attribute__((noinline)) void StoreByThreadWithoutCall(ThreadState &t, uintptr_t a, uintptr_t v,
                                                        const cgosan_site *site, int level) {
  SlowPath slow(t);
  if (!slow.entered() || IsOwnStackLocal(t, a) || IsLocalOfOtherThreadsCalls(t, a))
    return;
  StoreRecord r = NewRecord(a, v, site, level);
  r.by_other_thread = true;
  CallPin pin;
  if (FindLendingCall(&t, v, &pin)) {
    if (const CallFrame *f = FrameAt(*pin.thread, pin.depth))
      FillLender(r, *f);
    CaptureStack(&r.stack, t.own_stack_hi, 2);
    HoldRecord(t, 0, r, pin);
    return;
  }
  ReturnedLend lend;
  if (!FindReturnedLend(t, v, &lend))
    return; // Go memory no call lent that cgosan saw: not judged
  r.call = lend.call;
  r.kind = lend.kind;
  r.lent_argument = lend.argument == UINT32_MAX ? -1 : (int32_t)lend.argument;
  CaptureStack(&r.stack, t.own_stack_hi, 2);
  JudgeRecord(t, 0, r, lend.call);
}

// C stored v at a, a location in C memory. Always inlined into a hook: CaptureStack skips one
// frame.
__attribute__((always_inline)) inline void
StoreIntoCMemory(ThreadState &t, uintptr_t a, uintptr_t v, const cgosan_site *site, int level) {
  unsigned depth = t.depth;
  if (depth == 0) {
    if (IsGoPointer(v))
      StoreByThreadWithoutCall(t, a, v, site, level);
    return;
  }
  CallFrame *f = FrameAt(t, depth - 1);
  if (!f)
    return;
  unsigned lo = f->first_record;
  if (!IsGoPointer(v)) {
    // Overwritten with something else: forget the pointer it held (if this call stored any).
    if (t.nrecords > lo)
      if (StoreRecord *r = FindRecent(t, lo, a))
        r->value = 0;
    return;
  }
  if (OnCallsStack(t, a)) // a copy into a local (the pointer stores asked first)
    return;
  if (StoreRecord *r = FindRecent(t, lo, a)) {
    r->value = v;
    r->site = site;
    r->level = (uint8_t)level;
    r->call = nullptr; // this call's, whatever an earlier record here said
    CaptureStack(&r->stack, f->stack_hi);
    return;
  }
  SlowPath slow(t); // keeps errno: the record buffer may grow (mmap)
  StoreRecord rec = NewRecord(a, v, site, level);
  CaptureStack(&rec.stack, f->stack_hi);
  AppendRecord(t, rec);
}

// C stored pointer v at a, a location in Go memory.
__attribute__((always_inline)) inline void StorePointerIntoGoMemory(ThreadState &t, uintptr_t a,
                                                                    uintptr_t v,
                                                                    const cgosan_site *site,
                                                                    int level) {
  CheckAccess(t, a, site, true);
  if (!IsGoPointer(v) || t.in_slow_path || IsPinned(v))
    return;
  SlowPath slow(t);
  StackTrace st;
  CaptureStack(&st, StackTop(t));
  ReportGoPointerInGoMemory({site, a, v, !IsGoPointer(a), level, CurrentCall(t), &st});
}

} // namespace

// The slow half of __cgosan_store_int (check_hooks.h).
CGOSAN_CHECK_CC void cgosan::StoreIntSlow(void *const *addr, uintptr_t value,
                                          const cgosan_site *site) {
  if (level == 0)
    return;
  ThreadState &t = CurrentThread();
  uintptr_t a = (uintptr_t)addr;
  if (OnCallsStack(t, a))
    return;
  if (IsGoPointer(a)) {
    // An integer is not a pointer to the garbage collector: only the write is judged.
    CheckAccess(t, a, site, true);
    return;
  }
  if (level >= 2)
    StoreIntoCMemory(t, a, value, site, 2);
}

extern "C" {

CGOSAN_CHECK_CC void __cgosan_store_ptr(void *const *addr, const void *value,
                                        const cgosan_site *site) {
  if (level == 0)
    return;
  ThreadState &t = CurrentThread();
  uintptr_t a = (uintptr_t)addr, v = (uintptr_t)value;
  if (OnCallsStack(t, a))
    return;
  // Go's global variables are Go memory too, though not in the page map.
  if (IsGoPointer(a) || (IsGoPointer(v) && IsGoGlobal(a)))
    StorePointerIntoGoMemory(t, a, v, site, 1);
  else
    StoreIntoCMemory(t, a, v, site, 1);
}

CGOSAN_CHECK_CC void __cgosan_copy(void *dst, const void *src, size_t size, const cgosan_site *site,
                                   const cgosan_copy_layout *layout) {
  if (level == 0 || size == 0)
    return;
  ThreadState &t = CurrentThread();
  uintptr_t d = (uintptr_t)dst;
  CheckAccess(t, d, site, true);
  if (level < 2)
    return;
  CheckAccess(t, (uintptr_t)src, site, false);
  if (layout && layout->period == 0)
    return; // nothing the copied type holds can be a pointer
  // Go pointers inside the copied bytes (a struct holding one): each word that may hold one is a
  // store. Without a layout, every aligned word; with one, the words it names, counted from dst.
  bool into_go = IsGoPointer(d) || IsGoGlobal(d);
  size_t n = size < kCopyScanLimit ? size : kCopyScanLimit;
  uintptr_t first = layout ? d : (d + 7) & ~uintptr_t(7);
  for (uintptr_t w = first, i = 0; w + 8 <= d + n; w += 8, i++) {
    if (layout) {
      uintptr_t k = i % layout->period;
      if (!((layout->words[k / 64] >> (k % 64)) & 1))
        continue;
    }
    uintptr_t v;
    __builtin_memcpy(&v, (const void *)w, sizeof v);
    if (!IsGoPointer(v))
      continue;
    if (into_go)
      StorePointerIntoGoMemory(t, w, v, site, 2);
    else
      StoreIntoCMemory(t, w, v, site, 2);
  }
}

} // extern "C"
