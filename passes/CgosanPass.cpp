//===- CgosanPass.cpp - instrument cgo C code for cgosan ------------------===//
//
// cgosan checks what C does with the Go pointers that cgo lends it. This pass inserts calls into
// the cgosan runtime at the places that matter: at entry and exit of every cgo wrapper
// (`_cgo_<hash>_Cfunc_<name>`, Go's `C.<name>`), for each pointer a wrapper reads from its Go
// argument frame, after every store of a pointer (or of a pointer-sized integer that may hold
// one), after memcpy/memmove and malloc/calloc/realloc, before every load and store that may
// touch Go memory, and before an export stub (`_cgo_export.c`) returns a pointer to C.
// The runtime decides what is a Go pointer, what was kept and what was lent; the pass only says
// where things happen, through one constant `cgosan_site` per source location
// (runtime/cgosan_abi.h).
//
// What cannot matter is left alone: pointer stores into allocas that never escape, loads and
// stores of C stack slots, C globals and fresh heap blocks (never Go memory), and a wrapper's own
// copies of arguments and results into the Go frame.
//
//===----------------------------------------------------------------------===//

#include "CgosanPass.h"
#include "CopyLayout.h"

#include "../runtime/cgosan_abi.h"

#include "llvm/ADT/DenseMap.h"
#include "llvm/ADT/PostOrderIterator.h"
#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/ADT/Statistic.h"
#include "llvm/ADT/StringMap.h"
#include "llvm/Analysis/CaptureTracking.h"
#include "llvm/Analysis/ValueTracking.h"
#include "llvm/IR/DebugInfoMetadata.h"
#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/IR/Intrinsics.h"
#include "llvm/IR/MDBuilder.h"
#include "llvm/IR/Module.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Transforms/Utils/BasicBlockUtils.h"
#include "llvm/Transforms/Utils/Cloning.h"
#include "llvm/Transforms/Utils/ModuleUtils.h"

#include <string>

using namespace llvm;

#define DEBUG_TYPE "cgosan"

// Always enabled: with a release build of LLVM (what distributions ship) plain STATISTICs compile
// to nothing. Read them with `clang -Xclang -stats-file=FILE` (or opt -stats on an asserts build).
ALWAYS_ENABLED_STATISTIC(NumWrappers, "cgo wrappers (C.func) instrumented");
ALWAYS_ENABLED_STATISTIC(NumLent, "pointer arguments reported to the runtime as lent");
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
ALWAYS_ENABLED_STATISTIC(NumVersioned,
                         "functions given a second body with read checks, for level 2");
ALWAYS_ENABLED_STATISTIC(NumCopies, "memcpy/memmove/memset calls instrumented");
ALWAYS_ENABLED_STATISTIC(NumExportReturns, "export stubs returning a pointer instrumented");
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

// StringRef::startswith was renamed across LLVM releases; these work on all of them.
bool hasPrefix(StringRef S, StringRef P) {
  return S.size() >= P.size() && S.substr(0, P.size()) == P;
}
bool hasSuffix(StringRef S, StringRef P) {
  return S.size() >= P.size() && S.substr(S.size() - P.size()) == P;
}

// Debug-location files of code cgo generates around the user's preamble.
bool isCgoGeneratedFile(StringRef File) {
  return File == "cgo-gcc-prolog" || File == "cgo-builtin-prolog" ||
         File == "cgo-generated-wrapper" || hasSuffix(File, "_cgo_export.c") ||
         hasSuffix(File, "_cgo_main.c");
}

// Headers and libraries of the system (cgosan_abi.h): not the user's code.
bool isSystemFile(StringRef File) {
  static const char *const Prefixes[] = {CGOSAN_SYSTEM_PREFIXES};
  for (const char *P : Prefixes)
    if (hasPrefix(File, P))
      return true;
  return false;
}

// Code cgo generated (a wrapper's copies into and out of its Go argument frame, say): never the
// user's, whatever optimisation attributes it got (`#pragma clang optimize off` in a preamble
// makes the wrappers optnone, and then nothing is inlined into them). Inlined user code carries
// the user's file in its innermost location.
bool isCgoCode(const Instruction &I) {
  const DILocation *DL = I.getDebugLoc().get();
  return DL && isCgoGeneratedFile(DL->getFilename());
}

// `_cgo_<hex>_Cfunc_<name>` -> `<name>`; empty for anything else.
StringRef wrapperCName(StringRef Name) {
  if (!hasPrefix(Name, "_cgo_"))
    return StringRef();
  size_t Pos = Name.find("_Cfunc_");
  if (Pos == StringRef::npos || Pos <= 5)
    return StringRef();
  for (char C : Name.substr(5, Pos - 5))
    if (!isxdigit((unsigned char)C))
      return StringRef();
  return Name.substr(Pos + strlen("_Cfunc_"));
}

// Strips llvm.threadlocal.address (LLVM 16+), which getUnderlyingObject does not look through.
const Value *underlyingObject(const Value *Ptr) {
  const Value *Obj = getUnderlyingObject(Ptr);
  if (const auto *CI = dyn_cast<CallInst>(Obj))
    if (const Function *Callee = CI->getCalledFunction())
      if (hasPrefix(Callee->getName(), "llvm.threadlocal.address"))
        return getUnderlyingObject(CI->getArgOperand(0));
  return Obj;
}

// A pointer-sized integer that may be a pointer in disguise (`(uintptr_t)p`, a copy of one, or
// arithmetic on one); ordinary counters and sizes are not followed.
bool mayHoldPointer(const Value *V) {
  if (isa<PtrToIntInst>(V) || isa<LoadInst>(V))
    return true;
  if (const auto *BO = dyn_cast<BinaryOperator>(V))
    return isa<PtrToIntInst>(BO->getOperand(0)) || isa<PtrToIntInst>(BO->getOperand(1));
  return false;
}

// Memory that is C's by construction: a stack slot, a global, or what an allocator returned.
// Go memory is never reached through these.
bool isCMemory(const Value *Ptr) {
  const Value *Obj = underlyingObject(Ptr);
  if (isa<AllocaInst>(Obj) || isa<GlobalVariable>(Obj))
    return true;
  if (const auto *CB = dyn_cast<CallBase>(Obj))
    if (const Function *Callee = CB->getCalledFunction()) {
      StringRef N = Callee->getName();
      return N == "malloc" || N == "calloc" || N == "realloc" || N == "aligned_alloc" ||
             N == "strdup";
    }
  return false;
}

