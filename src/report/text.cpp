// Text summary of merged findings (see text.h). Suppressed findings get no block; the
// totals count their reports.
#include "report/text.h"

namespace cgosan {
namespace report {

std::string Plural(size_t n, const std::string &word) {
  std::string suffix = word.back() == 's' ? "es" : "s";
  return std::to_string(n) + " " + word + (n == 1 ? "" : suffix);
}

void WriteText(std::ostream &out, const std::vector<Finding> &findings, const SourceRoot &root) {
  for (const Finding &f : findings) {
    if (f.IsSuppressed())
      continue;
    const SourceLocation &loc = f.report.location;
    std::string file = loc.file.empty() ? "<unknown>" : root.Display(loc.file);
    out << f.report.rule << " " << file << ":" << loc.line << " in "
        << (loc.function.empty() ? "<unknown>" : loc.function) << " (" << Plural(f.reports, "time")
        << " in " << Plural(f.processes.size(), "process") << ")\n"
        << "  " << f.report.message << "\n";
  }
  std::vector<RuleTotal> totals = TotalsByRule(findings);
  if (totals.empty()) {
    out << "cgosan: no reports\n";
    return;
  }
  if (AnyUnsuppressed(findings))
    out << "\n";
  for (const RuleTotal &t : totals)
    out << "cgosan: summary: " << t.rule << ": " << Plural(t.locations, "location") << ", "
        << Plural(t.reports, "report") << " in " << Plural(t.processes, "process") << " ("
        << t.suppressed << " suppressed)\n";
}

} // namespace report
} // namespace cgosan
