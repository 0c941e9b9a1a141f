// MemoryKinds.h.
#include "MemoryKinds.h"

#include "CgoCode.h"

#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Analysis/CaptureTracking.h"
#include "llvm/Analysis/ValueTracking.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/Operator.h"

using namespace llvm;

namespace cgosan {

// The allocators whose results are C memory (isCMemory). The pass records the first three's
// calls for reports ("heap block of N bytes allocated at ..."); the others only prove memory is
// C's.
static bool isAllocatorName(StringRef N) {
  return N == "malloc" || N == "calloc" || N == "realloc" || N == "aligned_alloc" || N == "strdup";
}

const Value *underlyingObject(const Value *Ptr) {
  const Value *Obj = getUnderlyingObject(Ptr);
  if (const auto *CI = dyn_cast<CallInst>(Obj))
    if (const Function *Callee = CI->getCalledFunction())
      if (hasPrefix(Callee->getName(), "llvm.threadlocal.address"))
        return getUnderlyingObject(CI->getArgOperand(0));
  return Obj;
}

bool isCMemory(const Value *Ptr) {
  const Value *Obj = underlyingObject(Ptr);
  if (isa<AllocaInst>(Obj) || isa<GlobalVariable>(Obj))
    return true;
  if (const auto *CB = dyn_cast<CallBase>(Obj))
    if (const Function *Callee = CB->getCalledFunction())
      return isAllocatorName(Callee->getName());
  return false;
}

// An index the program computed from a pointer's integer value: `(char *)a + (p - a)` is p.
static bool fromPointerArithmetic(const Value *Index) {
  while (isa<CastInst>(Index) && !isa<PtrToIntInst>(Index))
    Index = cast<CastInst>(Index)->getOperand(0);
  if (isa<PtrToIntInst>(Index))
    return true;
  if (const auto *BO = dyn_cast<BinaryOperator>(Index))
    return isa<PtrToIntInst>(BO->getOperand(0)) || isa<PtrToIntInst>(BO->getOperand(1));
  return false;
}

bool isCPointerValue(const Value *V) {
  constexpr unsigned kMaxValues = 32; // bounds compile time on long phi webs
  SmallVector<const Value *, 8> Work{V};
  SmallPtrSet<const Value *, 16> Seen;
  while (!Work.empty()) {
    const Value *P = Work.pop_back_val();
    if (!Seen.insert(P).second)
      continue;
    if (Seen.size() > kMaxValues)
      return false;
    if (isa<ConstantPointerNull>(P) || isa<UndefValue>(P) || isa<ConstantInt>(P) ||
        isa<AllocaInst>(P) || isa<GlobalValue>(P))
      continue;
    if (const auto *CE = dyn_cast<ConstantExpr>(P)) {
      // Casts and GEPs of constants: nothing computed at run time.
      for (const Value *Op : CE->operands())
        Work.push_back(Op);
      continue;
    }
    if (const auto *GEP = dyn_cast<GEPOperator>(P)) {
      for (const Value *Idx : GEP->indices())
        if (!isa<Constant>(Idx) && fromPointerArithmetic(Idx))
          return false;
      Work.push_back(GEP->getPointerOperand());
      continue;
    }
    if (isa<BitCastInst>(P) || isa<AddrSpaceCastInst>(P) || isa<PtrToIntInst>(P) ||
        isa<IntToPtrInst>(P) || isa<FreezeInst>(P)) {
      // inttoptr of a value that is itself a C pointer's integer (the chain ends in one).
      Work.push_back(cast<Instruction>(P)->getOperand(0));
      continue;
    }
    if (const auto *PN = dyn_cast<PHINode>(P)) {
      for (const Value *In : PN->incoming_values())
        Work.push_back(In);
      continue;
    }
    if (const auto *Sel = dyn_cast<SelectInst>(P)) {
      Work.push_back(Sel->getTrueValue());
      Work.push_back(Sel->getFalseValue());
      continue;
    }
    if (const auto *CB = dyn_cast<CallBase>(P)) {
      const Function *Callee = CB->getCalledFunction();
      if (Callee && isAllocatorName(Callee->getName()))
        continue;
      if (Callee && hasPrefix(Callee->getName(), "llvm.threadlocal.address")) {
        Work.push_back(CB->getArgOperand(0));
        continue;
      }
    }
    return false;
  }
  return true;
}

bool isPrivateLocal(const Value *Ptr) {
  const Value *Obj = underlyingObject(Ptr);
  return isa<AllocaInst>(Obj) &&
         !PointerMayBeCaptured(Obj, /*ReturnCaptures=*/true, /*StoreCaptures=*/true);
}

bool mayHoldPointer(const Value *V) {
  if (isa<PtrToIntInst>(V) || isa<LoadInst>(V))
    return true;
  if (const auto *BO = dyn_cast<BinaryOperator>(V))
    return isa<PtrToIntInst>(BO->getOperand(0)) || isa<PtrToIntInst>(BO->getOperand(1));
  return false;
}

Value *accessAddress(Instruction *I) {
  if (Value *P = getLoadStorePointerOperand(I))
    return P;
  return I->getOperand(0); // atomicrmw, cmpxchg
}

bool isRecordedAllocation(const CallBase &CB) {
  const Function *Callee = CB.getCalledFunction();
  if (!Callee)
    return false;
  StringRef N = Callee->getName();
  return (N == "malloc" && CB.arg_size() == 1) || (N == "calloc" && CB.arg_size() == 2) ||
         (N == "realloc" && CB.arg_size() == 2);
}

} // namespace cgosan
