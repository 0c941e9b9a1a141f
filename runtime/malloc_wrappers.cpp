// Link-time wrappers (--wrap=free,--wrap=realloc) for every C object linked into the program,
// instrumented or not: a heap block freed during a cgo call can no longer retain anything, and
// reading it at return would be reading freed memory.
#include "heap_blocks.h"
#include "thread_state.h"

#include <malloc.h>
#include <stddef.h>

using namespace cgosan;

extern "C" {
void __real_free(void *p);
void *__real_realloc(void *p, size_t n);

static void ForgetBlock(void *p) {
  ThreadState &t = CurrentThread();
  if (t.nrecords) {
    uintptr_t lo = (uintptr_t)p;
    ForgetRange(t, lo, lo + malloc_usable_size(p));
  }
  NoteHeapFree((uintptr_t)p);
}

void __wrap_free(void *p) {
  if (p)
    ForgetBlock(p);
  __real_free(p);
}

void *__wrap_realloc(void *p, size_t n) {
  if (!p)
    return __real_realloc(p, n);
  uintptr_t old = (uintptr_t)p, old_size = malloc_usable_size(p);
  void *q = __real_realloc(p, n);
  if (q == p)
    return q; // resized in place: what it holds is still there
  ThreadState &t = CurrentThread();
  if (q == nullptr) {
    if (n == 0) // freed
      ForgetRange(t, old, old + old_size);
    return q; // failed: the old block is untouched
  }
  // Moved: the pointers stored in the old block now sit at the same offsets in the new one.
  uintptr_t kept = old_size < n ? old_size : n;
  for (unsigned i = 0; i < t.nrecords; i++) {
    StoreRecord &r = t.records[i];
    if (r.addr < old || r.addr >= old + old_size)
      continue;
    if (r.addr - old < kept) {
      r.addr = (uintptr_t)q + (r.addr - old);
    } else {
      r.value = 0; // cut off by shrinking
    }
  }
  NoteHeapFree(old);
  return q;
}
}
