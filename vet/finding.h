// One finding of `cgosan vet`: a rule id (runtime/rules.inc), the statement, and the path the
// analysis saw, in the terms the run-time reports use (the cgo call, the argument, where C kept
// it) so that text, JSON lines and SARIF come from the same fields.
#ifndef CGOSAN_VET_FINDING_H
#define CGOSAN_VET_FINDING_H

#include <string>
#include <vector>

namespace cgosan {
namespace vet {

struct SourcePoint {
  std::string file; // absolute, as the #line directives say for preamble code
  unsigned line = 0, column = 0;
  std::string function;
};

struct VetFinding {
  std::string rule;
  SourcePoint where;   // the offending statement
  std::string message; // one line, without the rule id
  std::string call;    // the C function Go called ("keep"), "" if none
  int argument = 0;    // 1-based Go argument lent, 0 if not known
  std::string kept_in; // "C global 'saved'", "" if not a retention
  std::string exported_function;
  std::vector<SourcePoint> path; // the calls from the entry point down to the statement
  bool suppressed = false;
};

} // namespace vet
} // namespace cgosan

#endif
