// giveLevel2Body (Level2Bodies.h).
#include "Level2Bodies.h"

#include "InlineChecks.h"

#include "llvm/ADT/Statistic.h"
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

// Static allocas move to the new entry and are shared. Functions whose blocks have their address
// taken or that handle exceptions, or that hold inline assembly or a noduplicate call, keep one
// body: inline assembly may define a symbol (`label:`, `.globl`), and a noduplicate call must
// stay one call; copying either breaks the program. Variadic functions keep one too.
bool canCopy(const Function &F) {
  if (F.isVarArg())
    return false;
  for (const BasicBlock &BB : F) {
    if (BB.hasAddressTaken() || BB.isEHPad())
      return false;
    for (const Instruction &I : BB)
      if (const auto *CB = dyn_cast<CallBase>(&I))
        if (CB->isInlineAsm() || CB->cannotDuplicate())
          return false;
  }
  return true;
}

} // namespace

bool giveLevel2Body(Function &F, unsigned Reads, ArrayRef<Instruction *> Accesses,
                    const RuntimeInterface &RT, SmallVectorImpl<Instruction *> &Level2Accesses) {
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
  // The store phases tested the level where they needed it (integer stores, copies): each body
  // knows its own.
  fixLevel(RT, Body, /*Level2=*/false);
  fixLevel(RT, Copy, /*Level2=*/true);
  removeUnreachableBlocks(F);
  ++NumVersioned;
  return true;
}

} // namespace cgosan
