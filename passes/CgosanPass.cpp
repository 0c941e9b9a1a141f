//===- CgosanPass.cpp - instrument cgo C code for cgosan ------------------===//
//
// cgosan checks what C does with the Go pointers that cgo lends it. The pass inserts calls into
// the runtime where things happen: at entry and exit of every cgo wrapper (Go's `C.<name>`) and
// for the pointers it lends, after stores that may keep a pointer, after copies and allocations,
// before loads and stores that may touch Go memory, and before an export stub returns a pointer
// to C. The rest is the runtime's: what is a Go pointer, what was kept, what was lent.
//
// Two instrumenters share the pieces, in three phases (CgosanPass.h): the StoreInstrumenter at
// the pipeline's start for what must be seen before anything can delete it (the call path, stores
// into C globals, allocations), and again after inlining for every other store and copy; the
// AccessInstrumenter after the optimizer, on the few accesses that are left. Each collects the
// instructions of a function, chooses those that can matter (every pruning rule explained where
// it is applied), and instruments them (instrument*). What cgo generates is recognised in
// CgoCode.h, and what its wrappers and export stubs get is CallPath.h; the runtime's interface,
// mirroring runtime/cgosan_abi.h, is RuntimeInterface.h, and the inline tests InlineChecks.h; the
// constants describing sources are Sites.h; which checks an earlier one makes needless is
// RepeatedChecks.h; level 2's second bodies are Level2Bodies.h. Code the pass inserts is marked
// !nosanitize and never instrumented or counted.
//
//===----------------------------------------------------------------------===//

#include "CgosanPass.h"

#include "CallPath.h"
#include "CgoCode.h"
#include "CopyLayout.h"
#include "InlineChecks.h"
#include "Level2Bodies.h"
#include "LoopGates.h"
#include "MemoryKinds.h"
#include "RegionTestReuse.h"
#include "RepeatedChecks.h"
#include "RuntimeInterface.h"
#include "Sites.h"

#include "../runtime/cgosan_abi.h"

#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/Statistic.h"
#include "llvm/Analysis/LoopInfo.h"
#include "llvm/IR/Dominators.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Transforms/Utils/ModuleUtils.h"

using namespace llvm;
using namespace cgosan;

#define DEBUG_TYPE "cgosan"

// Always enabled: with a release build of LLVM (what distributions ship) plain STATISTICs compile
// to nothing. Read them with `clang -Xclang -stats-file=FILE` (or opt -stats on an asserts build).
// They count user instructions only.
ALWAYS_ENABLED_STATISTIC(NumStores, "pointer stores instrumented");
ALWAYS_ENABLED_STATISTIC(NumStoresValueC,
                         "pointer stores of a C pointer (a local's, a global's, an allocator's): "
                         "the value is not tested");
ALWAYS_ENABLED_STATISTIC(NumStoresLocal,
                         "pointer stores skipped: into a local (it dies before the call returns)");
ALWAYS_ENABLED_STATISTIC(NumStoresFrame,
                         "pointer stores skipped: a wrapper's copy into its Go frame");
ALWAYS_ENABLED_STATISTIC(
    NumStoresIntoLent, "stores and copies into memory the call lent: their address is not tested");
ALWAYS_ENABLED_STATISTIC(NumStoresAddressCovered,
                         "stores whose gate does not test the address: an earlier hooked store "
                         "tested the same object's");
ALWAYS_ENABLED_STATISTIC(NumIntStores,
                         "pointer-sized integer stores instrumented (uintptr_t, level 2)");
ALWAYS_ENABLED_STATISTIC(NumStoresIntoStaticsDeferred,
                         "stores into statics left to the store phase: nothing else takes their "
                         "address");
ALWAYS_ENABLED_STATISTIC(NumPinnedStatics,
                         "static variables kept for the store phase: their address is taken");
ALWAYS_ENABLED_STATISTIC(NumReads, "loads instrumented");
ALWAYS_ENABLED_STATISTIC(NumWrites, "stores, atomics and memsets instrumented as writes");
ALWAYS_ENABLED_STATISTIC(NumAccessesCMemory,
                         "loads and stores skipped: on a C local, C global or fresh heap block");
ALWAYS_ENABLED_STATISTIC(NumAccessesCgoCode,
                         "loads and stores skipped: cgo's own generated code (wrappers)");
ALWAYS_ENABLED_STATISTIC(NumAccessesLent,
                         "loads and stores skipped: a cgo call's own lent memory (after inlining)");
ALWAYS_ENABLED_STATISTIC(NumCopies, "memcpy/memmove calls instrumented");
ALWAYS_ENABLED_STATISTIC(NumCopiesInline,
                         "memcpy/memmove calls whose copied words are tested inline (small)");
ALWAYS_ENABLED_STATISTIC(NumCopiesRead, "memcpy/memmove calls that can keep no pointer: into a "
                                        "local, or of pointer-free data into C memory (a read)");
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
static cl::opt<bool> ClLoopGates("cgosan-loop-gates", cl::init(true),
                                 cl::desc("Test a loop-invariant base object's region once per "
                                          "loop (LoopGates.h)"),
                                 cl::Hidden);
static cl::opt<bool> ClDeferRegionTests(
    "cgosan-defer-region-tests", cl::init(true),
    cl::desc("Leave the store phases' region tests as placeholders until the late phase"),
    cl::Hidden);
static cl::opt<bool> ClDeferStaticStores(
    "cgosan-defer-static-stores", cl::init(true),
    cl::desc("Leave direct stores into statics whose address nothing takes to the store phase"),
    cl::Hidden);
