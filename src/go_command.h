// `cgosan go ...`: runs the go command with cgosan as its C and C++ compiler.
#ifndef CGOSAN_GO_COMMAND_H
#define CGOSAN_GO_COMMAND_H

#include <string>
#include <vector>

namespace cgosan {

// Checks a `go env GOVERSION GOOS GOARCH` answer; returns "" if cgosan supports it, else why not.
std::string CheckGoEnv(const std::string &goversion, const std::string &goos,
                       const std::string &goarch);

int RunGo(const std::vector<std::string> &args);

} // namespace cgosan

#endif
