// Entry points from cgo's generated code: each wrapper `_cgo_<hash>_Cfunc_<name>` in a
// `*.cgo2.c` file calls the C function Go calls as C.<name>, passing the Go arguments `p0`,
// `p1`, ... from the argument frame cgo built on the goroutine stack.
#ifndef CGOSAN_VET_ENTRY_POINTS_H
#define CGOSAN_VET_ENTRY_POINTS_H

#include <string>
#include <vector>

namespace clang {
class ASTContext;
class FunctionDecl;
} // namespace clang

namespace cgosan {
namespace vet {

struct EntryPoint {
  std::string go_name;               // C.<go_name> in Go
  const clang::FunctionDecl *callee; // the C function the wrapper calls
  clang::ASTContext *ctx;            // of the wrapper's translation unit
  std::vector<int> go_arg_of_param;  // callee parameter -> Go argument index, -1 if none
};

// The wrappers' name pattern: returns the Go name, or "" if `name` is not a wrapper of a C
// function the user wrote (cgo's own helpers such as _Cfunc__CMalloc are left out).
std::string WrapperGoName(const std::string &name);

// Every entry point in one translation unit.
std::vector<EntryPoint> FindEntryPoints(clang::ASTContext &ctx);

} // namespace vet
} // namespace cgosan

#endif
