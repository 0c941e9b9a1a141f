// `go list`, `go env`, pkg-config and `go tool cgo` (see go_packages.h). The flags follow the go
// command's own order (cmd/go/internal/work: CFlags and the cgo step): CGO_CPPFLAGS and the
// package's `#cgo CPPFLAGS` and pkg-config --cflags, then CGO_CFLAGS (default "-g -O2") and
// `#cgo CFLAGS` for C, CGO_CXXFLAGS and `#cgo CXXFLAGS` for C++; cgo's output directory is on
// the include path (for _cgo_export.h), as is the package's directory.
#include "go_packages.h"

#include "subprocess.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <dirent.h>
#include <set>
#include <sstream>
#include <sys/stat.h>

namespace cgosan {
namespace vet {

namespace {

using Json = nlohmann::json;

// Splits a flag list the way the go command does for CGO_CFLAGS (quoted fields allowed).
std::vector<std::string> SplitFlags(const std::string &s) {
  std::vector<std::string> out;
  std::string cur;
  bool in = false;
  char quote = 0;
  for (size_t i = 0; i < s.size(); i++) {
    char c = s[i];
    if (quote) {
      if (c == quote)
        quote = 0;
      else if (c == '\\' && quote == '"' && i + 1 < s.size())
        cur += s[++i];
      else
        cur += c;
      continue;
    }
    if (c == '\'' || c == '"') {
      quote = c;
      in = true;
      continue;
    }
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      if (in)
        out.push_back(cur);
      cur.clear();
      in = false;
      continue;
    }
    cur += c;
    in = true;
  }
  if (in)
    out.push_back(cur);
  return out;
}

std::vector<std::string> Strings(const Json &j, const char *key) {
  std::vector<std::string> out;
  if (j.contains(key) && j[key].is_array())
    for (const Json &v : j[key])
      if (v.is_string())
        out.push_back(v.get<std::string>());
  return out;
}

std::string FirstLine(const std::string &s) {
  std::string t = s;
  while (!t.empty() && (t.back() == '\n' || t.back() == ' '))
    t.pop_back();
  return t;
}

std::vector<std::string> ListDir(const std::string &dir, const std::string &suffix) {
  std::vector<std::string> out;
  DIR *d = opendir(dir.c_str());
  if (!d)
    return out;
  while (struct dirent *e = readdir(d)) {
    std::string n = e->d_name;
    if (n.size() > suffix.size() && n.compare(n.size() - suffix.size(), suffix.size(), suffix) == 0)
      out.push_back(dir + "/" + n);
  }
  closedir(d);
  std::sort(out.begin(), out.end());
  return out;
}

// Reads a stream of JSON objects (go list -json prints one after another).
std::vector<Json> JsonStream(const std::string &text) {
  std::vector<Json> out;
  std::istringstream in(text);
  while (true) {
    in >> std::ws;
    if (in.peek() == EOF)
      break;
    Json j;
    try {
      in >> j;
    } catch (const Json::exception &) {
      break;
    }
    out.push_back(j);
  }
  return out;
}

} // namespace

bool LoadPackages(const std::vector<std::string> &patterns, const std::string &workdir,
                  const std::string &cgosan_include, LoadResult *out, std::string *error) {
  CommandResult env = RunCommand({"go", "env", "-json", "CC", "CXX", "CGO_CFLAGS", "CGO_CPPFLAGS",
                                  "CGO_CXXFLAGS", "CGO_ENABLED", "PKG_CONFIG"});
  if (env.status != 0) {
    *error = env.status == 127 || env.err.empty() ? "cannot run the go command (is go on PATH?)"
                                                  : "go env: " + FirstLine(env.err);
    return false;
  }
  Json ge = Json::parse(env.out, nullptr, false);
  if (!ge.is_object()) {
    *error = "go env printed something that is not JSON";
    return false;
  }
  auto genv = [&](const char *k, const char *def) {
    std::string v = ge.value(k, "");
    return v.empty() ? std::string(def) : v;
  };
  if (genv("CGO_ENABLED", "1") != "1") {
    *error = "CGO_ENABLED=0: there is no C side to analyse";
    return false;
  }
  std::vector<std::string> cc = SplitFlags(genv("CC", "gcc"));
  std::vector<std::string> cppflags = SplitFlags(genv("CGO_CPPFLAGS", ""));
  std::vector<std::string> cflags = SplitFlags(genv("CGO_CFLAGS", "-g -O2"));
  std::vector<std::string> cxxflags = SplitFlags(genv("CGO_CXXFLAGS", "-g -O2"));
  std::string pkg_config = genv("PKG_CONFIG", "pkg-config");

  std::vector<std::string> list = {
      "go", "list", "-e",
      "-json=ImportPath,Dir,Name,GoFiles,CgoFiles,CFiles,CXXFiles,CgoCPPFLAGS,CgoCFLAGS,"
      "CgoCXXFLAGS,CgoPkgConfig,Imports,ImportMap,Error,DepsErrors"};
  list.push_back("--");
  list.insert(list.end(), patterns.begin(), patterns.end());
  CommandResult lr = RunCommand(list);
  if (lr.status != 0 && lr.out.empty()) {
    *error = "go list: " + FirstLine(lr.err);
    return false;
  }
  std::set<std::string> imports = {"runtime/cgo", "syscall", "unsafe"};
  std::vector<std::string> importmap;
  unsigned n = 0;
  for (const Json &p : JsonStream(lr.out)) {
    VetPackage pkg;
    pkg.import_path = p.value("ImportPath", "");
    pkg.dir = p.value("Dir", "");
    std::vector<std::string> cgo = Strings(p, "CgoFiles");
    if (p.contains("Error") && p["Error"].is_object()) {
      pkg.error = p["Error"].value("Err", "cannot load package");
      out->packages.push_back(pkg);
      continue;
    }
    if (cgo.empty()) {
      out->non_cgo++;
      continue;
    }
    for (const std::string &i : Strings(p, "Imports"))
      if (i != "C")
        imports.insert(i);
    if (p.contains("ImportMap") && p["ImportMap"].is_object())
      for (auto it = p["ImportMap"].begin(); it != p["ImportMap"].end(); ++it)
        importmap.push_back(it.key() + "=" + it.value().get<std::string>());

    std::vector<std::string> pcflags;
    std::vector<std::string> pkgs = Strings(p, "CgoPkgConfig");
    if (!pkgs.empty()) {
      std::vector<std::string> cmd = {pkg_config, "--cflags", "--"};
      cmd.insert(cmd.end(), pkgs.begin(), pkgs.end());
      CommandResult pc = RunCommand(cmd, pkg.dir);
      if (pc.status != 0) {
        pkg.error = "pkg-config --cflags: " + FirstLine(pc.err.empty() ? pc.out : pc.err);
        out->packages.push_back(pkg);
        continue;
      }
      pcflags = SplitFlags(pc.out);
    }
    std::vector<std::string> cpp = cppflags;
    for (const std::string &f : Strings(p, "CgoCPPFLAGS"))
      cpp.push_back(f);
    cpp.insert(cpp.end(), pcflags.begin(), pcflags.end());
    if (!cgosan_include.empty()) {
      cpp.push_back("-idirafter");
      cpp.push_back(cgosan_include);
    }
    std::vector<std::string> c = cflags, cxx = cxxflags;
    for (const std::string &f : Strings(p, "CgoCFLAGS"))
      c.push_back(f);
    for (const std::string &f : Strings(p, "CgoCXXFLAGS"))
      cxx.push_back(f);

    pkg.objdir = workdir + "/p" + std::to_string(n++);
    mkdir(pkg.objdir.c_str(), 0700);
    std::vector<std::string> cg = {"go",          "tool",          "cgo", "-objdir", pkg.objdir,
                                   "-importpath", pkg.import_path, "--",  "-I",      pkg.objdir};
    cg.insert(cg.end(), cpp.begin(), cpp.end());
    cg.insert(cg.end(), c.begin(), c.end());
    cg.insert(cg.end(), cgo.begin(), cgo.end());
    std::string ccenv = "CC=";
    for (size_t i = 0; i < cc.size(); i++)
      ccenv += (i ? " " : "") + cc[i];
    CommandResult cr = RunCommand(cg, pkg.dir, {ccenv});
    if (cr.status != 0) {
      pkg.error = "go tool cgo failed:\n" + FirstLine(cr.err);
      out->packages.push_back(pkg);
      continue;
    }
    std::vector<std::string> base = {"-I", pkg.objdir, "-I", pkg.dir};
    auto unit = [&](const std::string &file, bool is_cxx) {
      CUnit u;
      u.file = file;
      u.args = base;
      u.args.insert(u.args.end(), cpp.begin(), cpp.end());
      const std::vector<std::string> &lang = is_cxx ? cxx : c;
      u.args.insert(u.args.end(), lang.begin(), lang.end());
      pkg.units.push_back(u);
    };
    for (const std::string &f : ListDir(pkg.objdir, ".cgo2.c"))
      unit(f, false);
    for (const std::string &f : Strings(p, "CFiles"))
      unit(pkg.dir + "/" + f, false);
    for (const std::string &f : Strings(p, "CXXFiles"))
      unit(pkg.dir + "/" + f, true);
    pkg.go_files = ListDir(pkg.objdir, ".cgo1.go");
    pkg.go_files.push_back(pkg.objdir + "/_cgo_gotypes.go");
    for (const std::string &f : Strings(p, "GoFiles"))
      pkg.go_files.push_back(pkg.dir + "/" + f);
    out->packages.push_back(pkg);
  }

  // Export data of what the packages import, for the Go reader's type checker.
  std::vector<std::string> ex = {"go", "list", "-e", "-export", "-json=ImportPath,Export", "--"};
  ex.insert(ex.end(), imports.begin(), imports.end());
  CommandResult er = RunCommand(ex);
  std::string cfg;
  for (const Json &j : JsonStream(er.out)) {
    std::string path = j.value("ImportPath", ""), file = j.value("Export", "");
    if (!path.empty() && !file.empty())
      cfg += "packagefile " + path + "=" + file + "\n";
  }
  for (const std::string &m : importmap)
    cfg += "importmap " + m + "\n";
  out->importcfg = cfg;
  return true;
}

} // namespace vet
} // namespace cgosan
