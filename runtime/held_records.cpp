// The process-wide list of records waiting for a call in progress (held_records.h).
//
// Handing a record to thread A's call races with that call's return: the handing thread appends
// the record and counts it in A's pending_pins, then checks that the call is still in progress;
// A's return stores its new depth, then reads pending_pins. Without a fence on either side both
// reads can see the old values (store buffers), and the record would wait for a call that has
// already gone. A fence on A's side would cost every cgo call; instead the handing side runs
// membarrier(MEMBARRIER_CMD_PRIVATE_EXPEDITED), which makes every thread of the process execute a
// full barrier: after it, either A's depth is visible or A's read of pending_pins comes after the
// increment. Where the kernel has no membarrier, call exits fence (g_exit_needs_fence).
#include "held_records.h"

#include "retention.h"
#include "spin_lock.h"
#include "summary.h"

#include <linux/membarrier.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace cgosan {

bool g_exit_needs_fence;

namespace {

struct Held {
  StoreRecord record;
  CallPin pin;
  const cgosan_call *pinned_by; // the pinned call (for the report, after it has returned)
};

SpinLock lock;
Held *list; // [0, count), under lock
unsigned count, capacity;
unsigned held_count; // count, for readers without the lock
int barrier_cmd;     // the membarrier command HoldRecord runs, 0 if none

void Barrier() {
  if (barrier_cmd)
    syscall(SYS_membarrier, barrier_cmd, 0, 0);
  else
    __atomic_thread_fence(__ATOMIC_SEQ_CST);
}

// Appends under lock; false if out of memory (the record is then judged at once).
bool Append(const Held &h) {
  if (count == capacity) {
    unsigned cap = capacity ? capacity * 2 : 256;
    Held *grown = (Held *)MapPages(cap * sizeof(Held));
    if (!grown)
      return false;
    if (list) {
      memcpy(grown, list, count * sizeof(Held));
      syscall(SYS_munmap, list, capacity * sizeof(Held));
    }
    list = grown;
    capacity = cap;
  }
  list[count++] = h;
  __atomic_store_n(&held_count, count, __ATOMIC_RELEASE);
  __atomic_fetch_add(&h.pin.thread->pending_pins, 1, __ATOMIC_ACQ_REL);
  return true;
}

// Removes list[i] under lock (order does not matter).
void RemoveAt(unsigned i) {
  __atomic_fetch_sub(&list[i].pin.thread->pending_pins, 1, __ATOMIC_ACQ_REL);
  list[i] = list[--count];
  __atomic_store_n(&held_count, count, __ATOMIC_RELEASE);
}

// Takes out up to `max` records `take` selects; returns how many.
template <class F> unsigned TakeOut(Held *out, unsigned max, F take) {
  SpinLockGuard guard(lock);
  unsigned n = 0;
  for (unsigned i = 0; i < count && n < max;) {
    if (take(list[i])) {
      out[n++] = list[i];
      RemoveAt(i);
    } else {
      i++;
    }
  }
  return n;
}

// Judges, on thread t (calls [0, depth) in progress), every record `take` selects.
template <class F> void JudgeTaken(ThreadState &t, unsigned depth, F take) {
  constexpr unsigned kBatch = 32;
  Held batch[kBatch];
  for (unsigned n; (n = TakeOut(batch, kBatch, take)) != 0;) {
    for (unsigned i = 0; i < n; i++)
      JudgeRecord(t, depth, batch[i].record, batch[i].pinned_by);
    CountHeld(-(int)n);
  }
}

} // namespace

void InitHeldRecords() {
  if (syscall(SYS_membarrier, MEMBARRIER_CMD_REGISTER_PRIVATE_EXPEDITED, 0, 0) == 0)
    barrier_cmd = MEMBARRIER_CMD_PRIVATE_EXPEDITED;
  else if (syscall(SYS_membarrier, MEMBARRIER_CMD_QUERY, 0, 0) > 0 &&
           (syscall(SYS_membarrier, MEMBARRIER_CMD_QUERY, 0, 0) & MEMBARRIER_CMD_GLOBAL))
    barrier_cmd = MEMBARRIER_CMD_GLOBAL;
  else
    g_exit_needs_fence = true;
}

unsigned HeldCount() { return __atomic_load_n(&held_count, __ATOMIC_ACQUIRE); }

void HoldRecord(ThreadState &self, unsigned depth, const StoreRecord &r, const CallPin &pin) {
  const CallFrame *f = FrameAt(*pin.thread, pin.depth);
  Held h = {r, pin, f ? __atomic_load_n(&f->call, __ATOMIC_RELAXED) : nullptr};
  bool held;
  {
    SpinLockGuard guard(lock);
    held = Append(h);
  }
  if (!held) {
    // No memory to wait with: judge it now, as if no call pinned it (a report rather than a
    // finding lost without a word).
    JudgeRecord(self, 0, r, h.pinned_by);
    return;
  }
  CountHeld(1);
  Barrier();
  if (!PinStillInProgress(pin))
    // The call returned while the record was being handed over, and may not have seen it.
    JudgeTaken(self, depth, [](const Held &x) { return !PinStillInProgress(x.pin); });
}

void ReleaseHeldRecords(ThreadState &t, const uint32_t *serial) {
  unsigned depth = t.depth;
  JudgeTaken(t, serial ? depth : 0, [&](const Held &x) {
    if (x.pin.thread == &t && (!serial || (x.pin.depth == depth && x.pin.serial == *serial)))
      return true;
    return !PinStillInProgress(x.pin); // any other whose call went without seeing it
  });
}

void ForgetHeldIn(uintptr_t lo, uintptr_t hi) {
  SpinLockGuard guard(lock);
  unsigned before = count;
  for (unsigned i = 0; i < count;) {
    if (list[i].record.addr >= lo && list[i].record.addr < hi)
      RemoveAt(i);
    else
      i++;
  }
  if (before != count)
    CountHeld(-(int)(before - count));
}

void MoveHeldIn(uintptr_t old_lo, uintptr_t old_hi, uintptr_t kept, uintptr_t new_lo) {
  SpinLockGuard guard(lock);
  for (unsigned i = 0; i < count; i++) {
    StoreRecord &r = list[i].record;
    if (r.addr < old_lo || r.addr >= old_hi)
      continue;
    if (r.addr - old_lo < kept)
      r.addr = new_lo + (r.addr - old_lo);
    else
      r.value = 0;
  }
}

} // namespace cgosan