// The source name of the C global Ptr points into ("" if none), and whether it is thread-local.
std::string globalName(const Value *Ptr, bool &TLS) {
  const auto *GV = dyn_cast<GlobalVariable>(underlyingObject(Ptr));
  if (!GV)
    return std::string();
  TLS = GV->isThreadLocal();
  SmallVector<DIGlobalVariableExpression *, 1> DIs;
  GV->getDebugInfo(DIs);
  return DIs.empty() ? GV->getName().str() : DIs[0]->getVariable()->getName().str();
}

// The early phase marks the stores it followed with a hook (insertStoreHook).
constexpr const char kHookedMD[] = "cgosan.hooked";
bool hookedByEarlyPhase(const Instruction *I) { return I->getMetadata(kHookedMD) != nullptr; }

// The address a load, store or atomic accesses.
Value *accessAddress(Instruction *I) {
  if (Value *P = getLoadStorePointerOperand(I))
    return P;
  return I->getOperand(0); // atomicrmw, cmpxchg
}

// Accesses whose check an earlier check already made (ASan and TSan prune the same way). Whether
// memory is Go memory, and whether a call in progress lent it, is a property of the object, and it
// changes only when a cgo call enters or returns: so an access at a small constant offset from a
// base pointer that an earlier access was checked through, with no call in between, needs no
// check of its own. "Earlier" is earlier in the block, or in the block's only predecessor and so
// on up (an extended basic block: no path joins in between). Any call but an intrinsic or a
// cgosan hook ends the coverage: it may return to Go, or wait while another thread's call
// returns. (Coverage over dominated blocks in functions without calls was tried: no measurable
// gain on go-sqlite3, and a loop would then stop seeing another thread's call return.) A read is
// covered by an earlier read or write (the same question, asked at fewer levels by the read); a
// write only by a write. The offsets stay within kReturnedSlack (runtime/lent_memory.h) of the
// checked access, so the use-after-return history still covers what C touched.
SmallPtrSet<Instruction *, 16> repeatedChecks(Function &F,
                                              const SmallPtrSetImpl<Instruction *> &Candidates) {
  constexpr int64_t kMaxSpread = 1024;
  const DataLayout &DL = F.getParent()->getDataLayout();
  // Base pointer -> the offset checked through it, for reads and for writes.
  struct Checked {
    DenseMap<const Value *, int64_t> Read, Written;
  };
  auto EndsCoverage = [](const CallBase *CB) {
    const Function *Callee = CB->getCalledFunction();
    return !isa<IntrinsicInst>(CB) && !(Callee && hasPrefix(Callee->getName(), "__cgosan_"));
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

enum class FunctionKind { Skip, Code, ExportStub };

class Instrumenter {
public:
  Instrumenter(Module &M, cgosan::Phase P);
  bool run();

private:
  void declareRuntime();
  FunctionKind classify(Function &F);
  void instrumentFunction(Function &F);
  void instrumentWrapper(Function &F, StringRef CName);
  void instrumentExportStub(Function &F);
  void insertAccessCheck(Instruction *I, Value *Ptr, bool IsRead, bool Level2Only = false);
  bool versionForReads(Function &F, ArrayRef<Instruction *> Accesses,
                       SmallVectorImpl<Instruction *> &Level2Accesses);
  Value *levelMask(IRBuilder<> &IRB, GlobalVariable *Mask);
  Value *inGoRegion(IRBuilder<> &IRB, Value *Addr, Value *Mask);
  CallInst *callCheckHook(IRBuilder<> &IRB, FunctionCallee Hook, ArrayRef<Value *> Args);
  void insertStoreHook(Instruction *Store, FunctionCallee Hook, Value *Addr, Value *Val,
                       Constant *Site);
  bool isWrapperFrame(Function &F, const Value *Ptr);
  bool isFrameValue(Function &F, const Value *V);
  Constant *siteFor(Instruction &I, StringRef Object = StringRef(), bool TLS = false);
  Constant *stringConstant(StringRef S);
  Constant *layoutConstant(const MemTransferInst &MT);
  Value *asPtr(IRBuilder<> &IRB, Value *V) {
    return V->getType()->isPointerTy() ? IRB.CreatePointerCast(V, PtrTy)
                                       : IRB.CreateIntToPtr(V, PtrTy);
  }

  Module &M;
  LLVMContext &Ctx;
  bool Early, Late; // what this phase instruments (CgosanPass.h)
  Type *Int32Ty;
  Type *IntPtrTy;
  PointerType *PtrTy; // i8*, an opaque ptr on newer LLVM
  StructType *SiteTy;
  StructType *CallTy;
  FunctionCallee CallEnter, CallExit, Lend, StorePtr, StoreInt, Read, Write, Copy, ExportReturn,
      HeapAlloc;
  // The inline checks' state (cgosan_abi.h).
  GlobalVariable *GoRegions, *ReadMask, *WriteMask;
  bool PreserveMost; // the check hooks' calling convention (CGOSAN_CHECK_CC)
  StringMap<Constant *> Strings;
  StringMap<Constant *> Sites;              // one site per source location (and object)
  const Function *FrameFn = nullptr;        // the wrapper FrameSlots was computed for
  SmallPtrSet<const Value *, 4> FrameSlots; // its allocas that hold the Go frame pointer
};

Instrumenter::Instrumenter(Module &M, cgosan::Phase P)
    : M(M), Ctx(M.getContext()), Early(P != cgosan::Phase::Late), Late(P != cgosan::Phase::Early) {
  Int32Ty = Type::getInt32Ty(Ctx);
  IntPtrTy = M.getDataLayout().getIntPtrType(Ctx);
  PtrTy = PointerType::get(Type::getInt8Ty(Ctx), 0);
  // Mirror struct cgosan_site and struct cgosan_call.
  SiteTy = StructType::get(Ctx, {PtrTy, PtrTy, Int32Ty, Int32Ty, PtrTy, Int32Ty, Int32Ty});
  CallTy = StructType::get(Ctx, {PtrTy, PtrTy});
}

void Instrumenter::declareRuntime() {
  Type *VoidTy = Type::getVoidTy(Ctx);
  CallEnter =
      M.getOrInsertFunction("__cgosan_call_enter", VoidTy, PtrTy, PtrTy, PtrTy, PtrTy, Int32Ty);
  CallExit = M.getOrInsertFunction("__cgosan_call_exit", VoidTy);
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
  // The runtime defines the hooks behind inline checks with CGOSAN_CHECK_CC (cgosan_abi.h).
  PreserveMost = hasPrefix(M.getTargetTriple(), "x86_64");
  for (FunctionCallee Hook : {StorePtr, StoreInt, Read, Write})
    if (auto *Fn = dyn_cast<Function>(Hook.getCallee()))
      if (PreserveMost)
        Fn->setCallingConv(CallingConv::PreserveMost);
  for (FunctionCallee Hook : {StorePtr, StoreInt, Read, Write, HeapAlloc, Copy})
    if (auto *Fn = dyn_cast<Function>(Hook.getCallee())) {
      Fn->setDoesNotThrow();
      if (Hook.getCallee() == Copy.getCallee()) {
        Fn->setOnlyAccessesInaccessibleMemOrArgMem();
        Fn->addParamAttr(0, Attribute::ReadOnly);
        Fn->addParamAttr(1, Attribute::ReadOnly);
        Fn->addParamAttr(4, Attribute::ReadOnly);
      } else {
        Fn->setOnlyAccessesInaccessibleMemory();
      }
    }
  // What the inline access checks read (cgosan_abi.h).
  auto External = [&](StringRef Name, Type *Ty, bool TLS) {
    if (GlobalVariable *Known = M.getNamedGlobal(Name)) // declared by the early phase
      return Known;
    auto *GV = new GlobalVariable(
        M, Ty, /*isConstant=*/false, GlobalValue::ExternalLinkage, nullptr, Name, nullptr,
        TLS ? GlobalVariable::InitialExecTLSModel : GlobalVariable::NotThreadLocal);
    return GV;
  };
  GoRegions =
      External("__cgosan_go_regions", ArrayType::get(Type::getInt8Ty(Ctx), CGOSAN_REGIONS), false);
  ReadMask = External("__cgosan_read_mask", IntPtrTy, false);
  WriteMask = External("__cgosan_write_mask", IntPtrTy, false);
  // Every instrumented object references the runtime's ABI marker: linking against a runtime of
  // another ABI version then fails naming the marker, instead of misbehaving at run time.
  if (!Early)
    return;
  Constant *ABI = M.getOrInsertGlobal(CGOSAN_ABI_MARKER_NAME, Type::getInt8Ty(Ctx));
  auto *Ref = new GlobalVariable(M, PtrTy, /*isConstant=*/true, GlobalValue::PrivateLinkage,
                                 ConstantExpr::getPointerCast(ABI, PtrTy), "__cgosan_abi_ref");
  appendToCompilerUsed(M, {Ref});
}

Constant *Instrumenter::stringConstant(StringRef S) {
  auto It = Strings.find(S);
  if (It != Strings.end())
    return It->second;
  Constant *Str = ConstantDataArray::getString(Ctx, S);
  auto *GV =
      new GlobalVariable(M, Str->getType(), true, GlobalValue::PrivateLinkage, Str, "__cgosan_str");
  GV->setUnnamedAddr(GlobalValue::UnnamedAddr::Global);
  Constant *P = ConstantExpr::getPointerCast(GV, PtrTy);
  Strings[S] = P;
  return P;
}

// The copy's layout (CopyLayout.h) as a constant cgosan_copy_layout, or null when unknown.
Constant *Instrumenter::layoutConstant(const MemTransferInst &MT) {
  std::optional<cgosan::CopyLayout> L = cgosan::copyLayout(MT);
  if (!L)
    return ConstantPointerNull::get(PtrTy);
  Type *Int64Ty = Type::getInt64Ty(Ctx);
  SmallVector<Constant *, 2> Words;
  for (uint64_t W : L->Words)
    Words.push_back(ConstantInt::get(Int64Ty, W));
  ArrayType *WordsTy = ArrayType::get(Int64Ty, Words.size());
  Constant *Fields[] = {ConstantInt::get(Int32Ty, L->Period), ConstantInt::get(Int32Ty, 0),
                        ConstantArray::get(WordsTy, Words)};
  auto *Init = ConstantStruct::getAnon(Ctx, Fields);
  auto *GV = new GlobalVariable(M, Init->getType(), true, GlobalValue::PrivateLinkage, Init,
                                "__cgosan_layout");
  GV->setUnnamedAddr(GlobalValue::UnnamedAddr::Global);
  GV->setAlignment(Align(8));
  return ConstantExpr::getPointerCast(GV, PtrTy);
}

Constant *Instrumenter::siteFor(Instruction &I, StringRef Object, bool TLS) {
  std::string File;
  StringRef Func = I.getFunction()->getName();
  unsigned Line = 0, Col = 0, Flags = TLS ? CGOSAN_SITE_TLS : 0;
  // After inlining the location is the callee's, and so is the function to name; a callee from
  // a system header (libstdc++'s push_back) is not where the user's code did it: the first
  // location up the inlining chain in the user's code is.
  const DILocation *DL = I.getDebugLoc().get();
  for (const DILocation *L = DL; L; L = L->getInlinedAt())
    if (!isSystemFile(L->getFilename())) {
      DL = L;
      break;
    } else if (!L->getInlinedAt()) {
      Flags |= CGOSAN_SITE_SYSTEM; // the runtime takes the first user frame of the stack
    }
  if (DL) {
    File = DL->getFilename().str();
    if (!File.empty() && File[0] != '/' && !isCgoGeneratedFile(File) && !DL->getDirectory().empty())
      File = (DL->getDirectory() + "/" + File).str();
    Line = DL->getLine();
    Col = DL->getColumn();
    if (DISubprogram *SP = DL->getScope()->getSubprogram())
      Func = SP->getName();
  }
  std::string Key = File + ":" + std::to_string(Line) + ":" + std::to_string(Col) + ":" +
                    Func.str() + ":" + Object.str() + ":" + std::to_string(Flags);
  auto It = Sites.find(Key);
  if (It != Sites.end())
    return It->second;
  Constant *Fields[] = {stringConstant(File),
                        stringConstant(Func),
                        ConstantInt::get(Int32Ty, Line),
                        ConstantInt::get(Int32Ty, Col),
                        Object.empty() ? ConstantPointerNull::get(PtrTy) : stringConstant(Object),
                        ConstantInt::get(Int32Ty, Flags),
                        ConstantInt::get(Int32Ty, 0)};
  auto *GV = new GlobalVariable(M, SiteTy, true, GlobalValue::PrivateLinkage,
                                ConstantStruct::get(SiteTy, Fields), "__cgosan_site");
  Constant *P = ConstantExpr::getPointerCast(GV, PtrTy);
  Sites[Key] = P;
  return P;
}

// The wrapper's only argument points to the Go frame holding the arguments and the result. The
// pass runs before mem2reg (at pipeline start, also at -O2), so the pointer goes through allocas:
// `v` is spilled to its own slot, copied into `_cgo_a`, and `_cgo_a` is reassigned after the call
// in case the goroutine stack moved (`_cgo_a = (void*)((char*)_cgo_a + (_cgo_topofstack() -
// _cgo_stktop))`). An address is in the frame if its underlying object is the argument or a load
// of a slot that holds it.
bool Instrumenter::isFrameValue(Function &F, const Value *V) {
  const Value *Obj = getUnderlyingObject(V);
  if (Obj == F.getArg(0))
    return true;
  if (const auto *LI = dyn_cast<LoadInst>(Obj))
    return FrameSlots.count(getUnderlyingObject(LI->getPointerOperand()));
  return false;
}

bool Instrumenter::isWrapperFrame(Function &F, const Value *Ptr) {
  if (wrapperCName(F.getName()).empty() || F.arg_size() != 1)
    return false;
  if (FrameFn != &F) {
    FrameFn = &F;
    FrameSlots.clear();
    for (bool Changed = true; Changed;) {
      Changed = false;
      for (BasicBlock &BB : F)
        for (Instruction &I : BB)
          if (auto *SI = dyn_cast<StoreInst>(&I)) {
            const Value *Slot = getUnderlyingObject(SI->getPointerOperand());
            if (isa<AllocaInst>(Slot) && !FrameSlots.count(Slot) &&
                isFrameValue(F, SI->getValueOperand())) {
              FrameSlots.insert(Slot);
              Changed = true;
            }
          }
    }
  }
  return isFrameValue(F, Ptr);
}

FunctionKind Instrumenter::classify(Function &F) {
  if (F.isDeclaration())
    return FunctionKind::Skip;
  StringRef Name = F.getName();
  if (hasPrefix(Name, "__cgosan_") || F.hasFnAttribute(Attribute::DisableSanitizerInstrumentation))
    return FunctionKind::Skip;
  // runtime/cgo is never compiled with the pass, but its helpers can be inlined or copied into
  // user objects (crosscall2, x_cgo_*): they run on system stacks and in signal paths.
  if (wrapperCName(Name).empty() &&
      (hasPrefix(Name, "_cgo_") || hasPrefix(Name, "x_cgo_") || hasPrefix(Name, "crosscall")))
    return FunctionKind::Skip;
  // Export stubs (_cgo_export.c) call into Go through crosscall2; their stores fill the Go
  // argument frame. Only what they return to C is checked.
  for (const BasicBlock &BB : F)
    for (const Instruction &I : BB)
      if (const auto *CB = dyn_cast<CallBase>(&I))
        if (const Function *Callee = CB->getCalledFunction())
          if (Callee->getName() == "crosscall2" ||
              Callee->getName() == "_cgo_wait_runtime_init_done")
            return FunctionKind::ExportStub;
  return FunctionKind::Code;
}

// An export stub returns the exported Go function's result to C:
//   return _cgo_a.r0;  ->  __cgosan_export_return(r0, &desc, return address); return r0;
void Instrumenter::instrumentExportStub(Function &F) {
  if (!F.getReturnType()->isPointerTy())
    return;
  Constant *Fields[] = {stringConstant(F.getName()), stringConstant(F.getName())};
  auto *Desc = new GlobalVariable(M, CallTy, true, GlobalValue::PrivateLinkage,
                                  ConstantStruct::get(CallTy, Fields), "__cgosan_export");
  Function *RetAddr = Intrinsic::getDeclaration(&M, Intrinsic::returnaddress);
  for (BasicBlock &BB : F)
    if (auto *RI = dyn_cast<ReturnInst>(BB.getTerminator())) {
      IRBuilder<> IRB(RI);
      Value *PC = IRB.CreateCall(RetAddr, {IRB.getInt32(0)});
      IRB.CreateCall(ExportReturn, {asPtr(IRB, RI->getReturnValue()),
                                    ConstantExpr::getPointerCast(Desc, PtrTy), asPtr(IRB, PC)});
      ++NumExportReturns;
    }
}

void Instrumenter::instrumentWrapper(Function &F, StringRef CName) {
  ++NumWrappers;
  Constant *Fields[] = {stringConstant(CName), stringConstant(F.getName())};
  auto *Desc = new GlobalVariable(M, CallTy, true, GlobalValue::PrivateLinkage,
                                  ConstantStruct::get(CallTy, Fields), "__cgosan_call");

  // Go pointers the wrapper hands to C: pointer loads from the Go frame (after inlining, the
  // callee's parameters are such loads) and pointer arguments of the calls it makes.
  SmallVector<std::pair<Instruction *, Value *>, 8> LentValues;
  SmallVector<unsigned, 8> LentIndex;
  SmallVector<ReturnInst *, 4> Returns;
  auto IsFrameLoad = [&](const Value *V) {
    const auto *LI = dyn_cast<LoadInst>(V);
    return LI && LI->getType()->isPointerTy() && isWrapperFrame(F, LI->getPointerOperand()) &&
           !isa<AllocaInst>(getUnderlyingObject(LI->getPointerOperand()));
  };
  // Calls whose pointer arguments count as lent: not intrinsics, not cgo's helpers, and not the
  // runtime calls this pass just added (their arguments are addresses and site descriptors).
  auto IsLendingCall = [](const CallBase *CB) {
    const Function *Callee = CB->getCalledFunction();
    return !(Callee && (Callee->isIntrinsic() || hasPrefix(Callee->getName(), "_cgo_") ||
                        hasPrefix(Callee->getName(), "__cgosan_")));
  };
  // A frame load passed straight to the C function is lent at the call, where its argument
  // index is known; other frame loads (inlined code) are lent where they are read.
  auto PassedToCall = [&](const LoadInst *LI) {
    for (const User *U : LI->users())
      if (const auto *CB = dyn_cast<CallBase>(U))
        if (IsLendingCall(CB))
          return true;
    return false;
  };
  for (BasicBlock &BB : F)
    for (Instruction &I : BB) {
      if (auto *RI = dyn_cast<ReturnInst>(&I)) {
        Returns.push_back(RI);
      } else if (auto *LI = dyn_cast<LoadInst>(&I)) {
        if (IsFrameLoad(LI) && !PassedToCall(LI)) {
          LentValues.push_back({LI, LI});
          LentIndex.push_back(UINT32_MAX);
        }
      } else if (auto *CB = dyn_cast<CallBase>(&I)) {
        if (!IsLendingCall(CB))
          continue;
        for (unsigned A = 0; A < CB->arg_size(); A++)
          if (CB->getArgOperand(A)->getType()->isPointerTy() && !CB->isByValArgument(A)) {
            LentValues.push_back({CB, CB->getArgOperand(A)});
            LentIndex.push_back(A);
          }
      }
    }

  IRBuilder<> Entry(&*F.getEntryBlock().getFirstInsertionPt());
  Function *AddrOfRA = Intrinsic::getDeclaration(&M, Intrinsic::addressofreturnaddress, {PtrTy});
  Value *RetSlot = Entry.CreateCall(AddrOfRA);
  // The call starts at the wrapper's entry. When nothing but cgo's own code runs before the call
  // to the C function, it may as well start there, lending the first pointer argument in the
  // same runtime call: one call fewer per cgo call.
  unsigned FirstLend = 0;
  Instruction *EnterAt = &*Entry.GetInsertPoint();
  if (!LentValues.empty() && LentIndex[0] != UINT32_MAX &&
      LentValues[0].first->getParent() == &F.getEntryBlock()) {
    bool OnlyCgo = true;
    for (Instruction &I : F.getEntryBlock()) {
      if (&I == LentValues[0].first)
        break;
      if (const auto *CB = dyn_cast<CallBase>(&I))
        OnlyCgo &= !IsLendingCall(CB);
    }
    if (OnlyCgo) {
      EnterAt = LentValues[0].first;
      FirstLend = 1;
    }
  }
  IRBuilder<> IRB(EnterAt);
  Value *First = FirstLend ? asPtr(IRB, LentValues[0].second) : ConstantPointerNull::get(PtrTy);
  IRB.CreateCall(CallEnter,
                 {ConstantExpr::getPointerCast(Desc, PtrTy), RetSlot, asPtr(IRB, F.getArg(0)),
                  First, ConstantInt::get(Int32Ty, FirstLend ? LentIndex[0] : 0)});
  NumLent += FirstLend;

  for (unsigned K = FirstLend; K < LentValues.size(); K++) {
    Instruction *At = LentValues[K].first;
    Value *V = LentValues[K].second;
    // A load is reported right after it; a call's arguments right before the call.
    IRBuilder<> IRB(isa<LoadInst>(At) ? At->getNextNode() : At);
    IRB.CreateCall(Lend, {asPtr(IRB, V), ConstantInt::get(Int32Ty, LentIndex[K])});
    ++NumLent;
  }
  for (ReturnInst *RI : Returns) {
    IRBuilder<> IRB(RI);
    IRB.CreateCall(CallExit, {});
  }
}

// __cgosan_read_mask or __cgosan_write_mask: set once before any instrumented code runs, so
// their loads are invariant and LLVM may hoist them.
Value *Instrumenter::levelMask(IRBuilder<> &IRB, GlobalVariable *Mask) {
  LoadInst *M = IRB.CreateLoad(IntPtrTy, Mask);
  M->setMetadata(LLVMContext::MD_invariant_load, MDNode::get(Ctx, {}));
  return M;
}

// Whether Go has memory in Addr's 2 MiB region (Addr an integer), through the level's mask: false
// for C memory, and for everything when the level does not check this kind of access.
Value *Instrumenter::inGoRegion(IRBuilder<> &IRB, Value *Addr, Value *Mask) {
  Value *Index = IRB.CreateAnd(IRB.CreateLShr(Addr, CGOSAN_REGION_SHIFT), Mask);
  Type *Int8Ty = Type::getInt8Ty(Ctx);
  Value *Slot = IRB.CreateInBoundsGEP(GoRegions->getValueType(), GoRegions,
                                      {ConstantInt::get(IntPtrTy, 0), Index});
  return IRB.CreateICmpNE(IRB.CreateLoad(Int8Ty, Slot), ConstantInt::get(Int8Ty, 0));
}

// The rare call behind an inline check. The runtime walks frame pointers from it, so the checked
// function's frame must still be there: no tail call.
CallInst *Instrumenter::callCheckHook(IRBuilder<> &IRB, FunctionCallee Hook,
                                      ArrayRef<Value *> Args) {
  CallInst *Call = IRB.CreateCall(Hook, Args);
  Call->setTailCallKind(CallInst::TCK_NoTail);
  if (PreserveMost)
    Call->setCallingConv(CallingConv::PreserveMost);
  return Call;
}

// After a store that may keep a pointer: the hook runs only if the stored value or the address
// lies where Go has memory. C storing C pointers into C memory, the common case, costs one or two
// region-table loads and a branch. Overwriting a Go pointer with a C pointer needs no hook: the
// call's exit re-reads every place C stored a Go pointer, and finds the C pointer there. The
// store is marked so the late phase does not check it again.
void Instrumenter::insertStoreHook(Instruction *Store, FunctionCallee Hook, Value *Addr, Value *Val,
                                   Constant *Site) {
  Instruction *Next = Store->getNextNode();
  IRBuilder<> IRB(Next);
  IRB.SetCurrentDebugLocation(Store->getDebugLoc());
  Value *A = IRB.CreatePtrToInt(Addr, IntPtrTy);
  Value *V = Val->getType()->isPointerTy() ? IRB.CreatePtrToInt(Val, IntPtrTy)
                                           : IRB.CreateZExtOrTrunc(Val, IntPtrTy);
  // A C global, stack slot or fresh heap block is never Go memory: only the value is tested then.
  Value *Mask = levelMask(IRB, WriteMask);
  Value *Need = inGoRegion(IRB, V, Mask);
  if (!isCMemory(Addr))
    Need = IRB.CreateOr(Need, inGoRegion(IRB, A, Mask));
  Instruction *Then =
      SplitBlockAndInsertIfThen(Need, Next, false, MDBuilder(Ctx).createBranchWeights(1, 1 << 20));
  IRB.SetInsertPoint(Then);
  // The hook's return address is what frame #0 of a report symbolizes to: the store's line, not
  // the next statement's that SplitBlockAndInsertIfThen gave the new block.
  IRB.SetCurrentDebugLocation(Store->getDebugLoc());
  // __cgosan_store_ptr takes the value as a pointer (an atomic exchange's may be an integer),
  // __cgosan_store_int as an integer.
  Value *Arg = Hook.getFunctionType()->getParamType(1)->isPointerTy() ? asPtr(IRB, Val) : Val;
  callCheckHook(IRB, Hook, {asPtr(IRB, Addr), Arg, Site});
  Store->setMetadata(M.getMDKindID(kHookedMD), MDNode::get(Ctx, {}));
}

// The common case inline, the rest in the runtime (the sequence is spelled out in cgosan_abi.h):
//   if (__cgosan_go_regions[(addr >> 21) & mask])   C memory: no Go memory in its region, no call
//     __cgosan_read/write(addr, site)                 the exact page, the thread's lent memory
// The branch is marked unlikely, so the fast path stays straight-line code, and the hook keeps
// the registers (CGOSAN_CHECK_CC): a check adds about five instructions inline and a call out of
// the way. Everything else the check needs (the page bits, the thread's lent-memory cache) was
// inline before, and made go-sqlite3's parser 15 times its size. Reads, most of the checks, are
// checked only at level 2: a test of the mask first makes them a compare and a branch at
// levels 0 and 1.
void Instrumenter::insertAccessCheck(Instruction *I, Value *Ptr, bool IsRead, bool Level2Only) {
  MDNode *Unlikely = MDBuilder(Ctx).createBranchWeights(1, 1 << 20);
  IRBuilder<> IRB(I);
  IRB.SetCurrentDebugLocation(I->getDebugLoc());
  // In a level-2 body every kind of access is checked: the mask is all ones, a constant that
  // needs no register and no load.
  Value *Mask = Level2Only ? ConstantInt::get(IntPtrTy, CGOSAN_REGIONS - 1)
                           : levelMask(IRB, IsRead ? ReadMask : WriteMask);
  if (IsRead && !Level2Only) {
    Instruction *Level2 =
        SplitBlockAndInsertIfThen(IRB.CreateICmpNE(Mask, ConstantInt::get(IntPtrTy, 0)), I, false);
    IRB.SetInsertPoint(Level2);
  }
  Value *Addr = IRB.CreatePtrToInt(Ptr, IntPtrTy);
  Instruction *Slow = SplitBlockAndInsertIfThen(inGoRegion(IRB, Addr, Mask), &*IRB.GetInsertPoint(),
                                                false, Unlikely);
  IRB.SetInsertPoint(Slow);
  callCheckHook(IRB, IsRead ? Read : Write, {asPtr(IRB, Ptr), siteFor(*I)});
}

// Most checks are of reads, and reads are checked only at level 2, the level users ask for when
// they hunt a bug; level 1 is the default. A function with several read checks therefore gets a
// second body: the original runs at levels 0 and 1 with only its writes checked, the copy at level
// 2 with everything, and a new entry block picks one by the level's mask. The copy lives in the
// same function, so names, debug information and stacks stay those of the source. Static allocas
// move to the new entry and are shared. Functions whose blocks have their address taken or that
// handle exceptions, or that hold inline assembly or a noduplicate call, keep one body.
// Level2Accesses gets the copies of Accesses.
bool Instrumenter::versionForReads(Function &F, ArrayRef<Instruction *> Accesses,
                                   SmallVectorImpl<Instruction *> &Level2Accesses) {
  constexpr unsigned kMinReads = 2;
  unsigned Reads = 0;
  for (Instruction *I : Accesses)
    Reads += isa<LoadInst>(I);
  if (Reads < kMinReads || F.isVarArg())
    return false;
  for (BasicBlock &BB : F) {
    if (BB.hasAddressTaken() || BB.isEHPad())
      return false;
    // Inline assembly may define a symbol (`label:`, `.globl`), and a noduplicate call must stay
    // one call: copying either breaks the program.
    for (Instruction &I : BB)
      if (const auto *CB = dyn_cast<CallBase>(&I))
        if (CB->isInlineAsm() || CB->cannotDuplicate())
          return false;
  }

  BasicBlock *Entry = &F.getEntryBlock();
  BasicBlock *Dispatch = BasicBlock::Create(Ctx, "cgosan.level", &F, Entry);
  for (auto It = Entry->begin(); It != Entry->end();) {
    Instruction &I = *It++;
    if (auto *AI = dyn_cast<AllocaInst>(&I))
      if (isa<ConstantInt>(AI->getArraySize()))
        AI->moveBefore(*Dispatch, Dispatch->end());
  }
  SmallVector<BasicBlock *, 64> Body, Copy;
  for (BasicBlock &BB : F)
    if (&BB != Dispatch)
      Body.push_back(&BB);
  ValueToValueMapTy VMap;
  for (BasicBlock *BB : Body) {
    BasicBlock *C = CloneBasicBlock(BB, VMap, ".l2", &F);
    VMap[BB] = C;
    Copy.push_back(C);
  }
  remapInstructionsInBlocks(Copy, VMap);
  IRBuilder<> IRB(Dispatch);
  Value *Level2 = IRB.CreateICmpNE(levelMask(IRB, ReadMask), ConstantInt::get(IntPtrTy, 0));
  IRB.CreateCondBr(Level2, cast<BasicBlock>(VMap[Entry]), Entry);
  for (Instruction *I : Accesses)
    Level2Accesses.push_back(cast<Instruction>(VMap[I]));
  ++NumVersioned;
  return true;
}

void Instrumenter::instrumentFunction(Function &F) {
  StringRef CName = wrapperCName(F.getName());
  bool IsWrapper = !CName.empty();
  // Before inlining a wrapper touches only its Go frame and its locals: no access checks there.
  // After inlining (the late phase) it holds the C function's code, whose accesses count.
  bool CheckAccesses = !IsWrapper || !Early;
  SmallVector<StoreInst *, 16> Stores;    // pointer stores: may keep a Go pointer
  SmallVector<StoreInst *, 16> IntStores; // pointer-sized integers that may hold one
  SmallVector<Instruction *, 32> Accesses;
  SmallVector<MemIntrinsic *, 4> MemOps;
  SmallVector<AtomicRMWInst *, 4> Exchanges;
  SmallVector<CallBase *, 4> Allocs;
  for (BasicBlock &BB : F)
    for (Instruction &I : BB) {
      if (auto *SI = dyn_cast<StoreInst>(&I)) {
        Type *T = SI->getValueOperand()->getType();
        if (!Early) {
          // A store the early phase followed with a hook is checked by that hook.
          if (!hookedByEarlyPhase(SI) && CheckAccesses && SI->getPointerAddressSpace() == 0)
            Accesses.push_back(SI);
          continue;
        }
        if (SI->getPointerOperandType()->getPointerAddressSpace() != 0 ||
            (T->isPointerTy() && T->getPointerAddressSpace() != 0)) {
          ++NumUnsupported;
          continue;
        }
        // Atomic pointer stores reach the IR as integers (clang 14 lowers `__atomic_store_n` on
        // a pointer through i64): they are pointer stores.
        if (T->isPointerTy() || (T == IntPtrTy && SI->isAtomic() && !IsWrapper)) {
          Stores.push_back(SI);
          continue;
        }
        if (T == IntPtrTy && mayHoldPointer(SI->getValueOperand()) && !IsWrapper) {
          IntStores.push_back(SI);
          continue;
        }
        if (T->isVectorTy() || T->isAggregateType()) {
          // Aggregate or vector stores that may carry pointers are not followed yet.
          Type *Elt = T->isVectorTy() ? cast<VectorType>(T)->getElementType() : nullptr;
          if (!Elt || Elt->isPointerTy())
            ++NumUnsupported;
        }
        if (CheckAccesses)
          Accesses.push_back(SI);
      } else if (auto *LI = dyn_cast<LoadInst>(&I)) {
        if (CheckAccesses && ClInstrumentReads && LI->getPointerAddressSpace() == 0)
          Accesses.push_back(LI);
      } else if (auto *RMW = dyn_cast<AtomicRMWInst>(&I)) {
        Type *VT = RMW->getValOperand()->getType();
        if (!CheckAccesses || RMW->getPointerAddressSpace() != 0 || hookedByEarlyPhase(RMW))
          continue;
        // An atomic exchange of a pointer (or of its integer, as clang 14 emits it) stores it.
        if (Early && RMW->getOperation() == AtomicRMWInst::Xchg &&
            (VT->isPointerTy() || VT == IntPtrTy))
          Exchanges.push_back(RMW);
        else if (VT->isPointerTy())
          ++NumUnsupported;
        Accesses.push_back(RMW);
      } else if (auto *CX = dyn_cast<AtomicCmpXchgInst>(&I)) {
        if (CX->getNewValOperand()->getType()->isPointerTy())
          ++NumUnsupported;
        if (CheckAccesses && CX->getPointerAddressSpace() == 0)
          Accesses.push_back(CX);
      } else if (auto *MI = dyn_cast<MemIntrinsic>(&I)) {
        if (Early && !IsWrapper && MI->getDestAddressSpace() == 0)
          MemOps.push_back(MI);
      } else if (auto *CB = dyn_cast<CallBase>(&I)) {
        if (!Early)
          continue;
        if (Function *Callee = CB->getCalledFunction()) {
          StringRef N = Callee->getName();
          if ((N == "malloc" && CB->arg_size() == 1) || (N == "calloc" && CB->arg_size() == 2) ||
              (N == "realloc" && CB->arg_size() == 2))
            Allocs.push_back(CB);
        }
      }
    }

  // Decide before inserting anything: our own calls take store addresses and would make every
  // alloca look captured.
  auto IsPrivateLocal = [](const Value *Ptr) {
    const Value *Obj = underlyingObject(Ptr);
    return isa<AllocaInst>(Obj) &&
           !PointerMayBeCaptured(Obj, /*ReturnCaptures=*/true, /*StoreCaptures=*/true);
  };
  SmallVector<StoreInst *, 16> ToInstrument;
  if (ClInstrumentStores)
    for (StoreInst *SI : Stores) {
      if (IsWrapper && isWrapperFrame(F, SI->getPointerOperand())) {
        ++NumStoresFrame;
        continue;
      }
      if (IsPrivateLocal(SI->getPointerOperand())) {
        ++NumStoresLocal;
        continue;
      }
      if (const DILocation *DL = SI->getDebugLoc().get())
        if (IsWrapper && isCgoGeneratedFile(DL->getFilename())) {
          ++NumStoresFrame;
          continue;
        }
      ToInstrument.push_back(SI);
    }
  SmallVector<StoreInst *, 16> IntToInstrument;
  if (ClInstrumentStores)
    for (StoreInst *SI : IntStores) {
      if (IsPrivateLocal(SI->getPointerOperand()))
        ++NumStoresLocal;
      else
        IntToInstrument.push_back(SI);
    }
  // In a wrapper (after inlining), the Go frame and the pointers read from it are this call's own
  // lent memory: always allowed while it runs.
  auto IsOwnLentMemory = [&](const Value *Ptr) {
    if (!IsWrapper || F.arg_size() != 1)
      return false;
    const Value *Obj = getUnderlyingObject(Ptr);
    if (Obj == F.getArg(0))
      return true;
    const auto *LI = dyn_cast<LoadInst>(Obj);
    return LI && getUnderlyingObject(LI->getPointerOperand()) == F.getArg(0);
  };
  SmallVector<Instruction *, 32> AccessesToInstrument;
  if (ClInstrumentAccesses && Late) {
    SmallPtrSet<Instruction *, 32> Candidates;
    for (Instruction *I : Accesses) {
      Value *Ptr = accessAddress(I);
      if (isCgoCode(*I))
        ++NumAccessesCgoCode;
      else if (isCMemory(Ptr))
        ++NumAccessesCMemory;
      else if (IsOwnLentMemory(Ptr))
        ++NumAccessesLent;
      else
        Candidates.insert(I);
    }
    SmallPtrSet<Instruction *, 16> Repeated = repeatedChecks(F, Candidates);
    NumAccessesRepeated += Repeated.size();
    for (Instruction *I : Accesses)
      if (Candidates.count(I) && !Repeated.count(I))
        AccessesToInstrument.push_back(I);
  }
  SmallVector<MemIntrinsic *, 4> MemOpsToInstrument;
  for (MemIntrinsic *MI : MemOps) {
    auto *MT = dyn_cast<MemTransferInst>(MI);
    bool Skip = MT ? IsPrivateLocal(MI->getRawDest()) && isCMemory(MT->getRawSource())
                   : isCMemory(MI->getRawDest());
    if (Skip)
      ++NumAccessesCMemory;
    else
      MemOpsToInstrument.push_back(MI);
  }

  // The site names the C global stored to, if the store is to one.
  auto HookStore = [&](Instruction *I, FunctionCallee Hook, Value *Addr, Value *Val) {
    bool TLS = false;
    std::string Object = globalName(Addr, TLS);
    insertStoreHook(I, Hook, Addr, Val, siteFor(*I, Object, TLS));
  };
  for (StoreInst *SI : ToInstrument) {
    HookStore(SI, StorePtr, SI->getPointerOperand(), SI->getValueOperand());
    ++NumStores;
  }
  for (StoreInst *SI : IntToInstrument) {
    HookStore(SI, StoreInt, SI->getPointerOperand(), SI->getValueOperand());
    ++NumIntStores;
  }
  if (ClInstrumentStores)
    for (AtomicRMWInst *RMW : Exchanges) {
      HookStore(RMW, StorePtr, RMW->getPointerOperand(), RMW->getValOperand());
      ++NumStores;
    }

  for (Instruction *I : AccessesToInstrument) {
    bool IsRead = isa<LoadInst>(I);
    ++(IsRead ? NumReads : NumWrites);
  }
  SmallVector<Instruction *, 32> Level2Accesses;
  if (!AccessesToInstrument.empty() && !Early &&
      versionForReads(F, AccessesToInstrument, Level2Accesses)) {
    // The original body runs at levels 0 and 1: its writes are checked, its reads are not.
    for (Instruction *I : AccessesToInstrument)
      if (!isa<LoadInst>(I))
        insertAccessCheck(I, accessAddress(I), false);
    for (Instruction *I : Level2Accesses)
      insertAccessCheck(I, accessAddress(I), isa<LoadInst>(I), /*Level2Only=*/true);
  } else {
    for (Instruction *I : AccessesToInstrument)
      insertAccessCheck(I, accessAddress(I), isa<LoadInst>(I));
  }

  for (MemIntrinsic *MI : MemOpsToInstrument) {
    if (auto *MT = dyn_cast<MemTransferInst>(MI)) {
      // After the copy: the runtime looks for Go pointers in what arrived.
      IRBuilder<> IRB(MI->getNextNode());
      IRB.SetCurrentDebugLocation(MI->getDebugLoc());
      bool TLS = false;
      std::string Object = globalName(MT->getRawDest(), TLS); // named if it is a C global
      // Level 1 checks only the write (a copy into Go memory); level 2 also looks at what arrived,
      // wherever it went.
      Value *Need = IRB.CreateICmpNE(levelMask(IRB, ReadMask), ConstantInt::get(IntPtrTy, 0));
      if (!isCMemory(MT->getRawDest()))
        Need = IRB.CreateOr(Need, inGoRegion(IRB, IRB.CreatePtrToInt(MT->getRawDest(), IntPtrTy),
                                             levelMask(IRB, WriteMask)));
      IRB.SetInsertPoint(SplitBlockAndInsertIfThen(Need, &*IRB.GetInsertPoint(), false));
      IRB.SetCurrentDebugLocation(MI->getDebugLoc()); // the copy's line, not the next one's
      CallInst *Hook =
          IRB.CreateCall(Copy, {asPtr(IRB, MT->getRawDest()), asPtr(IRB, MT->getRawSource()),
                                IRB.CreateZExtOrTrunc(MT->getLength(), IntPtrTy),
                                siteFor(*MI, Object, TLS), layoutConstant(*MT)});
      Hook->setTailCallKind(CallInst::TCK_NoTail);
    } else {
      // memset writes what it covers: checked like a store to its first byte.
      insertAccessCheck(MI, MI->getRawDest(), /*IsRead=*/false);
    }
    ++NumCopies;
  }

  if (ClInstrumentAllocs)
    for (CallBase *CB : Allocs) {
      if (!CB->getNextNode() || isa<InvokeInst>(CB))
        continue;
      IRBuilder<> IRB(CB->getNextNode());
      IRB.SetCurrentDebugLocation(CB->getDebugLoc());
      StringRef N = CB->getCalledFunction()->getName();
      Value *Size;
      if (N == "calloc")
        Size = IRB.CreateMul(IRB.CreateZExtOrTrunc(CB->getArgOperand(0), IntPtrTy),
                             IRB.CreateZExtOrTrunc(CB->getArgOperand(1), IntPtrTy));
      else
        Size = IRB.CreateZExtOrTrunc(CB->getArgOperand(N == "realloc" ? 1 : 0), IntPtrTy);
      IRB.CreateCall(HeapAlloc, {asPtr(IRB, CB), Size, siteFor(*CB)});
      ++NumAllocs;
    }

  if (IsWrapper && Early)
    instrumentWrapper(F, CName);
}

bool Instrumenter::run() {
  SmallVector<Function *, 32> Code, Stubs;
  for (Function &F : M) {
    if (F.isDeclaration())
      continue;
    switch (classify(F)) {
    case FunctionKind::Code:
      Code.push_back(&F);
      break;
    case FunctionKind::ExportStub:
      Stubs.push_back(&F);
      break;
    case FunctionKind::Skip:
      if (Early) // counted once, not again by the late phase
        ++NumSkippedFunctions;
      break;
    }
  }
  if (Code.empty() && Stubs.empty())
    return false;
  declareRuntime();
  for (Function *F : Code)
    instrumentFunction(*F);
  if (Early)
    for (Function *F : Stubs)
      instrumentExportStub(*F);
  return true;
}

} // namespace

namespace cgosan {

PreservedAnalyses CgosanPass::run(Module &M, ModuleAnalysisManager &) {
  return Instrumenter(M, P).run() ? PreservedAnalyses::none() : PreservedAnalyses::all();
}

} // namespace cgosan
