// The runtime interface (RuntimeInterface.h), declared once per module and phase.
#include "RuntimeInterface.h"

#include "CgoCode.h"

#include "../runtime/cgosan_abi.h"

#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/MDBuilder.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Transforms/Utils/BasicBlockUtils.h"
#include "llvm/Transforms/Utils/Local.h"
#include "llvm/Transforms/Utils/ModuleUtils.h"

#include <cstdlib>
#include <string>

using namespace llvm;

namespace cgosan {

// !nosanitize: a fixed metadata kind from LLVM 15 on (LLVMContext::MD_nosanitize), a named one
// on LLVM 14 (as ASan used it there); the name gives the same kind on every version.
static unsigned nosanitizeKind(LLVMContext &Ctx) { return Ctx.getMDKindID("nosanitize"); }

void markInserted(Instruction *I) {
  I->setMetadata(nosanitizeKind(I->getContext()), MDNode::get(I->getContext(), {}));
}

bool isInserted(const Instruction &I) {
  return I.hasMetadata() && I.getMetadata(nosanitizeKind(I.getContext())) != nullptr;
}

Builder::Builder(Instruction *InsertBefore)
    : IRBuilder(InsertBefore->getContext(), ConstantFolder(),
                IRBuilderCallbackInserter(markInserted)) {
  SetInsertPoint(InsertBefore);
}

static MDNode *unlikelyWeights(LLVMContext &Ctx) {
  return MDBuilder(Ctx).createBranchWeights(1, 1 << 20);
}

Instruction *splitIfThen(Value *Cond, Instruction *Before, bool Unlikely) {
  BasicBlock *Head = Before->getParent();
  MDNode *Weights = Unlikely ? unlikelyWeights(Before->getContext()) : nullptr;
  Instruction *Then = SplitBlockAndInsertIfThen(Cond, Before, false, Weights);
  markInserted(Head->getTerminator());
  markInserted(Then);
  return Then;
}

void branchInserted(BasicBlock *From, Value *Cond, BasicBlock *Then, BasicBlock *Else,
                    bool Unlikely) {
  Instruction *Old = From->getTerminator();
  Instruction *Br = BranchInst::Create(Then, Else, Cond, From);
  if (Unlikely)
    Br->setMetadata(LLVMContext::MD_prof, unlikelyWeights(From->getContext()));
  markInserted(Br);
  if (Old)
    Old->eraseFromParent();
}

RuntimeInterface::RuntimeInterface(Module &M, bool WithAbiMarker) : M(M), Ctx(M.getContext()) {
  Int32Ty = Type::getInt32Ty(Ctx);
  IntPtrTy = M.getDataLayout().getIntPtrType(Ctx);
  PtrTy = PointerType::get(Type::getInt8Ty(Ctx), 0);
  // struct cgosan_site and struct cgosan_call.
  SiteTy = StructType::get(Ctx, {PtrTy, PtrTy, Int32Ty, Int32Ty, PtrTy, Int32Ty, Int32Ty});
  CallTy = StructType::get(Ctx, {PtrTy, PtrTy, PtrTy});

  Type *VoidTy = Type::getVoidTy(Ctx);
  CallEnter = M.getOrInsertFunction("__cgosan_call_enter", VoidTy, PtrTy, PtrTy, PtrTy);
  CallExit = M.getOrInsertFunction("__cgosan_call_exit", VoidTy);
  CallExitSlow = M.getOrInsertFunction("__cgosan_call_exit_slow", VoidTy);
  Lend = M.getOrInsertFunction("__cgosan_lend", VoidTy, PtrTy, Int32Ty);
  StorePtr = M.getOrInsertFunction("__cgosan_store_ptr", VoidTy, PtrTy, PtrTy, PtrTy);
  StoreInt = M.getOrInsertFunction("__cgosan_store_int", VoidTy, PtrTy, IntPtrTy, PtrTy);
  Read = M.getOrInsertFunction("__cgosan_read", VoidTy, PtrTy, PtrTy);
  Write = M.getOrInsertFunction("__cgosan_write", VoidTy, PtrTy, PtrTy);
  Copy = M.getOrInsertFunction("__cgosan_copy", VoidTy, PtrTy, PtrTy, IntPtrTy, PtrTy, PtrTy);
  ExportReturn = M.getOrInsertFunction("__cgosan_export_return", VoidTy, PtrTy, PtrTy, PtrTy);
  HeapAlloc = M.getOrInsertFunction("__cgosan_heap_alloc", VoidTy, PtrTy, IntPtrTy, PtrTy);
  // The hooks at stores, accesses and allocations touch only the runtime's own state (and
  // __cgosan_copy reads the bytes that arrived): saying so lets the optimizer keep values in
  // registers and move loads across the gated calls, which an opaque call would forbid. The
  // call hooks stay opaque: __cgosan_call_exit reads whatever C stored.
  // The runtime defines the hooks behind inline checks with CGOSAN_CHECK_CC, the copy hook too:
  // a call that clobbers the caller-saved registers, even a rare one, leaves a loop fewer.
  PreserveMost = hasPrefix(M.getTargetTriple(), "x86_64");
  for (FunctionCallee Hook : {StorePtr, StoreInt, Read, Write, Copy})
    if (auto *Fn = dyn_cast<Function>(Hook.getCallee()))
      if (PreserveMost)
        Fn->setCallingConv(CallingConv::PreserveMost);
  // Nor do they call back into the program (a report that halts exits the process). They do keep
  // the addresses of stores (the records the call's exit reads again), so their pointers are
  // not `nocapture`: a static whose address a hook is given counts as reachable from any call
  // (which is why the early phase leaves direct stores into statics to the store phase).
  for (FunctionCallee Hook : {StorePtr, StoreInt, Read, Write, HeapAlloc, Copy})
    if (auto *Fn = dyn_cast<Function>(Hook.getCallee())) {
      Fn->setDoesNotThrow();
      Fn->addFnAttr(Attribute::NoCallback);
      // Each call its own (no tail merging in codegen): its return address is what frame #0 of
      // a report symbolizes to, and a call shared by sibling stores has no line (line 0).
      Fn->addFnAttr(Attribute::NoMerge);
      if (Hook.getCallee() == Copy.getCallee()) {
        Fn->setOnlyAccessesInaccessibleMemOrArgMem();
        Fn->addParamAttr(0, Attribute::ReadOnly);
        Fn->addParamAttr(1, Attribute::ReadOnly);
        Fn->addParamAttr(4, Attribute::ReadOnly);
      } else {
        Fn->setOnlyAccessesInaccessibleMemory();
      }
    }
  // What the inline access checks read: absolute addresses, no symbols (the runtime maps them).
  auto Fixed = [&](uint64_t Addr, Type *Ty) {
    return ConstantExpr::getIntToPtr(ConstantInt::get(IntPtrTy, Addr), PointerType::getUnqual(Ty));
  };
  RegionTable = ConstantInt::get(cast<IntegerType>(IntPtrTy), CGOSAN_REGION_TABLE);
  RegionMask = ConstantInt::get(cast<IntegerType>(IntPtrTy), CGOSAN_REGIONS - 1);
  ReadMask = Fixed(CGOSAN_FIXED_BASE + CGOSAN_FIXED_READ_MASK, IntPtrTy);
  WriteMask = Fixed(CGOSAN_FIXED_BASE + CGOSAN_FIXED_WRITE_MASK, IntPtrTy);
  Thread = M.getNamedGlobal("__cgosan_thread");
  if (!Thread)
    Thread = new GlobalVariable(M, Type::getInt8Ty(Ctx), /*isConstant=*/false,
                                GlobalValue::ExternalLinkage, nullptr, "__cgosan_thread", nullptr,
                                GlobalValue::InitialExecTLSModel);
  // Every instrumented object references the runtime's ABI marker: linking against a runtime of
  // another ABI version then fails naming the marker, instead of misbehaving at run time.
  if (!WithAbiMarker)
    return;
  Constant *ABI = M.getOrInsertGlobal(CGOSAN_ABI_MARKER_NAME, Type::getInt8Ty(Ctx));
  auto *Ref = new GlobalVariable(M, PtrTy, /*isConstant=*/true, GlobalValue::PrivateLinkage,
                                 ConstantExpr::getPointerCast(ABI, PtrTy), "__cgosan_abi_ref");
  appendToCompilerUsed(M, {Ref});
  // The cgosan build (plugin, runtime, driver) that `cgosan cc` compiles for, in the object's
  // .comment: the go command reuses a linked program while the contents of its packages are the
  // same, and the runtime is linked in behind its back, so a change of runtime alone must change
  // what the objects hold (src/cc_driver.cpp sets it).
  if (const char *Build = getenv("CGOSAN_BUILD_ID"))
    if (*Build)
      M.getOrInsertNamedMetadata("llvm.ident")
          ->addOperand(
              MDNode::get(Ctx, {MDString::get(Ctx, std::string("cgosan build ") + Build)}));
}

Value *RuntimeInterface::levelMask(IRBuilderBase &IRB, Constant *Mask) const {
  LoadInst *L = IRB.CreateLoad(IntPtrTy, Mask);
  L->setMetadata(LLVMContext::MD_invariant_load, MDNode::get(Ctx, {}));
  return L;
}

Value *RuntimeInterface::isLevel2(IRBuilderBase &IRB) const {
  return IRB.CreateICmpNE(levelMask(IRB, ReadMask), ConstantInt::get(IntPtrTy, 0));
}

Value *RuntimeInterface::inGoRegion(IRBuilderBase &IRB, Value *Addr, Value *Mask) const {
  Value *Index = IRB.CreateLShr(Addr, CGOSAN_REGION_SHIFT);
  if (Mask)
    Index = IRB.CreateAnd(Index, Mask);
  Type *Int8Ty = Type::getInt8Ty(Ctx);
  // The table's address added as an integer rather than a GEP from it: codegen's constant
  // hoisting keeps a GEP's constant base in a register (for x86-64, always), where an add's
  // 32-bit immediate folds into the load's displacement and holds no register.
  Value *Slot =
      IRB.CreateIntToPtr(IRB.CreateAdd(Index, RegionTable), PointerType::getUnqual(Int8Ty));
  return IRB.CreateICmpNE(IRB.CreateLoad(Int8Ty, Slot), ConstantInt::get(Int8Ty, 0));
}

static cl::opt<bool> ClLocalAddresses(
    "cgosan-local-addresses", cl::init(true),
    cl::desc("Compute a checked address again in the check's block rather than keep a hoisted one"),
    cl::Hidden);

static constexpr const char *kDeferredRegionTest = "__cgosan_deferred_region_test";

// The calls of placeholder Name in M (none once it is gone).
static SmallVector<CallInst *, 64> callsOf(Module &M, StringRef Name) {
  SmallVector<CallInst *, 64> Calls;
  if (Function *Fn = M.getFunction(Name))
    for (User *U : Fn->users())
      Calls.push_back(cast<CallInst>(U));
  return Calls;
}

bool hasDeferredRegionTests(const Module &M) { return M.getFunction(kDeferredRegionTest); }

static constexpr const char *kAccessTestMD = "cgosan.access_test";

Value *RuntimeInterface::inGoRegionDeferred(IRBuilderBase &IRB, Value *Addr, bool IsAccess) const {
  FunctionCallee Test = M.getOrInsertFunction(kDeferredRegionTest, Type::getInt1Ty(Ctx), IntPtrTy);
  if (auto *Fn = dyn_cast<Function>(Test.getCallee())) {
    // What the table is: the runtime's memory, written only behind calls (the hooks write
    // inaccessible memory too, so no test moves across one).
    Fn->setOnlyReadsMemory();
    Fn->setOnlyAccessesInaccessibleMemory();
    Fn->setDoesNotThrow();
    Fn->setWillReturn();
  }
  CallInst *CI = IRB.CreateCall(Test, {Addr});
  // Calls the optimizer merges lose the mark (it drops metadata it does not know): no gate then.
  if (IsAccess)
    CI->setMetadata(kAccessTestMD, MDNode::get(Ctx, {}));
  return CI;
}

SmallVector<CallInst *, 64> RuntimeInterface::deferredRegionTests() const {
  return callsOf(M, kDeferredRegionTest);
}

bool RuntimeInterface::isDeferredAccessTest(const CallInst &CI) {
  return CI.getMetadata(kAccessTestMD);
}

void RuntimeInterface::expandDeferredRegionTests() const {
  Function *Test = M.getFunction(kDeferredRegionTest);
  if (!Test)
    return;
  Constant *Mask = ConstantInt::get(IntPtrTy, CGOSAN_REGIONS - 1);
  for (CallInst *CI : deferredRegionTests()) {
    Builder IRB(CI);
    Value *Arg = CI->getArgOperand(0), *Addr = Arg;
    if (auto *P2I = dyn_cast<PtrToIntInst>(Arg))
      Addr = IRB.CreatePtrToInt(addressHere(IRB, P2I->getPointerOperand()), IntPtrTy);
    CI->replaceAllUsesWith(inGoRegion(IRB, Addr, Mask));
    CI->eraseFromParent();
    RecursivelyDeleteTriviallyDeadInstructions(Arg);
  }
  Test->eraseFromParent();
}

static constexpr const char *kDeferredStoreMark = "__cgosan_deferred_store";
// The mark before the store: it only keeps SimplifyCFG from hoisting the same store out of both
// branches of an if (it would take a merged location: line 0, and leave each branch's mark behind).
// A function of its own, so that it never hands its site to another store (a heap store just
// before a deferred one would otherwise find the next store's mark right after it).
static constexpr const char *kDeferredStoreFence = "__cgosan_deferred_store_before";

void RuntimeInterface::markDeferredStore(StoreInst &Store, Value *Site) const {
  auto Declare = [&](StringRef Name) {
    FunctionCallee Mark = M.getOrInsertFunction(Name, Type::getVoidTy(Ctx), PtrTy);
    if (auto *Fn = dyn_cast<Function>(Mark.getCallee())) {
      Fn->setOnlyAccessesInaccessibleMemory();
      Fn->setDoesNotThrow();
      Fn->setWillReturn();
      Fn->addFnAttr(Attribute::NoCallback);
      // Not merged with its siblings (SimplifyCFG stops sinking and hoisting at it): each store
      // keeps its own hook, whose call symbolizes to the store's line.
      Fn->addFnAttr(Attribute::NoMerge);
    }
    return Mark;
  };
  Builder Before(&Store), After(Store.getNextNode());
  // The site as the fence's argument too: the fences of two branches differ, so neither is
  // hoisted even by a pass that ignored nomerge.
  markInserted(Before.CreateCall(Declare(kDeferredStoreFence), {Site}));
  markInserted(After.CreateCall(Declare(kDeferredStoreMark), {Site}));
}

bool hasDeferredStoreMarks(const Module &M) {
  for (const char *Name : {kDeferredStoreMark, kDeferredStoreFence})
    if (const Function *Fn = M.getFunction(Name); Fn && !Fn->use_empty())
      return true;
  return false;
}

// The nearest instruction to Store in direction Next that touches memory, if it is a call of
// Mark. (A pass that moved a volatile store across a call writing memory, even only the
// runtime's, could hand a store its neighbour's mark and site; none of LLVM's does.)
template <typename NextFn>
static CallInst *markBeside(const Module &M, Instruction &Store, const char *Mark, NextFn Next) {
  const Function *Fn = M.getFunction(Mark);
  if (!Fn || !cast<StoreInst>(Store).isVolatile())
    return nullptr;
  for (Instruction *I = Next(&Store); I; I = Next(I)) {
    if (isa<DbgInfoIntrinsic>(I))
      continue;
    auto *CI = dyn_cast<CallInst>(I);
    if (CI && CI->getCalledFunction() == Fn)
      return CI;
    if (I->mayReadOrWriteMemory() || I->isTerminator())
      return nullptr;
  }
  return nullptr;
}

static CallInst *markAfter(const Module &M, Instruction &Store) {
  return markBeside(M, Store, kDeferredStoreMark, [](Instruction *I) { return I->getNextNode(); });
}

static CallInst *fenceBefore(const Module &M, Instruction &Store) {
  return markBeside(M, Store, kDeferredStoreFence, [](Instruction *I) { return I->getPrevNode(); });
}

bool RuntimeInterface::isFollowedByDeferredStoreMark(Instruction &Store) const {
  return markAfter(M, Store);
}

Value *RuntimeInterface::takeDeferredStoreSite(Instruction &Store) const {
  CallInst *CI = markAfter(M, Store);
  if (!CI)
    return nullptr;
  Value *Site = CI->getArgOperand(0);
  CI->eraseFromParent();
  if (CallInst *Fence = fenceBefore(M, Store))
    Fence->eraseFromParent();
  return Site;
}

void RuntimeInterface::eraseDeferredStoreMarks() const {
  for (const char *Name : {kDeferredStoreMark, kDeferredStoreFence}) {
    Function *Fn = M.getFunction(Name);
    if (!Fn)
      continue;
    for (CallInst *CI : callsOf(M, Name)) {
      Value *Site = CI->getArgOperand(0);
      CI->eraseFromParent();
      RecursivelyDeleteTriviallyDeadInstructions(Site);
    }
    Fn->eraseFromParent();
  }
}

void RuntimeInterface::localizeHookAddresses() const {
  const std::pair<FunctionCallee, unsigned> Hooks[] = {{StorePtr, 1}, {StoreInt, 1}, {Copy, 2}};
  for (auto [Hook, Addresses] : Hooks) {
    auto *Fn = dyn_cast<Function>(Hook.getCallee());
    if (!Fn)
      continue;
    SmallVector<CallInst *, 64> Calls;
    for (User *U : Fn->users())
      if (auto *CI = dyn_cast<CallInst>(U); CI && CI->getCalledOperand() == Fn)
        Calls.push_back(CI);
    for (CallInst *CI : Calls) {
      Builder IRB(CI);
      for (unsigned A = 0; A < Addresses; A++) {
        Value *Old = CI->getArgOperand(A);
        Value *Here = asPtr(IRB, addressHere(IRB, Old->stripPointerCasts()));
        if (Here == Old)
          continue;
        CI->setArgOperand(A, Here);
        RecursivelyDeleteTriviallyDeadInstructions(Old);
      }
    }
  }
}

CallInst *RuntimeInterface::callCheckHook(IRBuilderBase &IRB, FunctionCallee Hook,
                                          ArrayRef<Value *> Args) const {
  CallInst *Call = IRB.CreateCall(Hook, Args);
  Call->setTailCallKind(CallInst::TCK_NoTail);
  if (PreserveMost)
    Call->setCallingConv(CallingConv::PreserveMost);
  return Call;
}

// The global itself on every LLVM version, not llvm.threadlocal.address (16+): that intrinsic
// exists for coroutines, which may resume on another thread; a cgo wrapper never changes threads,
// and one form of IR on every supported LLVM keeps the code and its lit tests the same.
Value *RuntimeInterface::threadState(IRBuilderBase &IRB) const {
  (void)IRB;
  return Thread;
}

Value *RuntimeInterface::stateField(IRBuilderBase &IRB, Value *Base, uint64_t Offset,
                                    Type *Ty) const {
  Value *P = IRB.CreateConstInBoundsGEP1_64(IRB.getInt8Ty(), Base, Offset);
  return IRB.CreateBitCast(P, PointerType::getUnqual(Ty));
}

Align RuntimeInterface::stateAlign(Type *Ty) { return Align(Ty->isIntegerTy(32) ? 4 : 8); }

LoadInst *RuntimeInterface::loadState(IRBuilderBase &IRB, Type *Ty, Value *Base,
                                      uint64_t Offset) const {
  return IRB.CreateAlignedLoad(Ty, stateField(IRB, Base, Offset, Ty), stateAlign(Ty),
                               /*isVolatile=*/true);
}

Value *RuntimeInterface::inLentCache(IRBuilderBase &IRB, Value *Addr) const {
  Value *T = threadState(IRB);
  Value *Lo = loadState(IRB, IntPtrTy, T, CGOSAN_T_LENT_CACHE);
  Value *Hi = loadState(IRB, IntPtrTy, T, CGOSAN_T_LENT_CACHE + 8);
  return IRB.CreateAnd(IRB.CreateICmpUGE(Addr, Lo), IRB.CreateICmpULT(Addr, Hi));
}

Value *RuntimeInterface::addressHere(IRBuilderBase &IRB, Value *Ptr) const {
  if (!ClLocalAddresses)
    return Ptr;
  BasicBlock *Here = IRB.GetInsertBlock();
  SmallVector<Instruction *, 4> Chain; // outermost first
  Value *V = Ptr;
  while (Chain.size() < 4) {
    auto *I = dyn_cast<Instruction>(V);
    if (!I || I->getParent() == Here || !(isa<GetElementPtrInst>(I) || isa<BitCastInst>(I)))
      break;
    Chain.push_back(I);
    V = I->getOperand(0);
  }
  for (auto It = Chain.rbegin(); It != Chain.rend(); ++It) {
    Instruction *Copy = (*It)->clone();
    Copy->setOperand(0, V);
    V = IRB.Insert(Copy);
  }
  return V;
}

Value *RuntimeInterface::asPtr(IRBuilderBase &IRB, Value *V) const {
  return V->getType()->isPointerTy() ? IRB.CreatePointerCast(V, PtrTy)
                                     : IRB.CreateIntToPtr(V, PtrTy);
}

} // namespace cgosan
