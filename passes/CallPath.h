// The cgo call path: what the pass adds to cgo's wrappers (the call's entry, the Go pointers it
// lends, its exit) and to export stubs (the pointer an exported Go function returns to C). What
// a wrapper and a stub look like: CgoCode.h.
#ifndef CGOSAN_CALL_PATH_H
#define CGOSAN_CALL_PATH_H

#include "CgoCode.h"

#include "llvm/IR/Function.h"

namespace cgosan {

struct RuntimeInterface;
class Sites;

// Wrapper F (Go's C.<name>), before anything else is inserted into it: Frame is its Go frame.
void instrumentWrapper(llvm::Function &F, const GoFrame &Frame, const RuntimeInterface &RT,
                       Sites &S);
// Export stub F, if it returns a pointer.
void instrumentExportStub(llvm::Function &F, const RuntimeInterface &RT, Sites &S);

} // namespace cgosan

#endif
