// Running vet's package analysis on one C or C++ snippet, the way `cgosan vet` runs it on a
// cgo2.c file: the snippet, then one cgo-style wrapper per C function Go calls, with the Go side
// said by the test (what each argument of each call is).
#ifndef CGOSAN_TESTS_VET_SUPPORT_H
#define CGOSAN_TESTS_VET_SUPPORT_H

#include "finding.h"
#include "go_side.h"

#include <string>
#include <vector>

namespace cgosan {
namespace vet {
namespace testing {

// One `C.name(...)` call in Go. Several calls of one C function share its wrapper.
struct GoCallSpec {
  std::string name;                      // C.name
  std::vector<std::string> types;        // C parameter types, for the wrapper's argument frame
  std::vector<std::string> classes;      // "go", "c", "pinned", "nonptr", "unknown"
  std::string export_fn = "";            // the exported Go function whose body makes the call
  std::vector<std::string> objects = {}; // per argument: the Go array it points into, or ""
};

struct ExportSpec {
  std::string name;
  std::string result;      // class of what it returns
  bool used_in_go = false; // Go code calls it too
};

struct Result {
  bool parsed = false;
  std::vector<VetFinding> findings;
  std::string Describe() const; // "RULE at LINE: message" per finding, for failure messages
};

Result Analyze(const std::string &code, const std::vector<GoCallSpec> &calls,
               const std::vector<ExportSpec> &exports = {}, bool cxx = false);

// The findings of one rule, as line numbers of the snippet.
std::vector<unsigned> Lines(const Result &r, const std::string &rule);

} // namespace testing
} // namespace vet
} // namespace cgosan

#endif
