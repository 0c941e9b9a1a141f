// Where this cgosan's pieces are (pass plugin, runtime, headers, docs, clang) and the identity of
// the build, which the go command folds into its cache keys. The pieces are found relative to the
// cgosan executable, which works the same in the build tree and in an install tree
// (cmake/CgosanLayout.cmake).
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

// The absolute path of the running executable, or "" if it cannot be found.
std::string SelfPath();
// `rel` (a CGOSAN_*_REL path of config.h) resolved against the executable's directory.
std::string InstallPath(const std::string &rel);

// Finds the pieces next to the running executable; on failure prints why and returns false.
bool LocateToolchain(Toolchain *tc);
// "" if every piece of tc exists, else a message saying what is missing and how to get it.
std::string CheckToolchain(const Toolchain &tc);
// A hash of the plugin, the runtime and the executable: any rebuild changes it.
std::string BuildId(const Toolchain &tc);
// "cgosan version 0.1.0 (build 1234abcd, LLVM 14.0.6, /usr/lib/llvm-14/bin/clang)"
std::string VersionLine(const Toolchain &tc);

} // namespace cgosan

#endif
