// The thread registry and the per-thread history of returned lends (see lent_memory.h).
//
// Nothing here is on the call path but RegisterThread, once per thread (returns write the
// history inline, lent_memory.h). The lookups run only for accesses to Go memory that the
// accessing thread's own calls did not lend: OpenMP workers and other helper threads, and the
// violations themselves.
#include "lent_memory.h"

#include <pthread.h>

namespace cgosan {

namespace {

constexpr unsigned kMaxThreads = 1024;

ThreadState *registry[kMaxThreads];
unsigned registry_high; // slots [0, registry_high) have been used
pthread_key_t exit_key;

// Runs at thread exit (pthread key destructor): the thread's state is about to go away.
void Unregister(void *arg) {
  ThreadState *t = (ThreadState *)arg;
  if (t->registry_slot)
    __atomic_store_n(&registry[t->registry_slot - 1], nullptr, __ATOMIC_RELEASE);
  t->registry_slot = 0;
}

bool Covered(const ThreadState &t, uintptr_t a) {
  unsigned depth = __atomic_load_n(&t.depth, __ATOMIC_RELAXED);
  if (depth > kMaxDepth)
    depth = kMaxDepth;
  for (unsigned d = 0; d < depth; d++) {
    const CallFrame &f = t.frames[d];
    unsigned n = __atomic_load_n(&f.lent_count, __ATOMIC_ACQUIRE);
    for (unsigned i = 0; i < n && i < kMaxLent; i++)
      if (a - __atomic_load_n(&f.lent[i], __ATOMIC_RELAXED) < kLentExtent)
        return true;
  }
  return false;
}

bool FindIn(const ThreadState &t, uintptr_t a, ReturnedLend *out) {
  const HistoryEntry *h = __atomic_load_n(&t.history, __ATOMIC_ACQUIRE);
  if (!h)
    return false;
  unsigned next = __atomic_load_n(&t.history_next, __ATOMIC_ACQUIRE);
  unsigned n = next < kHistory ? next : kHistory;
  for (unsigned k = 1; k <= n; k++) {
    const HistoryEntry &e = h[(next - k) % kHistory];
    // C was seen touching [base, touched_end); an access up to kReturnedSlack past it is still
    // taken as the same object's.
    uintptr_t end = (e.touched_end > e.base ? e.touched_end : e.base + 1) + kReturnedSlack;
    if (a >= e.base && a < end) {
      *out = {e.base, end, e.call, e.kept_site, e.kept_at, e.argument, KindOf(e.base, e.go_frame)};
      return true;
    }
  }
  return false;
}

} // namespace

const char *KindName(GoPointerKind k) { return k == kGoStack ? "goroutine stack" : "Go heap"; }

void InitLentMemory() { pthread_key_create(&exit_key, Unregister); }

void RegisterThread(ThreadState &t) {
  if (t.registry_slot)
    return;
  if (!t.history)
    __atomic_store_n(&t.history, (HistoryEntry *)MapPages(kHistory * sizeof(HistoryEntry)),
                     __ATOMIC_RELEASE);
  for (unsigned i = 0; i < kMaxThreads; i++) {
    ThreadState *expected = nullptr;
    if (__atomic_compare_exchange_n(&registry[i], &expected, &t, false, __ATOMIC_ACQ_REL,
                                    __ATOMIC_RELAXED)) {
      t.registry_slot = i + 1;
      unsigned high = __atomic_load_n(&registry_high, __ATOMIC_RELAXED);
      while (high < i + 1 && !__atomic_compare_exchange_n(&registry_high, &high, i + 1, true,
                                                          __ATOMIC_ACQ_REL, __ATOMIC_RELAXED)) {
      }
      pthread_setspecific(exit_key, &t);
      return;
    }
  }
  // Registry full: this thread's calls stay invisible to other threads (their accesses may then
  // be judged without them; with 1024 threads making cgo calls at once this is not expected).
}

bool CoveredByOtherThreads(const ThreadState &self, uintptr_t a) {
  unsigned high = __atomic_load_n(&registry_high, __ATOMIC_ACQUIRE);
  for (unsigned i = 0; i < high; i++) {
    const ThreadState *t = __atomic_load_n(&registry[i], __ATOMIC_ACQUIRE);
    if (t && t != &self && Covered(*t, a))
      return true;
  }
  return false;
}

bool FindReturnedLend(const ThreadState &self, uintptr_t a, ReturnedLend *out) {
  if (FindIn(self, a, out))
    return true;
  unsigned high = __atomic_load_n(&registry_high, __ATOMIC_ACQUIRE);
  for (unsigned i = 0; i < high; i++) {
    const ThreadState *t = __atomic_load_n(&registry[i], __ATOMIC_ACQUIRE);
    if (t && t != &self && FindIn(*t, a, out))
      return true;
  }
  return false;
}

} // namespace cgosan
