// Locating cgosan's installed pieces and naming the build.
#include "toolchain.h"

#include "config.h"

#include <cstdio>
#include <fstream>
#include <limits.h>
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

static std::string Resolve(const std::string &dir, const char *rel) {
  std::string joined = dir + "/" + rel;
  char buf[PATH_MAX];
  return realpath(joined.c_str(), buf) ? std::string(buf) : joined;
}

bool LocateToolchain(Toolchain *tc) {
  char buf[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);
  if (n <= 0) {
    std::fprintf(stderr, "cgosan: cannot find its own executable (/proc/self/exe)\n");
    return false;
  }
  buf[n] = 0;
  tc->self = buf;
  std::string dir = DirName(tc->self);
  tc->plugin = Resolve(dir, CGOSAN_PLUGIN_REL);
  tc->runtime = Resolve(dir, CGOSAN_RUNTIME_REL);
  tc->include = Resolve(dir, CGOSAN_INCLUDE_REL);
  tc->clang = CGOSAN_CLANG;
  tc->clangxx = CGOSAN_CLANGXX;
  for (const std::string *p : {&tc->plugin, &tc->runtime, &tc->clang}) {
    if (!Exists(*p)) {
      std::fprintf(stderr, "cgosan: missing %s (is the build complete? run `make`)\n", p->c_str());
      return false;
    }
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
