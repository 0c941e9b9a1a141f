// The inline tests in front of the runtime's check hooks (the sequences runtime/cgosan_abi.h
// spells out), built once per function: the level is loaded once, at the function's entry, and
// the region test indexes the region table with a constant mask (none for the address of a load
// or store, which is a user address).
#ifndef CGOSAN_INLINE_CHECKS_H
#define CGOSAN_INLINE_CHECKS_H

#include "RuntimeInterface.h"

#include "llvm/IR/Function.h"
#include "llvm/IR/Instruction.h"

namespace cgosan {

class InlineChecks {
public:
  // DeferRegionTests: the region tests are placeholders until the late phase
  // (RuntimeInterface::inGoRegionDeferred), for a phase the optimizer runs after.
  InlineChecks(const RuntimeInterface &RT, llvm::Function &F, bool DeferRegionTests = false)
      : RT(RT), F(F), DeferRegionTests(DeferRegionTests) {}

  // True at level 2 (reads, integers and copied words are followed): the read mask, loaded once
  // per function at its entry (or reused from an earlier phase's load there).
  llvm::Value *isLevel2();
  // Whether Go has memory in the 64 KiB region of V (an address or a value, pointer or integer).
  // The table is empty at level 0 (runtime/go_memory.h), so no level test is needed.
  llvm::Value *inGoRegion(llvm::IRBuilderBase &IRB, llvm::Value *V) const;
  // The same for Ptr, the address of an access (a store's, a copy's ends), which a loop gate may
  // answer for when the test waits for the late phase.
  llvm::Value *inGoRegionAccess(llvm::IRBuilderBase &IRB, llvm::Value *Ptr) const;
  // Before I: the check of an access to Ptr (a read at level 2, a write at levels 1 and 2), the
  // runtime's hook behind the region test. Level2Body: I is in a level-2 body, where the level
  // needs no test. Gate, if not null: the check runs only where it is true (LoopGates.h).
  // LentCacheInline: a write tests the thread's lent-memory cache itself before the hook.
  void insertAccessCheck(llvm::Instruction *I, llvm::Value *Ptr, bool IsRead, bool Level2Body,
                         llvm::Value *Gate, bool LentCacheInline, llvm::Constant *Site);

private:
  const RuntimeInterface &RT;
  llvm::Function &F;
  bool DeferRegionTests;
  llvm::Value *Level2 = nullptr;
};

// Every load of the read mask in Blocks becomes the constant it has at the level these blocks
// run at (level 2, or levels 0 and 1), and the tests folded away (Level2Bodies.cpp).
void fixLevel(const RuntimeInterface &RT, llvm::ArrayRef<llvm::BasicBlock *> Blocks, bool Level2);

} // namespace cgosan

#endif
