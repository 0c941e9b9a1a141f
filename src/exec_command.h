// `cgosan exec PROGRAM [ARGS...]`: runs a program built with cgosan and owns its exit status, as
// `go test -race` does for the race detector. The program's runtime reports every finding once and
// goes on (halt_on_error defaults to 0 under a supervisor); when it ends, the supervisor prints
// the summary and, if the program exited 0 but had findings, exits with `exitcode` (66). `cgosan
// go test` and `cgosan go run` run their binaries through it with the go command's -exec.
#ifndef CGOSAN_EXEC_COMMAND_H
#define CGOSAN_EXEC_COMMAND_H

#include <string>
#include <vector>

namespace cgosan {

// The -test.testlogfile argument the go command passes a test binary it runs itself, but not
// one it runs through -exec (which turns test caching off): the test's work directory is the
// binary's when the binary lies in the go command's work tree ($WORK/bNNN/). "" otherwise.
std::string TestLogArgument(const std::vector<std::string> &argv);

int RunExec(const std::vector<std::string> &args);

} // namespace cgosan

#endif
