// The thread registry (thread_registry.h) and what a thread leaves behind when it exits.
#include "thread_registry.h"

#include "held_records.h"
#include "lent_memory.h"

#include <pthread.h>

namespace cgosan {

ThreadState *g_registry[kMaxThreads];
unsigned g_registry_high;

namespace {

pthread_key_t exit_key;

// Runs at thread exit (pthread key destructor): the thread's state is about to go away. Records
// other threads handed to its calls can no longer wait for them, and its own records are gone.
void Unregister(void *arg) {
  ThreadState *t = (ThreadState *)arg;
  if (t->registry_slot)
    __atomic_store_n(&g_registry[t->registry_slot - 1], nullptr, __ATOMIC_RELEASE);
  t->registry_slot = 0;
  t->inline_limit = 0; // a call made later on (another key's destructor) registers it again
  if (__atomic_load_n(&t->pending_pins, __ATOMIC_ACQUIRE))
    ReleaseHeldRecords(*t, nullptr);
  t->nrecords = 0;
  NoteRecordsEmpty(*t);
}

} // namespace

void InitThreadRegistry() { pthread_key_create(&exit_key, Unregister); }

void RegisterThread(ThreadState &t) {
  if (t.registry_slot)
    return;
  if (!t.history) {
    // The ring's last slot stands for "the newest entry" until there is one: zeroed, it matches
    // no lend.
    HistoryEntry *h = (HistoryEntry *)MapPages(kHistory * sizeof(HistoryEntry));
    if (h && !t.last_entry)
      t.last_entry = &h[kHistory - 1];
    __atomic_store_n(&t.history, h, __ATOMIC_RELEASE);
  }
  for (unsigned i = 0; i < kMaxThreads; i++) {
    ThreadState *expected = nullptr;
    if (__atomic_compare_exchange_n(&g_registry[i], &expected, &t, false, __ATOMIC_ACQ_REL,
                                    __ATOMIC_RELAXED)) {
      t.registry_slot = i + 1;
      // The wrappers' inline call path may run now, unless returns must fence (held_records.cpp)
      // or there is no history to write to.
      if (t.history && t.last_entry && !g_exit_needs_fence)
        t.inline_limit = kInlineFrames;
      unsigned high = __atomic_load_n(&g_registry_high, __ATOMIC_RELAXED);
      while (high < i + 1 && !__atomic_compare_exchange_n(&g_registry_high, &high, i + 1, true,
                                                          __ATOMIC_ACQ_REL, __ATOMIC_RELAXED)) {
      }
      pthread_setspecific(exit_key, &t);
      return;
    }
  }
}

} // namespace cgosan
