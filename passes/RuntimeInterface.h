// The runtime interface the pass calls, mirroring runtime/cgosan_abi.h: the __cgosan_* entry
// points with their attributes and calling convention, the state the inline checks read, the
// inline sequences that header spells out, and an IRBuilder that marks everything it inserts
// !nosanitize (as ASan and HWASan mark theirs), which is how the pass tells its own code from the
// user's.
#ifndef CGOSAN_RUNTIME_INTERFACE_H
#define CGOSAN_RUNTIME_INTERFACE_H

#include "llvm/IR/IRBuilder.h"
#include "llvm/IR/Module.h"

namespace cgosan {

// Marks I as inserted by cgosan.
void markInserted(llvm::Instruction *I);
bool isInserted(const llvm::Instruction &I);

// An IRBuilder whose every instruction is marked inserted.
class Builder : public llvm::IRBuilder<llvm::ConstantFolder, llvm::IRBuilderCallbackInserter> {
public:
  explicit Builder(llvm::Instruction *InsertBefore);
};

// SplitBlockAndInsertIfThen, with the branches it creates marked inserted. Returns the
// terminator of the new block.
llvm::Instruction *splitIfThen(llvm::Value *Cond, llvm::Instruction *Before, bool Unlikely);
// From ends in `br Cond, Then, Else`, marked inserted, in place of its terminator if it has one;
// Unlikely: Then is the rare side, weighted as splitIfThen weights it.
void branchInserted(llvm::BasicBlock *From, llvm::Value *Cond, llvm::BasicBlock *Then,
                    llvm::BasicBlock *Else, bool Unlikely);

// Whether a store phase left placeholder region tests in M (RuntimeInterface::inGoRegionDeferred).
bool hasDeferredRegionTests(const llvm::Module &M);
// Whether the early phase left stores into statics to the store phase in M
// (RuntimeInterface::markDeferredStore), whose marks are still there.
bool hasDeferredStoreMarks(const llvm::Module &M);

struct RuntimeInterface {
  // Declares the entry points and the inline checks' globals; with WithAbiMarker, also the
  // reference to the runtime's ABI marker and the cgosan build's stamp (once per object: the
  // early phase's job).
  RuntimeInterface(llvm::Module &M, bool WithAbiMarker);

  llvm::Module &M;
  llvm::LLVMContext &Ctx;
  llvm::Type *Int32Ty;
  llvm::Type *IntPtrTy;
  llvm::PointerType *PtrTy; // i8*, an opaque ptr on newer LLVM
  llvm::StructType *SiteTy; // struct cgosan_site
  llvm::StructType *CallTy; // struct cgosan_call
  llvm::FunctionCallee CallEnter, CallExit, CallExitSlow, Lend, StorePtr, StoreInt, Read, Write,
      Copy, ExportReturn, HeapAlloc;
  // The runtime's fixed tables (cgosan_abi.h): the region table's address, an integer, and the
  // level masks', pointers (intptr*).
  llvm::ConstantInt *RegionTable, *RegionMask; // CGOSAN_REGIONS - 1
  llvm::Constant *ReadMask, *WriteMask;
  llvm::GlobalVariable *Thread; // __cgosan_thread, the thread's call state (CGOSAN_T_*)
  bool PreserveMost;            // the check hooks' calling convention (CGOSAN_CHECK_CC)

