// The text output of `cgosan report`, a sanitizer-style summary for people: one block per
// finding (`RULE FILE:LINE in FUNCTION (N times in M processes)` and the report's message), then
// one line of totals per rule.
#ifndef CGOSAN_REPORT_TEXT_H
#define CGOSAN_REPORT_TEXT_H

#include "report/merge.h"
#include "report/paths.h"

#include <ostream>
#include <string>
#include <vector>

namespace cgosan {
namespace report {

void WriteText(std::ostream &out, const std::vector<Finding> &findings, const SourceRoot &root);

// "1 report", "2 reports", "2 processes".
std::string Plural(size_t n, const std::string &word);

} // namespace report
} // namespace cgosan

#endif
