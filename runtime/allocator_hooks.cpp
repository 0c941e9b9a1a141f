// free, realloc and reallocarray, defined in the program itself so that every call reaches them:
// the program's own code, C and C++ libraries linked statically, and shared libraries alike
// (libstdc++'s operator delete and delete[], sized and aligned, and std::allocator all end in
// free, which the dynamic linker resolves to the executable's definition first). A heap block
// given back during a cgo call can no longer retain anything, and reading it at the call's return
// would read freed memory: the records inside it are forgotten. The real work is glibc's
// __libc_free/__libc_realloc.
//
// The definitions are weak: a program that links its own allocator statically (jemalloc, say)
// keeps it, and records are then forgotten only when the allocator's memory is unmapped.
//
// At level 0 nothing is recorded and no allocation is noted, so these go straight to glibc: a
// malloc-heavy workload paid about 45 instructions per free there (bench/, workload 2).
#include "flags.h"
#include "heap_blocks.h"
#include "held_records.h"
#include "thread_state.h"

#include <errno.h>
#include <malloc.h>
#include <stddef.h>
#include <stdint.h>

using namespace cgosan;

extern "C" {
void __libc_free(void *p);
void *__libc_realloc(void *p, size_t n);
}

namespace {

// Most frees happen with no record anywhere: the block's size is asked for only when there may
// be one to forget.
bool MayHoldRecords() { return RecordsMayExist(CurrentThread()) || HeldCount(); }

void Released(void *p, size_t size) {
  uintptr_t lo = (uintptr_t)p;
  ForgetRecordsIn(lo, lo + size);
  NoteHeapFree(lo);
}

} // namespace

extern "C" {

__attribute__((weak, visibility("default"))) void free(void *p) {
  if (p && level != 0) {
    if (MayHoldRecords())
      Released(p, malloc_usable_size(p));
    else
      NoteHeapFree((uintptr_t)p);
  }
  __libc_free(p);
}

__attribute__((weak, visibility("default"))) void *realloc(void *p, size_t n) {
  if (!p || level == 0)
    return __libc_realloc(p, n);
  if (!MayHoldRecords()) {
    void *q = __libc_realloc(p, n);
    if (q != p && (q || n == 0))
      NoteHeapFree((uintptr_t)p);
    return q;
  }
  uintptr_t old = (uintptr_t)p, old_size = malloc_usable_size(p);
  void *q = __libc_realloc(p, n);
  if (q == p) {
    if (n < old_size) // shrunk in place: what lay beyond n is gone
      ForgetRecordsIn(old + n, old + old_size);
    return q;
  }
  if (!q) {
    if (n == 0) // freed
      Released(p, old_size);
    return q; // failed: the old block is untouched
  }
  // Moved: the pointers stored in the old block now sit at the same offsets in the new one.
  MoveRecordsIn(old, old + old_size, old_size < n ? old_size : n, (uintptr_t)q);
  NoteHeapFree(old);
  return q;
}

__attribute__((weak, visibility("default"))) void *reallocarray(void *p, size_t count,
                                                                size_t size) {
  size_t n;
  if (__builtin_mul_overflow(count, size, &n)) {
    errno = ENOMEM;
    return nullptr;
  }
  return realloc(p, n);
}

} // extern "C"
