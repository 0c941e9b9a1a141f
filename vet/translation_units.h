// Parsing a package's C and C++ files into ASTs with Clang (libTooling), with the compiler
// arguments the go command would use; the ASTs stay alive for the package's analysis, since
// summaries are computed across all of them on demand.
#ifndef CGOSAN_VET_TRANSLATION_UNITS_H
#define CGOSAN_VET_TRANSLATION_UNITS_H

#include "go_packages.h"

#include <memory>
#include <string>
#include <vector>

namespace clang {
class ASTUnit;
}

namespace cgosan {
namespace vet {

struct ParsedUnit {
  std::string file;
  std::unique_ptr<clang::ASTUnit> ast; // null when the file could not be parsed
  bool ok = false;                     // parsed without errors
};

// Parses one unit; the compiler's diagnostics go to standard error.
ParsedUnit ParseUnit(const CUnit &unit);

} // namespace vet
} // namespace cgosan

#endif
