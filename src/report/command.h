// `cgosan report [--format sarif|json|text|markdown] [-o FILE] [--srcroot DIR] [--docs-uri BASE]
// PATH...`: merges the JSON-lines reports of many processes (the PATH.PID files that
// CGOSAN_OPTIONS=format=json:log_path=PATH writes, or directories of them) into one SARIF 2.1.0
// log, JSON lines, a text summary or a Markdown summary.
//
// Exit status: 0 when no unsuppressed finding remains, 1 when one does, 2 on a usage or input
// error (unknown option, unreadable path, a line starting with '{' that is not a valid report).
// Reports the runtime marked `"suppressed": true` are counted in the summaries but neither fail
// the exit status nor become SARIF results.
#ifndef CGOSAN_REPORT_COMMAND_H
#define CGOSAN_REPORT_COMMAND_H

#include <string>
#include <vector>

namespace cgosan {

// args: the arguments after `report`.
int RunReport(const std::vector<std::string> &args);

} // namespace cgosan

#endif
