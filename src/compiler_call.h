// Whether a cgosan command line that starts with a flag is a compiler call. With CC="cgosan cc"
// the Go linker probes linker flags by running only the first word of CC:
// `cgosan -m64 ... -o /tmp/go-link-N/a.out -no-pie /tmp/go-link-N/trivial.c`. That is a compiler
// call; `cgosan --verbose go build` is a mistake, refused with a usage error instead of being
// handed to clang.
#ifndef CGOSAN_COMPILER_CALL_H
#define CGOSAN_COMPILER_CALL_H

#include <string>
#include <vector>

namespace cgosan {

// True when args (after `cgosan`) have the shape of those probes: flags (response files, @FILE,
// among them), an output (-o FILE) and input files that exist ("-" for standard input), with no
// cgosan command word where the first input would be; or that contain -### (the go command's
// compiler identity probe, which needs no input).
bool IsCompilerCallWithoutCommand(const std::vector<std::string> &args);

} // namespace cgosan

#endif
