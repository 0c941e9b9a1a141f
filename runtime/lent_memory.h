// Which Go memory C may touch right now, and which it was lent before.
//
// Go memory is lent to C for one cgo call: from the call's entry to its return, C (on any thread:
// OpenMP workers, threads joined before the return) may read and write it. cgosan does not know
// where a Go object ends, so an address counts as lent when it lies at or above a pointer that a
// call in progress was given, within kLentExtent. After the call returns, each lent pointer goes
// into its thread's history with the extent C was seen touching, so a later access can be named
// as use-after-return of that call's memory.
#ifndef CGOSAN_LENT_MEMORY_H
#define CGOSAN_LENT_MEMORY_H

#include "cgosan_abi.h"
#include "fast_path.h"
#include "go_memory.h"
#include "thread_registry.h"
#include "thread_state.h"

#include <stdint.h>

namespace cgosan {

constexpr uintptr_t kLentExtent = uintptr_t(1) << 30;
// After the return, an access this far past the highest byte C touched during the call is still
// taken as the same object's.
constexpr uintptr_t kReturnedSlack = CGOSAN_RETURNED_SLACK;
constexpr uintptr_t kExtentStep = 4096; // how the touched extent of a lent pointer grows

// The calling goroutine's stack holds the wrapper's argument frame (`go_frame`). Go's heap pages
// are 8 KiB and a page belongs to stacks or to heap objects, never both: a pointer at or above the
// frame within its page is on that stack. Other Go pointers are taken as heap (they may be on the
// far pages of a large stack, which cgosan cannot see).
inline GoPointerKind KindOf(uintptr_t p, uintptr_t go_frame) {
  constexpr uintptr_t kGoPage = 8192;
  return go_frame && p >= go_frame && p < ((go_frame | (kGoPage - 1)) + 1) ? kGoStack : kGoHeap;
}
const char *KindName(GoPointerKind k);

// Go memory a returned call had lent.
struct ReturnedLend {
  uintptr_t base, end; // [base, end): the lent pointer and how far C was seen touching
  const cgosan_call *call;
  const cgosan_site *kept_site; // where C stored it, if that was seen
  uintptr_t kept_at;            // the C location it was stored at
  uint32_t argument;            // 0-based, or UINT32_MAX
  GoPointerKind kind;
};

// What a return writes into the thread's history (the inline return too: cgosan_abi.h,
// CGOSAN_H_*): the frame's fields as they are, with nothing computed (FindReturnedLend derives
// the extent and the kind), so that a return costs a few stores.
struct HistoryEntry {
  uintptr_t base, touched_end; // the lent pointer, and CallFrame::lent_end
  const cgosan_call *call;
  uintptr_t go_frame;
  const cgosan_site *kept_site;
  uintptr_t kept_at;
  uint32_t argument;
  uint32_t reserved;
  uintptr_t padding;
};

// The one rule for "memory this call lent" that every question uses (accesses, and whether a kept
// pointer is still pinned): an address at or above a Go pointer the call was lent, within
// kLentExtent. A call lent more pointers than it has slots for covers all Go memory. Safe on
// another thread's frame.
inline bool FrameLends(const CallFrame &f, uintptr_t a) {
  unsigned n = LentSlots(f);
  for (unsigned i = 0; i < n; i++) {
    uintptr_t p = __atomic_load_n(&f.lent[i], __ATOMIC_RELAXED);
    if (a - p < kLentExtent && IsGoPointer(p))
      return true;
  }
  return LentOverflow(f);
}

void InitLentMemory();

// True if a call in progress on this thread lent memory covering a; notes how far C touched.
// Inline: it runs on every instrumented access to Go memory that the inline checks pass on.
inline bool CoveredByOwnCalls(ThreadState &t, uintptr_t a) {
  for (unsigned d = t.depth; d-- > 0;) {
    CallFrame *f = FrameAt(t, d);
    if (!f)
      continue;
    unsigned n = LentSlots(*f);
    for (unsigned i = 0; i < n; i++)
      if (a - f->lent[i] < kLentExtent && IsGoPointer(f->lent[i])) {
        // C touched up to a: the extent grows by whole pages, and the inline checks skip what it
        // covers until a call returns (fast_path.h).
        if (a >= f->lent_end[i])
          f->lent_end[i] = (a | (kExtentStep - 1)) + 1;
        SetLentCache(t, f->lent[i], f->lent_end[i]);
        return true;
      }
    if (LentOverflow(*f))
      return true;
  }
  return false;
}

// The innermost of t's calls [0, below) that lends a, or -1.
int LendingFrame(const ThreadState &t, unsigned below, uintptr_t a);

// One call in progress: the thread, the depth and that depth's serial number, which changes with
// every call made there.
struct CallPin {
  ThreadState *thread;
  unsigned depth;
  uint32_t serial;
};
// A call in progress on a thread other than `self` that lends a (with *pin, if not null).
bool FindLendingCall(const ThreadState *self, uintptr_t a, CallPin *pin);
inline bool CoveredByOtherThreads(const ThreadState &self, uintptr_t a) {
  return FindLendingCall(&self, a, nullptr);
}
// Whether the pinned call is still in progress.
bool PinStillInProgress(const CallPin &pin);

constexpr unsigned kHistory = CGOSAN_HISTORY; // returned lends remembered per thread

// Called as frame f returns, when the inline return did not do it (cgosan_abi.h): its lent Go
// memory goes into the thread's history (allocated by RegisterThread). `kept_site`/`kept_at` give,
// per lent slot, where C stored it (null: nowhere seen).
inline void RememberReturnedLends(ThreadState &t, const CallFrame &f,
                                  const cgosan_site *const *kept_site, const uintptr_t *kept_at) {
  HistoryEntry *h = t.history;
  unsigned n = LentSlots(f);
  if (!h || n == 0)
    return;
  unsigned next = t.history_next;
  for (unsigned i = 0; i < n; i++) {
    uintptr_t p = f.lent[i];
    if (!IsGoPointer(p))
      continue;
    const cgosan_site *kept = kept_site ? kept_site[i] : nullptr;
    // The same pointer as the newest entry, lent to the same function (a buffer reused call
    // after call), with nothing kept: the entry stands, only the touched extent may grow.
    HistoryEntry *last = t.last_entry;
    if (!kept && n == 1 && last && last->base == p && last->call == f.call) {
      if (f.lent_end[i] > last->touched_end)
        last->touched_end = f.lent_end[i];
      continue;
    }
    HistoryEntry &e = h[next % kHistory];
    e.base = p;
    e.touched_end = f.lent_end[i];
    e.call = f.call;
    e.go_frame = f.go_frame;
    e.kept_site = kept;
    e.kept_at = kept_at ? kept_at[i] : 0;
    e.argument = f.lent_index[i];
    t.last_entry = &e;
    __atomic_store_n(&t.history_next, ++next, __ATOMIC_RELEASE);
  }
}
// The most recent returned lend (this thread's first, then others') whose memory holds a.
bool FindReturnedLend(const ThreadState &self, uintptr_t a, ReturnedLend *out);

} // namespace cgosan

#endif
