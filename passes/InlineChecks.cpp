// InlineChecks.h.
#include "InlineChecks.h"

#include "../runtime/cgosan_abi.h"

#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/Analysis/InstructionSimplify.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/IntrinsicInst.h"
#include "llvm/Support/CommandLine.h"
#include "llvm/Transforms/Utils/Local.h"

using namespace llvm;

static cl::opt<bool> ClInlineLentCache(
    "cgosan-inline-lent-cache", cl::init(true),
    cl::desc("Test the thread's lent-memory cache inline before calling __cgosan_write"),
    cl::Hidden);

namespace cgosan {

namespace {

bool isLevelLoad(const RuntimeInterface &RT, const Instruction &I) {
  const auto *L = dyn_cast<LoadInst>(&I);
  return L && L->getPointerOperand() == RT.ReadMask;
}

} // namespace

Value *InlineChecks::isLevel2() {
  if (Level2)
    return Level2;
  BasicBlock &Entry = F.getEntryBlock();
  BasicBlock::iterator At = Entry.getFirstInsertionPt();
  while (isa<AllocaInst>(*At))
    ++At;
  Builder IRB(&*At);
  // An earlier phase's load, if it is still in the entry block.
  for (Instruction &I : Entry)
    if (isLevelLoad(RT, I)) {
      IRB.SetInsertPoint(I.getNextNode());
      return Level2 = IRB.CreateICmpNE(&I, ConstantInt::get(RT.IntPtrTy, 0));
    }
  return Level2 = RT.isLevel2(IRB);
}

static Value *regionTest(const RuntimeInterface &RT, IRBuilderBase &IRB, Value *V, bool Deferred,
                         bool IsAccess) {
  Value *Int = V->getType()->isPointerTy() ? IRB.CreatePtrToInt(V, RT.IntPtrTy)
                                           : IRB.CreateZExtOrTrunc(V, RT.IntPtrTy);
  if (Deferred)
    return RT.inGoRegionDeferred(IRB, Int, IsAccess);
  return RT.inGoRegion(IRB, Int, ConstantInt::get(RT.IntPtrTy, CGOSAN_REGIONS - 1));
}

Value *InlineChecks::inGoRegion(IRBuilderBase &IRB, Value *V) const {
  return regionTest(RT, IRB, V, DeferRegionTests, /*IsAccess=*/false);
}

Value *InlineChecks::inGoRegionAccess(IRBuilderBase &IRB, Value *Ptr) const {
  return regionTest(RT, IRB, Ptr, DeferRegionTests, /*IsAccess=*/true);
}

// The common case inline, the rest in the runtime:
//   if (region_table[(addr >> 16) & (CGOSAN_REGIONS - 1)])  C memory: no Go memory in its
//     __cgosan_read/write(addr, site)                             region, no call
// The branch is marked unlikely, so the fast path stays straight-line code, and the hook keeps
// the registers (CGOSAN_CHECK_CC): a check adds four or five instructions inline and a call out
// of the way. Everything else the check needs (the page bits, the thread's lent-memory cache) was
// inline once, and made go-sqlite3's parser 15 times its size. Reads are checked only at level 2:
// outside a level-2 body a test of the level (a register, loaded at the function's entry) makes
// them a compare and a branch at levels 0 and 1. A gate (LoopGates.h) comes before the region
// test: false, the access's object is C memory.
void InlineChecks::insertAccessCheck(Instruction *I, Value *Ptr, bool IsRead, bool Level2Body,
                                     Value *Gate, bool LentCacheInline, Constant *Site) {
  Builder IRB(I);
  if (IsRead && !Level2Body)
    IRB.SetInsertPoint(splitIfThen(isLevel2(), I, false));
  if (Gate)
    IRB.SetInsertPoint(splitIfThen(Gate, &*IRB.GetInsertPoint(), false));
  Ptr = RT.addressHere(IRB, Ptr);
  // A load's, store's or atomic's address is accessed right after the test: a user address, whose
  // index needs no mask. A memset's may be any value when its size is 0.
  Value *Mask = isa<MemIntrinsic>(I) ? RT.RegionMask : nullptr;
  IRB.SetInsertPoint(splitIfThen(RT.inGoRegion(IRB, IRB.CreatePtrToInt(Ptr, RT.IntPtrTy), Mask),
                                 &*IRB.GetInsertPoint(), /*Unlikely=*/true));
  if (!IsRead && LentCacheInline && ClInlineLentCache) {
    Value *Lent = RT.inLentCache(IRB, IRB.CreatePtrToInt(Ptr, RT.IntPtrTy));
    IRB.SetInsertPoint(splitIfThen(IRB.CreateNot(Lent), &*IRB.GetInsertPoint(), false));
  }
  RT.callCheckHook(IRB, IsRead ? RT.Read : RT.Write, {RT.asPtr(IRB, Ptr), Site});
}

void fixLevel(const RuntimeInterface &RT, ArrayRef<BasicBlock *> Blocks, bool Level2) {
  SmallVector<Instruction *, 8> Loads;
  for (BasicBlock *BB : Blocks)
    for (Instruction &I : *BB)
      if (isLevelLoad(RT, I))
        Loads.push_back(&I);
  Constant *Mask = ConstantInt::get(RT.IntPtrTy, Level2 ? CGOSAN_REGIONS - 1 : 0);
  for (Instruction *L : Loads)
    replaceAndRecursivelySimplify(L, Mask);
  for (BasicBlock *BB : Blocks)
    ConstantFoldTerminator(BB);
}

} // namespace cgosan
