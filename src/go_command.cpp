// `cgosan go build|test|run ...`: the go command with CC and CXX set to this cgosan, after
// checking that the Go toolchain is one cgosan supports.
#include "go_command.h"

#include "toolchain.h"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <unistd.h>

namespace cgosan {

// Oldest Go with runtime.Pinner and the x_cgo_mmap hook on linux/amd64 and arm64.
static const int kMinGoMinor = 21;

std::string CheckGoEnv(const std::string &goversion, const std::string &goos,
                       const std::string &goarch) {
  int major = 0, minor = 0;
  if (std::sscanf(goversion.c_str(), "go%d.%d", &major, &minor) != 2)
    return "cannot read the Go version from '" + goversion + "'";
  if (major != 1 || minor < kMinGoMinor)
    return goversion + " is not supported: cgosan needs Go 1." + std::to_string(kMinGoMinor) +
           " or newer";
  if (goos != "linux")
    return "GOOS=" + goos + " is not supported: cgosan runs on linux";
  if (goarch != "amd64" && goarch != "arm64")
    return "GOARCH=" + goarch + " is not supported: cgosan needs amd64 or arm64";
  return "";
}

static bool GoEnv(std::string *version, std::string *goos, std::string *goarch) {
  FILE *p = popen("go env GOVERSION GOOS GOARCH", "r");
  if (!p)
    return false;
  char line[256];
  std::string *out[] = {version, goos, goarch};
  int i = 0;
  while (i < 3 && std::fgets(line, sizeof(line), p)) {
    std::string s = line;
    while (!s.empty() && (s.back() == '\n' || s.back() == '\r'))
      s.pop_back();
    *out[i++] = s;
  }
  return pclose(p) == 0 && i == 3;
}

static std::string ShellQuote(const std::string &s) {
  if (s.find_first_of(" \t'\"\\") == std::string::npos)
    return s;
  std::string q = "'";
  for (char c : s)
    q += c == '\'' ? std::string("'\\''") : std::string(1, c);
  return q + "'";
}

int RunGo(const std::vector<std::string> &args) {
  if (args.empty()) {
    std::fprintf(stderr, "usage: cgosan go build|test|run|... [arguments]\n");
    return 2;
  }
  Toolchain tc;
  if (!LocateToolchain(&tc))
    return 2;
  const char *cgo = getenv("CGO_ENABLED");
  if (cgo && std::strcmp(cgo, "0") == 0) {
    std::fprintf(stderr, "cgosan: CGO_ENABLED=0 is set: there is no C code to check\n");
    return 2;
  }
  std::string version, goos, goarch;
  if (!GoEnv(&version, &goos, &goarch)) {
    std::fprintf(stderr, "cgosan: cannot run `go env` (is Go installed and on PATH?)\n");
    return 2;
  }
  std::string why = CheckGoEnv(version, goos, goarch);
  if (!why.empty()) {
    std::fprintf(stderr, "cgosan: %s\n", why.c_str());
    return 2;
  }
  std::string dir = tc.self.substr(0, tc.self.rfind('/'));
  setenv("CC", ShellQuote(dir + "/cgosan-cc").c_str(), 1);
  setenv("CXX", ShellQuote(dir + "/cgosan-c++").c_str(), 1);
  setenv("CGO_ENABLED", "1", 1);
  std::vector<char *> argv;
  argv.push_back(const_cast<char *>("go"));
  for (const std::string &a : args)
    argv.push_back(const_cast<char *>(a.c_str()));
  argv.push_back(nullptr);
  execvp("go", argv.data());
  std::fprintf(stderr, "cgosan: cannot run go: %s\n", std::strerror(errno));
  return 127;
}

} // namespace cgosan
