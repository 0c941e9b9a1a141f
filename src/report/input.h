// Reading the JSON-lines reports of cgosan processes (docs/REPORT-FORMAT.md) for `cgosan report`:
// which lines are reports, which files of a directory are report files, and what makes a line a
// valid report.
#ifndef CGOSAN_REPORT_INPUT_H
#define CGOSAN_REPORT_INPUT_H

#include <nlohmann/json.hpp>

#include <string>
#include <vector>

namespace cgosan {
namespace report {

using Json = nlohmann::ordered_json;

struct SourceLocation {
  std::string file; // absolute path as compiled; "" if unknown
  unsigned line = 0;
  unsigned column = 0;
  std::string function;
};

// One report: one line of a report file, checked against docs/REPORT-FORMAT.md. The writers
// may read every documented field of `json` without checking its type again.
struct Report {
  Json json; // the line as written, field order kept
  std::string rule;
  std::string message;
  SourceLocation location;
  std::string call; // the cgo call in progress ("" when null)
  bool suppressed = false;
  std::string process; // which process wrote it: the report file and the pid
  std::string origin;  // FILE:LINE it was read from
};

// Whether a line is meant as a report: it starts with '{' (anything else, such as
// `==PID==cgosan: WARNING: ...`, is not a report and is skipped).
bool IsReportLine(const std::string &line);

// Parses and checks one report line. On failure returns false with the reason in *error.
bool ParseReport(const std::string &line, Report *out, std::string *error);

// Reads every PATH in order: a file (every report line must be valid), a directory (each regular
// file in it, not recursively, whose report lines are cgosan reports; other files, such as
// PATH.PID.sarif or text logs, are skipped) or "-" (standard input). A file named twice, or both
// on its own and in a directory, is read once. On failure returns false with a message naming
// the path (and FILE:LINE for a bad line) in *error.
bool ReadReports(const std::vector<std::string> &paths, std::vector<Report> *out,
                 std::string *error);

} // namespace report
} // namespace cgosan

#endif
