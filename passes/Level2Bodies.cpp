// giveLevel2Body (Level2Bodies.h).
#include "Level2Bodies.h"

#include "InlineChecks.h"

#include "llvm/ADT/STLExtras.h"
#include "llvm/ADT/Statistic.h"
#include "llvm/IR/InlineAsm.h"
#include "llvm/IR/Instructions.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Transforms/Utils/Cloning.h"
#include "llvm/Transforms/Utils/Local.h"

using namespace llvm;

#define DEBUG_TYPE "cgosan"

static cl::opt<unsigned> ClLevel2MinReads(
    "cgosan-level2-min-reads", cl::init(2),
    cl::desc("Give a function a second body for level 2 when it has this many read checks "
             "(0: never)"),
    cl::Hidden);

ALWAYS_ENABLED_STATISTIC(NumVersioned,
                         "functions given a second body with read checks, for level 2");

namespace cgosan {

namespace {

// Whether inline assembly still assembles, and means the same, when it is emitted twice. What
// would not: a named label (`name:`, defined twice), a directive that defines or declares a symbol
// or switches sections (`.globl`, `.set`, `.pushsection`: a note or table entry would be emitted
// twice). Only directives known to be harmless pass: alignment and data emitted in place.
// Instructions, numeric local labels (`1:`, referenced as `1b`/`1f`) and labels made unique per
// instance with `%=` (`${:uid}` in IR) pass too. Optimizer barriers (`asm("" ::: "memory")`),
// zstd's `.p2align` hints in its decoder's hot loop and `cpuid` are what C code usually holds.
bool asmIsDuplicable(const InlineAsm &IA) {
  static const StringRef Harmless[] = {".p2align", ".align", ".balign", ".byte", ".short",
                                       ".word",    ".long",  ".quad",   ".int",  ".nops",
                                       ".skip",    ".space", ".zero"};
  SmallVector<StringRef, 8> Statements;
  StringRef(IA.getAsmString()).split(Statements, '\n');
  for (StringRef Line : Statements) {
    SmallVector<StringRef, 4> Parts;
    Line.split(Parts, ';');
    for (StringRef St : Parts) {
      St = St.trim();
      if (St.empty() || St.front() == '#' || St.substr(0, 2) == "//")
        continue;
      // Labels first: `1:` and `name%=:` belong to one copy, any other name does not.
      size_t Colon = St.find(':');
      while (Colon != StringRef::npos && Colon > 0 && St[Colon - 1] == '{') // ${:uid}
        Colon = St.find(':', Colon + 1);
      StringRef Head = St.substr(0, Colon);
      if (Colon != StringRef::npos && !Head.empty() &&
          Head.find_first_of(" \t,(\"") == StringRef::npos) {
        if (Head.find_first_not_of("0123456789") != StringRef::npos && !Head.contains("${:uid}"))
          return false;
        St = St.substr(Colon + 1).trim();
        if (St.empty())
          continue;
      }
      if (St.front() != '.')
        continue; // an instruction
      StringRef Directive = St.take_until([](char C) { return C == ' ' || C == '\t'; });
      if (llvm::find(Harmless, Directive) == std::end(Harmless))
        return false;
    }
  }
  return true;
}

// Static allocas move to the new entry and are shared. Functions whose blocks have their address
// taken or that handle exceptions, or that hold inline assembly that cannot be emitted twice or a
// noduplicate call, keep one body: a noduplicate call must stay one call. Variadic functions
// keep one too.
bool canCopy(const Function &F) {
  if (F.isVarArg())
    return false;
  for (const BasicBlock &BB : F) {
    if (BB.hasAddressTaken() || BB.isEHPad())
      return false;
    for (const Instruction &I : BB)
      if (const auto *CB = dyn_cast<CallBase>(&I)) {
        if (CB->cannotDuplicate())
          return false;
        if (const auto *IA = dyn_cast<InlineAsm>(CB->getCalledOperand()))
          if (!asmIsDuplicable(*IA))
            return false;
      }
  }
  return true;
}

} // namespace

bool giveLevel2Body(Function &F, unsigned Reads, ArrayRef<Instruction *> Accesses,
                    ArrayRef<Value *> Gates, const RuntimeInterface &RT,
                    SmallVectorImpl<Instruction *> &Level2Accesses,
                    SmallVectorImpl<Value *> &Level2Gates) {
  if (ClLevel2MinReads == 0 || Reads < ClLevel2MinReads || !canCopy(F))
    return false;

  LLVMContext &Ctx = F.getContext();
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
  // The dispatch: a branch at the end of the (for now empty) block, built before it.
  BranchInst *Br =
      BranchInst::Create(cast<BasicBlock>(VMap[Entry]), Entry, ConstantInt::getTrue(Ctx), Dispatch);
  Builder IRB(Br);
  Br->setCondition(RT.isLevel2(IRB));
  markInserted(Br);
  for (Instruction *I : Accesses)
    Level2Accesses.push_back(cast<Instruction>(VMap[I]));
  for (Value *G : Gates)
    Level2Gates.push_back(G ? VMap.lookup(G) : nullptr);
  // The store phases tested the level where they needed it (integer stores, copies): each body
  // knows its own.
  fixLevel(RT, Body, /*Level2=*/false);
  fixLevel(RT, Copy, /*Level2=*/true);
  removeUnreachableBlocks(F);
  ++NumVersioned;
  return true;
}

} // namespace cgosan
