// The cgo call hooks (cgosan_abi.h): a wrapper's entry, the Go pointers it lends, its exit (where
// what C kept is judged), and the heap allocations that reports describe. They run once per call,
// on the calling thread, without locks. Every hook keeps errno as it found it: the C code being
// checked may read it.
#include "cgosan_abi.h"
#include "fast_path.h"
#include "flags.h"
#include "go_memory.h"
#include "heap_blocks.h"
#include "held_records.h"
#include "lent_memory.h"
#include "long_calls.h"
#include "retention.h"
#include "slow_path.h"
#include "thread_registry.h"
#include "thread_state.h"

using namespace cgosan;

// The hooks' rare paths are tail calls, so that their common paths save no registers (the runtime
// is built with -fno-optimize-sibling-calls, for stack walks).
#if defined(__clang__) && __has_cpp_attribute(clang::musttail)
#define CGOSAN_TAIL [[clang::musttail]]
#else
#define CGOSAN_TAIL
#endif

namespace {

// Frame f (at depth d, t.depth == d now) is returning and C made store records during it: judge
// each Go pointer still where C stored it, and remember the lent memory with where C kept it.
// Out of line: most returns have no records.
__attribute__((noinline)) void JudgeRecords(ThreadState &t, unsigned d, CallFrame &f) {
  SlowPath slow(t);
  const cgosan_site *kept_site[kMaxLent] = {};
  uintptr_t kept_at[kMaxLent] = {};
  unsigned end = t.nrecords;
  t.nrecords = f.first_record;
  for (unsigned i = f.first_record; i < end; i++) {
    // A copy: judging may append records, over entries already read.
    StoreRecord r = t.records[i];
    if (r.value == 0)
      continue;
    // A later record for the same address supersedes this one.
    bool superseded = false;
    for (unsigned j = i + 1; j < end && j < i + 1024; j++)
      if (t.records[j].addr == r.addr && t.records[j].value != 0) {
        superseded = true;
        break;
      }
    if (superseded)
      continue;
    if (!r.call)
      FillLender(r, f);
    if (!JudgeRecord(t, d, r, f.call))
      continue;
    // Where C kept each lent pointer first, for use-after-return reports.
    unsigned n = f.lent_count < kMaxLent ? f.lent_count : kMaxLent;
    for (unsigned k = 0; k < n; k++)
      if (f.lent[k] == r.value && !kept_site[k]) {
        kept_site[k] = r.site;
        kept_at[k] = r.addr;
      }
  }
  NoteRecordsEmpty(t);
  RememberReturnedLends(t, f, kept_site, kept_at);
}

template <class T> inline void SetIfChanged(T &slot, T v) {
  if (__atomic_load_n(&slot, __ATOMIC_RELAXED) != v)
    __atomic_store_n(&slot, v, __ATOMIC_RELAXED);
}

// Lent slot n of f (not yet counted) holds p, lent as argument `index`. Only what differs from
// what the slot held is stored: a loop calling the same C function with the same buffer finds it
// as the last call left it (stores on the way into C wait for the Go runtime's locked
// instructions around the call; loads do not).
void FillSlot(CallFrame &f, unsigned n, uintptr_t p, uint32_t index) {
  SetIfChanged(f.lent[n], p);
  SetIfChanged(f.lent_end[n], p);
  SetIfChanged(f.lent_index[n], index);
}

// Frame f was lent p as argument `index` (UINT32_MAX: unknown). Other threads read the slots:
// a slot is filled before it is counted.
void Lend(CallFrame &f, uintptr_t p, uint32_t index) {
  if (!IsGoPointer(p))
    return;
  for (unsigned i = 0; i < f.lent_count; i++)
    if (f.lent[i] == p) {
      if (f.lent_index[i] == UINT32_MAX)
        f.lent_index[i] = index;
      return;
    }
  unsigned n = f.lent_count;
  if (n >= kMaxLent) {
    // No slot left: the call is taken to lend all Go memory (FrameLends), which can hide a
    // violation during it but never reports a legal access.
    __atomic_store_n(&f.lent_overflow, true, __ATOMIC_RELAXED);
    return;
  }
  FillSlot(f, n, p, index);
  __atomic_store_n(&f.lent_count, n + 1, __ATOMIC_RELEASE);
}

__attribute__((always_inline)) inline void Enter(ThreadState &t, CallFrame &f,
                                                 const cgosan_call *call, void *ret_slot,
                                                 const void *go_frame, const void *first_lent,
                                                 uint32_t first_index) {
  // Like FillSlot, only what differs from the last call at this depth is stored, but the serial,
  // which names this call. Other threads see the frame only once depth counts it.
  SetIfChanged(f.call, call);
  SetIfChanged(f.stack_hi, (uintptr_t)ret_slot + sizeof(void *));
  SetIfChanged(f.go_frame, (uintptr_t)go_frame);
  SetIfChanged(f.first_record, t.nrecords);
  SetIfChanged(f.lent_overflow, false);
  __atomic_store_n(&f.serial, f.serial + 1, __ATOMIC_RELAXED);
  unsigned n = 0;
  uintptr_t p = (uintptr_t)first_lent;
  if (p && IsGoPointer(p)) {
    FillSlot(f, 0, p, first_index);
    n = 1;
  }
  SetIfChanged(f.lent_count, n);
  __atomic_store_n(&t.depth, t.depth + 1, __ATOMIC_RELEASE);
}

// The rare entries: the thread's first cgo call (register it), or a call nested deeper than the
// frames kept in TLS. Out of line (and reached by a tail call) so that the common entry needs no
// saved registers.
__attribute__((noinline)) void EnterSlow(const cgosan_call *call, void *ret_slot,
                                         const void *go_frame, const void *first_lent,
                                         uint32_t first_index) {
  ThreadState &t = CurrentThread();
  if (!t.registry_slot) {
    RegisterThread(t);
    StartLongCallWatcher();
  }
  CallFrame *f = FrameForEnter(t, t.depth);
  if (!f) {
    __atomic_store_n(&t.depth, t.depth + 1, __ATOMIC_RELEASE); // counted, not tracked
    return;
  }
  Enter(t, *f, call, ret_slot, go_frame, first_lent, first_index);
}

// The call at the thread's depth has just returned, and something needs more than the common
// return: records handed to it by other threads, or records of its own to judge.
__attribute__((noinline)) void ExitSlow() {
  ThreadState &t = CurrentThread();
  unsigned d = t.depth;
  CallFrame *f = FrameAt(t, d);
  if (!f)
    return;
  if (g_exit_needs_fence)
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
  if (__atomic_load_n(&t.pending_pins, __ATOMIC_ACQUIRE)) {
    SlowPath slow(t);
    ReleaseHeldRecords(t, &f->serial);
  }
  if (__atomic_load_n(&t.long_calls, __ATOMIC_ACQUIRE)) {
    SlowPath slow(t);
    LongCallReturned(t, d, *f);
  }
  if (t.nrecords != f->first_record)
    JudgeRecords(t, d, *f);
  else
    RememberReturnedLends(t, *f, nullptr, nullptr);
}

} // namespace

