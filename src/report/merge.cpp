// Merging reports into findings and totals (see merge.h).
#include "report/merge.h"

#include "report/rules.h"

#include <algorithm>
#include <map>
#include <tuple>

namespace cgosan {
namespace report {

namespace {

// What makes two reports the same finding.
using Key = std::tuple<int, std::string, unsigned, std::string>;

Key KeyOf(const Report &r) {
  return Key(RuleIndex(r.rule), r.location.file, r.location.line, r.location.function);
}

} // namespace

std::vector<Finding> MergeReports(const std::vector<Report> &reports) {
  std::map<Key, Finding> merged; // ordered by rule, file, line, function
  for (const Report &r : reports) {
    auto [it, inserted] = merged.try_emplace(KeyOf(r));
    Finding &f = it->second;
    if (inserted || (f.IsSuppressed() && !r.suppressed))
      f.report = r;
    if (r.suppressed) {
      f.suppressed++;
      f.suppressed_processes.insert(r.process);
    } else {
      f.reports++;
      f.processes.insert(r.process);
    }
  }
  std::vector<Finding> out;
  out.reserve(merged.size());
  for (auto &kv : merged)
    out.push_back(std::move(kv.second));
  return out;
}

std::vector<RuleTotal> TotalsByRule(const std::vector<Finding> &findings) {
  std::vector<RuleTotal> totals(kRuleCount);
  std::vector<std::set<std::string>> processes(kRuleCount);
  for (const Finding &f : findings) {
    int i = RuleIndex(f.report.rule);
    if (i < 0)
      continue;
    RuleTotal &t = totals[i];
    if (!f.IsSuppressed())
      t.locations++;
    t.reports += f.reports;
    t.suppressed += f.suppressed;
    processes[i].insert(f.processes.begin(), f.processes.end());
  }
  std::vector<RuleTotal> out;
  for (size_t i = 0; i < kRuleCount; i++) {
    if (totals[i].reports == 0 && totals[i].suppressed == 0)
      continue;
    totals[i].rule = kRules[i].id;
    totals[i].processes = processes[i].size();
    out.push_back(totals[i]);
  }
  return out;
}

bool AnyUnsuppressed(const std::vector<Finding> &findings) {
  return std::any_of(findings.begin(), findings.end(),
                     [](const Finding &f) { return !f.IsSuppressed(); });
}

} // namespace report
} // namespace cgosan
