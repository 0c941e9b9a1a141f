// Interning and field-path arithmetic for the escape analysis (see abstract_values.h).
#include "abstract_values.h"

#include <algorithm>
#include <tuple>

namespace cgosan {
namespace vet {

void ValueSet::Add(Atom a) {
  auto it = std::lower_bound(atoms_.begin(), atoms_.end(), a);
  if (it == atoms_.end() || !(*it == a))
    atoms_.insert(it, a);
}

void ValueSet::AddAll(const ValueSet &o) {
  if (o.atoms_.empty())
    return;
  if (atoms_.empty()) {
    atoms_ = o.atoms_;
    return;
  }
  std::vector<Atom> out;
  out.reserve(atoms_.size() + o.atoms_.size());
  std::set_union(atoms_.begin(), atoms_.end(), o.atoms_.begin(), o.atoms_.end(),
                 std::back_inserter(out));
  atoms_.swap(out);
}

bool ValueSet::Contains(const Atom &a) const {
  return std::binary_search(atoms_.begin(), atoms_.end(), a);
}

ValueSet ValueSet::AsInt() const {
  ValueSet out;
  for (Atom a : atoms_) {
    a.as_int = true;
    out.Add(a);
  }
  return out;
}

ValueSet ValueSet::Offset() const {
  ValueSet out;
  for (Atom a : atoms_) {
    a.offset = true;
    out.Add(a);
  }
  return out;
}

Interner::Interner() {
  globals_.push_back({});
  locs_.push_back({});
  sites_.push_back({});
  names_.push_back("");
  vias_.push_back({});
  via_ids_[{}] = 0;
}

uint32_t Interner::GlobalId(const GlobalInfo &g) {
  auto it = global_ids_.find(g.key);
  if (it != global_ids_.end())
    return it->second;
  uint32_t id = globals_.size();
  globals_.push_back(g);
  global_ids_[g.key] = id;
  return id;
}

uint32_t Interner::LocId(const Loc &l) {
  auto key = std::make_tuple(int(l.root), l.global, uint8_t(l.base.kind), l.base.id, l.path);
  auto it = loc_ids_.find(key);
  if (it != loc_ids_.end())
    return it->second;
  uint32_t id = locs_.size();
  locs_.push_back(l);
  loc_ids_[key] = id;
  return id;
}

uint32_t Interner::SiteId(const SiteInfo &s) {
  auto key = std::make_tuple(s.file, s.line, s.column, s.function);
  auto it = site_ids_.find(key);
  if (it != site_ids_.end())
    return it->second;
  uint32_t id = sites_.size();
  sites_.push_back(s);
  site_ids_[key] = id;
  return id;
}

uint32_t Interner::Name(const std::string &s) {
  auto it = name_ids_.find(s);
  if (it != name_ids_.end())
    return it->second;
  uint32_t id = names_.size();
  names_.push_back(s);
  name_ids_[s] = id;
  return id;
}

uint32_t Interner::ViaId(const std::vector<uint32_t> &chain) {
  auto it = via_ids_.find(chain);
  if (it != via_ids_.end())
    return it->second;
  uint32_t id = vias_.size();
  vias_.push_back(chain);
  via_ids_[chain] = id;
  return id;
}

uint32_t Interner::PrependVia(uint32_t call_site, uint32_t via) {
  std::vector<uint32_t> chain;
  chain.push_back(call_site);
  const std::vector<uint32_t> &rest = vias_[via];
  // Long chains (deep recursion through summaries) keep their outermost and innermost calls.
  if (rest.size() >= 8) {
    chain.insert(chain.end(), rest.begin(), rest.begin() + 3);
    chain.insert(chain.end(), rest.end() - 4, rest.end());
  } else {
    chain.insert(chain.end(), rest.begin(), rest.end());
  }
  return ViaId(chain);
}

unsigned Interner::LoadDepth(const Atom &a) const {
  unsigned depth = 0;
  Atom cur = a;
  while (cur.kind == AtomKind::Loaded && depth < 16) {
    depth++;
    const Loc &l = locs_[cur.id];
    if (l.root != Loc::Pointee)
      break;
    cur = l.base;
  }
  return depth;
}

namespace {

// The next step of a path from position i: [i, *end). No allocation: paths are compared often.
size_t StepEnd(const std::string &path, size_t i) {
  if (path.compare(i, 3, "...") == 0)
    return i + 3;
  if (path[i] == '[') {
    size_t j = path.find(']', i);
    return j == std::string::npos ? path.size() : j + 1;
  }
  size_t j = i + 1;
  while (j < path.size() && path[j] != '.' && path[j] != '[')
    j++;
  return j;
}

bool StepsMayAlias(const std::string &a, size_t ai, size_t ae, const std::string &b, size_t bi,
                   size_t be) {
  size_t al = ae - ai, bl = be - bi;
  if (al == bl && a.compare(ai, al, b, bi, bl) == 0)
    return true;
  if (a[ai] == '[' && b[bi] == '[') {
    if (al == 2 || bl == 2) // "[]"
      return true;
    bool ac = a[ai + 1] >= '0' && a[ai + 1] <= '9', bc = b[bi + 1] >= '0' && b[bi + 1] <= '9';
    return !(ac && bc); // [1] and [2] never overlap; [i] and [j] may
  }
  return false;
}

} // namespace

bool PathIsDefinite(const std::string &path) {
  return path.find("[]") == std::string::npos && path.find("...") == std::string::npos;
}

bool PathsMayAlias(const std::string &a, const std::string &b) {
  if (a == b)
    return true;
  size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    size_t ie = StepEnd(a, i), je = StepEnd(b, j);
    if (a.compare(i, 3, "...") == 0 || b.compare(j, 3, "...") == 0)
      return true;
    if (!StepsMayAlias(a, i, ie, b, j, je))
      return false;
    i = ie;
    j = je;
  }
  return true; // one is a prefix of the other
}

bool PathCovers(const std::string &outer, const std::string &inner) {
  return inner.size() >= outer.size() && inner.compare(0, outer.size(), outer) == 0 &&
         (inner.size() == outer.size() || inner[outer.size()] == '.' || inner[outer.size()] == '[');
}

std::string AppendPath(const std::string &path, const std::string &step) {
  // Deep paths (linked structures walked in loops) are cut: "..." may alias anything below.
  size_t steps = 0;
  for (char c : path)
    steps += c == '.' || c == '[';
  if (path.size() >= 3 && path.compare(path.size() - 3, 3, "...") == 0)
    return path;
  if (steps >= 5)
    return path + "...";
  return path + step;
}

} // namespace vet
} // namespace cgosan