static cl::opt<bool> ClReuseRegionTests(
    "cgosan-reuse-region-tests", cl::init(true),
    cl::desc("Let a region test answer for later tests of the same object (RegionTestReuse.h)"),
    cl::Hidden);
static cl::opt<bool> ClInstrumentAllocs("cgosan-instrument-allocs", cl::init(true),
                                        cl::desc("Record malloc/calloc/realloc call sites"),
                                        cl::Hidden);

namespace {

// A user store or copy a store phase followed with a hook: the hook checks it (a store into Go
// memory is also a write), so the late phase leaves it alone, and counts it as a check of its
// address (RepeatedChecks.h). This marks the user's instruction, which !nosanitize must not:
// other sanitizers may instrument it.
constexpr const char kHookedMD[] = "cgosan.hooked";
// A user store whose hook tests only the stored value: an earlier hooked store tested the same
// object's address (RepeatedChecks.h), so the store phase leaves the address to the late phase,
// which checks it as a write unless a hooked store still covers it there.
constexpr const char kValueHookedMD[] = "cgosan.value_hooked";
// Named metadata saying the store phase after inlining ran on the module's functions (clang's
// pipeline runs it as a function pass); the late phase removes it, or runs that phase itself.
constexpr const char kStoresDoneMD[] = "cgosan.stores";

void markHooked(Instruction *I, const char *Kind = kHookedMD) {
  I->setMetadata(I->getContext().getMDKindID(Kind), MDNode::get(I->getContext(), {}));
}

// Small fixed-size copies (clang's struct moves) have their copied words tested inline at level
// 2; larger ones go to the runtime, which scans them.
constexpr uint64_t kInlineCopyWords = 8;

//===----------------------------------------------------------------------===//
// The store phases: wrappers, export stubs, stores that may keep a pointer, copies, allocations.
//===----------------------------------------------------------------------===//

// Whether the address of internal global GV is used for more than a direct load or store: passed
// to a helper, stored, compared.
bool addressEscapes(const GlobalVariable &GV) {
  SmallVector<const Value *, 8> Work{&GV};
  SmallPtrSet<const Value *, 8> Seen;
  while (!Work.empty()) {
    const Value *V = Work.pop_back_val();
    if (!Seen.insert(V).second)
      continue;
    for (const User *U : V->users()) {
      if (isa<LoadInst>(U))
        continue;
      if (const auto *SI = dyn_cast<StoreInst>(U)) {
        if (SI->getValueOperand() == V)
          return true;
        continue;
      }
      if (isa<GetElementPtrInst>(U) || isa<BitCastInst>(U) || isa<AddrSpaceCastInst>(U) ||
          isa<ConstantExpr>(U)) {
        Work.push_back(U);
        continue;
      }
      if (const auto *CI = dyn_cast<CallInst>(U))
        if (const Function *Callee = CI->getCalledFunction())
          if (hasPrefix(Callee->getName(), "llvm.threadlocal.address")) {
            Work.push_back(U);
            continue;
          }
      return true;
    }
  }
  return false;
}

// An internal global that is not thread-local: what the early phase may leave a store into to the
// store phase (StoreInstrumenter::deferToStorePhase).
bool isPrivateStatic(const Value *Obj) {
  const auto *GV = dyn_cast<GlobalVariable>(Obj);
  return GV && GV->hasLocalLinkage() && !GV->isThreadLocal();
}

// The functions the store phases instrument: not cgo's own code or opted-out functions (Skip),
// nor export stubs, whose stores fill the Go argument frame.
bool storePhasesLookAt(FunctionKind K) {
  return K != FunctionKind::Skip && K != FunctionKind::ExportStub;
}

// Which stores a store phase takes.
enum class StoreScope {
  // At the pipeline's start: what later passes could delete or hide. A store into a static that
  // nothing reads is deleted by GlobalOpt, yet `saved = p` keeps p as far as the cgo rules go.
  Globals,
  // After inlining, SROA and GVN: every other store and copy. Locals whose address was passed to
  // a helper are locals again once the helper is inlined (a decoder's state, `bitD->ptr -= n`),
  // and stores into them need no hook; a hook before inlining would have kept them in memory.
  Rest,
};

class StoreInstrumenter {
public:
  // LateSkipsWrappers: the late phase will not look at wrappers (Phase::All, at -O0), so a
  // wrapper's store gates must test every address themselves. DeferRegionTests: a late phase
  // runs after the optimizer, and the gates' region tests are placeholders until then
  // (RuntimeInterface::inGoRegionDeferred).
  // StorePhaseFollows: this is the early phase, and a store phase runs after the optimizer's
  // first passes (deferToStorePhase).
  StoreInstrumenter(Module &M, const RuntimeInterface &RT, Sites &S, bool LateSkipsWrappers,
                    bool DeferRegionTests, bool StorePhaseFollows = false)
      : M(M), RT(RT), S(S), LateSkipsWrappers(LateSkipsWrappers),
        DeferRegionTests(DeferRegionTests && ClDeferRegionTests),
        DeferStaticStores(StorePhaseFollows && ClDeferStaticStores) {}
  void instrument(Function &F, FunctionKind Kind, StoreScope Scope);
  // The stores the early phase left to the store phase that inlining brought into a function the
  // store phase does not otherwise look at (one that opted out, cgo's own code): they were the
  // code of a function it instruments, whose hooks, had they been in place, came along.
  void hookDeferredStores(Function &F);

private:
  struct Worklist {
    SmallVector<StoreInst *, 16> Stores;    // pointer stores: may keep a Go pointer
    SmallVector<StoreInst *, 16> IntStores; // pointer-sized integers that may hold one
    SmallVector<AtomicRMWInst *, 4> Exchanges;
    SmallVector<MemTransferInst *, 4> Copies;
    SmallVector<CallBase *, 4> Allocs;
  };
  Worklist collect(Function &F, FunctionKind Kind, StoreScope Scope, const GoFrame &Frame);
  bool keepStore(Value *Addr, StoreScope Scope, bool IsWrapper, const GoFrame &Frame);
  bool deferToStorePhase(StoreInst &SI);
  bool keepCopy(MemTransferInst *MT, StoreScope Scope);
  // How a store hook's gate treats the store's address.
  enum class AddressTest {
    None,    // C memory, or memory the call lent: never tested
    Covered, // an earlier hooked store tested the same object: left to the late phase
    Test,
  };
  void insertStoreHook(InlineChecks &IC, Instruction *Store, FunctionCallee Hook, Value *Addr,
                       Value *Val, bool IsInt, AddressTest AT);
  void insertCopyHook(InlineChecks &IC, MemTransferInst *MT, bool IntoLent);
  void instrumentAllocations(ArrayRef<CallBase *> Allocs);

