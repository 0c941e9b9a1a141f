//===- CgosanPass.cpp - instrument cgo C code for cgosan ------------------===//
//
// cgosan checks what C does with the Go pointers that cgo lends it. The pass inserts calls into
// the runtime where things happen: at entry and exit of every cgo wrapper (Go's `C.<name>`) and
// for the pointers it lends, after stores that may keep a pointer, after copies and allocations,
// before loads and stores that may touch Go memory, and before an export stub returns a pointer
// to C. The rest is the runtime's: what is a Go pointer, what was kept, what was lent.
//
// Two instrumenters share the pieces (CgosanPass.h has the phases): the StoreInstrumenter runs
// at the pipeline's start, before anything can delete a store; the AccessInstrumenter after the
// optimizer, on the few accesses that are left. Each collects the instructions of a function,
// chooses those that can matter (choose*, every pruning rule explained there), and instruments
// them (instrument*). What cgo generates is recognised in CgoCode.h, and what its wrappers and
// export stubs get is CallPath.h; the runtime's interface, mirroring runtime/cgosan_abi.h, is
// RuntimeInterface.h; the constants describing sources are Sites.h; level 2's second bodies are
// Level2Bodies.h. Code the pass inserts is marked
// !nosanitize and never instrumented or counted.
//
//===----------------------------------------------------------------------===//

#include "CgosanPass.h"

#include "CallPath.h"
#include "CgoCode.h"
#include "Level2Bodies.h"
#include "MemoryKinds.h"
#include "RuntimeInterface.h"
#include "Sites.h"

#include "../runtime/cgosan_abi.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/PostOrderIterator.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/Statistic.h"
#include "llvm/Analysis/ValueTracking.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Intrinsics.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/CommandLine.h"

using namespace llvm;
using namespace cgosan;

#define DEBUG_TYPE "cgosan"

// Always enabled: with a release build of LLVM (what distributions ship) plain STATISTICs compile
// to nothing. Read them with `clang -Xclang -stats-file=FILE` (or opt -stats on an asserts build).
// They count user instructions only.
ALWAYS_ENABLED_STATISTIC(NumStores, "pointer stores instrumented");
ALWAYS_ENABLED_STATISTIC(NumStoresLocal,
                         "pointer stores skipped: into an alloca that does not escape");
ALWAYS_ENABLED_STATISTIC(NumStoresFrame,
                         "pointer stores skipped: a wrapper's copy into its Go frame");
ALWAYS_ENABLED_STATISTIC(NumIntStores,
                         "pointer-sized integer stores instrumented (uintptr_t, level 2)");
ALWAYS_ENABLED_STATISTIC(NumReads, "loads instrumented");
ALWAYS_ENABLED_STATISTIC(NumWrites, "stores and atomics instrumented as writes");
ALWAYS_ENABLED_STATISTIC(NumAccessesCMemory,
                         "loads and stores skipped: on a C local, C global or fresh heap block");
ALWAYS_ENABLED_STATISTIC(NumAccessesCgoCode,
                         "loads and stores skipped: cgo's own generated code (wrappers)");
ALWAYS_ENABLED_STATISTIC(NumAccessesLent,
                         "loads and stores skipped: a cgo call's own lent memory (after inlining)");
ALWAYS_ENABLED_STATISTIC(NumAccessesRepeated,
                         "accesses skipped: same object as an access checked just before");
ALWAYS_ENABLED_STATISTIC(NumCopies, "memcpy/memmove/memset calls instrumented");
ALWAYS_ENABLED_STATISTIC(NumAllocs, "malloc/calloc/realloc calls instrumented");
ALWAYS_ENABLED_STATISTIC(NumSkippedFunctions,
                         "functions skipped: cgo runtime, export stubs, or opted out");
ALWAYS_ENABLED_STATISTIC(NumUnsupported,
                         "pointer writes left uninstrumented: not understood by this pass");

static cl::opt<bool> ClInstrumentStores("cgosan-instrument-stores", cl::init(true),
                                        cl::desc("Instrument stores of pointers"), cl::Hidden);
