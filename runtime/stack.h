// C stacks for reports: captured cheaply by walking frame pointers (the driver compiles
// instrumented code with -fno-omit-frame-pointer) and symbolized only when a report is printed,
// by llvm-symbolizer as the compiler sanitizers do.
#ifndef CGOSAN_STACK_H
#define CGOSAN_STACK_H

#include "cgosan_abi.h"

#include <stdint.h>

namespace cgosan {

class Writer;

constexpr unsigned kMaxFrames = 8;

struct StackTrace {
  uintptr_t pc[kMaxFrames];
  unsigned size;
};

// Return addresses of the frames above the caller of the runtime hook that calls this, up to the
// stack address `hi` (the cgo call's frame). Never faults: stops at anything that does not look
// like a frame of the current stack.
void CaptureStack(StackTrace *st, uintptr_t hi);

// Prints frames "#N 0xPC in FUNCTION FILE:LINE:COL", numbered from `first`; returns the next
// number. Falls back to "MODULE+0xOFFSET" when no symbolizer is found (CGOSAN_SYMBOLIZER_PATH,
// or llvm-symbolizer on PATH or under /usr/lib/llvm-*/bin).
// `top` describes frame 0 when the symbolizer cannot (a binary without DWARF, as `go run` builds).
unsigned PrintStack(Writer &w, const StackTrace &st, unsigned first, const cgosan_site *top);

} // namespace cgosan

#endif
