// reuseRegionTests (RegionTestReuse.h).
#include "RegionTestReuse.h"

#include "RepeatedChecks.h"

#include "../runtime/cgosan_abi.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/Statistic.h"
#include "llvm/Analysis/ValueTracking.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/Operator.h"
#include "llvm/IR/PatternMatch.h"
#include "llvm/Transforms/Utils/Local.h"

using namespace llvm;
using namespace llvm::PatternMatch;

#define DEBUG_TYPE "cgosan"

ALWAYS_ENABLED_STATISTIC(NumRegionTestsReused,
                         "region tests answered by an earlier test of the same object");

namespace cgosan {

namespace {

// The object a region load tests, and how: a load of the region table's byte (X >> 16) & Mask,
// X a pointer's integer (its base and offset) or an integer value.
struct Tested {
  const Value *Base = nullptr;
  int64_t Offset = 0;
  const Value *Mask = nullptr;
};

bool regionLoad(const RuntimeInterface &RT, const DataLayout &DL, const Instruction &I,
                Tested &Out) {
  const auto *L = dyn_cast<LoadInst>(&I);
  const auto *Slot = L ? dyn_cast<IntToPtrInst>(L->getPointerOperand()) : nullptr;
  Value *Index, *X, *Masked, *Mask;
  if (!Slot || L->isVolatile() ||
      !match(Slot->getOperand(0), m_Add(m_Value(Index), m_Specific(RT.RegionTable))))
    return false;
  // An unmasked index (an accessed address, below 2^48) reads the byte the full mask would.
  if (match(Index, m_And(m_Value(Masked), m_Value(Mask))))
    Index = Masked;
  else
    Mask = RT.RegionMask;
  if (!match(Index, m_LShr(m_Value(X), m_SpecificInt(CGOSAN_REGION_SHIFT))))
    return false;
  Out.Mask = Mask;
  Out.Offset = 0;
  if (const auto *P2I = dyn_cast<PtrToIntInst>(X))
    Out.Base = GetPointerBaseWithConstantOffset(P2I->getPointerOperand(), Out.Offset, DL);
  else
    Out.Base = X;
  return true;
}

} // namespace

void reuseRegionTests(Function &F, const RuntimeInterface &RT) {
  const DataLayout &DL = F.getParent()->getDataLayout();
  using Key = std::pair<const Value *, const Value *>; // base, mask
  struct Answer {
    int64_t Offset;
    LoadInst *Load;
  };
  SmallVector<Instruction *, 32> Dead;
  walkCoveredBlocks<DenseMap<Key, Answer>>(F, [&](BasicBlock &BB, DenseMap<Key, Answer> &S) {
    for (Instruction &I : BB) {
      Tested T;
      if (!regionLoad(RT, DL, I, T))
        continue;
      auto [It, New] = S.try_emplace({T.Base, T.Mask}, Answer{T.Offset, cast<LoadInst>(&I)});
      if (New)
        continue;
      int64_t Delta = T.Offset - It->second.Offset;
      if (Delta >= CGOSAN_RETURNED_SLACK || -Delta >= CGOSAN_RETURNED_SLACK)
        continue;
      I.replaceAllUsesWith(It->second.Load);
      Dead.push_back(&I);
      ++NumRegionTestsReused;
    }
  });
  for (Instruction *I : Dead)
    RecursivelyDeleteTriviallyDeadInstructions(I);
}

} // namespace cgosan