static cl::opt<bool> ClInstrumentAccesses("cgosan-instrument-accesses", cl::init(true),
                                          cl::desc("Instrument loads and stores that may touch "
                                                   "Go memory (use-after-return)"),
                                          cl::Hidden);
static cl::opt<bool> ClInstrumentReads("cgosan-instrument-reads", cl::init(true),
                                       cl::desc("Instrument loads (checked at level 2)"),
                                       cl::Hidden);
static cl::opt<bool> ClInstrumentAllocs("cgosan-instrument-allocs", cl::init(true),
                                        cl::desc("Record malloc/calloc/realloc call sites"),
                                        cl::Hidden);

namespace {

// A user store the early phase followed with a hook: the hook checks it (a store into Go memory
// is also a write), so the late phase leaves it alone. This marks the user's instruction, which
// !nosanitize must not: other sanitizers may instrument it.
constexpr const char kHookedMD[] = "cgosan.hooked";
bool hookedByEarlyPhase(const Instruction &I) { return I.getMetadata(kHookedMD) != nullptr; }

// The common case inline, the rest in the runtime (the sequence is spelled out in cgosan_abi.h):
//   if (__cgosan_go_regions[(addr >> 21) & mask])   C memory: no Go memory in its region, no call
//     __cgosan_read/write(addr, site)                 the exact page, the thread's lent memory
// The branch is marked unlikely, so the fast path stays straight-line code, and the hook keeps
// the registers (CGOSAN_CHECK_CC): a check adds about five instructions inline and a call out of
// the way. Everything else the check needs (the page bits, the thread's lent-memory cache) was
// inline before, and made go-sqlite3's parser 15 times its size. Reads, most of the checks, are
// checked only at level 2: a test of the mask first makes them a compare and a branch at
// levels 0 and 1. In a level-2 body every kind of access is checked: the mask is all ones, a
// constant that needs no register and no load.
void insertAccessCheck(const RuntimeInterface &RT, Sites &S, Instruction *I, Value *Ptr,
                       bool IsRead, bool Level2Only = false) {
  Builder IRB(I);
  Value *Mask = Level2Only ? ConstantInt::get(RT.IntPtrTy, CGOSAN_REGIONS - 1)
                           : RT.levelMask(IRB, IsRead ? RT.ReadMask : RT.WriteMask);
  if (IsRead && !Level2Only)
    IRB.SetInsertPoint(
        splitIfThen(IRB.CreateICmpNE(Mask, ConstantInt::get(RT.IntPtrTy, 0)), I, false));
  Value *Addr = IRB.CreatePtrToInt(Ptr, RT.IntPtrTy);
  IRB.SetInsertPoint(
      splitIfThen(RT.inGoRegion(IRB, Addr, Mask), &*IRB.GetInsertPoint(), /*Unlikely=*/true));
  RT.callCheckHook(IRB, IsRead ? RT.Read : RT.Write, {RT.asPtr(IRB, Ptr), S.site(*I)});
}

//===----------------------------------------------------------------------===//
// The early phase: wrappers, export stubs, stores that may keep a pointer, copies, allocations.
//===----------------------------------------------------------------------===//

class StoreInstrumenter {
public:
  StoreInstrumenter(Module &M, const RuntimeInterface &RT, Sites &S) : M(M), RT(RT), S(S) {}
  void instrument(Function &F, FunctionKind Kind);

private:
  struct Worklist {
    SmallVector<StoreInst *, 16> Stores;    // pointer stores: may keep a Go pointer
    SmallVector<StoreInst *, 16> IntStores; // pointer-sized integers that may hold one
    SmallVector<AtomicRMWInst *, 4> Exchanges;
    SmallVector<MemIntrinsic *, 4> MemOps;
    SmallVector<CallBase *, 4> Allocs;
  };
  Worklist collect(Function &F, bool IsWrapper);
  void chooseStores(const GoFrame &Frame, bool IsWrapper, Worklist &W);
  void chooseMemIntrinsics(Worklist &W);
  void instrumentStores(Worklist &W);
  void instrumentMemIntrinsics(ArrayRef<MemIntrinsic *> MemOps);
  void instrumentAllocations(ArrayRef<CallBase *> Allocs);
  void insertStoreHook(Instruction *Store, FunctionCallee Hook, Value *Addr, Value *Val);

