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
  // realloc may move the block: forget records in the old one first, as free does. A pointer
  // stored there moves with the data into memory no record covers (judged at level 2).
  ForgetBlock(p);
  return __real_realloc(p, n);
}
}
