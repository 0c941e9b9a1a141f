// Merging the reports of many processes into findings for `cgosan report`: reports of the same
// rule at the same place (file, line, function) are one finding, with how often and in how many
// processes it was reported.
//
// Suppressed reports (`"suppressed": true`, written by the runtime for findings matched by
// CGOSAN_OPTIONS=suppressions=FILE) are counted but do not make a finding count against the exit
// status; a finding all of whose reports were suppressed is a suppressed finding, which the SARIF
// output leaves out and the summaries count as suppressed.
#ifndef CGOSAN_REPORT_MERGE_H
#define CGOSAN_REPORT_MERGE_H

#include "report/input.h"

#include <set>
#include <string>
#include <vector>

namespace cgosan {
namespace report {

struct Finding {
  Report report;                   // the first unsuppressed report of it, else its first report
  size_t reports = 0;              // unsuppressed reports
  size_t suppressed = 0;           // suppressed reports
  std::set<std::string> processes; // that reported it unsuppressed
  std::set<std::string> suppressed_processes; // that reported it suppressed

  bool IsSuppressed() const { return reports == 0; }
  // How often, and in how many processes, it was reported as it stands (suppressed or not).
  size_t Count() const { return IsSuppressed() ? suppressed : reports; }
  size_t ProcessCount() const {
    return IsSuppressed() ? suppressed_processes.size() : processes.size();
  }
};

// The findings, ordered by rule (in rules.inc's order), file, line and function.
std::vector<Finding> MergeReports(const std::vector<Report> &reports);

// One rule's totals over all findings.
struct RuleTotal {
  std::string rule;
  size_t locations = 0;  // unsuppressed findings
  size_t reports = 0;    // their unsuppressed reports
  size_t processes = 0;  // processes with an unsuppressed report of the rule
  size_t suppressed = 0; // suppressed reports
};

// Totals per rule that has any report, in rules.inc's order.
std::vector<RuleTotal> TotalsByRule(const std::vector<Finding> &findings);

// Whether any finding is unsuppressed: `cgosan report` then exits with status 1.
bool AnyUnsuppressed(const std::vector<Finding> &findings);

} // namespace report
} // namespace cgosan

#endif
