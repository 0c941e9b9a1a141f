// Ignore comments and suppressions files (see suppression.h). The file is read and matched by
// the runtime's own code (runtime/suppressions.cpp), so the two cannot disagree on the format.
#include "suppression.h"

#include "suppressions.h"

#include <fstream>
#include <sstream>

namespace cgosan {
namespace vet {

bool Suppressor::Load(const std::string &file, std::string *error) {
  if (file.empty())
    return true;
  char err[512] = {0};
  if (!LoadSuppressions(file.c_str(), err, sizeof err)) {
    *error = err;
    return false;
  }
  loaded_ = true;
  return true;
}

const std::vector<std::string> &Suppressor::Lines(const std::string &file) {
  auto it = files_.find(file);
  if (it != files_.end())
    return it->second;
  std::vector<std::string> lines;
  std::ifstream in(file);
  std::string l;
  while (std::getline(in, l))
    lines.push_back(l);
  return files_[file] = lines;
}

namespace {

bool CommentIgnores(const std::string &line, const std::string &rule) {
  size_t at = line.find("cgosan:ignore");
  if (at == std::string::npos)
    return false;
  std::istringstream rest(line.substr(at + 13));
  std::string word;
  rest >> word;
  std::stringstream rules(word);
  std::string r;
  while (std::getline(rules, r, ','))
    if (r == rule || r == "*")
      return true;
  return false;
}

} // namespace

// The comment is on the reported line, or alone on the line above it.
bool Suppressor::IgnoredByComment(const VetFinding &f) {
  const std::vector<std::string> &lines = Lines(f.where.file);
  unsigned l = f.where.line;
  if (l >= 1 && l <= lines.size() && CommentIgnores(lines[l - 1], f.rule))
    return true;
  if (l >= 2 && l - 1 <= lines.size()) {
    const std::string &above = lines[l - 2];
    size_t first = above.find_first_not_of(" \t");
    bool alone = first != std::string::npos &&
                 (above.compare(first, 2, "//") == 0 || above.compare(first, 2, "/*") == 0);
    if (alone && CommentIgnores(above, f.rule))
      return true;
  }
  return false;
}

void Suppressor::Apply(VetFinding *f) {
  if (IgnoredByComment(*f)) {
    f->suppressed = true;
    return;
  }
  if (!loaded_)
    return;
  std::vector<std::string> names;
  for (const SourcePoint &p : f->path) {
    names.push_back(p.function);
    names.push_back(p.file);
  }
  names.push_back(f->where.function);
  names.push_back(f->where.file);
  if (!f->call.empty())
    names.push_back("C." + f->call);
  std::vector<const char *> c;
  for (const std::string &n : names)
    c.push_back(n.c_str());
  f->suppressed = IsSuppressed(f->rule.c_str(), c.data(), static_cast<unsigned>(c.size()));
}

} // namespace vet
} // namespace cgosan
