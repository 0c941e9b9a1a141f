// Source file paths in `cgosan report` output: relative to the source root (--srcroot, default
// the current directory) where they lie under it, and as URIs for SARIF (relative URIs under
// %SRCROOT%, absolute file:// URIs elsewhere). Paths of a `go build -trimpath` build
// (/_/MODULE/FILE) are mapped back to the module's directory first.
#ifndef CGOSAN_REPORT_PATHS_H
#define CGOSAN_REPORT_PATHS_H

#include <string>
#include <utility>
#include <vector>

namespace cgosan {
namespace report {

// `.` and `..` and repeated slashes removed, without looking at the file system.
std::string NormalizePath(const std::string &path);

// A path as a URI path: every byte but letters, digits, `/` and -._~!$&'()*+,;=@ percent-encoded.
std::string EncodeUriPath(const std::string &path);

// "file:///abs/path" for an absolute path.
std::string FileUri(const std::string &absolute_path);

// The module path a go.mod declares ("" if none); the directories a go.work uses, as written.
std::string GoModModulePath(const std::string &go_mod_text);
std::vector<std::string> GoWorkUseDirs(const std::string &go_work_text);

class SourceRoot {
public:
  // dir: absolute, or relative to the current directory. The modules that -trimpath paths may
  // name are read from the go.mod and go.work files at or above dir.
  explicit SourceRoot(const std::string &dir);

  const std::string &dir() const { return dir_; }
  // The root as a base URI for %SRCROOT%: "file:///abs/root/" (ends with a slash).
  std::string BaseUri() const;
  // The path relative to the root, or "" if it does not lie under it (or is empty).
  std::string Relative(const std::string &path) const;
  // The relative path where there is one, else the path as it is (text and Markdown).
  std::string Display(const std::string &path) const;

  // With -trimpath the go command has the C compiler write a module's directory as /_/MODULE
  // (-ffile-prefix-map=DIR=/_/MODULE_PATH) into debug information, which is where report
  // locations come from. Maps such a path of a known module back to the module's directory
  // (other paths are returned as they are).
  std::string Untrim(const std::string &path) const;
  // Declares a module (module path, absolute directory); the constructor adds those it finds.
  void AddModule(const std::string &module_path, const std::string &dir);

private:
  std::string dir_;      // absolute, normalized
  std::string real_dir_; // the same with symbolic links resolved, if it exists
  std::vector<std::pair<std::string, std::string>> modules_; // module path, directory
};

} // namespace report
} // namespace cgosan

#endif
