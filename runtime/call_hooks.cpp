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
  __atomic_store_n(&f.lent[n], p, __ATOMIC_RELAXED);
  f.lent_end[n] = p;
  f.lent_index[n] = index;
  __atomic_store_n(&f.lent_count, n + 1, __ATOMIC_RELEASE);
}

} // namespace

extern "C" {

void __cgosan_call_enter(const cgosan_call *call, void *ret_slot, const void *go_frame,
                         const void *first_lent, uint32_t first_index) {
  if (level == 0)
    return;
  ThreadState &t = CurrentThread();
  if (__builtin_expect(!t.registry_slot, 0))
    RegisterThread(t);
  unsigned d = t.depth;
  if (d < kMaxDepth) {
    CallFrame &f = t.frames[d];
    f.call = call;
    f.stack_hi = (uintptr_t)ret_slot + sizeof(void *);
    f.go_frame = (uintptr_t)go_frame;
    f.first_record = t.nrecords;
    __atomic_store_n(&f.lent_count, 0, __ATOMIC_RELAXED);
    if (first_lent)
      Lend(f, (uintptr_t)first_lent, first_index);
  }
  __atomic_store_n(&t.depth, d + 1, __ATOMIC_RELEASE);
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
  // inline checks.
  ClearLentCache();
  unsigned d = depth - 1;
  __atomic_store_n(&t.depth, d, __ATOMIC_RELEASE);
  if (d >= kMaxDepth)
    return;
  CallFrame &f = t.frames[d];
  // The common return: C kept nothing, so the lent memory only goes into the history.
  if (t.nrecords == f.first_record) {
    RememberReturnedLends(t, f, nullptr, nullptr);
    return;
  }
  JudgeRecords(t, d, f);
}

void __cgosan_heap_alloc(const void *p, size_t size, const cgosan_site *site) {
  if (level != 0 && p)
    NoteHeapAlloc((uintptr_t)p, size, site);
}

} // extern "C"
