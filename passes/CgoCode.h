// What cgo generates around the user's C code, and how the pass recognises it. Go's cmd/cgo
// writes three kinds of C that cgosan cares about (cmd/cgo/out.go):
//
// A wrapper per C function Go calls (`<file>.cgo2.c`, Go's `C.keep`), whose one argument points
// to a packed argument frame on the calling goroutine's stack:
//
//	void _cgo_3f6606fc7d3f_Cfunc_keep(void *v) {
//		struct { int* p0; int r; } __attribute__((__packed__)) *_cgo_a = v;
//		char *_cgo_stktop = _cgo_topofstack();
//		__typeof__(_cgo_a->r) _cgo_r;
//		_cgo_r = keep(_cgo_a->p0);
//		_cgo_a = (void*)((char*)_cgo_a + (_cgo_topofstack() - _cgo_stktop)); // the stack
// moved 		_cgo_a->r = _cgo_r;
//	}
//
// An export stub per //export'ed Go function (`_cgo_export.c`), which fills a frame and calls Go:
//
//	int *getGoPtr(void) {
//		size_t _cgo_ctxt = _cgo_wait_runtime_init_done();
//		struct { int *r0; } __attribute__((__packed__)) a;
//		crosscall2(_cgoexp_3f6606fc7d3f_getGoPtr, &a, 8, _cgo_ctxt);
//		_cgo_release_context(_cgo_ctxt);
//		return a.r0;
//	}
//
// And runtime/cgo's helpers (x_cgo_*, crosscall2, _cgo_*), which run on system stacks and in
// signal paths and must never be instrumented, even when copied into a user object. The code cgo
// writes carries #line directives naming files of its own (cgo-gcc-prolog, ...).
#ifndef CGOSAN_CGO_CODE_H
#define CGOSAN_CGO_CODE_H

#include "llvm/ADT/SmallPtrSet.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/IR/Function.h"
#include "llvm/IR/Instruction.h"

namespace cgosan {

// StringRef::startswith was renamed across LLVM releases; these work on all of them.
inline bool hasPrefix(llvm::StringRef S, llvm::StringRef P) {
  return S.size() >= P.size() && S.substr(0, P.size()) == P;
}
inline bool hasSuffix(llvm::StringRef S, llvm::StringRef P) {
  return S.size() >= P.size() && S.substr(S.size() - P.size()) == P;
}

// Debug-location files of code cgo generates around the user's preamble.
bool isCgoGeneratedFile(llvm::StringRef File);
// Headers and libraries of the system (CGOSAN_SYSTEM_PREFIXES): not the user's code.
bool isSystemFile(llvm::StringRef File);
// An instruction of code cgo generated (its innermost location is in a cgo file): never the
// user's, whatever optimisation attributes it got (`#pragma clang optimize off` in a preamble
// makes the wrappers optnone, and then nothing is inlined into them). Inlined user code carries
// the user's file in its innermost location.
bool isCgoCode(const llvm::Instruction &I);

// `_cgo_<hex>_Cfunc_<name>` -> `<name>`; empty for anything else.
llvm::StringRef wrapperCName(llvm::StringRef Name);

enum class FunctionKind {
  Skip,       // runtime/cgo code, opted out, or a declaration
  Code,       // the user's C
  Wrapper,    // a cgo wrapper (its C function may be inlined into it)
  ExportStub, // calls into Go through crosscall2
};
FunctionKind classify(const llvm::Function &F);

// A wrapper's Go argument frame: the one definition of "the Go frame" every decision uses. The
// frame is the wrapper's argument; before mem2reg it travels through allocas (`_cgo_a`, reassigned
// after the call if the goroutine stack moved), so an address is in the frame if its underlying
// object is the argument or a load of a slot that holds (a value derived from) it.
class GoFrame {
public:
  // For a function that is not a one-argument wrapper the frame is empty.
  explicit GoFrame(const llvm::Function &F);
  // Ptr points into the frame.
  bool contains(const llvm::Value *Ptr) const;
  // V is a pointer read from the frame: an argument Go lent to C.
  bool isLentPointer(const llvm::Value *V) const;
  // Ptr points into the frame or into memory a lent argument points to: the call's own lent
  // memory, always allowed while the wrapper runs.
  bool inLentMemory(const llvm::Value *Ptr) const;

private:
  bool isFrameValue(const llvm::Value *V) const;
  const llvm::Argument *Arg = nullptr;
  llvm::SmallPtrSet<const llvm::Value *, 4> Slots; // allocas that hold the frame pointer
};

} // namespace cgosan

#endif
