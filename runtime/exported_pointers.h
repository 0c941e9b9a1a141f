// Go pointers that exported Go functions returned to C (returned-go-pointer): remembered so that
// a later write through one is reported as write-to-returned-go-pointer, not as a use of lent
// memory.
#ifndef CGOSAN_EXPORTED_POINTERS_H
#define CGOSAN_EXPORTED_POINTERS_H

#include "cgosan_abi.h"

#include <stdint.h>

namespace cgosan {

// How far past a returned pointer a write is taken as a write through it.
constexpr uintptr_t kExportedExtent = 4096;

struct ExportedPointer {
  uintptr_t value;
  const cgosan_call *fn; // the exported Go function (its stub)
  uintptr_t caller_pc;   // where C called it
};

void NoteExportedPointer(const ExportedPointer &e);
// The most recent returned pointer p with p <= a < p + kExportedExtent.
bool FindExportedPointer(uintptr_t a, ExportedPointer *out);

} // namespace cgosan

#endif
