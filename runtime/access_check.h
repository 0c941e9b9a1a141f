// The check behind every instrumented access: C may touch Go memory only while a call that lent
// it is in progress (use-after-return), and may not write through a Go pointer an exported Go
// function returned (write-to-returned-go-pointer).
#ifndef CGOSAN_ACCESS_CHECK_H
#define CGOSAN_ACCESS_CHECK_H

#include "cgosan_abi.h"
#include "go_memory.h"
#include "lent_memory.h"
#include "thread_state.h"

namespace cgosan {

// The cgo call in progress on t, or null.
inline const cgosan_call *CurrentCall(const ThreadState &t) {
  const CallFrame *f = t.depth ? FrameAt(t, t.depth - 1) : nullptr;
  return f ? f->call : nullptr;
}

// Judges an access the fast path could not clear; reports what it finds.
void CheckAccessSlow(ThreadState &t, uintptr_t a, const cgosan_site *site, bool write);

// C memory (the common case) costs a page-map lookup; memory lent by this thread's calls a look at
// the lent-memory cache, or a short loop; the rest goes to CheckAccessSlow.
__attribute__((always_inline)) inline void CheckAccess(ThreadState &t, uintptr_t a,
                                                       const cgosan_site *site, bool write) {
  if (!IsGoPointer(a) || InLentCache(a) || CoveredByOwnCalls(t, a))
    return;
  CheckAccessSlow(t, a, site, write);
}

} // namespace cgosan

#endif
