// Locating cgosan's pieces and naming the build (see toolchain.h).
#include "toolchain.h"

#include "config.h"

#include <cstdio>
#include <fstream>
#include <limits.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <unistd.h>

namespace cgosan {

static std::string DirName(const std::string &p) {
  size_t slash = p.rfind('/');
  return slash == std::string::npos ? "." : p.substr(0, slash);
}

static bool Exists(const std::string &p) {
  struct stat st;
  return stat(p.c_str(), &st) == 0;
}

std::string SelfPath() {
  char buf[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);
  if (n <= 0)
    return "";
  return std::string(buf, n);
}

std::string InstallPath(const std::string &rel) {
  std::string joined = DirName(SelfPath()) + "/" + rel;
  char buf[PATH_MAX];
  return realpath(joined.c_str(), buf) ? std::string(buf) : joined;
}

std::string CheckToolchain(const Toolchain &tc) {
  if (!Exists(tc.clang))
    return "clang is missing (" + tc.clang + "): cgosan compiles cgo C code with clang " +
           CGOSAN_LLVM_MAJOR + "; install it with `apt-get install " + CGOSAN_CLANG_PACKAGE + "`";
  for (const std::string *p : {&tc.plugin, &tc.runtime}) {
    if (!Exists(*p))
      return "missing " + *p +
             ": this cgosan is incomplete (in a build tree, run `make`; installed, reinstall "
             "cgosan)";
  }
  return "";
}

bool LocateToolchain(Toolchain *tc) {
  tc->self = SelfPath();
  if (tc->self.empty()) {
    std::fprintf(stderr, "cgosan: cannot find its own executable (/proc/self/exe)\n");
    return false;
  }
  tc->plugin = InstallPath(CGOSAN_PLUGIN_REL);
  tc->runtime = InstallPath(CGOSAN_RUNTIME_REL);
  tc->include = InstallPath(CGOSAN_INCLUDE_REL);
  tc->clang = CGOSAN_CLANG;
  tc->clangxx = CGOSAN_CLANGXX;
  std::string why = CheckToolchain(*tc);
  if (!why.empty()) {
    std::fprintf(stderr, "cgosan: %s\n", why.c_str());
    return false;
  }
  return true;
}

static void HashFile(const std::string &path, unsigned long long *h) {
  std::ifstream in(path, std::ios::binary);
  char buf[65536];
  while (in) {
    in.read(buf, sizeof(buf));
    for (std::streamsize i = 0; i < in.gcount(); i++) {
      *h ^= (unsigned char)buf[i];
      *h *= 1099511628211ull; // FNV-1a
    }
  }
}

std::string BuildId(const Toolchain &tc) {
  unsigned long long h = 14695981039346656037ull;
  HashFile(tc.plugin, &h);
  HashFile(tc.runtime, &h);
  HashFile(tc.self, &h);
  char out[17];
  std::snprintf(out, sizeof(out), "%016llx", h);
  return out;
}

std::string VersionLine(const Toolchain &tc) {
  return std::string("cgosan version ") + CGOSAN_VERSION + " (build " + BuildId(tc) + ", LLVM " +
         CGOSAN_LLVM_VERSION + ", " + tc.clang + ")";
}

} // namespace cgosan