  Module &M;
  const RuntimeInterface &RT;
  Sites &S;
  bool LateSkipsWrappers;
  bool DeferRegionTests;
  bool DeferStaticStores;
  DenseMap<const GlobalVariable *, bool> PrivateStatics; // deferToStorePhase's answers
};

void StoreInstrumenter::instrument(Function &F, FunctionKind Kind, StoreScope Scope) {
  if (Kind == FunctionKind::ExportStub) {
    if (Scope == StoreScope::Globals)
      instrumentExportStub(F, RT, S);
    return;
  }
  bool IsWrapper = Kind == FunctionKind::Wrapper;
  GoFrame Frame(F); // before anything is inserted
  Worklist W = collect(F, Kind, Scope, Frame);
  InlineChecks IC(RT, F, DeferRegionTests);
  // In a wrapper, memory the call lent (through a pointer its Go frame holds) may be written
  // while the call runs: a store there needs no test of its address, only of what it stores.
  auto IntoLent = [&](Value *Addr) {
    bool Lent = IsWrapper && Frame.inLentMemory(Addr);
    NumStoresIntoLent += Lent;
    return Lent;
  };
  // The stores whose gate tests the address; of those, the ones an earlier one covers.
  struct Hooked {
    Instruction *I;
    FunctionCallee Hook;
    Value *Addr, *Val;
    bool IsInt;
    AddressTest AT;
  };
  SmallVector<Hooked, 32> All;
  for (StoreInst *SI : W.Stores)
    All.push_back({SI, RT.StorePtr, SI->getPointerOperand(), SI->getValueOperand(), false,
                   AddressTest::Test});
  for (StoreInst *SI : W.IntStores)
    All.push_back(
        {SI, RT.StoreInt, SI->getPointerOperand(), SI->getValueOperand(), true, AddressTest::Test});
  for (AtomicRMWInst *RMW : W.Exchanges)
    All.push_back({RMW, RT.StorePtr, RMW->getPointerOperand(), RMW->getValOperand(), false,
                   AddressTest::Test});
  SmallVector<Check, 32> Tested;
  for (Hooked &H : All) {
    if (IntoLent(H.Addr) || isCMemory(H.Addr))
      H.AT = AddressTest::None;
    else
      Tested.push_back({H.I, H.Addr, false});
  }
  SmallPtrSet<Instruction *, 32> Kept;
  for (const Check &C : pruneRepeatedChecks(F, Tested, kHookedMD, /*Count=*/false))
    Kept.insert(C.I);
  for (Hooked &H : All) {
    if (H.AT == AddressTest::Test && !Kept.count(H.I) && !(IsWrapper && LateSkipsWrappers)) {
      H.AT = AddressTest::Covered;
      ++NumStoresAddressCovered;
    }
    insertStoreHook(IC, H.I, H.Hook, H.Addr, H.Val, H.IsInt, H.AT);
    ++(H.IsInt ? NumIntStores : NumStores);
  }
  for (MemTransferInst *MT : W.Copies) {
    insertCopyHook(IC, MT, IntoLent(MT->getRawDest()));
    ++NumCopies;
  }
  instrumentAllocations(W.Allocs);
  if (IsWrapper && Scope == StoreScope::Globals)
    instrumentWrapper(F, Frame, RT, S);
}

void StoreInstrumenter::hookDeferredStores(Function &F) {
  SmallVector<StoreInst *, 4> Stores;
  for (BasicBlock &BB : F)
    for (Instruction &I : BB)
      if (auto *SI = dyn_cast<StoreInst>(&I))
        if (SI->isVolatile() && !SI->getMetadata(kHookedMD) &&
            RT.isFollowedByDeferredStoreMark(*SI))
          Stores.push_back(SI);
  if (Stores.empty())
    return;
  InlineChecks IC(RT, F, DeferRegionTests);
  for (StoreInst *SI : Stores) {
    bool IsInt = !SI->getValueOperand()->getType()->isPointerTy();
    insertStoreHook(IC, SI, IsInt ? RT.StoreInt : RT.StorePtr, SI->getPointerOperand(),
                    SI->getValueOperand(), IsInt, AddressTest::None);
    ++(IsInt ? NumIntStores : NumStores);
  }
}

StoreInstrumenter::Worklist StoreInstrumenter::collect(Function &F, FunctionKind Kind,
                                                       StoreScope Scope, const GoFrame &Frame) {
  Worklist W;
  Type *IntPtrTy = RT.IntPtrTy;
  bool IsWrapper = Kind == FunctionKind::Wrapper;
  for (BasicBlock &BB : F)
    for (Instruction &I : BB) {
      if (isInserted(I) || I.getMetadata(kHookedMD) || I.getMetadata(kValueHookedMD))
        continue;
      // cgo's own code in a wrapper: its copies of arguments and results.
      if (IsWrapper && isCgoCode(I))
        continue;
      if (auto *SI = dyn_cast<StoreInst>(&I)) {
        Type *T = SI->getValueOperand()->getType();
        if (SI->getPointerAddressSpace() != 0 ||
            (T->isPointerTy() && T->getPointerAddressSpace() != 0)) {
          if (Scope == StoreScope::Rest)
            ++NumUnsupported;
          continue;
        }
        // Atomic pointer stores reach the IR as integers (clang 14 lowers `__atomic_store_n` on
        // a pointer through i64): they are pointer stores.
        bool Pointer = T->isPointerTy() || (T == IntPtrTy && SI->isAtomic());
        // A volatile store into a static after the early phase may be one it left here
        // (deferToStorePhase), which took the value as one that may hold a pointer: the value
        // the optimizer made of it since (an argument, a phi) no longer says so.
        bool Int = !Pointer && T == IntPtrTy &&
                   (mayHoldPointer(SI->getValueOperand()) ||
                    (Scope == StoreScope::Rest && SI->isVolatile() &&
                     isPrivateStatic(underlyingObject(SI->getPointerOperand()))));
        // A C pointer stored into a static needs no hook (insertStoreHook): nothing to defer.
        if ((Pointer || Int) && Scope == StoreScope::Globals && ClInstrumentStores &&
            !isCPointerValue(SI->getValueOperand()) && deferToStorePhase(*SI))
          continue;
        if ((Pointer || Int) && ClInstrumentStores &&
            keepStore(SI->getPointerOperand(), Scope, IsWrapper, Frame))
          (Pointer ? W.Stores : W.IntStores).push_back(SI);
        else if ((T->isVectorTy() || T->isAggregateType()) && Scope == StoreScope::Rest) {
          // Aggregate or vector stores that may carry pointers are not followed yet.
          Type *Elt = T->isVectorTy() ? cast<VectorType>(T)->getElementType() : nullptr;
          if (!Elt || Elt->isPointerTy())
            ++NumUnsupported;
        }
      } else if (auto *RMW = dyn_cast<AtomicRMWInst>(&I)) {
        // An atomic exchange of a pointer (or of its integer, as clang 14 emits it) stores it.
        Type *VT = RMW->getValOperand()->getType();
        if (RMW->getPointerAddressSpace() != 0)
          continue;
        if (RMW->getOperation() == AtomicRMWInst::Xchg && (VT->isPointerTy() || VT == IntPtrTy)) {
          if (ClInstrumentStores && keepStore(RMW->getPointerOperand(), Scope, IsWrapper, Frame))
            W.Exchanges.push_back(RMW);
        } else if (VT->isPointerTy() && Scope == StoreScope::Rest) {
          ++NumUnsupported;
        }
      } else if (auto *CX = dyn_cast<AtomicCmpXchgInst>(&I)) {
        if (CX->getNewValOperand()->getType()->isPointerTy() && Scope == StoreScope::Rest)
          ++NumUnsupported;
      } else if (auto *MT = dyn_cast<MemTransferInst>(&I)) {
        if (MT->getDestAddressSpace() == 0 && keepCopy(MT, Scope))
          W.Copies.push_back(MT);
      } else if (auto *CB = dyn_cast<CallBase>(&I)) {
        if (Scope == StoreScope::Globals && isRecordedAllocation(*CB))
          W.Allocs.push_back(CB);
      }
    }
  return W;
}

// Stores that cannot keep anything are left alone:
// - into a local (an alloca, escaping or not): the C frames of a call die before it returns, a
//   local is C memory (never Go's), and the runtime ignores stores into the stacks of the calls in
//   progress anyway (store_hooks.cpp); a local no hook takes the address of stays promotable;
// - in a wrapper, its copies into its own Go argument frame (the result).
// The early phase takes the stores into globals; the phase after inlining takes the rest, and the
// stores that inlining turned into stores into globals.
bool StoreInstrumenter::keepStore(Value *Addr, StoreScope Scope, bool IsWrapper,
                                  const GoFrame &Frame) {
  // Counted once, by the phase that decides (the early one leaves these to the next).
  bool Count = Scope == StoreScope::Rest;
  const Value *Obj = underlyingObject(Addr);
  if (isa<AllocaInst>(Obj)) {
    if (Count)
      ++NumStoresLocal;
    return false;
  }
  if (Scope == StoreScope::Globals && !isa<GlobalVariable>(Obj))
    return false; // after inlining
  if (IsWrapper && Frame.contains(Addr)) {
    if (Count)
      ++NumStoresFrame;
    return false;
  }
  return true;
}

// A direct store into a static whose address nothing else takes (`table = calloc(n, size)`) is
// left to the store phase, made volatile so that GlobalOpt keeps it (and the static) whether or
// not anything reads it. Hooked here, the hook's call would take the static's address, and alias
// analysis (GlobalsAA) would from then on count it as reachable from any call: every loop that
// reads `table` would reload it on each iteration, where the store phase's loop gates and the
// late phase's need it to stay the same. By the store phase, the optimizer's view of the static
// is already made and the hook (which touches only the runtime's memory) changes nothing in it.
// Not at -O0 (Phase::All: the store phase is this phase), nor for thread-locals.
bool StoreInstrumenter::deferToStorePhase(StoreInst &SI) {
  if (!DeferStaticStores)
    return false;
  const Value *Obj = underlyingObject(SI.getPointerOperand());
  if (!isPrivateStatic(Obj))
    return false;
  const auto *GV = cast<GlobalVariable>(Obj);
  auto [It, New] = PrivateStatics.try_emplace(GV, false);
  if (New)
    It->second = !addressEscapes(*GV);
  if (!It->second)
    return false;
  SI.setVolatile(true);
  RT.markDeferredStore(SI, S.storeSite(SI, SI.getPointerOperand()));
  ++NumStoresIntoStaticsDeferred;
  return true;
}

// Copies that can keep no pointer are left to the late phase, which checks them as what they
// still are, a read of the source (and a write, if the destination may be Go memory): a copy into
// a local (what arrives dies with the call), and a copy of a type that holds no pointer into C
// memory by construction.
bool StoreInstrumenter::keepCopy(MemTransferInst *MT, StoreScope Scope) {
  const Value *Obj = underlyingObject(MT->getRawDest());
  if (Scope == StoreScope::Globals && !isa<GlobalVariable>(Obj))
    return false;
  std::optional<CopyLayout> L;
  if (isa<AllocaInst>(Obj) ||
      (isCMemory(MT->getRawDest()) && (L = copyLayout(*MT)) && L->Period == 0)) {
    if (Scope == StoreScope::Rest)
      ++NumCopiesRead;
    return false;
  }
  return true;
}

// After a store that may keep a pointer: the hook runs only if the stored value (an integer's at
// level 2 only) or the address lies where Go has memory. C storing C pointers into C memory, the
// common case, costs one or two region-table loads and a branch. Overwriting a Go pointer with a
// C pointer needs no hook: the call's exit re-reads every place C stored a Go pointer, and finds
// the C pointer there. The store is marked so the late phase does not check it again. The address
// is not tested where it is C memory, nor where it is memory the call lent (IntoLent): writing
// there is allowed while the call runs, and a Go pointer stored there is caught by its value.
void StoreInstrumenter::insertStoreHook(InlineChecks &IC, Instruction *Store, FunctionCallee Hook,
                                        Value *Addr, Value *Val, bool IsInt, AddressTest AT) {
  LLVMContext &Ctx = M.getContext();
  // Before the split, which would move a deferred store's mark away from it.
  Value *Site = RT.takeDeferredStoreSite(*Store);
  // A C pointer can be retained by nothing and breaks no rule in Go memory: the store is at most
  // a write, which the late phase checks (unless its address needs no check).
  bool ValueIsC = isCPointerValue(Val);
  NumStoresValueC += ValueIsC;
  if (ValueIsC && AT != AddressTest::Test) {
    markHooked(Store, kValueHookedMD);
    return;
  }
  if (!Site)
    Site = S.storeSite(*Store, Addr);
  BasicBlock *Head = Store->getParent();
  BasicBlock *Tail = Head->splitBasicBlock(Store->getNextNode()->getIterator());
  Function *F = Head->getParent();
  BasicBlock *HookBB = BasicBlock::Create(Ctx, "", F, Tail);
  Builder IRB(Head->getTerminator());
  auto At = [&](BasicBlock *BB) -> Builder & {
    IRB.SetInsertPoint(BB->getTerminator());
    IRB.SetCurrentDebugLocation(Store->getDebugLoc());
    return IRB;
  };
  // What follows the address test (or starts the gate): the value's, behind the level for an
  // integer, whose value is followed at level 2 only (below it, not even its region is loaded).
  // A C pointer's store is only a write: its address test alone gates the hook.
  BasicBlock *ValueBB = Head;
  if (AT == AddressTest::Test) {
    if (!ValueIsC) {
      ValueBB = BasicBlock::Create(Ctx, "", F, HookBB);
      markInserted(BranchInst::Create(Tail, ValueBB));
    }
    branchInserted(Head, IC.inGoRegionAccess(At(Head), Addr), HookBB, ValueIsC ? Tail : ValueBB,
                   true);
  }
  if (!ValueIsC) {
    if (IsInt) {
      BasicBlock *Level2 = ValueBB;
      ValueBB = BasicBlock::Create(Ctx, "", F, HookBB);
      markInserted(BranchInst::Create(Tail, ValueBB));
      branchInserted(Level2, IC.isLevel2(), ValueBB, Tail, false);
    }
    branchInserted(ValueBB, IC.inGoRegion(At(ValueBB), Val), HookBB, Tail, true);
  }
  // The hook's return address is what frame #0 of a report symbolizes to: the store's line, not
  // the next statement's that the split gave the new block.
  markInserted(BranchInst::Create(Tail, HookBB));
  At(HookBB);
  // __cgosan_store_ptr takes the value as a pointer (an atomic exchange's may be an integer),
  // __cgosan_store_int as an integer.
  Value *Arg = Hook.getFunctionType()->getParamType(1)->isPointerTy() ? RT.asPtr(IRB, Val) : Val;
  RT.callCheckHook(IRB, Hook, {RT.asPtr(IRB, Addr), Arg, Site});
  markHooked(Store, AT == AddressTest::Covered ? kValueHookedMD : kHookedMD);
}

// After a copy, __cgosan_copy(dst, src, n, site, layout): a write of dst (levels 1 and 2) and at
// level 2 a read of src and, for each word the copied type may hold a pointer in, a store of what
// arrived there. Inline first, so that a struct move between C objects costs no call:
//   if (region(dst)) goto hook;                             the write (dst not C memory)
//   if (level 2 && (region(src) || region(word 0) || ...))  small copies: the words that arrived
//     hook: __cgosan_copy(...)                              (larger ones: every copy at level 2)
void StoreInstrumenter::insertCopyHook(InlineChecks &IC, MemTransferInst *MT, bool IntoLent) {
  LLVMContext &Ctx = M.getContext();
  Value *Dst = MT->getRawDest(), *Src = MT->getRawSource();
  std::optional<CopyLayout> Layout = copyLayout(*MT);
  bool NoPointers = Layout && Layout->Period == 0;
  // The words the runtime would look at, when the copy is small enough to test them here.
  SmallVector<uint64_t, kInlineCopyWords> Words;
  bool WordsInline = NoPointers;
  auto *Len = dyn_cast<ConstantInt>(MT->getLength());
  if (!NoPointers && Len && Len->getZExtValue() <= kInlineCopyWords * 8) {
    // Without a layout the runtime takes every aligned word: the copy's own words, when the
    // destination is aligned.
    MaybeAlign DstAlign = MT->getDestAlign();
    if (Layout || (DstAlign && DstAlign->value() >= 8)) {
      WordsInline = true;
      for (uint64_t W = 0; W < Len->getZExtValue() / 8; W++) {
        uint64_t K = Layout ? W % Layout->Period : 0;
        if (!Layout || ((Layout->Words[K / 64] >> (K % 64)) & 1))
          Words.push_back(W);
      }
    }
  }
  if (WordsInline)
    ++NumCopiesInline;
  bool SrcMayBeGo = !isCMemory(Src), DstMayBeGo = !IntoLent && !isCMemory(Dst);
  markHooked(MT);
  if (WordsInline && Words.empty() && !SrcMayBeGo && !DstMayBeGo)
    return; // nothing in it can be a pointer, nothing in it can be Go memory

  Function *F = MT->getFunction();
  BasicBlock *Head = MT->getParent();
  BasicBlock *Tail = Head->splitBasicBlock(MT->getNextNode()->getIterator());
  auto NewBlock = [&] { return BasicBlock::Create(Ctx, "", F, Tail); };

  BasicBlock *Hook = NewBlock();
  {
    Builder IRB(BranchInst::Create(Tail, Hook));
    markInserted(Hook->getTerminator());
    IRB.SetCurrentDebugLocation(MT->getDebugLoc()); // the copy's line, not the next one's
    RT.callCheckHook(IRB, RT.Copy,
                     {RT.asPtr(IRB, Dst), RT.asPtr(IRB, Src),
                      IRB.CreateZExtOrTrunc(MT->getLength(), RT.IntPtrTy), S.storeSite(*MT, Dst),
                      S.copyLayout(*MT)});
  }
  // Where a copy whose destination is not in Go's region goes: the tests of level 2, if any.
  BasicBlock *Level2 = Tail;
  if (!WordsInline) {
    Level2 = NewBlock();
    branchInserted(Level2, IC.isLevel2(), Hook, Tail, false);
  } else if (SrcMayBeGo || !Words.empty()) {
    BasicBlock *Tests = NewBlock();
    Builder IRB(BranchInst::Create(Tail, Tests));
    IRB.SetCurrentDebugLocation(MT->getDebugLoc());
    Value *Need = SrcMayBeGo ? IC.inGoRegion(IRB, Src) : nullptr;
    for (uint64_t W : Words) {
      Value *At = IRB.CreateConstInBoundsGEP1_64(Type::getInt8Ty(Ctx), RT.asPtr(IRB, Dst), W * 8);
      Value *Word = IRB.CreateAlignedLoad(
          RT.IntPtrTy, IRB.CreatePointerCast(At, PointerType::get(RT.IntPtrTy, 0)), Align(1));
      Value *T = IC.inGoRegion(IRB, Word);
      Need = Need ? IRB.CreateOr(Need, T) : T;
    }
    branchInserted(Tests, Need, Hook, Tail, true);
    Level2 = NewBlock();
    branchInserted(Level2, IC.isLevel2(), Tests, Tail, false);
  }
  Builder IRB(Head->getTerminator());
  IRB.SetCurrentDebugLocation(MT->getDebugLoc());
  if (DstMayBeGo) {
    branchInserted(Head, IC.inGoRegionAccess(IRB, Dst), Hook, Level2, true);
  } else {
    Head->getTerminator()->eraseFromParent();
    markInserted(BranchInst::Create(Level2, Head));
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

// Internal globals whose address is used for more than a direct load or store (passed to a
// helper, stored, compared) may be stored to through that address, and after inlining such a
// store is a store into the global that the early phase never saw; GlobalOpt, which runs after
// inlining and before the store phase, deletes stores into an internal global that nothing reads.
// Keeping those globals (llvm.compiler.used, which GlobalOpt treats as a use it cannot see) keeps
// their stores for the store phase. The stores into globals only loaded and stored directly
// are made volatile by the early phase (deferToStorePhase), which keeps them too.
void pinStaticsStoredThroughPointers(Module &M) {
  SmallVector<GlobalValue *, 8> Pinned;
  for (GlobalVariable &GV : M.globals())
    if (GV.hasLocalLinkage() && !GV.isConstant() && !hasPrefix(GV.getName(), "__cgosan") &&
        addressEscapes(GV))
      Pinned.push_back(&GV);
  if (Pinned.empty())
    return;
  appendToCompilerUsed(M, Pinned);
  for (size_t I = 0; I < Pinned.size(); I++)
    ++NumPinnedStatics;
}

//===----------------------------------------------------------------------===//
// The late phase: loads and stores that may touch Go memory, and level 2's second bodies.
//===----------------------------------------------------------------------===//

class AccessInstrumenter {
public:
  // AfterInlining: the optimizer ran (the late phase proper). Without it (-O0, where one pass at
  // the pipeline's start does every phase), wrappers still hold only cgo's code, and functions
  // get no second body.
  AccessInstrumenter(const RuntimeInterface &RT, Sites &S, bool AfterInlining)
      : RT(RT), S(S), AfterInlining(AfterInlining) {}
  void instrument(Function &F, FunctionKind Kind);

private:
  SmallVector<Check, 32> collect(Function &F);
  SmallVector<Check, 32> chooseAccesses(Function &F, const GoFrame &Frame,
                                        ArrayRef<Check> Accesses);
  void instrumentAccesses(Function &F, ArrayRef<Check> Accesses);

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
  SmallVector<Check, 32> Accesses = collect(F);
  instrumentAccesses(F, chooseAccesses(F, Frame, Accesses));
}

// Every load, store, atomic and memory intrinsic a store phase did not hook: a copy is a read of
// its source and a write of its destination, a memset a write.
SmallVector<Check, 32> AccessInstrumenter::collect(Function &F) {
  SmallVector<Check, 32> Accesses;
  for (BasicBlock &BB : F)
    for (Instruction &I : BB) {
      if (isInserted(I) || I.getMetadata(kHookedMD))
        continue;
      if (auto *SI = dyn_cast<StoreInst>(&I)) {
        if (SI->getPointerAddressSpace() == 0)
          Accesses.push_back({SI, SI->getPointerOperand(), false});
      } else if (auto *LI = dyn_cast<LoadInst>(&I)) {
        if (ClInstrumentReads && LI->getPointerAddressSpace() == 0)
          Accesses.push_back({LI, LI->getPointerOperand(), true});
      } else if (auto *RMW = dyn_cast<AtomicRMWInst>(&I)) {
        if (RMW->getPointerAddressSpace() == 0)
          Accesses.push_back({RMW, RMW->getPointerOperand(), false});
      } else if (auto *CX = dyn_cast<AtomicCmpXchgInst>(&I)) {
        if (CX->getPointerAddressSpace() == 0)
          Accesses.push_back({CX, CX->getPointerOperand(), false});
      } else if (auto *MI = dyn_cast<MemIntrinsic>(&I)) {
        if (MI->getDestAddressSpace() != 0)
          continue;
        if (auto *MT = dyn_cast<MemTransferInst>(MI))
          if (ClInstrumentReads && MT->getSourceAddressSpace() == 0)
            Accesses.push_back({MI, MT->getRawSource(), true});
        Accesses.push_back({MI, MI->getRawDest(), false});
      }
    }
  return Accesses;
}

// Accesses that cannot touch Go memory a returned call lent are left alone:
// - cgo's own code (a wrapper's copies into and out of its Go frame), whatever its attributes;
// - C memory by construction: a stack slot, a C global, what malloc and friends returned;
// - in a wrapper after inlining, its Go frame and the pointers it read from there: the call's own
//   lent memory, always allowed while it runs;
// - an access an earlier check already covered (RepeatedChecks.h).
SmallVector<Check, 32> AccessInstrumenter::chooseAccesses(Function &F, const GoFrame &Frame,
                                                          ArrayRef<Check> Accesses) {
  SmallVector<Check, 32> Candidates;
  for (const Check &C : Accesses) {
    if (isCgoCode(*C.I))
      ++NumAccessesCgoCode;
    else if (isCMemory(C.Ptr))
      ++NumAccessesCMemory;
    else if (Frame.inLentMemory(C.Ptr))
      ++NumAccessesLent;
    else
      Candidates.push_back(C);
  }
  SmallVector<Check, 32> Chosen = pruneRepeatedChecks(F, Candidates, kHookedMD);
  for (const Check &C : Chosen)
    ++(C.IsRead ? NumReads : NumWrites);
  return Chosen;
}

void AccessInstrumenter::instrumentAccesses(Function &F, ArrayRef<Check> Accesses) {
  unsigned Reads = 0;
  for (const Check &C : Accesses)
    Reads += C.IsRead;
  if (Accesses.empty())
    return;
  InlineChecks IC(RT, F);
  SmallVector<Instruction *, 32> Insts, Level2Insts;
  // Loops, before a check splits a block: which checks a loop gate covers (LoopGates.h), and
  // which writes test the lent-memory cache inline (those in loops, where C writing a lent buffer
  // makes the calls add up; elsewhere the code it takes is not worth it).
  DominatorTree DT(F);
  LoopInfo LI(DT);
  if (ClLoopGates)
    givePreheaders(DT, LI);
  SmallVector<bool, 32> InLoop;
  for (const Check &C : Accesses) {
    Insts.push_back(C.I);
    InLoop.push_back(LI.getLoopFor(C.I->getParent()) != nullptr);
  }
  SmallVector<Value *, 32> Level2Gates,
      Gates = ClLoopGates ? loopGates(IC, DT, LI, Accesses)
                          : SmallVector<Value *, 32>(Accesses.size(), nullptr);
  if (AfterInlining && giveLevel2Body(F, Reads, Insts, Gates, RT, Level2Insts, Level2Gates)) {
    // The original body runs at levels 0 and 1: its writes are checked, its reads are not. The
    // level-2 body checks everything, with no level test.
    InlineChecks IC2(RT, F);
    for (unsigned K = 0; K < Accesses.size(); K++) {
      const Check &C = Accesses[K];
      if (!C.IsRead)
        IC.insertAccessCheck(C.I, C.Ptr, false, false, Gates[K], InLoop[K], S.site(*C.I));
      Value *Ptr2 = C.Ptr;
      // The same operand of the copy.
      for (unsigned Op = 0; Op < C.I->getNumOperands(); Op++)
        if (C.I->getOperand(Op) == C.Ptr) {
          Ptr2 = Level2Insts[K]->getOperand(Op);
          break;
        }
      IC2.insertAccessCheck(Level2Insts[K], Ptr2, C.IsRead, true, Level2Gates[K], InLoop[K],
                            S.site(*Level2Insts[K]));
    }
    removeUnusedGates(Gates);
    removeUnusedGates(Level2Gates);
    return;
  }
  for (unsigned K = 0; K < Accesses.size(); K++)
    IC.insertAccessCheck(Accesses[K].I, Accesses[K].Ptr, Accesses[K].IsRead, false, Gates[K],
                         InLoop[K], S.site(*Accesses[K].I));
  removeUnusedGates(Gates);
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
  bool Early = P == Phase::Early || P == Phase::All;
  bool Stores = P == Phase::Stores || P == Phase::All;
  bool Late = P == Phase::Late || P == Phase::All;
  auto Functions = functionsToInstrument(M, /*CountSkipped=*/Early);
  if (Late && P == Phase::Late) {
    // clang's pipeline ran the store phase as a function pass; another pipeline may not have
    // (one without the vectorizer's extension point): then it runs here.
    if (NamedMDNode *Done = M.getNamedMetadata(kStoresDoneMD))
      M.eraseNamedMetadata(Done);
    else
      Stores = true;
  }
  if (Functions.empty() && !(Late && (hasDeferredRegionTests(M) || hasDeferredStoreMarks(M))))
    return PreservedAnalyses::all();
  RuntimeInterface RT(M, /*WithAbiMarker=*/Early);
  Sites S(RT);
  // Placeholders where the optimizer runs before the late phase expands them (Phase::All runs
  // all three at once, at -O0).
  StoreInstrumenter SI(M, RT, S, /*LateSkipsWrappers=*/P == Phase::All,
                       /*DeferRegionTests=*/P != Phase::All && LateFollows,
                       /*StorePhaseFollows=*/P == Phase::Early && LateFollows);
  if (Early) {
    pinStaticsStoredThroughPointers(M);
    for (auto &[F, Kind] : Functions)
      SI.instrument(*F, Kind, StoreScope::Globals);
  }
  if (Stores) {
    for (auto &[F, Kind] : Functions)
      SI.instrument(*F, Kind, StoreScope::Rest);
    if (hasDeferredStoreMarks(M))
      for (Function &F : M)
        if (!F.isDeclaration() && !storePhasesLookAt(classify(F)))
          SI.hookDeferredStores(F);
  }
  if (Late) {
    RT.eraseDeferredStoreMarks();
    if (ClLoopGates)
      gateDeferredAccessTests(RT);
    RT.expandDeferredRegionTests();
    if (P == Phase::Late)
      RT.localizeHookAddresses();
    AccessInstrumenter AI(RT, S, /*AfterInlining=*/P == Phase::Late);
    for (auto &[F, Kind] : Functions) {
      AI.instrument(*F, Kind);
      if (ClReuseRegionTests)
        reuseRegionTests(*F, RT);
    }
  }
  return PreservedAnalyses::none();
}

// The store phase as a function pass. The runtime interface and the sites are the module's, made
// once for all its functions (a site per source location).
struct CgosanStoresPass::ModuleState {
  explicit ModuleState(Module &M)
      : M(M), RT(M, /*WithAbiMarker=*/false), S(RT),
        SI(M, RT, S, /*LateSkipsWrappers=*/false, /*DeferRegionTests=*/true) {
    M.getOrInsertNamedMetadata(kStoresDoneMD);
  }
  Module &M;
  RuntimeInterface RT;
  Sites S;
  StoreInstrumenter SI;
};

CgosanStoresPass::CgosanStoresPass() = default;
CgosanStoresPass::~CgosanStoresPass() = default;
CgosanStoresPass::CgosanStoresPass(CgosanStoresPass &&) = default;

PreservedAnalyses CgosanStoresPass::run(Function &F, FunctionAnalysisManager &) {
  FunctionKind K = classify(F);
  bool Looked = storePhasesLookAt(K);
  if (!Looked && !hasDeferredStoreMarks(*F.getParent()))
    return PreservedAnalyses::all();
  Module &M = *F.getParent();
  if (!State || &State->M != &M)
    State = std::make_shared<ModuleState>(M);
  if (Looked)
    State->SI.instrument(F, K, StoreScope::Rest);
  else
    State->SI.hookDeferredStores(F);
  return PreservedAnalyses::none();
}

} // namespace cgosan
