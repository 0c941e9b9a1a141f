// The check hooks' fast halves (check_hooks.h). Most calls that get past the inline test are for
// memory a call in progress on this thread lent (C working on the buffer Go passed it): the
// lent-memory cache answers them with two compares and no register but r11, which
// CGOSAN_CHECK_CC leaves to the callee. This file is built without frame pointers: a fast half
// returns or jumps to its slow half, so it never has a frame below a report's stack capture, and
// a frame would cost three instructions on every call. The cache is empty until a check at level
// 1 or 2 fills it, so levels are still respected.
#include "check_hooks.h"

#include "fast_path.h"

using namespace cgosan;

extern "C" {

CGOSAN_CHECK_CC void __cgosan_write(const void *addr, const cgosan_site *site) {
  if (__builtin_expect(InLentCache((uintptr_t)addr), 1))
    return;
  [[clang::musttail]] return WriteSlow(addr, site);
}

CGOSAN_CHECK_CC void __cgosan_read(const void *addr, const cgosan_site *site) {
  if (__builtin_expect(InLentCache((uintptr_t)addr), 1))
    return;
  [[clang::musttail]] return ReadSlow(addr, site);
}

// An integer stored into memory a call in progress on this thread lent (C writing the words of
// the buffer Go passed it) is a write of Go memory and nothing more, and the write is allowed.
CGOSAN_CHECK_CC void __cgosan_store_int(void *const *addr, uintptr_t value,
                                        const cgosan_site *site) {
  if (__builtin_expect(InLentCache((uintptr_t)addr), 1))
    return;
  [[clang::musttail]] return StoreIntSlow(addr, value, site);
}

} // extern "C"
