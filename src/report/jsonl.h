// The JSON-lines output of `cgosan report`: one line per merged finding, the report as the
// runtime wrote it (docs/REPORT-FORMAT.md; its first unsuppressed occurrence) with two fields
// added: `count` (how often it was reported) and `processes` (in how many processes). A finding
// all of whose reports were suppressed keeps `"suppressed": true`.
#ifndef CGOSAN_REPORT_JSONL_H
#define CGOSAN_REPORT_JSONL_H

#include "report/merge.h"

#include <ostream>
#include <vector>

namespace cgosan {
namespace report {

void WriteJsonLines(std::ostream &out, const std::vector<Finding> &findings);

} // namespace report
} // namespace cgosan

#endif