  Module &M;
  const RuntimeInterface &RT;
  Sites &S;
};

void StoreInstrumenter::instrument(Function &F, FunctionKind Kind) {
  if (Kind == FunctionKind::ExportStub) {
    instrumentExportStub(F, RT, S);
    return;
  }
  bool IsWrapper = Kind == FunctionKind::Wrapper;
  GoFrame Frame(F); // before anything is inserted
  Worklist W = collect(F, IsWrapper);
  chooseStores(Frame, IsWrapper, W);
  chooseMemIntrinsics(W);
  instrumentStores(W);
  instrumentMemIntrinsics(W.MemOps);
  instrumentAllocations(W.Allocs);
  if (IsWrapper)
    instrumentWrapper(F, Frame, RT, S);
}

StoreInstrumenter::Worklist StoreInstrumenter::collect(Function &F, bool IsWrapper) {
  Worklist W;
  Type *IntPtrTy = RT.IntPtrTy;
  for (BasicBlock &BB : F)
    for (Instruction &I : BB) {
      if (isInserted(I))
        continue;
      if (auto *SI = dyn_cast<StoreInst>(&I)) {
        Type *T = SI->getValueOperand()->getType();
        if (SI->getPointerAddressSpace() != 0 ||
            (T->isPointerTy() && T->getPointerAddressSpace() != 0)) {
          ++NumUnsupported;
          continue;
        }
        // Atomic pointer stores reach the IR as integers (clang 14 lowers `__atomic_store_n` on
        // a pointer through i64): they are pointer stores.
        if (T->isPointerTy() || (T == IntPtrTy && SI->isAtomic() && !IsWrapper))
          W.Stores.push_back(SI);
        else if (T == IntPtrTy && mayHoldPointer(SI->getValueOperand()) && !IsWrapper)
          W.IntStores.push_back(SI);
        else if (T->isVectorTy() || T->isAggregateType()) {
          // Aggregate or vector stores that may carry pointers are not followed yet.
          Type *Elt = T->isVectorTy() ? cast<VectorType>(T)->getElementType() : nullptr;
          if (!Elt || Elt->isPointerTy())
            ++NumUnsupported;
        }
      } else if (auto *RMW = dyn_cast<AtomicRMWInst>(&I)) {
        // An atomic exchange of a pointer (or of its integer, as clang 14 emits it) stores it.
        Type *VT = RMW->getValOperand()->getType();
        if (IsWrapper || RMW->getPointerAddressSpace() != 0)
          continue;
        if (RMW->getOperation() == AtomicRMWInst::Xchg && (VT->isPointerTy() || VT == IntPtrTy))
          W.Exchanges.push_back(RMW);
        else if (VT->isPointerTy())
          ++NumUnsupported;
      } else if (auto *CX = dyn_cast<AtomicCmpXchgInst>(&I)) {
        if (CX->getNewValOperand()->getType()->isPointerTy())
          ++NumUnsupported;
      } else if (auto *MI = dyn_cast<MemIntrinsic>(&I)) {
        if (!IsWrapper && MI->getDestAddressSpace() == 0)
          W.MemOps.push_back(MI);
      } else if (auto *CB = dyn_cast<CallBase>(&I)) {
        if (isRecordedAllocation(*CB))
          W.Allocs.push_back(CB);
      }
    }
  return W;
}

// Stores that cannot keep anything are left alone:
// - into an alloca that never escapes: nothing outside the function sees it, and mem2reg and SROA
//   still promote it (asked before any hook takes its address);
// - in a wrapper, its copies into its own Go argument frame (the result) and cgo's own stores.
void StoreInstrumenter::chooseStores(const GoFrame &Frame, bool IsWrapper, Worklist &W) {
  if (!ClInstrumentStores) {
    W.Stores.clear();
    W.IntStores.clear();
    W.Exchanges.clear();
    return;
  }
  auto Keep = [&](StoreInst *SI) {
    if (IsWrapper && Frame.contains(SI->getPointerOperand())) {
      ++NumStoresFrame;
      return false;
    }
    if (isPrivateLocal(SI->getPointerOperand())) {
      ++NumStoresLocal;
      return false;
    }
    if (IsWrapper && isCgoCode(*SI)) {
      ++NumStoresFrame;
      return false;
    }
    return true;
  };
  llvm::erase_if(W.Stores, [&](StoreInst *SI) { return !Keep(SI); });
  llvm::erase_if(W.IntStores, [&](StoreInst *SI) {
    if (!isPrivateLocal(SI->getPointerOperand()))
      return false;
    ++NumStoresLocal;
    return true;
  });
}

// A copy into a private local from C memory copies nothing of Go's, and a memset of C memory
// writes none of it.
void StoreInstrumenter::chooseMemIntrinsics(Worklist &W) {
  llvm::erase_if(W.MemOps, [&](MemIntrinsic *MI) {
    auto *MT = dyn_cast<MemTransferInst>(MI);
    bool Skip = MT ? isPrivateLocal(MI->getRawDest()) && isCMemory(MT->getRawSource())
                   : isCMemory(MI->getRawDest());
    if (Skip)
      ++NumAccessesCMemory;
    return Skip;
  });
}

void StoreInstrumenter::instrumentStores(Worklist &W) {
  for (StoreInst *SI : W.Stores) {
    insertStoreHook(SI, RT.StorePtr, SI->getPointerOperand(), SI->getValueOperand());
    ++NumStores;
  }
  for (StoreInst *SI : W.IntStores) {
    insertStoreHook(SI, RT.StoreInt, SI->getPointerOperand(), SI->getValueOperand());
    ++NumIntStores;
  }
  for (AtomicRMWInst *RMW : W.Exchanges) {
    insertStoreHook(RMW, RT.StorePtr, RMW->getPointerOperand(), RMW->getValOperand());
    ++NumStores;
  }
}

// After a store that may keep a pointer: the hook runs only if the stored value or the address
// lies where Go has memory. C storing C pointers into C memory, the common case, costs one or two
// region-table loads and a branch. Overwriting a Go pointer with a C pointer needs no hook: the
// call's exit re-reads every place C stored a Go pointer, and finds the C pointer there. The
// store is marked so the late phase does not check it again.
void StoreInstrumenter::insertStoreHook(Instruction *Store, FunctionCallee Hook, Value *Addr,
                                        Value *Val) {
  Instruction *Next = Store->getNextNode();
  Builder IRB(Next);
  IRB.SetCurrentDebugLocation(Store->getDebugLoc());
  Value *A = IRB.CreatePtrToInt(Addr, RT.IntPtrTy);
  Value *V = Val->getType()->isPointerTy() ? IRB.CreatePtrToInt(Val, RT.IntPtrTy)
                                           : IRB.CreateZExtOrTrunc(Val, RT.IntPtrTy);
  // A C global, stack slot or fresh heap block is never Go memory: only the value is tested then.
  Value *Mask = RT.levelMask(IRB, RT.WriteMask);
  Value *Need = RT.inGoRegion(IRB, V, Mask);
  if (!isCMemory(Addr))
    Need = IRB.CreateOr(Need, RT.inGoRegion(IRB, A, Mask));
  IRB.SetInsertPoint(splitIfThen(Need, Next, /*Unlikely=*/true));
  // The hook's return address is what frame #0 of a report symbolizes to: the store's line, not
  // the next statement's that the split gave the new block.
  IRB.SetCurrentDebugLocation(Store->getDebugLoc());
  // __cgosan_store_ptr takes the value as a pointer (an atomic exchange's may be an integer),
  // __cgosan_store_int as an integer.
  Value *Arg = Hook.getFunctionType()->getParamType(1)->isPointerTy() ? RT.asPtr(IRB, Val) : Val;
  RT.callCheckHook(IRB, Hook, {RT.asPtr(IRB, Addr), Arg, S.storeSite(*Store, Addr)});
  Store->setMetadata(M.getMDKindID(kHookedMD), MDNode::get(M.getContext(), {}));
}

void StoreInstrumenter::instrumentMemIntrinsics(ArrayRef<MemIntrinsic *> MemOps) {
  for (MemIntrinsic *MI : MemOps) {
    ++NumCopies;
    auto *MT = dyn_cast<MemTransferInst>(MI);
    if (!MT) {
      // memset writes what it covers: checked like a store to its first byte.
      insertAccessCheck(RT, S, MI, MI->getRawDest(), /*IsRead=*/false);
      continue;
    }
    // After the copy, the runtime looks for Go pointers in what arrived. Level 1 checks only the
    // write (a copy into Go memory); level 2 also looks at what arrived, wherever it went.
    Builder IRB(MI->getNextNode());
    IRB.SetCurrentDebugLocation(MI->getDebugLoc());
    Value *Need = RT.isLevel2(IRB);
    if (!isCMemory(MT->getRawDest()))
      Need =
          IRB.CreateOr(Need, RT.inGoRegion(IRB, IRB.CreatePtrToInt(MT->getRawDest(), RT.IntPtrTy),
                                           RT.levelMask(IRB, RT.WriteMask)));
    IRB.SetInsertPoint(splitIfThen(Need, &*IRB.GetInsertPoint(), /*Unlikely=*/false));
    IRB.SetCurrentDebugLocation(MI->getDebugLoc()); // the copy's line, not the next one's
    CallInst *Hook =
        IRB.CreateCall(RT.Copy, {RT.asPtr(IRB, MT->getRawDest()), RT.asPtr(IRB, MT->getRawSource()),
                                 IRB.CreateZExtOrTrunc(MT->getLength(), RT.IntPtrTy),
                                 S.storeSite(*MI, MT->getRawDest()), S.copyLayout(*MT)});
    Hook->setTailCallKind(CallInst::TCK_NoTail);
  }
}

// After each allocation: where the block came from, for reports ("heap block of N bytes
// allocated at FILE:LINE").
void StoreInstrumenter::instrumentAllocations(ArrayRef<CallBase *> Allocs) {
  if (!ClInstrumentAllocs)
    return;
  for (CallBase *CB : Allocs) {
    if (!CB->getNextNode() || isa<InvokeInst>(CB))
      continue;
    Builder IRB(CB->getNextNode());
    IRB.SetCurrentDebugLocation(CB->getDebugLoc());
    StringRef N = CB->getCalledFunction()->getName();
    Value *Size;
    if (N == "calloc")
      Size = IRB.CreateMul(IRB.CreateZExtOrTrunc(CB->getArgOperand(0), RT.IntPtrTy),
                           IRB.CreateZExtOrTrunc(CB->getArgOperand(1), RT.IntPtrTy));
    else
      Size = IRB.CreateZExtOrTrunc(CB->getArgOperand(N == "realloc" ? 1 : 0), RT.IntPtrTy);
    IRB.CreateCall(RT.HeapAlloc, {RT.asPtr(IRB, CB), Size, S.site(*CB)});
    ++NumAllocs;
  }
}

//===----------------------------------------------------------------------===//
// The late phase: loads and stores that may touch Go memory, and level 2's second bodies.
//===----------------------------------------------------------------------===//

class AccessInstrumenter {
public:
  // AfterInlining: the optimizer ran (the late phase proper). Without it (-O0, where one pass at
  // the pipeline's start does both phases), wrappers still hold only cgo's code, and functions
  // get no second body.
  AccessInstrumenter(const RuntimeInterface &RT, Sites &S, bool AfterInlining)
      : RT(RT), S(S), AfterInlining(AfterInlining) {}
  void instrument(Function &F, FunctionKind Kind);

private:
  SmallVector<Instruction *, 32> collect(Function &F);
  SmallVector<Instruction *, 32> chooseAccesses(Function &F, const GoFrame &Frame,
                                                ArrayRef<Instruction *> Accesses);
  void instrumentAccesses(Function &F, ArrayRef<Instruction *> Accesses);

