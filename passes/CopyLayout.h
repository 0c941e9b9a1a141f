// Which 8-byte words of a memcpy/memmove may hold a pointer, from the type of what is copied.
// Level 2 treats each such word that arrives holding a Go pointer as a store of it; padding and
// fields too small for a pointer are never written as pointers, and whatever stale bytes they
// carry (an earlier use of the same stack slot) must not count.
#ifndef CGOSAN_COPY_LAYOUT_H
#define CGOSAN_COPY_LAYOUT_H

#include "llvm/ADT/SmallVector.h"
#include "llvm/IR/IntrinsicInst.h"

#include <cstdint>
#include <optional>

namespace cgosan {

// The copy's layout as it repeats: Period words (an element of an array copy, or the whole
// struct), and per word whether it may hold a pointer. Period 0: nothing in the copy can.
struct CopyLayout {
  unsigned Period = 0;
  llvm::SmallVector<uint64_t, 1> Words; // bit i of Words[i / 64]: word i of the period
};

// The layout of the copy, from clang's !tbaa.struct description of a struct copy, else from the
// LLVM type of the object copied from or to (an alloca, a global, a GEP, or on LLVM 14 a typed
// pointer). None when the type is unknown (a copy between void pointers): every word counts.
std::optional<CopyLayout> copyLayout(const llvm::MemTransferInst &MT);

} // namespace cgosan

#endif
