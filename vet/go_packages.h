// Reading the packages `cgosan vet` analyses, as the go command would build them: `go list`
// for the files and `#cgo` flags, `go env` for CC and CGO_CFLAGS/CGO_CPPFLAGS/CGO_CXXFLAGS,
// pkg-config for `#cgo pkg-config`, and `go tool cgo` for the files cgo generates (the
// preambles with their #line directives and wrappers in *.cgo2.c, the Go side in *.cgo1.go).
#ifndef CGOSAN_VET_GO_PACKAGES_H
#define CGOSAN_VET_GO_PACKAGES_H

#include <string>
#include <vector>

namespace cgosan {
namespace vet {

// One C or C++ translation unit and the compiler arguments it is compiled with.
struct CUnit {
  std::string file; // absolute
  std::vector<std::string> args;
};

struct VetPackage {
  std::string import_path;
  std::string dir;
  std::string objdir;                  // cgo's output
  std::vector<CUnit> units;            // the *.cgo2.c files, then the package's C and C++ files
  std::vector<std::string> go_files;   // for the Go reader: cgo's Go output and the other Go files
  std::vector<std::string> import_map; // "SOURCE=ACTUAL" lines of go list's ImportMap
  std::string error;                   // why it could not be read ("" if it could)
};

struct LoadResult {
  std::vector<VetPackage> packages; // cgo packages only
  std::string importcfg;            // packagefile/importmap lines for the Go reader
  unsigned non_cgo = 0;             // matched packages without cgo
};

// Loads the packages matched by patterns (run in the current directory), writing cgo's output
// under workdir. On an error that stops everything (no go command, bad patterns) returns false
// with the message in *error; a package that cannot be read has its own error.
// cgosan_include: the directory of cgosan.h, searched after everything else (as `cgosan go
// build` provides it to every compile; a copy vendored into the package wins).
bool LoadPackages(const std::vector<std::string> &patterns, const std::string &workdir,
                  const std::string &cgosan_include, LoadResult *out, std::string *error);

} // namespace vet
} // namespace cgosan

#endif
