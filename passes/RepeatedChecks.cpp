// pruneRepeatedChecks (RepeatedChecks.h).
#include "RepeatedChecks.h"

#include "RuntimeInterface.h"

#include "../runtime/cgosan_abi.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/Statistic.h"
#include "llvm/Analysis/ValueTracking.h"
#include "llvm/IR/CFG.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/Operator.h"

#include <map>
#include <tuple>

using namespace llvm;

#define DEBUG_TYPE "cgosan"

ALWAYS_ENABLED_STATISTIC(NumAccessesRepeated,
                         "accesses skipped: same object as an access checked just before");
ALWAYS_ENABLED_STATISTIC(NumAccessesAfterHook,
                         "accesses skipped: same object as a store or copy hooked just before");

namespace cgosan {

namespace {

// A block that checks nothing and calls nothing that ends coverage: no memory access but the
// pass's own (a hook's call behind its test, whose arithmetic and branches the optimizer may have
// rewritten since), no call but intrinsics and the pass's hooks.
bool isTransparent(const BasicBlock &BB) {
  for (const Instruction &I : BB) {
    if (isInserted(I))
      continue;
    if (const auto *CB = dyn_cast<CallBase>(&I)) {
      if (!isa<IntrinsicInst>(CB))
        return false;
    } else if (I.mayReadOrWriteMemory()) {
      return false;
    }
  }
  return true;
}

// Where an access is: a base pointer and a constant offset from it. Beyond what
// GetPointerBaseWithConstantOffset sees through, a field of an array element, `p[i].f` (a GEP
// whose first index is variable and the rest constant; the first field's GEP may have no more
// indices), is placed at the field's offset from the element, so that the fields of one element
// share a base: the first such GEP seen stands for every GEP of the same pointer, index and
// element type.
class Locator {
public:
  explicit Locator(const DataLayout &DL) : DL(DL) {}
  const Value *operator()(const Value *Ptr, int64_t &Offset) {
    Offset = 0;
    const Value *Base = GetPointerBaseWithConstantOffset(Ptr, Offset, DL);
    const auto *GEP = dyn_cast<GEPOperator>(Base);
    if (!GEP || GEP->getNumIndices() == 0)
      return Base;
    SmallVector<Value *, 4> Fields{ConstantInt::get(GEP->idx_begin()->get()->getType(), 0)};
    for (auto It = std::next(GEP->idx_begin()); It != GEP->idx_end(); ++It) {
      if (!isa<ConstantInt>(It->get()))
        return Base;
      Fields.push_back(It->get());
    }
    int64_t PtrOffset = 0;
    const Value *Ptr0 = GetPointerBaseWithConstantOffset(GEP->getPointerOperand(), PtrOffset, DL);
    Key K{Ptr0, PtrOffset, GEP->idx_begin()->get(), GEP->getSourceElementType()};
    Offset += DL.getIndexedOffsetInType(GEP->getSourceElementType(), Fields);
    return Elements.try_emplace(K, Base).first->second;
  }

private:
  using Key = std::tuple<const Value *, int64_t, const Value *, Type *>;
  const DataLayout &DL;
  std::map<Key, const Value *> Elements;
};

} // namespace

// Not through a loop: time passes in a loop, while another thread's call may return.
const BasicBlock *coveringPredecessor(const BasicBlock *BB,
                                      const DenseMap<const BasicBlock *, unsigned> &Order) {
  auto Before = [&](const BasicBlock *P, const BasicBlock *Of) {
    auto A = Order.find(P), B = Order.find(Of);
    return A != Order.end() && B != Order.end() && A->second < B->second;
  };
  SmallVector<std::pair<const BasicBlock *, const BasicBlock *>, 4> Work; // (pred, of)
  for (const BasicBlock *P : predecessors(BB))
    Work.push_back({P, BB});
  SmallPtrSet<const BasicBlock *, 8> Seen;
  const BasicBlock *Found = nullptr;
  while (!Work.empty()) {
    auto [P, Of] = Work.pop_back_val();
    if (!Before(P, Of))
      return nullptr; // a back edge, or unreachable code
    if (!Seen.insert(P).second)
      continue;
    if (!pred_empty(P) && isTransparent(*P)) {
      for (const BasicBlock *Q : predecessors(P))
        Work.push_back({Q, P});
      continue;
    }
    if (Found && Found != P)
      return nullptr;
    Found = P;
  }
  return Found;
}

// Whether memory is Go memory, and whether a call in progress lent it, is a property of the
// object, and it changes only when a cgo call enters or returns: so an access at a small constant
// offset from a base pointer that an earlier access was checked through, with no call in between,
// needs no check of its own. "Earlier" is earlier in the block, or in the block's only predecessor
// and so on up (an extended basic block: no path joins in between; the joins behind the store
// phases' hooks do not count). Any call but an intrinsic or
// one the pass inserted ends the coverage: it may return to Go, or wait while another thread's
// call returns. (Coverage over dominated blocks in functions without calls was tried: no
// measurable gain on go-sqlite3, and a loop would then stop seeing another thread's call return.)
// A read is covered by an earlier read or write (the same question, asked at fewer levels by the
// read); a write only by a write. A hooked pointer store checked its address as a write (its hook
// runs when the address is in Go's region, and checks the write), and a hooked copy its
// destination as a write and its source as a read. The offsets stay within CGOSAN_RETURNED_SLACK
// of the checked access, so the use-after-return history (which extends what C touched by as
// much) still covers them.
SmallVector<Check, 32> pruneRepeatedChecks(Function &F, ArrayRef<Check> Candidates,
                                           StringRef HookedMD, bool Count) {
  constexpr int64_t kMaxSpread = CGOSAN_RETURNED_SLACK;
  const DataLayout &DL = F.getParent()->getDataLayout();
  unsigned HookedKind = F.getContext().getMDKindID(HookedMD);
  // Base pointer -> the offset checked through it, and whether a store phase's hook checked it,
  // for reads and for writes.
  struct At {
    int64_t Offset;
    bool ByHook;
  };
  struct Checked {
    DenseMap<const Value *, At> Read, Written;
  };
  auto EndsCoverage = [](const CallBase *CB) {
    return !isa<IntrinsicInst>(CB) && !isInserted(*CB);
  };
  DenseMap<const Instruction *, SmallVector<unsigned, 2>> ChecksAt;
  for (unsigned K = 0; K < Candidates.size(); K++)
    ChecksAt[Candidates[K].I].push_back(K);
  SmallVector<bool, 32> Repeated(Candidates.size(), false);
  Locator Locate(DL);
  // The check that covers an access at Base + Offset, or null.
  auto Covers = [&](const DenseMap<const Value *, At> &Map, const Value *Base,
                    int64_t Offset) -> const At * {
    auto It = Map.find(Base);
    return It != Map.end() && Offset - It->second.Offset < kMaxSpread &&
                   It->second.Offset - Offset < kMaxSpread
               ? &It->second
               : nullptr;
  };
  walkCoveredBlocks<Checked>(F, [&](BasicBlock &BB, Checked &State) {
    for (Instruction &I : BB) {
      auto Found = ChecksAt.find(&I);
      if (Found != ChecksAt.end()) {
        for (unsigned K : Found->second) {
          const Check &C = Candidates[K];
          int64_t Offset;
          const Value *Base = Locate(C.Ptr, Offset);
          const At *By = Covers(State.Written, Base, Offset);
          if (!By && C.IsRead)
            By = Covers(State.Read, Base, Offset);
          if (By) {
            Repeated[K] = true;
            if (Count)
              ++(By->ByHook ? NumAccessesAfterHook : NumAccessesRepeated);
            continue;
          }
          (C.IsRead ? State.Read : State.Written).try_emplace(Base, At{Offset, false});
        }
      }
      // What a store phase's hook after I checked (the hook's own call does not end coverage).
      if (I.getMetadata(HookedKind)) {
        int64_t Offset;
        if (auto *SI = dyn_cast<StoreInst>(&I)) {
          const Value *Base = Locate(SI->getPointerOperand(), Offset);
          State.Written.try_emplace(Base, At{Offset, true});
        } else if (auto *RMW = dyn_cast<AtomicRMWInst>(&I)) {
          const Value *Base = Locate(RMW->getPointerOperand(), Offset);
          State.Written.try_emplace(Base, At{Offset, true});
        } else if (auto *MT = dyn_cast<MemTransferInst>(&I)) {
          const Value *Base = Locate(MT->getRawDest(), Offset);
          State.Written.try_emplace(Base, At{Offset, true});
          Base = Locate(MT->getRawSource(), Offset);
          State.Read.try_emplace(Base, At{Offset, true});
        }
        continue;
      }
      if (const auto *CB = dyn_cast<CallBase>(&I))
        if (EndsCoverage(CB)) {
          State.Read.clear();
          State.Written.clear();
        }
    }
  });
  SmallVector<Check, 32> Kept;
  for (unsigned K = 0; K < Candidates.size(); K++)
    if (!Repeated[K])
      Kept.push_back(Candidates[K]);
  return Kept;
}

} // namespace cgosan
