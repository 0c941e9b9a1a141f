// Which access checks an earlier check makes needless (ASan and TSan prune the same way): the
// checks of the late phase, and the hooks the store phases put after stores and copies, which
// check their addresses too.
#ifndef CGOSAN_REPEATED_CHECKS_H
#define CGOSAN_REPEATED_CHECKS_H

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/PostOrderIterator.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/IR/CFG.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/Instruction.h"

namespace cgosan {

// One check of the late phase: before I, an access to Ptr (a read, or a write). A copy makes two:
// a read of its source, a write of its destination.
struct Check {
  llvm::Instruction *I;
  llvm::Value *Ptr;
  bool IsRead;
};

// The one block every path into BB comes from, straight or through blocks that check and call
// nothing of the user's (the joins behind the pass's own tests, an `if` whose arm only computes),
// or null; never through a back edge. Order numbers the function's blocks in reverse post-order.
const llvm::BasicBlock *
coveringPredecessor(const llvm::BasicBlock *BB,
                    const llvm::DenseMap<const llvm::BasicBlock *, unsigned> &Order);

// F's blocks in reverse post-order, each visited as Visit(BB, S) with S the state its covering
// predecessor ended with (a fresh StateT where there is none): what earlier checks along an
// extended basic block established, for pruneRepeatedChecks and reuseRegionTests.
template <typename StateT, typename VisitT>
void walkCoveredBlocks(llvm::Function &F, VisitT Visit) {
  llvm::ReversePostOrderTraversal<llvm::Function *> RPOT(&F);
  llvm::DenseMap<const llvm::BasicBlock *, unsigned> Order;
  for (llvm::BasicBlock *BB : RPOT)
    Order[BB] = Order.size();
  llvm::DenseMap<const llvm::BasicBlock *, StateT> AtEnd;
  for (llvm::BasicBlock *BB : RPOT) {
    StateT S;
    if (const llvm::BasicBlock *Pred = coveringPredecessor(BB, Order)) {
      auto It = AtEnd.find(Pred);
      if (It != AtEnd.end())
        S = It->second;
    }
    Visit(*BB, S);
    AtEnd[BB] = std::move(S);
  }
}

// Candidates without those an earlier check covers. HookedMD names the metadata marking user
// stores and copies a store phase hooked. Count: add the pruned ones to the late phase's
// statistics (the store phase asks which of its gates' address tests are needed, and counts its
// own).
llvm::SmallVector<Check, 32> pruneRepeatedChecks(llvm::Function &F,
                                                 llvm::ArrayRef<Check> Candidates,
                                                 llvm::StringRef HookedMD, bool Count = true);

} // namespace cgosan

#endif
