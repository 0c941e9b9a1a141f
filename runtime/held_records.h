// Go pointers that C kept after the call that made the store returned, in memory that a call in
// progress on another thread still pins (it lent memory covering them), and pointers into lent
// memory stored by threads with no cgo call of their own (threads C starts, OpenMP workers). Each
// waits for the call that pins it; when that call returns it is judged again: still held, and no
// call in progress pins it any more, it is reported.
//
// One list for the whole process behind a spin lock: handing a record to another thread's call is
// rare, and the call path only tests the thread's own `pending_pins` counter. A record is handed
// over in two steps that race with the pinning call's return; an asymmetric barrier (membarrier)
// between them lets the return stay free of fences (see HoldRecord).
#ifndef CGOSAN_HELD_RECORDS_H
#define CGOSAN_HELD_RECORDS_H

#include "lent_memory.h"
#include "thread_state.h"

namespace cgosan {

// Sets up the asymmetric barrier; at start-up.
void InitHeldRecords();
// True when call exits must fence before reading pending_pins (no membarrier on this kernel).
extern bool g_exit_needs_fence;

// Hands r to the call `pin`. `self` is the calling thread; `depth` its calls in progress (their
// coverage was already ruled out). If the pinned call returned in the meantime, r is judged at
// once on this thread.
void HoldRecord(ThreadState &self, unsigned depth, const StoreRecord &r, const CallPin &pin);
// The call of t at depth d with serial `serial` has returned (t's depth is d now): judge the
// records held for it, and any whose call is no longer in progress. With serial null: t is going
// away, judge every record held for it.
void ReleaseHeldRecords(ThreadState &t, const uint32_t *serial);
// C gave [lo, hi) back to the allocator / realloc moved it (see thread_state.h).
void ForgetHeldIn(uintptr_t lo, uintptr_t hi);
void MoveHeldIn(uintptr_t old_lo, uintptr_t old_hi, uintptr_t kept, uintptr_t new_lo);
// Records waiting; a load for the allocator's fast path.
unsigned HeldCount();

} // namespace cgosan

#endif
