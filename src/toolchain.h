// Where this cgosan's pieces are (pass plugin, runtime, clang) and the identity of the build,
// which the go command folds into its cache keys.
#ifndef CGOSAN_TOOLCHAIN_H
#define CGOSAN_TOOLCHAIN_H

#include <string>

namespace cgosan {

struct Toolchain {
  std::string self;    // absolute path of the cgosan executable
  std::string plugin;  // the LLVM pass plugin
  std::string runtime; // the runtime archive
  std::string include; // cgosan's C headers
  std::string clang;
  std::string clangxx;
};

// Finds the pieces next to the running executable; on failure prints why and returns false.
bool LocateToolchain(Toolchain *tc);
// A hash of the plugin, the runtime and the executable: any rebuild changes it.
std::string BuildId(const Toolchain &tc);
// "cgosan version 0.1.0 (build 1234abcd, LLVM 14.0.6)"
std::string VersionLine(const Toolchain &tc);

} // namespace cgosan

#endif
