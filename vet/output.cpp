// Text, JSON lines and SARIF output (see output.h).
#include "output.h"

#include "config.h"
#include "report/input.h"
#include "report/jsonl.h"
#include "report/merge.h"
#include "report/paths.h"
#include "report/rules.h"
#include "report/sarif.h"

namespace cgosan {
namespace vet {

void WriteText(std::ostream &out, const std::vector<VetFinding> &findings,
               const std::string &srcroot) {
  report::SourceRoot root(srcroot);
  for (const VetFinding &f : findings) {
    if (f.suppressed)
      continue;
    out << root.Display(f.where.file) << ":" << f.where.line << ":" << f.where.column
        << ": warning: cgosan: " << f.rule << ": " << f.message << "\n";
  }
}

namespace {

report::Json LocationJson(const SourcePoint &p) {
  report::Json l = report::Json::object();
  l["file"] = p.file;
  l["line"] = p.line;
  l["column"] = p.column;
  l["function"] = p.function;
  return l;
}

// A finding as a report line of docs/REPORT-FORMAT.md, with "tool": "vet" added.
report::Report ToReport(const VetFinding &f) {
  report::Report r;
  report::Json &j = r.json;
  j = report::Json::object();
  j["cgosan"] = 1;
  j["rule"] = f.rule;
  int idx = report::RuleIndex(f.rule);
  j["level"] = idx >= 0 ? report::kRules[idx].level : 1;
  j["message"] = f.message;
  j["location"] = LocationJson(f.where);
  report::Json stack = report::Json::array();
  for (auto it = f.path.rbegin(); it != f.path.rend(); ++it)
    stack.push_back(LocationJson(*it));
  if (!stack.empty())
    j["stack"] = stack;
  j["call"] = f.call.empty() ? report::Json(nullptr) : report::Json(f.call);
  if (!f.call.empty() && f.argument > 0)
    j["lent"] = {{"call", f.call}, {"argument", f.argument}};
  else
    j["lent"] = nullptr;
  if (!f.kept_in.empty())
    j["kept"] = {{"in", f.kept_in}};
  else
    j["kept"] = nullptr;
  j["exported_function"] =
      f.exported_function.empty() ? report::Json(nullptr) : report::Json(f.exported_function);
  if (f.suppressed)
    j["suppressed"] = true;
  j["tool"] = "vet";
  r.rule = f.rule;
  r.message = f.message;
  r.location.file = f.where.file;
  r.location.line = f.where.line;
  r.location.column = f.where.column;
  r.location.function = f.where.function;
  r.call = f.call;
  r.suppressed = f.suppressed;
  r.process = "cgosan vet";
  return r;
}

} // namespace

void WriteStructured(std::ostream &out, const std::vector<VetFinding> &findings,
                     const std::string &format, const std::string &srcroot,
                     const std::string &docs_uri) {
  std::vector<report::Report> reports;
  for (const VetFinding &f : findings)
    reports.push_back(ToReport(f));
  std::vector<report::Finding> merged = report::MergeReports(reports);
  if (format == "json") {
    report::WriteJsonLines(out, merged);
    return;
  }
  report::SarifOptions so;
  so.tool_version = CGOSAN_VERSION;
  so.docs_uri = docs_uri;
  so.information_uri = docs_uri + "../VET.md";
  so.level = "warning";
  report::SourceRoot root(srcroot);
  out << report::BuildSarif(merged, root, so)
             .dump(2, ' ', false, report::Json::error_handler_t::replace)
      << "\n";
}

} // namespace vet
} // namespace cgosan
