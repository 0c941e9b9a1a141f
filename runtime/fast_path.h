// What the pass's inline code reads (cgosan_abi.h): the level, as masks in the header page of
// fixed_tables.h (the read mask, nonzero at level 2, which the checks test; the write mask,
// nonzero from level 1, which the call path tests); and, for the hooks, a per-thread cache of the
// memory a call in progress on the thread lent (cleared by every return, inline).
#ifndef CGOSAN_FAST_PATH_H
#define CGOSAN_FAST_PATH_H

#include "thread_state.h"

#include <stdint.h>

namespace cgosan {

// Reads are checked from level 2, writes from level 1.
void SetLevelMasks(int level);

// [lo, hi) needs no check on this thread until a call returns. Two compares against memory, so
// that the hooks' fast halves need no register but r11 (CGOSAN_CHECK_CC saves any other they
// use); an empty cache is [0, 0).
inline bool InLentCache(uintptr_t a) {
  const uintptr_t *c = CurrentThread().lent_cache;
  return a >= c[0] && a < c[1];
}
inline void SetLentCache(ThreadState &t, uintptr_t lo, uintptr_t hi) {
  t.lent_cache[0] = lo;
  t.lent_cache[1] = hi;
}
inline void ClearLentCache(ThreadState &t) { SetLentCache(t, 0, 0); }

} // namespace cgosan

#endif
