// What the pass can tell about an address or a value without running the program: memory that
// is C's by construction (never Go memory), locals no other code can see, and integers that may
// be pointers in disguise. The pruning rules of CgosanPass.cpp are built from these.
#ifndef CGOSAN_MEMORY_KINDS_H
#define CGOSAN_MEMORY_KINDS_H

#include "llvm/IR/InstrTypes.h"
#include "llvm/IR/Instruction.h"
#include "llvm/IR/Value.h"

namespace cgosan {

// getUnderlyingObject, also through llvm.threadlocal.address (LLVM 16+).
const llvm::Value *underlyingObject(const llvm::Value *Ptr);
// A stack slot, a global, or what an allocator returned: Go memory is never reached through it.
bool isCMemory(const llvm::Value *Ptr);
// A value that points into C memory wherever it came from: null or another constant, a stack
// slot, a global or a function, what an allocator returned, a field of one of those, or a phi or
// select of such values. A pointer store of one can keep no Go pointer: only its address may
// need a test. Offsets the program computed from another pointer (`a + (p - a)`) are not
// followed: the result may be p.
bool isCPointerValue(const llvm::Value *V);
// An alloca whose address never escapes: nothing but this function can see what it holds.
// (Ask before instrumenting: the hooks take store addresses.)
bool isPrivateLocal(const llvm::Value *Ptr);
// A pointer-sized integer that may be a pointer in disguise (`(uintptr_t)p`, a copy of one, or
// arithmetic on one); ordinary counters and sizes are not followed.
bool mayHoldPointer(const llvm::Value *V);
// The address a load, store or atomic accesses.
llvm::Value *accessAddress(llvm::Instruction *I);
// A direct call of malloc, calloc or realloc: the pass records where heap blocks come from.
bool isRecordedAllocation(const llvm::CallBase &CB);

} // namespace cgosan

#endif
