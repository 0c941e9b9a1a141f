// Writing vet's findings: compiler-style text lines (`FILE:LINE:COL: warning: cgosan: RULE:
// message`), or JSON lines and SARIF through the writers `cgosan report` uses (src/report/),
// fed the same Report structures the runtime's JSON reports become.
#ifndef CGOSAN_VET_OUTPUT_H
#define CGOSAN_VET_OUTPUT_H

#include "finding.h"

#include <ostream>
#include <string>
#include <vector>

namespace cgosan {
namespace vet {

void WriteText(std::ostream &out, const std::vector<VetFinding> &findings,
               const std::string &srcroot);
// format: "json" or "sarif".
void WriteStructured(std::ostream &out, const std::vector<VetFinding> &findings,
                     const std::string &format, const std::string &srcroot,
                     const std::string &docs_uri);

} // namespace vet
} // namespace cgosan

#endif
