// Running the go command, pkg-config and the Go reader: a command with arguments, a working
// directory and extra environment, its standard output and error captured.
#ifndef CGOSAN_VET_SUBPROCESS_H
#define CGOSAN_VET_SUBPROCESS_H

#include <string>
#include <vector>

namespace cgosan {
namespace vet {

struct CommandResult {
  int status = -1; // exit status; -1 if it could not run or was killed
  std::string out, err;
};

// Runs argv[0] (looked up on PATH) in dir ("" for the current directory) with env entries
// ("KEY=VALUE") added to the environment.
CommandResult RunCommand(const std::vector<std::string> &argv, const std::string &dir = "",
                         const std::vector<std::string> &env = {});

} // namespace vet
} // namespace cgosan

#endif
