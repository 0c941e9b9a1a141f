// Where the Go program's global variables are. They are Go memory the page map does not cover:
// they live in the executable's data and bss, not in mappings the Go runtime made. C storing a
// Go pointer into one bypasses the write barrier exactly as a store into the Go heap does.
#ifndef CGOSAN_GO_GLOBALS_H
#define CGOSAN_GO_GLOBALS_H

#include <stdint.h>

namespace cgosan {

// Reads the bounds of Go's data and bss from the executable's symbol table (the linker's
// runtime.data/edata, runtime.bss/ebss and their noptr twins). Once, on first use of IsGoGlobal;
// a stripped executable has none, and Go globals then stay unknown.
void InitGoGlobals();
// True if a lies in the Go program's global variables.
bool IsGoGlobal(uintptr_t a);

} // namespace cgosan

#endif
