// LoopGates.h.
#include "LoopGates.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/MapVector.h"
#include "llvm/ADT/SetVector.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/Statistic.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/Operator.h"
#include "llvm/Transforms/Utils/Local.h"
#include "llvm/Transforms/Utils/LoopUtils.h"

using namespace llvm;

#define DEBUG_TYPE "cgosan"

ALWAYS_ENABLED_STATISTIC(NumAccessesLoopGated,
                         "checks in loops behind one test of their base object's region");
ALWAYS_ENABLED_STATISTIC(NumLoopGates, "loops whose base objects' regions are tested once");
ALWAYS_ENABLED_STATISTIC(NumPreheadersInserted, "loops given back a preheader for their gates");
ALWAYS_ENABLED_STATISTIC(NumStoreGatesLoopGated,
                         "store and copy gates in loops behind one test of their address's base");

namespace cgosan {

namespace {

// The pointer Ptr derives from through inbounds GEPs and casts: by C's rules, Ptr points into
// the same object. A GEP without inbounds (arithmetic the front end could not prove stays in the
// object) ends the walk.
Value *inboundsBase(Value *Ptr) {
  for (;;) {
    if (auto *GEP = dyn_cast<GEPOperator>(Ptr)) {
      if (!GEP->isInBounds())
        return Ptr;
      Ptr = GEP->getPointerOperand();
    } else if (auto *Cast = dyn_cast<BitCastOperator>(Ptr)) {
      Ptr = Cast->getOperand(0);
    } else {
      return Ptr;
    }
  }
}

} // namespace

void givePreheaders(DominatorTree &DT, LoopInfo &LI) {
  for (Loop *L : LI.getLoopsInPreorder())
    if (!L->getLoopPreheader() && InsertPreheaderForLoop(L, &DT, &LI, nullptr, false))
      ++NumPreheadersInserted;
}

SmallVector<Value *, 32> loopGates(InlineChecks &IC, const DominatorTree &DT, const LoopInfo &LI,
                                   ArrayRef<Check> Accesses) {
  SmallVector<Value *, 32> Gates(Accesses.size(), nullptr);
  // Each access's loop (the outermost around it that leaves its base unchanged), and each loop's
  // bases in the order first seen.
  using Key = std::pair<Loop *, unsigned>; // the loop, and reads (1) or writes (0)
  SmallVector<Key, 32> KeyOf(Accesses.size(), {nullptr, 0});
  MapVector<Key, SmallSetVector<Value *, 4>> Bases;
  for (unsigned K = 0; K < Accesses.size(); K++) {
    Value *Base = inboundsBase(Accesses[K].Ptr);
    auto *BaseInst = dyn_cast<Instruction>(Base);
    auto Unchanged = [&](const Loop *L) { return !BaseInst || !L->contains(BaseInst); };
    Loop *Outer = nullptr;
    for (Loop *L = LI.getLoopFor(Accesses[K].I->getParent());
         L && Unchanged(L) && L->getLoopPreheader(); L = L->getParentLoop())
      Outer = L;
    // The base dominates the preheader's end: it dominates the access, and every path to the
    // access enters the loop through the preheader.
    if (!Outer || (BaseInst && !DT.dominates(BaseInst, Outer->getLoopPreheader()->getTerminator())))
      continue;
    KeyOf[K] = {Outer, Accesses[K].IsRead};
    Bases[KeyOf[K]].insert(Base);
  }
  DenseMap<Key, Value *> Flag;
  for (auto &[K, Set] : Bases) {
    Builder IRB(K.first->getLoopPreheader()->getTerminator());
    Value *Any = nullptr;
    for (Value *Base : Set) {
      Value *InGo = IC.inGoRegion(IRB, Base);
      Any = Any ? IRB.CreateOr(Any, InGo) : InGo;
    }
    Flag[K] = Any;
  }
  for (unsigned K = 0; K < Accesses.size(); K++)
    if (KeyOf[K].first)
      Gates[K] = Flag[KeyOf[K]];
  return Gates;
}

void gateDeferredAccessTests(const RuntimeInterface &RT) {
  MapVector<Function *, SmallVector<Check, 16>> Tests;
  for (CallInst *CI : RT.deferredRegionTests()) {
    auto *P2I = dyn_cast<PtrToIntInst>(CI->getArgOperand(0));
    auto *Br = CI->hasOneUse() ? dyn_cast<BranchInst>(CI->user_back()) : nullptr;
    if (RuntimeInterface::isDeferredAccessTest(*CI) && P2I && Br &&
        Br->getParent() == CI->getParent() && Br->getSuccessor(0) != Br->getSuccessor(1))
      Tests[CI->getFunction()].push_back({CI, P2I->getPointerOperand(), /*IsRead=*/false});
  }
  for (auto &[F, Checks] : Tests) {
    InlineChecks IC(RT, *F);
    DominatorTree DT(*F);
    LoopInfo LI(DT);
    givePreheaders(DT, LI);
    SmallVector<Value *, 32> Gates = loopGates(IC, DT, LI, Checks);
    // Every gate is in place before the blocks split.
    for (unsigned K = 0; K < Checks.size(); K++) {
      if (!Gates[K])
        continue;
      auto *CI = cast<CallInst>(Checks[K].I);
      auto *Br = cast<BranchInst>(CI->user_back());
      BasicBlock *Head = Br->getParent(), *Then = Br->getSuccessor(0), *Else = Br->getSuccessor(1);
      BasicBlock *Test = BasicBlock::Create(F->getContext(), "", F, Then);
      BranchInst *TestBr = BranchInst::Create(Then, Else, CI, Test);
      TestBr->copyMetadata(*Br);
      markInserted(TestBr);
      CI->moveBefore(TestBr);
      Br->setCondition(Gates[K]);
      Br->setSuccessor(0, Test);
      Br->setMetadata(LLVMContext::MD_prof, nullptr);
      Then->replacePhiUsesWith(Head, Test);
      for (PHINode &PN : Else->phis())
        PN.addIncoming(PN.getIncomingValueForBlock(Head), Test);
      ++NumStoreGatesLoopGated;
    }
    SmallPtrSet<Value *, 16> Seen; // one flag stands for several tests
    for (Value *G : Gates)
      if (G && Seen.insert(G).second && G->use_empty())
        RecursivelyDeleteTriviallyDeadInstructions(G);
  }
}

void removeUnusedGates(ArrayRef<Value *> Gates) {
  SmallPtrSet<Value *, 16> Seen;
  for (Value *G : Gates) {
    if (!G || !Seen.insert(G).second)
      continue;
    if (G->use_empty()) {
      RecursivelyDeleteTriviallyDeadInstructions(G);
      continue;
    }
    ++NumLoopGates;
    NumAccessesLoopGated += G->getNumUses();
  }
}

} // namespace cgosan
