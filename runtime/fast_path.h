// What the pass's inline access checks read (cgosan_abi.h): per-level masks into the region
// table; and, for the hooks, a per-thread cache of the memory a call in progress on the thread
// lent.
#ifndef CGOSAN_FAST_PATH_H
#define CGOSAN_FAST_PATH_H

#include <stdint.h>

extern "C" {
extern uintptr_t __cgosan_read_mask, __cgosan_write_mask;
extern __thread uintptr_t __cgosan_lent_cache[2] __attribute__((tls_model("initial-exec")));
}

namespace cgosan {

// Reads are checked from level 2, writes from level 1.
void SetLevelMasks(int level);

// [lo, hi) needs no check on this thread until a call returns.
inline bool InLentCache(uintptr_t a) {
  return a - __cgosan_lent_cache[0] < __cgosan_lent_cache[1] - __cgosan_lent_cache[0];
}
inline void SetLentCache(uintptr_t lo, uintptr_t hi) {
  __cgosan_lent_cache[0] = lo;
  __cgosan_lent_cache[1] = hi;
}
inline void ClearLentCache() { SetLentCache(0, 0); }

} // namespace cgosan

#endif
