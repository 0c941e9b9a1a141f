// `cgosan cc` / `cgosan c++`: a C/C++ compiler that adds the pass to compiles of cgo package code
// and the runtime to links, and otherwise behaves exactly like clang.
#ifndef CGOSAN_CC_DRIVER_H
#define CGOSAN_CC_DRIVER_H

#include <string>
#include <vector>

namespace cgosan {

struct Toolchain;

enum class CompilerMode { Compile, Link, Other };

struct CompilerPlan {
  CompilerMode mode = CompilerMode::Other;
  bool instrument = false;       // compile with the pass
  std::string why_plain;         // when a compile is not instrumented: why
  std::vector<std::string> argv; // full command line to run
};

// Decides what to do with a compiler command line; `goroot` is Go's GOROOT ("" if unknown) and
// `cwd` the working directory.
CompilerPlan PlanCompiler(const Toolchain &tc, bool cxx, const std::vector<std::string> &args,
                          const std::string &goroot, const std::string &cwd);

int RunCompiler(bool cxx, const std::vector<std::string> &args);

} // namespace cgosan

#endif
