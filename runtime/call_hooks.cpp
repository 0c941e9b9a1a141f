// The cgo call hooks (cgosan_abi.h): the rare paths of a wrapper's inline entry and return (the
// thread's first call, deep nesting, a return with records to judge, which is where what C kept
// is judged), the Go pointers it lends beyond its C function's arguments, and the heap
// allocations that reports describe. They run on the calling thread, without locks. Every hook
// keeps errno as it found it: the C code being checked may read it.
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
    unsigned n = LentSlots(f);
    for (unsigned k = 0; k < n; k++)
      if (f.lent[k] == r.value && !kept_site[k]) {
        kept_site[k] = r.site;
        kept_at[k] = r.addr;
      }
  }
  NoteRecordsEmpty(t);
  RememberReturnedLends(t, f, kept_site, kept_at);
}

// Frame f was lent p as argument `index` (UINT32_MAX: unknown), as passed (lent_memory.h says
// how Go memory is told apart). Other threads read the slots: a slot is filled before it is
// counted.
void Lend(CallFrame &f, uintptr_t p, uint32_t index) {
  unsigned n = f.lent_count;
  for (unsigned i = 0; i < n && i < kMaxLent; i++)
    if (f.lent[i] == p) {
      if (f.lent_index[i] == UINT32_MAX)
        f.lent_index[i] = index;
      return;
    }
  if (n >= kMaxLent) {
    // No slot left: the call is taken to lend all Go memory (FrameLends), which can hide a
    // violation during it but never reports a legal access.
    __atomic_store_n(&f.lent_count, kMaxLent + 1, __ATOMIC_RELEASE);
    return;
  }
  f.lent[n] = p;
  f.lent_end[n] = p;
  f.lent_index[n] = index;
  __atomic_store_n(&f.lent_count, n + 1, __ATOMIC_RELEASE);
}

// What the inline entry does (cgosan_abi.h), for the calls it leaves to the runtime: the thread's
// first call (register it), calls nested deeper than the frames kept in TLS, and every call on a
// thread whose returns must fence. The lends follow, one __cgosan_lend each.
void Enter(const cgosan_call *call, void *ret_slot, const void *go_frame) {
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
  f->call = call;
  f->stack_hi = (uintptr_t)ret_slot + sizeof(void *);
  f->go_frame = (uintptr_t)go_frame;
  f->first_record = t.nrecords;
  f->lent_count = 0;
  __atomic_store_n(&f->serial, f->serial + 1, __ATOMIC_RELAXED);
  __atomic_store_n(&t.depth, t.depth + 1, __ATOMIC_RELEASE);
}

// The call at the thread's depth has just ended (depth no longer counts it), and the return needs
// more than the inline one: records handed to it by other threads, a long call's end, records of
// its own to judge, or lends the inline return does not know of.
void Returned(ThreadState &t) {
  unsigned d = t.depth;
  CallFrame *f = FrameAt(t, d);
  if (!f)
    return;
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

void __cgosan_call_enter(const cgosan_call *call, void *ret_slot, const void *go_frame) {
  if (level != 0)
    Enter(call, ret_slot, go_frame);
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
  // checks.
  ClearLentCache(t);
  __atomic_store_n(&t.depth, depth - 1, __ATOMIC_RELEASE);
  // pending_pins must be read after depth is stored (held_records.cpp); the compiler may not
  // move it up either.
  __atomic_signal_fence(__ATOMIC_SEQ_CST);
  if (g_exit_needs_fence)
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
  Returned(t);
}

void __cgosan_call_exit_slow(void) {
  if (level != 0)
    Returned(CurrentThread());
}

void __cgosan_heap_alloc(const void *p, size_t size, const cgosan_site *site) {
  if (level != 0 && p)
    NoteHeapAlloc((uintptr_t)p, size, site);
}

} // extern "C"