  // ReadMask or WriteMask, loaded (invariant: set before any user code runs).
  llvm::Value *levelMask(llvm::IRBuilderBase &IRB, llvm::Constant *Mask) const;
  // True when the level checks reads (the read mask is not zero): level 2.
  llvm::Value *isLevel2(llvm::IRBuilderBase &IRB) const;
  // Whether Go has memory in Addr's 64 KiB region (Addr an integer), through the level's mask.
  // With no Mask, the index is not masked: only for an address an access right after makes, a
  // user address (below 2^48; the runtime maps the table further where the kernel hands out
  // wider ones, fixed_tables.h).
  llvm::Value *inGoRegion(llvm::IRBuilderBase &IRB, llvm::Value *Addr, llvm::Value *Mask) const;
  // The same test for a phase that runs before the optimizer is done (the store phases): a call
  // of a placeholder that reads only the runtime's state, which expandDeferredRegionTests turns
  // into inGoRegion's code. Written out that early, the shift and mask are speculated out of
  // the conditional blocks they belong to and hoisted out of loops (LICM): an interpreter's
  // dispatch loop (sqlite3VdbeExec) then computed and spilled dozens of region indexes on entry,
  // for stores in switch cases that mostly never run. A call that is not speculatable stays in
  // its block, and calls of one address with no hook between them still merge (EarlyCSE, GVN).
  // IsAccess: Addr is the address of an access (a store's, a copy's ends), not a value stored,
  // so a loop gate may stand in front of it (gateDeferredAccessTests, LoopGates.h).
  llvm::Value *inGoRegionDeferred(llvm::IRBuilderBase &IRB, llvm::Value *Addr, bool IsAccess) const;
  // The placeholder calls in M, and whether one tests an access's address.
  llvm::SmallVector<llvm::CallInst *, 64> deferredRegionTests() const;
  static bool isDeferredAccessTest(const llvm::CallInst &CI);
  // Every placeholder call in the module replaced by the test itself: the late phase's first
  // step, once the optimizer is done with the earlier phases' code.
  void expandDeferredRegionTests() const;
  // A direct store into a static that the early phase leaves to the store phase (CgosanPass.cpp,
  // deferToStorePhase) gets a placeholder call on each side holding the store's site, written
  // while the store is still the source's. The placeholders touch only the runtime's memory and
  // are not merged (nomerge), so the optimizer neither sinks the stores of sibling branches into
  // one (`if (w) a = p; else b = p;` as one store through a select of @a and @b) nor hoists the
  // same store out of both; should a pass merge them anyway, the site becomes a select of the
  // two. Only the mark after the store hands its site on; the one before is a fence.
  void markDeferredStore(llvm::StoreInst &Store, llvm::Value *Site) const;
  // The site of the mark that follows Store (a volatile store), and both its marks erased; null
  // if none follows.
  llvm::Value *takeDeferredStoreSite(llvm::Instruction &Store) const;
  bool isFollowedByDeferredStoreMark(llvm::Instruction &Store) const;
  // Marks whose store the optimizer deleted (the late phase, before anything else).
  void eraseDeferredStoreMarks() const;
  // The addresses the store and copy hooks' calls pass, computed where they are called
  // (addressHere): a hook is the rare path, and an address the optimizer hoisted out of a loop
  // that only the hook still used would stay alive for it. After the optimizer (the late phase).
  void localizeHookAddresses() const;
  // A call of a check hook behind an inline test: no tail call (the runtime walks frame pointers
  // from it), the hooks' calling convention.
  llvm::CallInst *callCheckHook(llvm::IRBuilderBase &IRB, llvm::FunctionCallee Hook,
                                llvm::ArrayRef<llvm::Value *> Args) const;
  llvm::Value *asPtr(llvm::IRBuilderBase &IRB, llvm::Value *V) const;
  // Ptr for a check at IRB's insertion point: when it is an address computed elsewhere (a chain
  // of GEPs and casts, hoisted out of a loop), that computation again, here. Codegen folds an
  // access's address into the access (CodeGenPrepare sinks it); a check that used the hoisted
  // value instead kept it alive across the loop, and an interpreter loop spilled and reloaded
  // dozens of field addresses for checks in cases that seldom run.
  llvm::Value *addressHere(llvm::IRBuilderBase &IRB, llvm::Value *Ptr) const;
  // The address of this thread's __cgosan_thread (an i8 pointer).
  llvm::Value *threadState(llvm::IRBuilderBase &IRB) const;
  // The field of type Ty at byte Offset of the thread state or one of its frames (cgosan_abi.h,
  // CGOSAN_T_* and CGOSAN_F_*), its alignment, and a volatile load of it: the runtime reads and
  // writes these fields behind calls the optimizer is told touch no memory of the program's (the
  // check hooks), so no access to them may be forwarded, merged or deleted.
  llvm::Value *stateField(llvm::IRBuilderBase &IRB, llvm::Value *Base, uint64_t Offset,
                          llvm::Type *Ty) const;
  static llvm::Align stateAlign(llvm::Type *Ty);
  llvm::LoadInst *loadState(llvm::IRBuilderBase &IRB, llvm::Type *Ty, llvm::Value *Base,
                            uint64_t Offset) const;
  // Whether Addr (an integer) is in the thread's lent-memory cache (CGOSAN_T_LENT_CACHE), the
  // test a check hook's fast half makes first.
  llvm::Value *inLentCache(llvm::IRBuilderBase &IRB, llvm::Value *Addr) const;
};

} // namespace cgosan

#endif
