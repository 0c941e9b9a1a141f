// The Go side of a package as cgosan-vet-go reads it: every `C.name(...)` call with what each
// argument can point to, and every exported Go function with what its result can point to.
#ifndef CGOSAN_VET_GO_SIDE_H
#define CGOSAN_VET_GO_SIDE_H

#include <string>
#include <vector>

namespace cgosan {
namespace vet {

// "go", "c", "pinned", "nonptr" or "unknown" (see vet/gohelper/main.go).
struct GoValue {
  GoValue() = default;
  GoValue(std::string c, std::string w, std::vector<std::string> f = {})
      : cls(std::move(c)), why(std::move(w)), cfuncs(std::move(f)) {}
  std::string cls = "unknown";
  std::string why; // for "go": the expression and where, e.g. "new(C.int) at main.go:14"
  // For "unknown": the C functions whose results it may be, when that is all it may be.
  std::vector<std::string> cfuncs;
  // For "go": the package-level Go array or slice variable it points into ("cells@main.go:25"),
  // when the Go side can tell; two values with the same object point into one array.
  std::string object;
};

struct GoCall {
  std::string name; // the C function
  std::string file;
  unsigned line = 0, column = 0;
  std::vector<GoValue> args;
  // The exported Go function whose body makes the call, "" if none: the call runs while C
  // calls back into Go.
  std::string export_fn;
};

struct GoExport {
  std::string name;
  std::string file;
  unsigned line = 0;
  GoValue result;
  bool used_in_go = false; // Go code calls it too (or takes its value): not only C calls it
};

struct GoSide {
  std::vector<GoCall> calls;
  std::vector<GoExport> exports;
  std::vector<std::string> type_errors;
};

// Parses the helper's JSON output. On failure returns false with the reason in *error.
bool ParseGoSide(const std::string &json, GoSide *out, std::string *error);

} // namespace vet
} // namespace cgosan

#endif
