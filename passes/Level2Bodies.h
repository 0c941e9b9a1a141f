// Level 2's own function bodies. Most checks are of reads, and reads are checked only at level 2,
// the level users ask for when they hunt a bug; level 1 is the default. A function with several
// read checks therefore gets a second body: the original runs at levels 0 and 1 with only its
// writes checked, the copy at level 2 with everything, and a new entry block picks one by the
// level's mask. The copy lives in the same function, so names, debug information and stacks stay
// those of the source.
#ifndef CGOSAN_LEVEL2_BODIES_H
#define CGOSAN_LEVEL2_BODIES_H

#include "RuntimeInterface.h"

#include "llvm/ADT/ArrayRef.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/IR/Function.h"

namespace cgosan {

// Gives F a level-2 body if it is worth one (Reads, the number of its read checks, is two or more)
// and can have one; Level2Accesses then receives the copies of Accesses (the instructions to
// check), Level2Gates the copies of Gates (LoopGates.h; null stays null), and the result is true.
// The store phases' level tests in each body become constants.
bool giveLevel2Body(llvm::Function &F, unsigned Reads, llvm::ArrayRef<llvm::Instruction *> Accesses,
                    llvm::ArrayRef<llvm::Value *> Gates, const RuntimeInterface &RT,
                    llvm::SmallVectorImpl<llvm::Instruction *> &Level2Accesses,
                    llvm::SmallVectorImpl<llvm::Value *> &Level2Gates);

} // namespace cgosan

#endif
