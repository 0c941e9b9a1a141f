// Lookups over the calls in progress and the per-thread history of returned lends (see
// lent_memory.h). Nothing here is on the call path: returns write the history inline. The
// lookups run only for accesses to Go memory that the accessing thread's own calls did not lend
// (OpenMP workers and other helper threads, and the violations themselves), and when C kept a Go
// pointer.
#include "lent_memory.h"

#include <stddef.h>

namespace cgosan {

// The inline return writes entries (cgosan_abi.h).
static_assert(sizeof(HistoryEntry) == CGOSAN_HISTORY_ENTRY_SIZE, "history entry size");
static_assert(offsetof(HistoryEntry, base) == CGOSAN_H_BASE, "history entry layout");
static_assert(offsetof(HistoryEntry, touched_end) == CGOSAN_H_TOUCHED_END, "history entry layout");
static_assert(offsetof(HistoryEntry, call) == CGOSAN_H_CALL, "history entry layout");
static_assert(offsetof(HistoryEntry, go_frame) == CGOSAN_H_GO_FRAME, "history entry layout");
static_assert(offsetof(HistoryEntry, kept_site) == CGOSAN_H_KEPT_SITE, "history entry layout");
static_assert(offsetof(HistoryEntry, argument) == CGOSAN_H_ARGUMENT, "history entry layout");
static_assert((kHistory & (kHistory - 1)) == 0, "the history ring's size is a power of two");

namespace {

bool FindIn(const ThreadState &t, uintptr_t a, ReturnedLend *out) {
  const HistoryEntry *h = __atomic_load_n(&t.history, __ATOMIC_ACQUIRE);
  if (!h)
    return false;
  unsigned next = __atomic_load_n(&t.history_next, __ATOMIC_ACQUIRE);
  unsigned n = next < kHistory ? next : kHistory;
  for (unsigned k = 1; k <= n; k++) {
    const HistoryEntry &e = h[(next - k) % kHistory];
    // C was seen touching [base, touched_end); an access up to kReturnedSlack past it is still
    // taken as the same object's.
    uintptr_t end = (e.touched_end > e.base ? e.touched_end : e.base + 1) + kReturnedSlack;
    if (a >= e.base && a < end && IsGoPointer(e.base)) {
      *out = {e.base, end, e.call, e.kept_site, e.kept_at, e.argument, KindOf(e.base, e.go_frame)};
      return true;
    }
  }
  return false;
}

} // namespace

const char *KindName(GoPointerKind k) { return k == kGoStack ? "goroutine stack" : "Go heap"; }

void InitLentMemory() { InitThreadRegistry(); }

int LendingFrame(const ThreadState &t, unsigned below, uintptr_t a) {
  for (unsigned d = below; d-- > 0;) {
    const CallFrame *f = FrameAt(t, d);
    if (f && FrameLends(*f, a))
      return (int)d;
  }
  return -1;
}

bool FindLendingCall(const ThreadState *self, uintptr_t a, CallPin *pin) {
  return AnyOtherThread(self, [&](ThreadState &t) {
    unsigned depth = __atomic_load_n(&t.depth, __ATOMIC_ACQUIRE);
    int d = LendingFrame(t, depth, a);
    if (d < 0)
      return false;
    if (pin)
      *pin = {&t, (unsigned)d, __atomic_load_n(&FrameAt(t, d)->serial, __ATOMIC_ACQUIRE)};
    return true;
  });
}

bool PinStillInProgress(const CallPin &pin) {
  if (__atomic_load_n(&pin.thread->depth, __ATOMIC_ACQUIRE) <= pin.depth)
    return false;
  const CallFrame *f = FrameAt(*pin.thread, pin.depth);
  return f && __atomic_load_n(&f->serial, __ATOMIC_ACQUIRE) == pin.serial;
}

bool FindReturnedLend(const ThreadState &self, uintptr_t a, ReturnedLend *out) {
  if (FindIn(self, a, out))
    return true;
  return AnyOtherThread(&self, [&](ThreadState &t) { return FindIn(t, a, out); });
}

} // namespace cgosan
