// Source roots, relative paths and file URIs for `cgosan report` (see paths.h).
#include "report/paths.h"

#include <algorithm>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <sstream>
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

namespace {

// The lines of a go.mod or go.work file without their // comments, trimmed.
std::vector<std::string> GoFileLines(const std::string &text) {
  std::vector<std::string> lines;
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    size_t comment = line.find("//");
    if (comment != std::string::npos)
      line.erase(comment);
    size_t b = line.find_first_not_of(" \t\r");
    size_t e = line.find_last_not_of(" \t\r");
    lines.push_back(b == std::string::npos ? "" : line.substr(b, e - b + 1));
  }
  return lines;
}

std::string Unquote(std::string s) {
  if (s.size() >= 2 && (s[0] == '"' || s[0] == '`') && s.back() == s[0])
    return s.substr(1, s.size() - 2);
  return s;
}

// Whether `line` is the directive `word`; *rest is what follows it, blanks skipped.
bool Directive(const std::string &line, const std::string &word, std::string *rest) {
  if (line.compare(0, word.size(), word) != 0 ||
      (line.size() > word.size() && line[word.size()] != ' ' && line[word.size()] != '\t' &&
       line[word.size()] != '('))
    return false;
  size_t b = line.find_first_not_of(" \t", word.size());
  *rest = b == std::string::npos ? "" : line.substr(b);
  return true;
}

std::string ReadFile(const std::string &path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return in ? s.str() : "";
}

bool IsFile(const std::string &path) {
  std::error_code ec;
  return std::filesystem::is_regular_file(path, ec);
}

} // namespace

std::string GoModModulePath(const std::string &go_mod_text) {
  std::string rest;
  for (const std::string &line : GoFileLines(go_mod_text))
    if (Directive(line, "module", &rest))
      return Unquote(rest);
  return "";
}

std::vector<std::string> GoWorkUseDirs(const std::string &go_work_text) {
  std::vector<std::string> dirs;
  bool block = false;
  std::string rest;
  for (const std::string &line : GoFileLines(go_work_text)) {
    if (block) {
      if (line == ")")
        block = false;
      else if (!line.empty())
        dirs.push_back(Unquote(line));
    } else if (Directive(line, "use", &rest)) {
      if (rest == "(")
        block = true;
      else if (!rest.empty())
        dirs.push_back(Unquote(rest));
    }
  }
  return dirs;
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

  // The module the root is in (the nearest go.mod at or above it) and, as the go command does,
  // the modules of the nearest go.work.
  bool have_mod = false, have_work = false;
  for (std::string d = dir_;; d = NormalizePath(d + "/..")) {
    if (!have_mod && IsFile(d + "/go.mod")) {
      AddModule(GoModModulePath(ReadFile(d + "/go.mod")), d);
      have_mod = true;
    }
    if (!have_work && IsFile(d + "/go.work")) {
      for (const std::string &use : GoWorkUseDirs(ReadFile(d + "/go.work"))) {
        std::string m = NormalizePath(use[0] == '/' ? use : d + "/" + use);
        AddModule(GoModModulePath(ReadFile(m + "/go.mod")), m);
      }
      have_work = true;
    }
    if (d == "/")
      break;
  }
}

void SourceRoot::AddModule(const std::string &module_path, const std::string &dir) {
  if (module_path.empty())
    return;
  modules_.emplace_back(module_path, NormalizePath(dir));
  // Longest module path first: a nested module wins over the one containing it.
  std::sort(modules_.begin(), modules_.end(), [](const auto &a, const auto &b) {
    return a.first.size() != b.first.size() ? a.first.size() > b.first.size() : a < b;
  });
}

std::string SourceRoot::Untrim(const std::string &path) const {
  static const char kTrimmed[] = "/_/"; // cmd/go: filepath.Join("/_", module path)
  if (path.compare(0, 3, kTrimmed) != 0)
    return path;
  std::string rest = path.substr(3);
  for (const auto &m : modules_) {
    const std::string &mod = m.first;
    if (rest.size() > mod.size() && rest.compare(0, mod.size(), mod) == 0 &&
        rest[mod.size()] == '/')
      return m.second + rest.substr(mod.size());
  }
  return path;
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
  std::string p = NormalizePath(Untrim(path));
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
