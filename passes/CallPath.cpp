// The cgo call path (CallPath.h).
#include "CallPath.h"

#include "RuntimeInterface.h"
#include "Sites.h"

#include "../runtime/cgosan_abi.h"

#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/Statistic.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Intrinsics.h"
#include "llvm/IR/MDBuilder.h"
#include "llvm/IR/Module.h"
#include "llvm/Transforms/Utils/BasicBlockUtils.h"

using namespace llvm;

#define DEBUG_TYPE "cgosan"

ALWAYS_ENABLED_STATISTIC(NumWrappers, "cgo wrappers (C.func) instrumented");
ALWAYS_ENABLED_STATISTIC(NumLent, "pointer arguments reported to the runtime as lent");
ALWAYS_ENABLED_STATISTIC(NumExportReturns, "export stubs returning a pointer instrumented");

namespace cgosan {

namespace {

// The thread's call state and its frames (cgosan_abi.h, CGOSAN_T_* and CGOSAN_F_*), addressed
// by byte offset. Every access is volatile (RuntimeInterface::stateField says why).
class CallState {
public:
  CallState(const RuntimeInterface &RT, IRBuilderBase &IRB) : RT(RT), IRB(IRB) {}

  Value *field(Value *Base, uint64_t Offset, Type *Ty) {
    return RT.stateField(IRB, Base, Offset, Ty);
  }
  Value *load(Type *Ty, Value *Base, uint64_t Offset) {
    return RT.loadState(IRB, Ty, Base, Offset);
  }
  StoreInst *store(Value *V, Value *Base, uint64_t Offset) {
    return IRB.CreateAlignedStore(V, field(Base, Offset, V->getType()),
                                  RuntimeInterface::stateAlign(V->getType()), /*isVolatile=*/true);
  }
  // A store other threads synchronize with (depth, the history's count).
  void storeRelease(Value *V, Value *Base, uint64_t Offset) {
    store(V, Base, Offset)->setAtomic(AtomicOrdering::Release);
  }
  // Frame D (an i32 below CGOSAN_INLINE_FRAMES) of thread state T.
  Value *frame(Value *T, Value *D) {
    Value *Off = IRB.CreateAdd(IRB.CreateShl(IRB.CreateZExt(D, RT.IntPtrTy), 8),
                               ConstantInt::get(RT.IntPtrTy, CGOSAN_T_FRAMES));
    return IRB.CreateInBoundsGEP(IRB.getInt8Ty(), T, Off);
  }
  Value *i32(uint64_t V) { return IRB.getInt32(V); }

private:
  const RuntimeInterface &RT;
  IRBuilderBase &IRB;
};
static_assert(CGOSAN_FRAME_SIZE == 1 << 8, "CallState::frame shifts by log2(CGOSAN_FRAME_SIZE)");

// if (Cond) Then else Else, before Before; both blocks' terminators out. The branches are the
// pass's own.
void splitIfThenElse(Value *Cond, Instruction *Before, Instruction **Then, Instruction **Else,
                     bool Likely) {
  BasicBlock *Head = Before->getParent();
  MDNode *Weights =
      Likely ? MDBuilder(Before->getContext()).createBranchWeights(1 << 20, 1) : nullptr;
  SplitBlockAndInsertIfThenElse(Cond, Before, Then, Else, Weights);
  markInserted(Head->getTerminator());
  markInserted(*Then);
  markInserted(*Else);
}

struct Lent {
  Instruction *At; // a frame load (lent after it) or a call (lent before it)
  Value *Pointer;
  uint32_t Index; // argument index, UINT32_MAX if not known
};

// The wrapper's inline call path, spelled out in cgosan_abi.h: the entry pushes the call's frame
// (with the pointer arguments in Args) and the return pops it and writes the history; the
// runtime is called only for what they leave to it.
class InlineCall {
public:
  InlineCall(Function &F, const RuntimeInterface &RT, Constant *Desc, Value *RetSlot,
             ArrayRef<Lent> Args)
      : RT(RT), Desc(Desc), RetSlot(RetSlot), GoFrame(F.getArg(0)), Args(Args) {}
  void emitEnter(Instruction *Before);
  void emitReturn(ReturnInst *RI);

private:
  void emitHistory(Builder &IRB, CallState &CS, Value *T, Value *F, unsigned I);
  Value *goFrame(IRBuilderBase &IRB) { return RT.asPtr(IRB, GoFrame); }