extern "C" {

void __cgosan_call_enter(const cgosan_call *call, void *ret_slot, const void *go_frame,
                         const void *first_lent, uint32_t first_index) {
  if (level == 0)
    return;
  ThreadState &t = CurrentThread();
  if (__builtin_expect(!t.registry_slot || t.depth >= kInlineFrames, 0))
    CGOSAN_TAIL return EnterSlow(call, ret_slot, go_frame, first_lent, first_index);
  Enter(t, t.frames[t.depth], call, ret_slot, go_frame, first_lent, first_index);
}

void __cgosan_lend(const void *p, uint32_t index) {
  if (level == 0)
    return;
  ThreadState &t = CurrentThread();
  if (CallFrame *f = InnermostFrame(t))
    Lend(*f, (uintptr_t)p, index);
}

void __cgosan_call_exit(void) {
  if (level == 0)
    return;
  ThreadState &t = CurrentThread();
  unsigned depth = t.depth;
  if (depth == 0)
    return;
  // From here on other threads no longer see this call's memory as lent, nor this thread's
  // checks (the cache is stored to only if set: see Enter).
  if (__cgosan_lent_cache[1])
    ClearLentCache();
  unsigned d = depth - 1;
  __atomic_store_n(&t.depth, d, __ATOMIC_RELEASE);
  // pending_pins must be read after depth is stored; the compiler may not move it up either.
  __atomic_signal_fence(__ATOMIC_SEQ_CST);
  // The common return: C kept nothing and nobody handed this call anything, so the lent memory
  // only goes into the history (held_records.cpp says why no fence is needed here).
  if (__builtin_expect(d >= kInlineFrames || t.pending_pins || t.long_calls || g_exit_needs_fence ||
                           t.nrecords != t.frames[d].first_record,
                       0))
    CGOSAN_TAIL return ExitSlow();
  RememberReturnedLends(t, t.frames[d], nullptr, nullptr);
}

void __cgosan_heap_alloc(const void *p, size_t size, const cgosan_site *site) {
  if (level != 0 && p)
    NoteHeapAlloc((uintptr_t)p, size, site);
}

} // extern "C"
