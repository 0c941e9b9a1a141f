// Reading memory that may have been unmapped since cgosan learned its address (a heap block freed
// by code the pass did not see, a frame pointer on a thread cgosan did not start).
#ifndef CGOSAN_SAFE_READ_H
#define CGOSAN_SAFE_READ_H

#include <stdint.h>

namespace cgosan {

// At start-up.
void InitSafeRead();
// Reads the word at addr; false instead of faulting if it is not readable. One system call.
bool SafeRead(uintptr_t addr, uintptr_t *out);

} // namespace cgosan

#endif
