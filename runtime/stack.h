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

// Return addresses of the frames above the runtime hook, up to the stack address `hi` (the cgo
// call's frame); `skip` is how many runtime frames lie between this function and the instrumented
// code (1: called by the hook itself). Never faults: stops at anything that does not look
// like a frame of the current stack. With hi == 0 (a thread with no cgo call in progress, whose
// stack bounds cgosan does not know) every frame is read with SafeRead.
void CaptureStack(StackTrace *st, uintptr_t hi, unsigned skip = 1);

// Where pc is in the C source, from the symbolizer: false if it could not say.
struct PcLocation {
  char function[256];
  char file[512];
  unsigned line, column;
};
bool SymbolizePc(uintptr_t pc, PcLocation *out);

// One frame of a symbolized stack (inlined frames count as frames). `function` is "" when the
// symbolizer could not name it; `module` and `offset` then say where it is, if known.
struct SymbolizedFrame {
  uintptr_t pc;
  char function[256];
  char file[512];
  unsigned line, column;
  char module[512];
  uintptr_t offset;
};
constexpr unsigned kMaxSymbolizedFrames = 32;

// Symbolizes st into out (at most max frames, cgo wrappers left out); returns how many. `top`
// describes frame 0 when the symbolizer cannot. Runs llvm-symbolizer: report time only.
unsigned SymbolizeStack(const StackTrace &st, const cgosan_site *top, SymbolizedFrame *out,
                        unsigned max);

// Prints frames "#N 0xPC in FUNCTION FILE:LINE:COL", numbered from `first`; returns the next
// number. Falls back to "MODULE+0xOFFSET" when no symbolizer is found (CGOSAN_SYMBOLIZER_PATH,
// or llvm-symbolizer on PATH or under /usr/lib/llvm-*/bin).
// `top` describes frame 0 when the symbolizer cannot (a binary without DWARF, as `go run` builds).
unsigned PrintStack(Writer &w, const StackTrace &st, unsigned first, const cgosan_site *top);

} // namespace cgosan

#endif
