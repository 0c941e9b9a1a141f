// Per-thread record of the cgo calls in progress and of the Go pointers C stored into C memory
// during them. Each thread owns its state: the call path takes no lock.
#ifndef CGOSAN_THREAD_STATE_H
#define CGOSAN_THREAD_STATE_H

#include "cgosan_abi.h"
#include "stack.h"

#include <stdint.h>

namespace cgosan {

// Nested Go->C->Go->C calls: the first kInlineFrames live in the thread's TLS, deeper ones in an
// array mapped (and grown) on demand, so that nesting has no fixed limit.
constexpr unsigned kInlineFrames = CGOSAN_INLINE_FRAMES;
constexpr unsigned kMaxLent = CGOSAN_MAX_LENT; // pointer arguments remembered per call

enum GoPointerKind : uint8_t { kGoHeap, kGoStack };

// C stored Go pointer `value` at C address `addr`.
struct StoreRecord {
  uintptr_t addr;
  uintptr_t value; // 0: forgotten (overwritten or freed since)
  const cgosan_site *site;
  uint8_t level;             // 2 if made by a level-2 path (a uintptr_t store or a copy), else 1
  bool in_module_data;       // addr lies in a loaded module's data: readable while none is unloaded
  bool by_other_thread;      // stored by a thread with no cgo call in progress (a thread C started)
  GoPointerKind kind;        // filled in with `call`
  int32_t lent_argument;     // 0-based argument of `call` it was lent as, -1 if not known
  uint64_t modules_unloaded; // ModulesUnloaded() when in_module_data was decided
  const cgosan_call *call;   // the call that lent it; null until the storing call returns
  StackTrace stack;          // C frames at the store
};

// One cgo call in progress (or the last one made at its depth). The wrappers' inline entry writes
// the first fields (cgosan_abi.h); other threads read `lent`/`lent_count`/`serial` of frames below
// `depth` (lent_memory.cpp), which the owner publishes with its release store of depth.
struct CallFrame {
  const cgosan_call *call;
  uintptr_t stack_hi;    // upper end of this call's C stack frames
  uintptr_t go_frame;    // the wrapper's argument: an address in the calling goroutine's stack
  unsigned first_record; // records[first_record, ...) belong to this call
  uint32_t serial;       // counts the calls made at this depth: (thread, depth, serial) is one call
  // Pointer arguments in lent[], as passed (C pointers and null too: users ask IsGoPointer);
  // more than kMaxLent: more were lent than there are slots (FrameLends).
  unsigned lent_count;
  unsigned reserved;
  uintptr_t lent[kMaxLent];
  uintptr_t lent_end[kMaxLent];  // one past the highest byte C touched from lent[i] so far
  uint32_t lent_index[kMaxLent]; // argument index (0-based), or UINT32_MAX if not known
  // Written by the long-call watcher (long_calls.h): the call (by serial) it first saw holding
  // Go memory, when, and whether it reported it.
  uint32_t watched_serial;
  bool long_reported;
  uint64_t watched_since_ns;
  char padding[CGOSAN_FRAME_SIZE - 216];
};

inline unsigned LentSlots(const CallFrame &f) {
  unsigned n = __atomic_load_n(&f.lent_count, __ATOMIC_ACQUIRE);
  return n < kMaxLent ? n : kMaxLent;
}
inline bool LentOverflow(const CallFrame &f) {
  return __atomic_load_n(&f.lent_count, __ATOMIC_RELAXED) > kMaxLent;
}

struct HistoryEntry; // lent_memory.h

struct ThreadState {
  // The head the wrappers' inline call path reads and writes (cgosan_abi.h, CGOSAN_T_*).
  unsigned depth;        // calls in progress
  unsigned inline_limit; // depths the inline path handles: 0 until registered (RegisterThread)
  unsigned nrecords;     // records in use
  unsigned history_next; // history entries ever written (ring index = history_next % size)
  // Read together as one word by the inline return (exit_work): nonzero sends it to the runtime.
  unsigned pending_pins;    // records another thread handed to this thread's calls (held_records.h)
  unsigned long_calls;      // calls in progress the long-call watcher reported (long_calls.h)
  uintptr_t lent_cache[2];  // [lo, hi) needs no check until a call returns (fast_path.h)
  HistoryEntry *history;    // ring of the Go memory this thread's calls lent and gave back
  HistoryEntry *last_entry; // the newest entry of the ring (a zeroed one before any)
  uintptr_t reserved;
  CallFrame frames[kInlineFrames];

