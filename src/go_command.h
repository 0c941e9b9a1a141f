// `cgosan go ...`: runs the go command with cgosan as its C and C++ compiler.
#ifndef CGOSAN_GO_COMMAND_H
#define CGOSAN_GO_COMMAND_H

#include <string>
#include <vector>

namespace cgosan {

// Checks a `go env GOVERSION GOOS GOARCH` answer; returns "" if cgosan supports it, else why not.
std::string CheckGoEnv(const std::string &goversion, const std::string &goos,
                       const std::string &goarch);

// "" if the go command line (args after `go`, and $GOFLAGS) links the way cgosan needs, else why
// not: the runtime is linked by the external linker, so -ldflags=-linkmode=internal cannot work.
std::string CheckLinkMode(const std::vector<std::string> &args, const std::string &goflags);

int RunGo(const std::vector<std::string> &args);

} // namespace cgosan

#endif
