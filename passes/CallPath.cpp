// The cgo call path (CallPath.h).
#include "CallPath.h"

#include "RuntimeInterface.h"
#include "Sites.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/Statistic.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Intrinsics.h"
#include "llvm/IR/Module.h"

using namespace llvm;

#define DEBUG_TYPE "cgosan"

ALWAYS_ENABLED_STATISTIC(NumWrappers, "cgo wrappers (C.func) instrumented");
ALWAYS_ENABLED_STATISTIC(NumLent, "pointer arguments reported to the runtime as lent");
ALWAYS_ENABLED_STATISTIC(NumExportReturns, "export stubs returning a pointer instrumented");

namespace cgosan {

// A wrapper's call: __cgosan_call_enter at its entry (with the address of its return address, the
// upper end of the C frames the call creates, and its Go frame), __cgosan_lend for each Go pointer
// it hands C, __cgosan_call_exit before each return.
//   - Pointer arguments of the calls it makes are lent at the call, where their argument index
//     is known; pointers read from the Go frame that go elsewhere (inlined code) are lent where
//     they are read, with no index.
//   - When nothing but cgo's own code runs before the call to the C function, the call starts
//     right there, and the enter lends the first argument itself: one runtime call fewer.
void instrumentWrapper(Function &F, const GoFrame &Frame, const RuntimeInterface &RT, Sites &S) {
  Module &M = *F.getParent();
  ++NumWrappers;
  // The C function Go calls, when this object defines it: reports about the call as a whole
  // (long-cgo-call) point at its definition.
  StringRef CName = wrapperCName(F.getName());
  Constant *Desc = S.call(CName, F.getName(), "__cgosan_call", M.getFunction(CName));
  // Calls whose pointer arguments count as lent: not intrinsics, not cgo's helpers, and not the
  // runtime calls this pass just added (their arguments are addresses and site descriptors).
  auto IsLendingCall = [](const CallBase *CB) {
    const Function *Callee = CB->getCalledFunction();
    return !isInserted(*CB) &&
           !(Callee && (Callee->isIntrinsic() || hasPrefix(Callee->getName(), "_cgo_")));
  };
  auto PassedToCall = [&](const LoadInst *LI) {
    for (const User *U : LI->users())
      if (const auto *CB = dyn_cast<CallBase>(U))
        if (IsLendingCall(CB))
          return true;
    return false;
  };
  struct Lent {
    Instruction *At; // a frame load (lent after it) or a call (lent before it)
    Value *Pointer;
    uint32_t Index; // argument index, UINT32_MAX if not known
  };
  SmallVector<Lent, 8> Lends;
  SmallVector<ReturnInst *, 4> Returns;
  for (BasicBlock &BB : F)
    for (Instruction &I : BB) {
      if (isInserted(I))
        continue;
      if (auto *RI = dyn_cast<ReturnInst>(&I)) {
        Returns.push_back(RI);
      } else if (auto *LI = dyn_cast<LoadInst>(&I)) {
        if (Frame.isLentPointer(LI) && !PassedToCall(LI))
          Lends.push_back({LI, LI, UINT32_MAX});
      } else if (auto *CB = dyn_cast<CallBase>(&I)) {
        if (!IsLendingCall(CB))
          continue;
        for (unsigned A = 0; A < CB->arg_size(); A++)
          if (CB->getArgOperand(A)->getType()->isPointerTy() && !CB->isByValArgument(A))
            Lends.push_back({CB, CB->getArgOperand(A), A});
      }
    }

  Builder Entry(&*F.getEntryBlock().getFirstInsertionPt());
  Function *AddrOfRA = Intrinsic::getDeclaration(&M, Intrinsic::addressofreturnaddress, {RT.PtrTy});
  Value *RetSlot = Entry.CreateCall(AddrOfRA);
  unsigned FirstLend = 0;
  Instruction *EnterAt = &*Entry.GetInsertPoint();
  if (!Lends.empty() && Lends[0].Index != UINT32_MAX &&
      Lends[0].At->getParent() == &F.getEntryBlock()) {
    bool OnlyCgo = true;
    for (Instruction &I : F.getEntryBlock()) {
      if (&I == Lends[0].At)
        break;
      if (const auto *CB = dyn_cast<CallBase>(&I))
        OnlyCgo &= !IsLendingCall(CB);
    }
    if (OnlyCgo) {
      EnterAt = Lends[0].At;
      FirstLend = 1;
    }
  }
  Builder IRB(EnterAt);
  Value *First = FirstLend ? RT.asPtr(IRB, Lends[0].Pointer) : ConstantPointerNull::get(RT.PtrTy);
  IRB.CreateCall(RT.CallEnter, {Desc, RetSlot, RT.asPtr(IRB, F.getArg(0)), First,
                                ConstantInt::get(RT.Int32Ty, FirstLend ? Lends[0].Index : 0)});
  NumLent += FirstLend;
  for (unsigned K = FirstLend; K < Lends.size(); K++) {
    Instruction *At = Lends[K].At;
    Builder IRB(isa<LoadInst>(At) ? At->getNextNode() : At);
    IRB.CreateCall(RT.Lend,
                   {RT.asPtr(IRB, Lends[K].Pointer), ConstantInt::get(RT.Int32Ty, Lends[K].Index)});
    ++NumLent;
  }
  for (ReturnInst *RI : Returns) {
    Builder IRB(RI);
    IRB.CreateCall(RT.CallExit, {});
  }
}

// An export stub returns the exported Go function's result to C:
//   return _cgo_a.r0;  ->  __cgosan_export_return(r0, &desc, return address); return r0;
void instrumentExportStub(Function &F, const RuntimeInterface &RT, Sites &S) {
  Module &M = *F.getParent();
  if (!F.getReturnType()->isPointerTy())
    return;
  Constant *Desc = S.call(F.getName(), F.getName(), "__cgosan_export");
  Function *RetAddr = Intrinsic::getDeclaration(&M, Intrinsic::returnaddress);
  for (BasicBlock &BB : F)
    if (auto *RI = dyn_cast<ReturnInst>(BB.getTerminator())) {
      Builder IRB(RI);
      Value *PC = IRB.CreateCall(RetAddr, {IRB.getInt32(0)});
      IRB.CreateCall(RT.ExportReturn,
                     {RT.asPtr(IRB, RI->getReturnValue()), Desc, RT.asPtr(IRB, PC)});
      ++NumExportReturns;
    }
}

} // namespace cgosan
