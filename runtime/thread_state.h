// Per-thread record of the cgo calls in progress and of the Go pointers C stored into C memory
// during them. Each thread owns its state: the call path takes no lock.
#ifndef CGOSAN_THREAD_STATE_H
#define CGOSAN_THREAD_STATE_H

#include "cgosan_abi.h"
#include "stack.h"

#include <stdint.h>

namespace cgosan {

constexpr unsigned kMaxDepth = 64; // nested Go->C->Go->C calls tracked per thread
constexpr unsigned kMaxLent = 8;   // Go pointer arguments remembered per call

// C stored Go pointer `value` at C address `addr` while frame `depth` was the innermost call.
struct StoreRecord {
  uintptr_t addr;
  uintptr_t value; // 0: forgotten (overwritten or freed since)
  const cgosan_site *site;
  int level;        // 2 if made by a level-2 path (a uintptr_t store or a copy), else 1
  StackTrace stack; // C frames at the store
};

// Other threads read `depth` and each frame's `lent`/`lent_count` (lent_memory.cpp): the owner
// publishes them with relaxed atomic stores, and fills a lent slot before counting it.
struct CallFrame {
  const cgosan_call *call;
  uintptr_t stack_hi;    // upper end of this call's C stack frames
  uintptr_t go_frame;    // the wrapper's argument: an address in the calling goroutine's stack
  unsigned first_record; // records[first_record, ...) belong to this call
  unsigned lent_count;
  uintptr_t lent[kMaxLent];
  uintptr_t lent_end[kMaxLent];  // one past the highest byte C touched from lent[i] so far
  uint32_t lent_index[kMaxLent]; // argument index (0-based), or UINT32_MAX if not known
};

struct HistoryEntry; // lent_memory.h

struct ThreadState {
  unsigned depth;    // calls in progress (may exceed kMaxDepth: deeper ones are not tracked)
  unsigned nrecords; // records in use
  unsigned capacity; // records allocated
  StoreRecord *records;
  unsigned registry_slot; // 1 + index in the thread registry (lent_memory.cpp), 0 if none yet
  HistoryEntry *history;  // ring of the Go memory this thread's calls lent and gave back
  unsigned history_next;  // total entries ever written (ring index = history_next % size)
  bool in_slow_path;      // a hook's slow path is running: inner hook calls return at once
  CallFrame frames[kMaxDepth];
};

extern __thread ThreadState thread_state __attribute__((tls_model("initial-exec")));
// Inline: every hook starts here.
inline ThreadState &CurrentThread() { return thread_state; }

// The upper end of the C frames a report's stack walk may read: the innermost tracked call's
// wrapper frame, or 0 (unknown: a thread with no cgo call in progress).
inline uintptr_t StackTop(const ThreadState &t) {
  unsigned d = t.depth < kMaxDepth ? t.depth : kMaxDepth;
  return d ? t.frames[d - 1].stack_hi : 0;
}

// Appends a record, growing the buffer from the kernel when full; false if out of memory.
bool AppendRecord(ThreadState &t, const StoreRecord &r);
// Maps `size` bytes of zeroed memory from the kernel (never malloc); null if out of memory.
void *MapPages(uintptr_t size);
// Forgets records of the current calls whose address lies in [lo, hi).
void ForgetRange(ThreadState &t, uintptr_t lo, uintptr_t hi);

} // namespace cgosan

#endif
