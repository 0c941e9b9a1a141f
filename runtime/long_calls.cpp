// The long-call watcher (long_calls.h).
#include "long_calls.h"

#include "flags.h"
#include "go_memory.h"
#include "report.h"
#include "slow_path.h"
#include "thread_registry.h"

#include <pthread.h>
#include <signal.h>
#include <time.h>

namespace cgosan {

namespace {

bool started;

uint64_t NowNs() {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

uint64_t LimitNs() { return (uint64_t)flags.long_call_ms * 1000000ull; }

// How often the watcher looks: a quarter of the limit, between 10 ms and one second.
uint64_t TickNs() {
  uint64_t t = LimitNs() / 4;
  if (t < 10000000ull)
    t = 10000000ull;
  if (t > 1000000000ull)
    t = 1000000000ull;
  return t;
}

LongCall Describe(const CallFrame &f, uint64_t held_ns, bool returned) {
  LongCall l = {};
  l.call = __atomic_load_n(&f.call, __ATOMIC_RELAXED);
  l.held_ms = held_ns / 1000000ull;
  l.returned = returned;
  unsigned n = LentSlots(f);
  for (unsigned i = 0; i < n; i++) {
    uintptr_t p = __atomic_load_n(&f.lent[i], __ATOMIC_RELAXED);
    if (!IsGoPointer(p))
      continue;
    l.held[l.nheld] = p;
    l.held_argument[l.nheld++] = f.lent_index[i] == UINT32_MAX ? -1 : (int)f.lent_index[i];
  }
  return l;
}

// Whether the call in f holds Go memory it was lent.
bool HoldsGoMemory(const CallFrame &f) {
  unsigned n = LentSlots(f);
  for (unsigned i = 0; i < n; i++)
    if (IsGoPointer(__atomic_load_n(&f.lent[i], __ATOMIC_RELAXED)))
      return true;
  return LentOverflow(f);
}

// One look at every thread's calls in progress.
void Look(ThreadState &self, uint64_t now) {
  AnyOtherThread(&self, [&](ThreadState &t) {
    unsigned depth = __atomic_load_n(&t.depth, __ATOMIC_ACQUIRE);
    for (unsigned d = 0; d < depth; d++) {
      CallFrame *f = FrameAt(t, d);
      if (!f || !HoldsGoMemory(*f))
        continue;
      uint32_t serial = __atomic_load_n(&f->serial, __ATOMIC_ACQUIRE);
      if (__atomic_load_n(&f->watched_serial, __ATOMIC_RELAXED) != serial) {
        // First seen: its owner resets the mark when a new call starts here (it would have to
        // store on every call); the serial tells calls apart instead.
        __atomic_store_n(&f->watched_since_ns, now, __ATOMIC_RELAXED);
        __atomic_store_n(&f->long_reported, false, __ATOMIC_RELAXED);
        __atomic_store_n(&f->watched_serial, serial, __ATOMIC_RELEASE);
        continue;
      }
      uint64_t since = __atomic_load_n(&f->watched_since_ns, __ATOMIC_RELAXED);
      if (__atomic_load_n(&f->long_reported, __ATOMIC_RELAXED) || now - since < LimitNs())
        continue;
      LongCall l = Describe(*f, now - since, false);
      // Still the same call? (It may have returned while we read it.)
      if (__atomic_load_n(&f->serial, __ATOMIC_ACQUIRE) != serial ||
          __atomic_load_n(&t.depth, __ATOMIC_ACQUIRE) <= d)
        continue;
      __atomic_store_n(&f->long_reported, true, __ATOMIC_RELEASE);
      __atomic_fetch_add(&t.long_calls, 1, __ATOMIC_ACQ_REL);
      ReportLongCall(l);
    }
    return false;
  });
}

void *Watch(void *) {
  ThreadState &self = CurrentThread();
  uint64_t tick = TickNs();
  for (;;) {
    struct timespec ts = {(time_t)(tick / 1000000000ull), (long)(tick % 1000000000ull)};
    while (clock_nanosleep(CLOCK_MONOTONIC, 0, &ts, &ts) != 0) {
    }
    if (level == 0)
      continue;
    SlowPath slow(self);
    Look(self, NowNs());
  }
  return nullptr;
}

void ForgetWatcher() { started = false; } // a forked child has no watcher thread

} // namespace

void StartLongCallWatcher() {
  if (flags.long_call_ms <= 0 || __atomic_exchange_n(&started, true, __ATOMIC_ACQ_REL))
    return;
  static bool atfork;
  if (!atfork) {
    atfork = true;
    pthread_atfork(nullptr, nullptr, ForgetWatcher);
  }
  // The watcher takes no signal: Go's handlers must not run on a thread Go does not know.
  sigset_t all, old;
  sigfillset(&all);
  pthread_sigmask(SIG_SETMASK, &all, &old);
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
  pthread_attr_setstacksize(&attr, 256 * 1024);
  pthread_t th;
  if (pthread_create(&th, &attr, Watch, nullptr) != 0)
    started = false;
  pthread_attr_destroy(&attr);
  pthread_sigmask(SIG_SETMASK, &old, nullptr);
}

namespace {
bool Marked(const CallFrame &f) {
  return __atomic_load_n(&f.long_reported, __ATOMIC_ACQUIRE) &&
         __atomic_load_n(&f.watched_serial, __ATOMIC_RELAXED) == f.serial;
}
} // namespace

void LongCallReturned(ThreadState &t, unsigned d, CallFrame &f) {
  if (Marked(f)) {
    __atomic_fetch_sub(&t.long_calls, 1, __ATOMIC_ACQ_REL);
    __atomic_store_n(&f.long_reported, false, __ATOMIC_RELAXED);
    uint64_t since = __atomic_load_n(&f.watched_since_ns, __ATOMIC_RELAXED);
    ReportLongCall(Describe(f, NowNs() - since, true));
    return;
  }
  // A mark whose call returned before the watcher counted it: once no call in progress here is
  // marked, the count is stale.
  for (unsigned e = 0; e < d; e++)
    if (CallFrame *g = FrameAt(t, e))
      if (Marked(*g))
        return;
  __atomic_store_n(&t.long_calls, 0, __ATOMIC_RELEASE);
}

} // namespace cgosan
