// Source roots, relative paths and file URIs for `cgosan report` (see report_paths.h).
#include "report_paths.h"

#include <cstring>
#include <filesystem>
#include <vector>

namespace cgosan {
namespace report {

std::string NormalizePath(const std::string &path) {
  bool absolute = !path.empty() && path[0] == '/';
  std::vector<std::string> parts;
  size_t start = 0;
  while (start <= path.size()) {
    size_t slash = path.find('/', start);
    if (slash == std::string::npos)
      slash = path.size();
    std::string part = path.substr(start, slash - start);
    start = slash + 1;
    if (part.empty() || part == ".")
      continue;
    if (part == ".." && !parts.empty() && parts.back() != "..") {
      parts.pop_back();
      continue;
    }
    if (part == ".." && absolute)
      continue; // "/.." is "/"
    parts.push_back(part);
  }
  std::string out = absolute ? "/" : "";
  for (size_t i = 0; i < parts.size(); i++)
    out += (i ? "/" : "") + parts[i];
  return out.empty() ? "." : out;
}

std::string EncodeUriPath(const std::string &path) {
  static const char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : path) {
    if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
        std::strchr("/-._~!$&'()*+,;=@", c)) {
      out += static_cast<char>(c);
    } else {
      out += '%';
      out += kHex[c >> 4];
      out += kHex[c & 15];
    }
  }
  return out;
}

std::string FileUri(const std::string &absolute_path) {
  return "file://" + EncodeUriPath(absolute_path);
}

SourceRoot::SourceRoot(const std::string &dir) {
  std::error_code ec;
  std::string abs = dir;
  if (abs.empty() || abs[0] != '/') {
    std::string cwd = std::filesystem::current_path(ec).string();
    abs = (ec ? std::string("/") : cwd) + "/" + dir;
  }
  dir_ = NormalizePath(abs);
  std::string real = std::filesystem::canonical(dir_, ec).string();
  real_dir_ = ec ? dir_ : real;
}

std::string SourceRoot::BaseUri() const { return FileUri(dir_ == "/" ? dir_ : dir_ + "/"); }

static std::string Under(const std::string &root, const std::string &path) {
  if (root == "/")
    return path.size() > 1 ? path.substr(1) : "";
  if (path.size() > root.size() + 1 && path.compare(0, root.size(), root) == 0 &&
      path[root.size()] == '/')
    return path.substr(root.size() + 1);
  return "";
}

std::string SourceRoot::Relative(const std::string &path) const {
  if (path.empty() || path[0] != '/')
    return "";
  std::string p = NormalizePath(path);
  std::string rel = Under(dir_, p);
  if (rel.empty() && real_dir_ != dir_)
    rel = Under(real_dir_, p);
  return rel;
}

std::string SourceRoot::Display(const std::string &path) const {
  std::string rel = Relative(path);
  return rel.empty() ? path : rel;
}

} // namespace report
} // namespace cgosan
