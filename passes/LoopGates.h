// One test per loop for the checks of accesses through a pointer the loop does not change. An
// access through inbounds GEPs of a base pointer stays in the base's object (C's pointer
// arithmetic may not leave it), and no object is part C memory and part Go memory. So when the
// base lies in a 64 KiB region without Go memory, no such access can touch Go memory, wherever its
// index takes it: the base's region is tested once, in the preheader of the outermost loop that
// leaves the base unchanged, and each access's check first tests that result. Hash tables written
// at computed indexes (zstd's match finder), arrays indexed by a loop's counter and struct fields
// read in a loop all qualify; SCEV ranges would cover only the second kind. A base in Go memory
// (a lent buffer) leaves the checks as they were, behind one more compare.
#ifndef CGOSAN_LOOP_GATES_H
#define CGOSAN_LOOP_GATES_H

#include "InlineChecks.h"
#include "RepeatedChecks.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Analysis/LoopInfo.h"
#include "llvm/IR/Dominators.h"

namespace cgosan {

// The optimizer's last passes fold a rotated loop's preheader into the test that guards it
// (`if (n) do ... while`), and a loop without a preheader gets no gate: each gets one back, with
// DT and LI updated (LoopSimplify's InsertPreheaderForLoop). Codegen drops those no gate uses.
void givePreheaders(llvm::DominatorTree &DT, llvm::LoopInfo &LI);

// For each of Accesses, a gate (null: none): a flag that is true when Go has memory in the region
// of any base that the accesses of its kind (reads, or writes) reach in the outermost loop around
// it that leaves its base unchanged. One flag per loop and kind, so that a loop's checks hold two
// registers, not one per base; a loop that also writes a Go buffer keeps all its write checks, as
// without gates, and reading one (level 1 checks no reads) does not stop the gates of its writes.
// No gate for an access in no loop, or whose base changes in its loop, or whose loop has no
// preheader. Every gate is computed before a check is inserted: the checks' blocks are not in the
// loop info.
llvm::SmallVector<llvm::Value *, 32> loopGates(InlineChecks &IC, const llvm::DominatorTree &DT,
                                               const llvm::LoopInfo &LI,
                                               llvm::ArrayRef<Check> Accesses);

// After the checks are in: the gates no check uses (a level-0/1 body's, for reads it does not
// check) deleted, the others counted.
void removeUnusedGates(llvm::ArrayRef<llvm::Value *> Gates);

// The late phase's first step, before the placeholders are expanded: the store phases' tests of
// an access's address (a store's, a copy's destination; RuntimeInterface::inGoRegionDeferred)
// behind loop gates too. A store into a C table the loop indexes is C memory when the table's
// base is: `br %flag, test, else`, and the test in a block of its own. Only a test whose one use
// is its block's branch is gated (every one the store phases write).
void gateDeferredAccessTests(const RuntimeInterface &RT);

} // namespace cgosan

#endif