  const RuntimeInterface &RT;
  Constant *Desc;
  Value *RetSlot, *GoFrame;
  ArrayRef<Lent> Args;
};

void InlineCall::emitEnter(Instruction *Before) {
  Builder IRB(Before);
  Value *Zero = ConstantInt::get(RT.IntPtrTy, 0);
  Instruction *On =
      splitIfThen(IRB.CreateICmpNE(RT.levelMask(IRB, RT.WriteMask), Zero), Before, false);
  IRB.SetInsertPoint(On);
  CallState CS(RT, IRB);
  Value *T = RT.threadState(IRB);
  Value *D = CS.load(RT.Int32Ty, T, CGOSAN_T_DEPTH);
  Value *Limit = CS.load(RT.Int32Ty, T, CGOSAN_T_INLINE_LIMIT);
  Instruction *Fast, *Slow;
  splitIfThenElse(IRB.CreateICmpULT(D, Limit), On, &Fast, &Slow, /*Likely=*/true);

  IRB.SetInsertPoint(Fast);
  Value *F = CS.frame(T, D);
  CS.store(RT.asPtr(IRB, Desc), F, CGOSAN_F_CALL);
  CS.store(IRB.CreateConstInBoundsGEP1_64(IRB.getInt8Ty(), RetSlot, sizeof(void *)), F,
           CGOSAN_F_STACK_HI);
  CS.store(goFrame(IRB), F, CGOSAN_F_GO_FRAME);
  CS.store(CS.load(RT.Int32Ty, T, CGOSAN_T_NRECORDS), F, CGOSAN_F_FIRST_RECORD);
  CS.store(IRB.CreateAdd(CS.load(RT.Int32Ty, F, CGOSAN_F_SERIAL), CS.i32(1)), F, CGOSAN_F_SERIAL);
  CS.store(CS.i32(Args.size()), F, CGOSAN_F_LENT_COUNT);
  for (unsigned I = 0; I < Args.size(); I++) {
    Value *P = RT.asPtr(IRB, Args[I].Pointer);
    CS.store(P, F, CGOSAN_F_LENT + 8 * I);
    CS.store(P, F, CGOSAN_F_LENT_END + 8 * I);
    CS.store(CS.i32(Args[I].Index), F, CGOSAN_F_LENT_INDEX + 4 * I);
  }
  CS.storeRelease(IRB.CreateAdd(D, CS.i32(1)), T, CGOSAN_T_DEPTH);

  IRB.SetInsertPoint(Slow);
  IRB.CreateCall(RT.CallEnter, {Desc, RetSlot, goFrame(IRB)});
  for (const Lent &L : Args)
    IRB.CreateCall(RT.Lend, {RT.asPtr(IRB, L.Pointer), CS.i32(L.Index)});
}

void InlineCall::emitReturn(ReturnInst *RI) {
  Builder IRB(RI);
  Value *Zero = ConstantInt::get(RT.IntPtrTy, 0);
  // The level again, read as if it could have changed: were the optimizer to see that this test
  // repeats the entry's, jump threading would copy the code in between (the C function's call)
  // into a path per level, and a C function called twice is no longer inlined into the wrapper.
  LoadInst *Mask = IRB.CreateAlignedLoad(RT.IntPtrTy, RT.WriteMask, Align(8), /*isVolatile=*/true);
  Instruction *On = splitIfThen(IRB.CreateICmpNE(Mask, Zero), RI, false);
  IRB.SetInsertPoint(On);
  CallState CS(RT, IRB);
  Value *T = RT.threadState(IRB);
  // Depth 0 (nothing to end) wraps around and takes the runtime's return too.
  Value *D = IRB.CreateSub(CS.load(RT.Int32Ty, T, CGOSAN_T_DEPTH), CS.i32(1));
  Value *Limit = CS.load(RT.Int32Ty, T, CGOSAN_T_INLINE_LIMIT);
  Instruction *Fast, *Full;
  splitIfThenElse(IRB.CreateICmpULT(D, Limit), On, &Fast, &Full, /*Likely=*/true);

  IRB.SetInsertPoint(Full);
  IRB.CreateCall(RT.CallExit, {});

  IRB.SetInsertPoint(Fast);
  CS.store(Zero, T, CGOSAN_T_LENT_CACHE);
  CS.store(Zero, T, CGOSAN_T_LENT_CACHE + 8);
  CS.storeRelease(D, T, CGOSAN_T_DEPTH);
  // exit_work is read after depth is stored (held_records.cpp): the compiler may not move it up.
  IRB.CreateFence(AtomicOrdering::SequentiallyConsistent, SyncScope::SingleThread);
  Value *F = CS.frame(T, D);
  Value *Records = IRB.CreateXor(CS.load(RT.Int32Ty, T, CGOSAN_T_NRECORDS),
                                 CS.load(RT.Int32Ty, F, CGOSAN_F_FIRST_RECORD));
  Value *OtherLends =
      IRB.CreateXor(CS.load(RT.Int32Ty, F, CGOSAN_F_LENT_COUNT), CS.i32(Args.size()));
  Value *Work = IRB.CreateOr(CS.load(IRB.getInt64Ty(), T, CGOSAN_T_EXIT_WORK),
                             IRB.CreateZExt(IRB.CreateOr(Records, OtherLends), IRB.getInt64Ty()));
  Instruction *Slow, *Done;
  splitIfThenElse(IRB.CreateICmpNE(Work, IRB.getInt64(0)), Fast, &Slow, &Done, /*Likely=*/false);
  IRB.SetInsertPoint(Slow);
  IRB.CreateCall(RT.CallExitSlow, {});
  for (unsigned I = 0; I < Args.size(); I++) {
    IRB.SetInsertPoint(Done);
    emitHistory(IRB, CS, T, F, I);
  }
}

// Lend I goes into the history: for a call that lends one pointer, into the newest entry if
// that is the same pointer lent to the same function (a buffer reused call after call); else
// into a new entry, if it is in a Go region (the runtime tells Go memory apart exactly when it
// looks). The code goes before IRB's insertion point, which ends up after all of it.
void InlineCall::emitHistory(Builder &IRB, CallState &CS, Value *T, Value *F, unsigned I) {
  Value *P = RT.asPtr(IRB, Args[I].Pointer);
  Value *Call = RT.asPtr(IRB, Desc);
  Value *TouchedEnd = CS.load(RT.IntPtrTy, F, CGOSAN_F_LENT_END + 8 * I);
  Instruction *Before = &*IRB.GetInsertPoint();
  if (Args.size() == 1) {
    Value *Last = CS.load(RT.PtrTy, T, CGOSAN_T_LAST_ENTRY);
    Value *Same = IRB.CreateAnd(IRB.CreateICmpEQ(CS.load(RT.PtrTy, Last, CGOSAN_H_BASE), P),
                                IRB.CreateICmpEQ(CS.load(RT.PtrTy, Last, CGOSAN_H_CALL), Call));
    Instruction *Grow, *Other;
    splitIfThenElse(Same, Before, &Grow, &Other, /*Likely=*/false);
    IRB.SetInsertPoint(Grow);
    Value *Old = CS.load(RT.IntPtrTy, Last, CGOSAN_H_TOUCHED_END);
    CS.store(IRB.CreateSelect(IRB.CreateICmpUGT(TouchedEnd, Old), TouchedEnd, Old), Last,
             CGOSAN_H_TOUCHED_END);
    Before = Other;
    IRB.SetInsertPoint(Before);
  }
  Value *Addr = IRB.CreatePtrToInt(P, RT.IntPtrTy);
  Instruction *Go = splitIfThen(
      RT.inGoRegion(IRB, Addr, ConstantInt::get(RT.IntPtrTy, CGOSAN_REGIONS - 1)), Before, false);
  IRB.SetInsertPoint(Go);
  Value *H = CS.load(RT.PtrTy, T, CGOSAN_T_HISTORY);
  Value *N = CS.load(RT.Int32Ty, T, CGOSAN_T_HISTORY_NEXT);
  Value *Slot = IRB.CreateAnd(IRB.CreateZExt(N, RT.IntPtrTy), CGOSAN_HISTORY - 1);
  Value *E = IRB.CreateInBoundsGEP(
      IRB.getInt8Ty(), H,
      IRB.CreateMul(Slot, ConstantInt::get(RT.IntPtrTy, CGOSAN_HISTORY_ENTRY_SIZE)));
  CS.store(P, E, CGOSAN_H_BASE);
  CS.store(TouchedEnd, E, CGOSAN_H_TOUCHED_END);
  CS.store(Call, E, CGOSAN_H_CALL);
  CS.store(goFrame(IRB), E, CGOSAN_H_GO_FRAME);
  CS.store(ConstantPointerNull::get(RT.PtrTy), E, CGOSAN_H_KEPT_SITE);
  CS.store(CS.i32(Args[I].Index), E, CGOSAN_H_ARGUMENT);
  CS.store(E, T, CGOSAN_T_LAST_ENTRY);
  CS.storeRelease(IRB.CreateAdd(N, CS.i32(1)), T, CGOSAN_T_HISTORY_NEXT);
}

} // namespace

// A wrapper's call, inline (InlineCall), at the call of its C function when only code that lends
// nothing runs before it, with that call's pointer arguments; else at its entry, with none.
// Pointers read from the Go frame that go elsewhere (inlined code), or beyond CGOSAN_MAX_LENT, are
// lent where they are read or passed, one __cgosan_lend each (their returns then take the
// runtime's path).
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
  // The call's arguments, when its C function's call comes first in the entry block (cgo's own
  // code, and calls that lend nothing such as errno's, may run before it).
  Instruction *EnterAt = &*Entry.GetInsertPoint();
  unsigned InlineLends = 0;
  if (!Lends.empty() && Lends[0].Index != UINT32_MAX &&
      Lends[0].At->getParent() == &F.getEntryBlock()) {
    EnterAt = Lends[0].At;
    while (InlineLends < Lends.size() && InlineLends < CGOSAN_MAX_LENT &&
           Lends[InlineLends].At == EnterAt)
      InlineLends++;
  }
  ArrayRef<Lent> Args(Lends.data(), InlineLends);
  InlineCall Call(F, RT, Desc, RetSlot, Args);
  Call.emitEnter(EnterAt);
  NumLent += InlineLends;
  for (unsigned K = InlineLends; K < Lends.size(); K++) {
    Instruction *At = Lends[K].At;
    Builder IRB(isa<LoadInst>(At) ? At->getNextNode() : At);
    IRB.CreateCall(RT.Lend,
                   {RT.asPtr(IRB, Lends[K].Pointer), ConstantInt::get(RT.Int32Ty, Lends[K].Index)});
    ++NumLent;
  }
  for (ReturnInst *RI : Returns)
    Call.emitReturn(RI);
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
