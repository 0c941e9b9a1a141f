// The check hooks the pass's inline tests call when an address (or a stored integer) lies in a
// region where Go has memory: __cgosan_write, __cgosan_read and __cgosan_store_int. Each is a
// fast half (check_hooks.cpp) that answers memory a call in progress on this thread lent from
// the lent-memory cache, and jumps to its slow half here for everything else.
#ifndef CGOSAN_CHECK_HOOKS_H
#define CGOSAN_CHECK_HOOKS_H

#include "cgosan_abi.h"

#include <stdint.h>

namespace cgosan {

// The slow halves (access_hooks.cpp, store_hooks.cpp): same signature and calling convention as
// their hooks, so that the jump to them is a tail call and a report's stack capture finds the
// instrumented code two frames up, as from the hook itself.
__attribute__((noinline)) CGOSAN_CHECK_CC void WriteSlow(const void *addr, const cgosan_site *site);
__attribute__((noinline)) CGOSAN_CHECK_CC void ReadSlow(const void *addr, const cgosan_site *site);
__attribute__((noinline)) CGOSAN_CHECK_CC void StoreIntSlow(void *const *addr, uintptr_t value,
                                                            const cgosan_site *site);

} // namespace cgosan

#endif
