// MemoryKinds.h.
#include "MemoryKinds.h"

#include "CgoCode.h"

#include "llvm/Analysis/CaptureTracking.h"
#include "llvm/Analysis/ValueTracking.h"
#include "llvm/IR/Instructions.h"

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
