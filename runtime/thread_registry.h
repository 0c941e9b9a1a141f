// Every thread that has made a cgo call, so that other threads can see its calls in progress (the
// memory they lent), its history of returned lends and its store records. A fixed table of slots
// claimed with compare-and-swap on a thread's first cgo call and released at thread exit; readers
// take no lock.
#ifndef CGOSAN_THREAD_REGISTRY_H
#define CGOSAN_THREAD_REGISTRY_H

#include "thread_state.h"

namespace cgosan {

constexpr unsigned kMaxThreads = 1024;
extern ThreadState *g_registry[kMaxThreads];
extern unsigned g_registry_high; // slots [0, g_registry_high) have been used

// Makes t visible to other threads; once per thread, on its first cgo call. With 1024 threads
// making cgo calls at once the table is full, and later threads' calls stay invisible to others.
void RegisterThread(ThreadState &t);
void InitThreadRegistry();

// Calls fn(thread) for every registered thread but `self` until fn returns true; returns whether
// one did. The states read may be changing: fn reads them with atomics.
template <class F> bool AnyOtherThread(const ThreadState *self, F fn) {
  unsigned high = __atomic_load_n(&g_registry_high, __ATOMIC_ACQUIRE);
  for (unsigned i = 0; i < high; i++) {
    ThreadState *t = __atomic_load_n(&g_registry[i], __ATOMIC_ACQUIRE);
    if (t && t != self && fn(*t))
      return true;
  }
  return false;
}

} // namespace cgosan

#endif
