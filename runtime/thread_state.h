// Per-thread record of the cgo calls in progress and of the Go pointers C stored into C memory
// during them. Each thread owns its state: the call path takes no lock.
#ifndef CGOSAN_THREAD_STATE_H
#define CGOSAN_THREAD_STATE_H

#include "cgosan_abi.h"
#include "stack.h"

#include <stdint.h>

namespace cgosan {

constexpr unsigned kMaxDepth = 64; // nested Go->C->Go->C calls tracked per thread
constexpr unsigned kMaxLent = 6;   // Go pointer arguments remembered per call (for reports)

// C stored Go pointer `value` at C address `addr` while frame `depth` was the innermost call.
struct StoreRecord {
  uintptr_t addr;
  uintptr_t value; // 0: forgotten (overwritten or freed since)
  const cgosan_site *site;
  StackTrace stack; // C frames at the store
};

struct CallFrame {
  const cgosan_call *call;
  uintptr_t stack_hi;    // upper end of this call's C stack frames
  unsigned first_record; // records[first_record, ...) belong to this call
  unsigned lent_count;
  uintptr_t lent[kMaxLent];
  uint32_t lent_index[kMaxLent]; // argument index (0-based), or UINT32_MAX if not known
};

struct ThreadState {
  unsigned depth;    // calls in progress (may exceed kMaxDepth: deeper ones are not tracked)
  unsigned nrecords; // records in use
  unsigned capacity; // records allocated
  StoreRecord *records;
  CallFrame frames[kMaxDepth];
};

ThreadState &CurrentThread();

// Appends a record, growing the buffer from the kernel when full; false if out of memory.
bool AppendRecord(ThreadState &t, const StoreRecord &r);
// Forgets records of the current calls whose address lies in [lo, hi).
void ForgetRange(ThreadState &t, uintptr_t lo, uintptr_t hi);

} // namespace cgosan

#endif