  const RuntimeInterface &RT;
  Sites &S;
  bool AfterInlining;
};

void AccessInstrumenter::instrument(Function &F, FunctionKind Kind) {
  if (Kind == FunctionKind::ExportStub || !ClInstrumentAccesses)
    return;
  // Before inlining a wrapper touches only its Go frame and its locals: nothing to check. After
  // inlining it holds the C function's code, whose accesses count.
  if (Kind == FunctionKind::Wrapper && !AfterInlining)
    return;
  GoFrame Frame(F);
  SmallVector<Instruction *, 32> Accesses = collect(F);
  instrumentAccesses(F, chooseAccesses(F, Frame, Accesses));
}

SmallVector<Instruction *, 32> AccessInstrumenter::collect(Function &F) {
  SmallVector<Instruction *, 32> Accesses;
  for (BasicBlock &BB : F)
    for (Instruction &I : BB) {
      if (isInserted(I) || hookedByEarlyPhase(I))
        continue;
      if (auto *SI = dyn_cast<StoreInst>(&I)) {
        if (SI->getPointerAddressSpace() == 0)
          Accesses.push_back(SI);
      } else if (auto *LI = dyn_cast<LoadInst>(&I)) {
        if (ClInstrumentReads && LI->getPointerAddressSpace() == 0)
          Accesses.push_back(LI);
      } else if (auto *RMW = dyn_cast<AtomicRMWInst>(&I)) {
        if (RMW->getPointerAddressSpace() == 0)
          Accesses.push_back(RMW);
      } else if (auto *CX = dyn_cast<AtomicCmpXchgInst>(&I)) {
        if (CX->getPointerAddressSpace() == 0)
          Accesses.push_back(CX);
      }
    }
  return Accesses;
}

// Accesses whose check an earlier check already made (ASan and TSan prune the same way). Whether
// memory is Go memory, and whether a call in progress lent it, is a property of the object, and it
// changes only when a cgo call enters or returns: so an access at a small constant offset from a
// base pointer that an earlier access was checked through, with no call in between, needs no
// check of its own. "Earlier" is earlier in the block, or in the block's only predecessor and so
// on up (an extended basic block: no path joins in between). Any call but an intrinsic or one the
// pass inserted ends the coverage: it may return to Go, or wait while another thread's call
// returns. (Coverage over dominated blocks in functions without calls was tried: no measurable
// gain on go-sqlite3, and a loop would then stop seeing another thread's call return.) A read is
// covered by an earlier read or write (the same question, asked at fewer levels by the read); a
// write only by a write. The offsets stay within CGOSAN_RETURNED_SLACK of the checked access, so
// the use-after-return history (which extends what C touched by as much) still covers them.
SmallPtrSet<Instruction *, 16> repeatedChecks(Function &F,
                                              const SmallPtrSetImpl<Instruction *> &Candidates) {
  constexpr int64_t kMaxSpread = CGOSAN_RETURNED_SLACK;
  const DataLayout &DL = F.getParent()->getDataLayout();
  // Base pointer -> the offset checked through it, for reads and for writes.
  struct Checked {
    DenseMap<const Value *, int64_t> Read, Written;
  };
  auto EndsCoverage = [](const CallBase *CB) {
    return !isa<IntrinsicInst>(CB) && !isInserted(*CB);
  };
  DenseMap<const BasicBlock *, Checked> AtEnd;
  SmallPtrSet<Instruction *, 16> Repeated;
  ReversePostOrderTraversal<Function *> RPOT(&F);
  for (BasicBlock *BB : RPOT) {
    Checked State;
    if (const BasicBlock *Pred = BB->getSinglePredecessor()) {
      auto It = AtEnd.find(Pred);
      if (It != AtEnd.end())
        State = It->second;
    }
    for (Instruction &I : *BB) {
      if (const auto *CB = dyn_cast<CallBase>(&I)) {
        if (EndsCoverage(CB)) {
          State.Read.clear();
          State.Written.clear();
        }
        continue;
      }
      if (!Candidates.count(&I))
        continue;
      int64_t Offset = 0;
      const Value *Base = GetPointerBaseWithConstantOffset(accessAddress(&I), Offset, DL);
      bool IsRead = isa<LoadInst>(&I);
      auto Covers = [&](const DenseMap<const Value *, int64_t> &Map) {
        auto It = Map.find(Base);
        return It != Map.end() && Offset - It->second < kMaxSpread &&
               It->second - Offset < kMaxSpread;
      };
      if (Covers(State.Written) || (IsRead && Covers(State.Read))) {
        Repeated.insert(&I);
        continue;
      }
      (IsRead ? State.Read : State.Written).try_emplace(Base, Offset);
    }
    if (!State.Read.empty() || !State.Written.empty())
      AtEnd[BB] = std::move(State);
  }
  return Repeated;
}

// Accesses that cannot touch Go memory a returned call lent are left alone:
// - cgo's own code (a wrapper's copies into and out of its Go frame), whatever its attributes;
// - C memory by construction: a stack slot, a C global, what malloc and friends returned;
// - in a wrapper after inlining, its Go frame and the pointers it read from there: the call's own
//   lent memory, always allowed while it runs;
// - an access an earlier check already covered (repeatedChecks).
SmallVector<Instruction *, 32>
AccessInstrumenter::chooseAccesses(Function &F, const GoFrame &Frame,
                                   ArrayRef<Instruction *> Accesses) {
  SmallPtrSet<Instruction *, 32> Candidates;
  for (Instruction *I : Accesses) {
    Value *Ptr = accessAddress(I);
    if (isCgoCode(*I))
      ++NumAccessesCgoCode;
    else if (isCMemory(Ptr))
      ++NumAccessesCMemory;
    else if (Frame.inLentMemory(Ptr))
      ++NumAccessesLent;
    else
      Candidates.insert(I);
  }
  SmallPtrSet<Instruction *, 16> Repeated = repeatedChecks(F, Candidates);
  NumAccessesRepeated += Repeated.size();
  SmallVector<Instruction *, 32> Chosen;
  for (Instruction *I : Accesses)
    if (Candidates.count(I) && !Repeated.count(I)) {
      Chosen.push_back(I);
      ++(isa<LoadInst>(I) ? NumReads : NumWrites);
    }
  return Chosen;
}

void AccessInstrumenter::instrumentAccesses(Function &F, ArrayRef<Instruction *> Accesses) {
  SmallVector<Instruction *, 32> Level2Accesses;
  if (!Accesses.empty() && AfterInlining && giveLevel2Body(F, Accesses, RT, Level2Accesses)) {
    // The original body runs at levels 0 and 1: its writes are checked, its reads are not.
    for (Instruction *I : Accesses)
      if (!isa<LoadInst>(I))
        insertAccessCheck(RT, S, I, accessAddress(I), false);
    for (Instruction *I : Level2Accesses)
      insertAccessCheck(RT, S, I, accessAddress(I), isa<LoadInst>(I), /*Level2Only=*/true);
    return;
  }
  for (Instruction *I : Accesses)
    insertAccessCheck(RT, S, I, accessAddress(I), isa<LoadInst>(I));
}

// The functions of M that a phase looks at, and their kinds; skipped ones are counted once.
SmallVector<std::pair<Function *, FunctionKind>, 32> functionsToInstrument(Module &M,
                                                                           bool CountSkipped) {
  SmallVector<std::pair<Function *, FunctionKind>, 32> Out;
  for (Function &F : M) {
    if (F.isDeclaration())
      continue;
    FunctionKind K = classify(F);
    if (K == FunctionKind::Skip) {
      if (CountSkipped)
        ++NumSkippedFunctions;
      continue;
    }
    Out.push_back({&F, K});
  }
  return Out;
}

} // namespace

namespace cgosan {

PreservedAnalyses CgosanPass::run(Module &M, ModuleAnalysisManager &) {
  bool Early = P != Phase::Late, Late = P != Phase::Early;
  auto Functions = functionsToInstrument(M, /*CountSkipped=*/Early);
  if (Functions.empty())
    return PreservedAnalyses::all();
  RuntimeInterface RT(M, /*WithAbiMarker=*/Early);
  Sites S(RT);
  if (Early) {
    StoreInstrumenter SI(M, RT, S);
    for (auto &[F, Kind] : Functions)
      SI.instrument(*F, Kind);
  }
  if (Late) {
    AccessInstrumenter AI(RT, S, /*AfterInlining=*/P == Phase::Late);
    for (auto &[F, Kind] : Functions)
      AI.instrument(*F, Kind);
  }
  return PreservedAnalyses::none();
}

} // namespace cgosan
