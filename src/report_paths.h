// Source file paths in `cgosan report` output: relative to the source root (--srcroot, default
// the current directory) where they lie under it, and as URIs for SARIF (relative URIs under
// %SRCROOT%, absolute file:// URIs elsewhere).
#ifndef CGOSAN_REPORT_PATHS_H
#define CGOSAN_REPORT_PATHS_H

#include <string>

namespace cgosan {
namespace report {

// `.` and `..` and repeated slashes removed, without looking at the file system.
std::string NormalizePath(const std::string &path);

// A path as a URI path: every byte but letters, digits, `/` and -._~!$&'()*+,;=@ percent-encoded.
std::string EncodeUriPath(const std::string &path);

// "file:///abs/path" for an absolute path.
std::string FileUri(const std::string &absolute_path);

class SourceRoot {
public:
  // dir: absolute, or relative to the current directory.
  explicit SourceRoot(const std::string &dir);

  const std::string &dir() const { return dir_; }
  // The root as a base URI for %SRCROOT%: "file:///abs/root/" (ends with a slash).
  std::string BaseUri() const;
  // The path relative to the root, or "" if it does not lie under it (or is empty).
  std::string Relative(const std::string &path) const;
  // The relative path where there is one, else the path as it is (text and Markdown).
  std::string Display(const std::string &path) const;

private:
  std::string dir_;      // absolute, normalized
  std::string real_dir_; // the same with symbolic links resolved, if it exists
};

} // namespace report
} // namespace cgosan

#endif
