// The abstract values and memory locations of vet's escape analysis: what a C value may hold
// (a parameter of the function, a heap block, the address of a C global or local, a value loaded
// from memory the function did not write, a pointer an exported Go function returned) and where
// it may be stored (a root object plus a field path). Everything is interned in one Interner per
// run, so summaries computed in one translation unit can be applied in another.
#ifndef CGOSAN_VET_ABSTRACT_VALUES_H
#define CGOSAN_VET_ABSTRACT_VALUES_H

#include <cstdint>
#include <deque>
#include <map>
#include <string>
#include <unordered_map>
#include <vector>

namespace cgosan {
namespace vet {

enum class AtomKind : uint8_t {
  Param,     // id: parameter index; the value the caller passed
  Heap,      // id: allocation site; a pointer to a heap block allocated there
  Addr,      // id: loc; the address of a location inside a C global or inside another pointee
  LocalAddr, // id: local variable (per function); the address of one of its locals
  Loaded,    // id: loc; the value that location held before the function wrote it
  ExportRet, // id: call site; what a call to an exported Go function returned
  FuncAddr,  // id: function name; the address of a C function
  // id: name "ENTRY#i"; what parameter i of the C function Go calls as C.ENTRY received, in a
  // call Go makes back into C while C has called an exported Go function (a nested call)
  Nested,
};

struct Atom {
  AtomKind kind;
  bool as_int = false; // travels as an integer (uintptr_t)
  bool offset = false; // a pointer moved by arithmetic: its pointee path starts with "[]"
  uint32_t id = 0;

  bool operator<(const Atom &o) const {
    if (kind != o.kind)
      return kind < o.kind;
    if (id != o.id)
      return id < o.id;
    if (as_int != o.as_int)
      return as_int < o.as_int;
    return offset < o.offset;
  }
  bool operator==(const Atom &o) const {
    return kind == o.kind && id == o.id && as_int == o.as_int && offset == o.offset;
  }
  bool operator!=(const Atom &o) const { return !(*this == o); }
  // The same value, whatever the flags.
  bool SameValue(const Atom &o) const { return kind == o.kind && id == o.id; }
  Atom Plain() const { return Atom{kind, false, false, id}; }
};

// A small sorted set of atoms.
class ValueSet {
public:
  ValueSet() = default;
  explicit ValueSet(Atom a) : atoms_{a} {}
  void Add(Atom a);
  void AddAll(const ValueSet &o);
  bool Contains(const Atom &a) const;
  bool empty() const { return atoms_.empty(); }
  size_t size() const { return atoms_.size(); }
  const std::vector<Atom> &atoms() const { return atoms_; }
  std::vector<Atom>::const_iterator begin() const { return atoms_.begin(); }
  std::vector<Atom>::const_iterator end() const { return atoms_.end(); }
  bool operator==(const ValueSet &o) const { return atoms_ == o.atoms_; }
  bool operator!=(const ValueSet &o) const { return atoms_ != o.atoms_; }
  // The same atoms with as_int set (a pointer converted to an integer), or offset set.
  ValueSet AsInt() const;
  ValueSet Offset() const;

private:
  std::vector<Atom> atoms_;
};

// Where a stored value came from: the store's site and the chain of calls that led to it (as
// seen from the function whose summary holds it).
struct Origin {
  uint32_t site = 0; // Interner::Site id
  uint32_t via = 0;  // Interner::Via id (0: the store is in the function itself)
  bool operator==(const Origin &o) const { return site == o.site && via == o.via; }
};

// What a memory location holds: each atom with the store that put it there.
using Cell = std::map<Atom, Origin>;

// A root object of memory: the pointee of an atom (a parameter's memory, a heap block, the memory
// a loaded pointer points to) or a C global.
struct Loc {
  enum RootKind : uint8_t { Global, Pointee } root;
  uint32_t global = 0; // Interner::Global id, for Global
  Atom base{};         // for Pointee (flags cleared)
  std::string path;    // ".field", "[3]", "[i]", "[]" steps
};

struct GlobalInfo {
  std::string key;        // unique in the run (name for external linkage, file-qualified otherwise)
  std::string name;       // as written
  std::string what;       // "C global", "static", "function-local static of f", "thread-local"
  std::vector<Atom> init; // what its static initializer stores (a function's or global's address)
};

struct SiteInfo {
  std::string file; // as the #line directives say (the .go file for preamble code)
  unsigned line = 0, column = 0;
  std::string function;
  bool system = false; // in a system header, or in code the compiler generated
};

// Interning for the whole run. Ids are dense and never 0 for sites (0: no site). The tables are
// deques: interning appends while callers hold references from LocAt, Global, Site, NameAt and
// Via (a summary's substitution interns the places it reaches), and a deque's push_back keeps
// them valid where a vector's reallocation would not.
class Interner {
public:
  Interner();
  uint32_t GlobalId(const GlobalInfo &g);
  const GlobalInfo &Global(uint32_t id) const { return globals_[id]; }
  uint32_t LocId(const Loc &l);
  const Loc &LocAt(uint32_t id) const { return locs_[id]; }
  uint32_t SiteId(const SiteInfo &s);
  const SiteInfo &Site(uint32_t id) const { return sites_[id]; }
  uint32_t Name(const std::string &s);
  const std::string &NameAt(uint32_t id) const { return names_[id]; }
  // A chain of call sites, outermost first.
  uint32_t ViaId(const std::vector<uint32_t> &chain);
  const std::vector<uint32_t> &Via(uint32_t id) const { return vias_[id]; }
  uint32_t PrependVia(uint32_t call_site, uint32_t via);
  // How deep a Loaded atom's chain of loads is (1 for a load from a root object).
  unsigned LoadDepth(const Atom &a) const;

private:
  std::deque<GlobalInfo> globals_;
  std::unordered_map<std::string, uint32_t> global_ids_;
  std::deque<Loc> locs_;
  std::map<std::tuple<int, uint32_t, uint8_t, uint32_t, std::string>, uint32_t> loc_ids_;
  std::deque<SiteInfo> sites_;
  std::map<std::tuple<std::string, unsigned, unsigned, std::string>, uint32_t> site_ids_;
  std::deque<std::string> names_;
  std::unordered_map<std::string, uint32_t> name_ids_;
  std::deque<std::vector<uint32_t>> vias_;
  std::map<std::vector<uint32_t>, uint32_t> via_ids_;
};

// Field paths: whether a store to `a` overwrites all of `b` (strong update), and whether two paths
// may name overlapping memory.
bool PathIsDefinite(const std::string &path);
bool PathsMayAlias(const std::string &a, const std::string &b);
bool PathCovers(const std::string &outer, const std::string &inner); // inner lies within outer
std::string AppendPath(const std::string &path, const std::string &step);

} // namespace vet
} // namespace cgosan

#endif
