// The escape analysis of one C or C++ function: a forward may-dataflow over Clang's CFG that
// follows values through locals, casts, pointer arithmetic, memcpy and calls (applying the
// callees' summaries), and tracks what non-local memory may hold at each point, so that a store
// overwritten or freed on every path before return leaves nothing. Its result is the function's
// Summary.
#ifndef CGOSAN_VET_FUNCTION_ANALYSIS_H
#define CGOSAN_VET_FUNCTION_ANALYSIS_H

#include "abstract_values.h"
#include "summary.h"

#include <string>

namespace clang {
class ASTContext;
class FunctionDecl;
class VarDecl;
class SourceLocation;
} // namespace clang

namespace cgosan {
namespace vet {

// What the analysis of one function asks of the package around it.
class AnalysisContext {
public:
  virtual ~AnalysisContext() = default;
  virtual Interner &interner() = 0;
  // The summary of the function a call reaches (its definition in any translation unit of the
  // package), or nullptr when it has no body there. *key receives the function's key.
  virtual const Summary *SummaryOf(const clang::FunctionDecl *callee, std::string *key) = 0;
  // The summary of a function by key (thread start routines), or nullptr.
  virtual const Summary *SummaryByKey(const std::string &key) = 0;
  // Whether `name` is an exported Go function that may return Go memory to C.
  virtual bool ExportReturnsGoMemory(const std::string &name) = 0;
  // Whether `name` is an exported Go function at all (its stub's body is cgo's, not C's).
  virtual bool IsExport(const std::string &name) = 0;
  // The C functions that the exported Go function `name` calls (C.f in its body), each with its
  // summary and its number of parameters: a call of `name` from C runs them, nested in the
  // call in progress.
  struct CallBack {
    std::string entry; // the Go name, C.entry
    const Summary *summary;
    unsigned params;
  };
  virtual std::vector<CallBack> CallsBack(const std::string &name) = 0;
  // The interned global for a C variable with static or thread storage.
  virtual uint32_t GlobalOf(const clang::VarDecl *var) = 0;
  // The interned site of a source location in a function. Sites of code the compiler wrote (an
  // implicit copy constructor) count as a system header's: not the user's line.
  virtual uint32_t SiteOf(const clang::ASTContext &ctx, clang::SourceLocation loc,
                          const std::string &function, bool generated = false) = 0;
  // Counters of what the analysis could not follow.
  virtual void CountUnknownCall() = 0;
  // A function too large to follow within the analysis's budget (its summary is empty).
  virtual void CountGivenUp() = 0;
};

// Summarizes fd (which must have a body).
Summary AnalyzeFunction(const clang::FunctionDecl *fd, clang::ASTContext &ctx,
                        AnalysisContext &actx);

// A function's key across translation units: the mangled name for external linkage, else the
// name qualified by its file and line.
std::string FunctionKey(const clang::FunctionDecl *fd, clang::ASTContext &ctx);

// The atom a value is rooted in: the parameter index of a Param atom or of an address inside a
// parameter's pointee, or -1.
int RootParam(const Atom &a, const Interner &in);
// Whether an atom is, or points into, what an exported Go function returned.
bool RootIsExportRet(const Atom &a, const Interner &in);
// For a Loaded atom (or an address inside its pointee) read from a C global: the global's loc.
uint32_t RootGlobalLoad(const Atom &a, const Interner &in);
// The Nested atom a value is, or points into; its kind is not Nested when there is none.
Atom RootNested(const Atom &a, const Interner &in);
// The name of the nested call's parameter a Nested atom stands for, "ENTRY#i".
std::string NestedName(const std::string &entry, unsigned param);

} // namespace vet
} // namespace cgosan

#endif
