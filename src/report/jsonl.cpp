// Merged findings as JSON lines (see jsonl.h).
#include "report/jsonl.h"

namespace cgosan {
namespace report {

void WriteJsonLines(std::ostream &out, const std::vector<Finding> &findings) {
  for (const Finding &f : findings) {
    Json j = f.report.json;
    j["count"] = f.Count();
    j["processes"] = f.ProcessCount();
    // Invalid UTF-8 in a report (a file name, say) becomes U+FFFD rather than an error.
    out << j.dump(-1, ' ', false, Json::error_handler_t::replace) << "\n";
  }
}

} // namespace report
} // namespace cgosan
