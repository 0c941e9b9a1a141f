// Markdown summary of merged findings (see markdown.h).
#include "report/markdown.h"

#include "report/text.h"

namespace cgosan {
namespace report {

namespace {

// Text safe in a table cell: no line breaks, no column separators, no HTML.
std::string Cell(const std::string &s) {
  std::string out;
  for (char c : s) {
    switch (c) {
    case '|':
      out += "\\|";
      break;
    case '<':
      out += "&lt;";
      break;
    case '>':
      out += "&gt;";
      break;
    case '&':
      out += "&amp;";
      break;
    case '\n':
    case '\r':
      out += ' ';
      break;
    default:
      out += c;
    }
  }
  return out;
}

// `text` in a code span, where HTML is shown as it is: only column separators are escaped, and
// backticks (which cannot be escaped) become quotes.
std::string Code(const std::string &s) {
  std::string t;
  for (char c : s) {
    if (c == '|')
      t += "\\|";
    else if (c == '`')
      t += '\'';
    else if (c == '\n' || c == '\r')
      t += ' ';
    else
      t += c;
  }
  return "`" + t + "`";
}

} // namespace

void WriteMarkdown(std::ostream &out, const std::vector<Finding> &findings, const SourceRoot &root,
                   const std::string &docs_uri) {
  bool link = docs_uri.compare(0, 7, "http://") == 0 || docs_uri.compare(0, 8, "https://") == 0;
  auto rule = [&](const std::string &id) {
    return link ? "[" + Code(id) + "](" + docs_uri + id + ".md)" : Code(id);
  };
  std::vector<RuleTotal> totals = TotalsByRule(findings);
  size_t locations = 0, reports = 0, suppressed = 0;
  for (const RuleTotal &t : totals) {
    locations += t.locations;
    reports += t.reports;
    suppressed += t.suppressed;
  }
  out << "### cgosan: ";
  if (locations == 0)
    out << "no findings";
  else
    out << Plural(locations, "finding") << " (" << Plural(reports, "report") << ")";
  if (suppressed)
    out << ", " << suppressed << " suppressed " << (suppressed == 1 ? "report" : "reports");
  out << "\n\n";
  if (locations) {
    out << "| rule | location | function | reports | processes | message |\n"
        << "|---|---|---|---:|---:|---|\n";
    for (const Finding &f : findings) {
      if (f.IsSuppressed())
        continue;
      const SourceLocation &loc = f.report.location;
      std::string where = loc.file.empty() ? "?" : root.Display(loc.file);
      out << "| " << rule(f.report.rule) << " | " << Code(where + ":" + std::to_string(loc.line))
          << " | " << (loc.function.empty() ? "" : Code(loc.function)) << " | " << f.reports
          << " | " << f.processes.size() << " | " << Cell(f.report.message) << " |\n";
    }
    out << "\n";
  }
  if (!totals.empty()) {
    out << "| rule | locations | reports | processes | suppressed |\n"
        << "|---|---:|---:|---:|---:|\n";
    for (const RuleTotal &t : totals)
      out << "| " << rule(t.rule) << " | " << t.locations << " | " << t.reports << " | "
          << t.processes << " | " << t.suppressed << " |\n";
  }
}

} // namespace report
} // namespace cgosan