  unsigned capacity;      // records allocated
  unsigned registry_slot; // 1 + index in the thread registry (thread_registry.h), 0 if none yet
  StoreRecord *records;
  bool records_counted; // counted in RecordsElsewhere() (free() then looks at this thread)
  bool in_slow_path;    // a hook's slow path is running: inner hook calls return at once
  // The thread's stack below its static TLS (thread-locals outlive its calls), found on first
  // need (FindOwnStack): the locals of its frames.
  uintptr_t own_stack_lo, own_stack_hi;
  CallFrame *overflow; // frames [kInlineFrames, kInlineFrames + overflow_capacity)
  unsigned overflow_capacity;
};

} // namespace cgosan

// The wrappers' inline code addresses it by name (cgosan_abi.h).
extern "C" __thread cgosan::ThreadState __cgosan_thread __attribute__((tls_model("initial-exec")));

namespace cgosan {

// Inline: every hook starts here.
inline ThreadState &CurrentThread() { return __cgosan_thread; }

// Frame d of t, or null if it was never allocated (beyond what the overflow array holds). Safe to
// call for another thread's state: the overflow array is never unmapped.
inline CallFrame *FrameAt(ThreadState &t, unsigned d) {
  if (d < kInlineFrames)
    return &t.frames[d];
  CallFrame *o = __atomic_load_n(&t.overflow, __ATOMIC_ACQUIRE);
  unsigned cap = __atomic_load_n(&t.overflow_capacity, __ATOMIC_ACQUIRE);
  return o && d - kInlineFrames < cap ? &o[d - kInlineFrames] : nullptr;
}
inline const CallFrame *FrameAt(const ThreadState &t, unsigned d) {
  return FrameAt(const_cast<ThreadState &>(t), d);
}
// Frame d of this thread for a call about to start there, growing the overflow array if needed;
// null only if the kernel has no memory for it (the call is then not tracked, and a warning
// says so once).
CallFrame *FrameForEnter(ThreadState &t, unsigned d);

// The innermost call in progress on t, or null.
inline CallFrame *InnermostFrame(ThreadState &t) {
  return t.depth ? FrameAt(t, t.depth - 1) : nullptr;
}

// The upper end of the C frames a report's stack walk may read: the innermost call's wrapper
// frame, or 0 (unknown: a thread with no cgo call in progress).
inline uintptr_t StackTop(const ThreadState &t) {
  const CallFrame *f = t.depth ? FrameAt(t, t.depth - 1) : nullptr;
  return f ? f->stack_hi : 0;
}

// At start-up.
void InitThreadState();
// Appends a record, growing the buffer from the kernel when full; false if out of memory.
bool AppendRecord(ThreadState &t, const StoreRecord &r);
// Maps `size` bytes of zeroed memory from the kernel (never malloc); null if out of memory.
void *MapPages(uintptr_t size);

// Threads whose records_counted is set.
extern unsigned g_threads_with_records;
// Whether any thread may hold a record: free() looks for records to forget only then.
inline bool RecordsMayExist(const ThreadState &t) {
  return t.nrecords || __atomic_load_n(&g_threads_with_records, __ATOMIC_RELAXED);
}

// C gave [lo, hi) back to the allocator: the records inside it, of every thread, retain nothing.
void ForgetRecordsIn(uintptr_t lo, uintptr_t hi);
// The allocator moved [old_lo, old_lo + kept) to new_lo (realloc); records in [old_lo, old_hi)
// beyond `kept` were cut off.
void MoveRecordsIn(uintptr_t old_lo, uintptr_t old_hi, uintptr_t kept, uintptr_t new_lo);
// t's records are empty now: stop counting it for ForgetRecordsIn.
void NoteRecordsEmpty(ThreadState &t);

// True if a is a local of one of this thread's frames (for a thread with no cgo call in
// progress: it dies with the thread).
bool IsOwnStackLocal(ThreadState &t, uintptr_t a);
// True if a is a local of the C frames of a call in progress on another thread (it dies with that
// call): below the outermost call's wrapper frame, on that thread's stack.
bool IsLocalOfOtherThreadsCalls(const ThreadState &self, uintptr_t a);

} // namespace cgosan

#endif
