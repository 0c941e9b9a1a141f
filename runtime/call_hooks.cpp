// The cgo call hooks (cgosan_abi.h): a wrapper's entry, the Go pointers it lends, its exit (where
// what C kept is judged), and the heap allocations that reports describe. They run once per call,
// on the calling thread, without locks. Every hook keeps errno as it found it: the C code being
// checked may read it.
#include "cgosan_abi.h"
#include "fast_path.h"
#include "flags.h"
#include "go_memory.h"
#include "heap_blocks.h"
#include "lent_memory.h"
#include "pinned.h"
#include "report.h"
#include "safe_read.h"
#include "thread_state.h"

#include <errno.h>

using namespace cgosan;

// The hooks' rare paths are tail calls, so that their common paths save no registers (the runtime
// is built with -fno-optimize-sibling-calls, for stack walks).
#if defined(__clang__) && __has_cpp_attribute(clang::musttail)
#define CGOSAN_TAIL [[clang::musttail]]
#else
#define CGOSAN_TAIL
#endif

namespace {

// Go pointers lent to an enclosing call stay pinned until that call returns, so an inner call may
// leave them stored; they are judged when their own call returns.
bool LentByEnclosingCall(const ThreadState &t, unsigned depth, uintptr_t v) {
  for (unsigned d = 0; d < depth && d < kMaxDepth; d++) {
    const CallFrame &f = t.frames[d];
    for (unsigned i = 0; i < f.lent_count; i++)
      if (v == f.lent[i])
        return true;
  }
  return false;
}

// The lent argument v points into: its index in f.lent, or -1. An exact match first.
int FindLent(const CallFrame &f, uintptr_t v) {
  for (unsigned i = 0; i < f.lent_count; i++)
    if (v == f.lent[i])
      return (int)i;
  for (unsigned i = 0; i < f.lent_count; i++)
    if (v >= f.lent[i] && v < f.lent_end[i])
      return (int)i;
  return -1;
}

// Frame d is returning and C made store records during it: report each Go pointer still where C
// stored it, hand those lent by an enclosing call to that call, and remember the lent memory with
// where C kept it. Out of line: most returns have no records.
__attribute__((noinline)) void JudgeRecords(ThreadState &t, unsigned d, CallFrame &f) {
  int saved_errno = errno;
  const cgosan_site *kept_site[kMaxLent] = {};
  uintptr_t kept_at[kMaxLent] = {};
  unsigned end = t.nrecords;
  t.nrecords = f.first_record;
  for (unsigned i = f.first_record; i < end; i++) {
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
    uintptr_t now;
    if (!SafeRead(r.addr, &now) || now != r.value)
      continue;
    if (d > 0 && LentByEnclosingCall(t, d, r.value)) {
      AppendRecord(t, r); // judged when the enclosing call returns
      continue;
    }
    if (IsPinned(r.value))
      continue;
    int lent = FindLent(f, r.value);
    if (lent >= 0 && !kept_site[lent]) { // the first place C kept it
      kept_site[lent] = r.site;
      kept_at[lent] = r.addr;
    }
    RetainedPointer rp;
    rp.store_site = r.site;
    rp.call = f.call;
    rp.go_pointer = r.value;
    rp.kind = KindOf(r.value, f.go_frame);
    rp.kept_at = r.addr;
    rp.stack = &r.stack;
    rp.level = r.level;
    rp.lent_argument = lent >= 0 && f.lent_index[lent] != UINT32_MAX ? (int)f.lent_index[lent] : -1;
    ReportRetainedPointer(rp);
  }
  RememberReturnedLends(t, f, kept_site, kept_at);
  errno = saved_errno;
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
  if (n >= kMaxLent)
    return;
  FillSlot(f, n, p, index);
  __atomic_store_n(&f.lent_count, n + 1, __ATOMIC_RELEASE);
}

__attribute__((always_inline)) inline void Enter(ThreadState &t, const cgosan_call *call,
                                                 void *ret_slot, const void *go_frame,
                                                 const void *first_lent, uint32_t first_index) {
  unsigned d = t.depth;
  if (d < kMaxDepth) {
    // Like FillSlot, only what differs from the last call at this depth is stored. Other threads
    // see the frame only once depth counts it.
    CallFrame &f = t.frames[d];
    SetIfChanged(f.call, call);
    SetIfChanged(f.stack_hi, (uintptr_t)ret_slot + sizeof(void *));
    SetIfChanged(f.go_frame, (uintptr_t)go_frame);
    SetIfChanged(f.first_record, t.nrecords);
    unsigned n = 0;
    uintptr_t p = (uintptr_t)first_lent;
    if (p && IsGoPointer(p)) {
      FillSlot(f, 0, p, first_index);
      n = 1;
    }
    SetIfChanged(f.lent_count, n);
  }
  __atomic_store_n(&t.depth, d + 1, __ATOMIC_RELEASE);
}

// The thread's first cgo call: register it, then enter as usual. Out of line (and reached by a
// tail call) so that the common entry needs no saved registers.
__attribute__((noinline)) void EnterFirstCall(const cgosan_call *call, void *ret_slot,
                                              const void *go_frame, const void *first_lent,
                                              uint32_t first_index) {
  ThreadState &t = CurrentThread();
  RegisterThread(t);
  Enter(t, call, ret_slot, go_frame, first_lent, first_index);
}

// The call at the thread's depth has just returned with store records: judge them.
__attribute__((noinline)) void JudgeReturningCall() {
  ThreadState &t = CurrentThread();
  JudgeRecords(t, t.depth, t.frames[t.depth]);
}

} // namespace

extern "C" {

void __cgosan_call_enter(const cgosan_call *call, void *ret_slot, const void *go_frame,
                         const void *first_lent, uint32_t first_index) {
  if (level == 0)
    return;
  ThreadState &t = CurrentThread();
  if (__builtin_expect(!t.registry_slot, 0))
    CGOSAN_TAIL return EnterFirstCall(call, ret_slot, go_frame, first_lent, first_index);
  Enter(t, call, ret_slot, go_frame, first_lent, first_index);
}

void __cgosan_lend(const void *p, uint32_t index) {
  if (level == 0)
    return;
  ThreadState &t = CurrentThread();
  if (t.depth == 0 || t.depth > kMaxDepth)
    return;
  Lend(t.frames[t.depth - 1], (uintptr_t)p, index);
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
  if (d >= kMaxDepth)
    return;
  CallFrame &f = t.frames[d];
  // The common return: C kept nothing, so the lent memory only goes into the history.
  if (__builtin_expect(t.nrecords != f.first_record, 0))
    CGOSAN_TAIL return JudgeReturningCall();
  RememberReturnedLends(t, f, nullptr, nullptr);
}

void __cgosan_heap_alloc(const void *p, size_t size, const cgosan_site *site) {
  if (level != 0 && p)
    NoteHeapAlloc((uintptr_t)p, size, site);
}

} // extern "C"
