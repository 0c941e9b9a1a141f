// One region test per object along a path. The store phases' gates test a stored value's region
// and an address's, the late phase's checks an access's, each on its own: a free list's push
// (`*(void **)p = head; head = p;`) tests p as the first store's address and again as the second's
// value. Whether an object's 64 KiB region holds Go memory does not change while the object
// lives, and no object is part C and part Go memory, so a later test of the same object (the same
// base, a small constant offset away) takes the earlier test's answer: the load of the region
// byte is shared. Along extended basic blocks only (RepeatedChecks.h's coveringPredecessor): the
// answer is a register, and kept across a loop or a join it would spill.
#ifndef CGOSAN_REGION_TEST_REUSE_H
#define CGOSAN_REGION_TEST_REUSE_H

#include "RuntimeInterface.h"

#include "llvm/IR/Function.h"

namespace cgosan {

// After every test of F is written out (the late phase's last step on F).
void reuseRegionTests(llvm::Function &F, const RuntimeInterface &RT);

} // namespace cgosan

#endif
