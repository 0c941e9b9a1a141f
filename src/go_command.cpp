// `cgosan go build|test|run ...`: the go command with CC and CXX set to this cgosan, after
// checking that the Go toolchain is one cgosan supports.
#include "go_command.h"

#include "toolchain.h"

#include "../runtime/flags.h"

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

// Words as cmd/go splits flag lists (blanks; '...' and "..." quote).
static std::vector<std::string> SplitQuoted(const std::string &v) {
  std::vector<std::string> words;
  std::string w;
  bool in_word = false;
  char quote = 0;
  for (char c : v) {
    if (quote) {
      if (c == quote)
        quote = 0;
      else
        w += c;
    } else if (c == '\'' || c == '"') {
      quote = c;
      in_word = true;
    } else if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      if (in_word)
        words.push_back(w);
      w.clear();
      in_word = false;
    } else {
      w += c;
      in_word = true;
    }
  }
  if (in_word)
    words.push_back(w);
  return words;
}

static bool InternalLinking(const std::vector<std::string> &ldflags) {
  for (size_t i = 0; i < ldflags.size(); i++) {
    std::string f = ldflags[i];
    if (f.compare(0, 2, "--") == 0)
      f = f.substr(1);
    if (f == "-linkmode=internal" ||
        (f == "-linkmode" && i + 1 < ldflags.size() && ldflags[i + 1] == "internal"))
      return true;
  }
  return false;
}

std::string CheckLinkMode(const std::vector<std::string> &args, const std::string &goflags) {
  static const char kWhy[] =
      "-ldflags=-linkmode=internal is not supported: cgosan links its runtime into the program "
      "with the external linker (clang); drop it (cgo programs link externally anyway)";
  if (args.empty() ||
      (args[0] != "build" && args[0] != "run" && args[0] != "test" && args[0] != "install"))
    return "";
  std::vector<std::string> values;
  for (size_t i = 1; i < args.size(); i++) {
    const std::string &a = args[i];
    if (a == "--")
      break;
    for (const char *name : {"-ldflags", "--ldflags"}) {
      std::string n = name;
      if (a == n && i + 1 < args.size())
        values.push_back(args[i + 1]);
      else if (a.compare(0, n.size() + 1, n + "=") == 0)
        values.push_back(a.substr(n.size() + 1));
    }
  }
  // GOFLAGS: flags separated by blanks, each -flag=value.
  for (const std::string &g : SplitQuoted(goflags))
    for (const char *name : {"-ldflags=", "--ldflags="})
      if (g.compare(0, std::string(name).size(), name) == 0)
        values.push_back(g.substr(std::string(name).size()));
  for (std::string v : values) {
    // -ldflags=[pattern=]flags (cmd/go: a pattern unless the value starts with a flag, blanks
    // around it ignored).
    size_t b = v.find_first_not_of(" \t\n\r");
    v = b == std::string::npos ? "" : v.substr(b);
    if (!v.empty() && v[0] != '-' && v.find('=') != std::string::npos)
      v = v.substr(v.find('=') + 1);
    if (InternalLinking(SplitQuoted(v)))
      return kWhy;
  }
  return "";
}

// Whether `go` can be found on PATH, as execvp would.
static bool GoOnPath() {
  const char *path = getenv("PATH");
  std::string p = path ? path : "/usr/local/bin:/usr/bin:/bin";
  size_t start = 0;
  while (start <= p.size()) {
    size_t colon = p.find(':', start);
    if (colon == std::string::npos)
      colon = p.size();
    std::string dir = p.substr(start, colon - start);
    std::string exe = (dir.empty() ? "." : dir) + "/go";
    if (access(exe.c_str(), X_OK) == 0)
      return true;
    start = colon + 1;
  }
  return false;
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

namespace {

// FNV-1a, 64 bits, as hex.
std::string Hash(const std::string &data) {
  unsigned long long h = 14695981039346656037ull;
  for (unsigned char c : data) {
    h ^= c;
    h *= 1099511628211ull;
  }
  char out[17];
  std::snprintf(out, sizeof(out), "%016llx", h);
  return out;
}

std::string Env(const char *name) {
  const char *v = getenv(name);
  return v ? v : "";
}

std::string ReadFile(const std::string &path) {
  std::string data;
  if (FILE *f = std::fopen(path.c_str(), "rb")) {
    char buf[65536];
    for (size_t n; (n = std::fread(buf, 1, sizeof(buf), f)) > 0;)
      data.append(buf, n);
    std::fclose(f);
  }
  return data;
}

// What a program's cgosan findings depend on besides its Go packages: the cgosan build (whose
// runtime the go command does not see: it links it in through CC), the level, the options, the
// directory relative paths in them start from, and the suppressions file's contents. go test
// keys cached results on the -exec command line, so this goes there: a result obtained under
// another cgosan or other settings is never replayed, and one obtained under the same still is.
static std::string SettingsId(const Toolchain &tc, const Flags &options) {
  std::string s = "build=" + BuildId(tc) + "\nCGOSAN=" + Env("CGOSAN") +
                  "\nCGOSAN_OPTIONS=" + Env("CGOSAN_OPTIONS") +
                  "\nCGOSAN_START_DIR=" + Env("CGOSAN_START_DIR") + "\n";
  if (options.suppressions && options.suppressions[0]) {
    std::string path = options.suppressions;
    if (path[0] != '/')
      path = Env("CGOSAN_START_DIR") + "/" + path;
    s += "suppressions=" + ReadFile(path);
  }
  return Hash(s);
}

// Whether the user gave go an -exec of their own (on the command line before -args, or in
// GOFLAGS). Then cgosan's supervisor stays out, and the program halts at its first report.
bool HasOwnExec(const std::vector<std::string> &args) {
  for (size_t i = 1; i < args.size() && args[i] != "-args" && args[i] != "--args"; i++) {
    const std::string &a = args[i];
    if (a == "-exec" || a == "--exec" || a.compare(0, 6, "-exec=") == 0 ||
        a.compare(0, 7, "--exec=") == 0)
      return true;
  }
  return Env("GOFLAGS").find("-exec") != std::string::npos;
}

} // namespace

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
  const char *goflags = getenv("GOFLAGS");
  std::string link_error = CheckLinkMode(args, goflags ? goflags : "");
  if (!link_error.empty()) {
    std::fprintf(stderr, "cgosan: %s\n", link_error.c_str());
    return 2;
  }
  if (!GoOnPath()) {
    std::fprintf(stderr,
                 "cgosan: cannot run go: not found on PATH (cgosan needs Go 1.%d or newer: "
                 "https://go.dev/doc/install)\n",
                 kMinGoMinor);
    return 127;
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
  // The run-time settings are checked now, with the runtime's own parser: a typo in
  // CGOSAN_OPTIONS fails before anything is built.
  if (ParseLevel(getenv("CGOSAN")) < 0) {
    std::fprintf(stderr, "cgosan: bad value '%s' for CGOSAN (expected 0, 1 or 2)\n",
                 getenv("CGOSAN"));
    return 2;
  }
  Flags options;
  SetDefaultFlags(&options);
  char storage[4096], err[512];
  if (!ParseFlags(getenv("CGOSAN_OPTIONS"), &options, storage, sizeof(storage), err, sizeof(err))) {
    std::fprintf(stderr, "cgosan: CGOSAN_OPTIONS: %s\n", err);
    return 2;
  }
  std::string dir = tc.self.substr(0, tc.self.rfind('/'));
  setenv("CC", ShellQuote(dir + "/cgosan-cc").c_str(), 1);
  setenv("CXX", ShellQuote(dir + "/cgosan-c++").c_str(), 1);
  setenv("CGO_ENABLED", "1", 1);
  // Test binaries run in their packages' directories: relative paths in CGOSAN_OPTIONS mean the
  // directory cgosan was started in. format=sarif runs this cgosan.
  char cwd[4096];
  if (!getenv("CGOSAN_START_DIR") && getcwd(cwd, sizeof(cwd)))
    setenv("CGOSAN_START_DIR", cwd, 1);
  if (!getenv("CGOSAN_BIN"))
    setenv("CGOSAN_BIN", tc.self.c_str(), 1);
  std::vector<std::string> go_args = args;
  // go test and go run run the program under `cgosan exec`, which fails the run at its end if
  // there were findings (the program itself goes on after each report).
  if ((args[0] == "test" || args[0] == "run") && !HasOwnExec(args))
    go_args.insert(go_args.begin() + 1,
                   {"-exec", ShellQuote(tc.self) + " exec --settings=" + SettingsId(tc, options)});
  std::vector<char *> argv;
  argv.push_back(const_cast<char *>("go"));
  for (const std::string &a : go_args)
    argv.push_back(const_cast<char *>(a.c_str()));
  argv.push_back(nullptr);
  execvp("go", argv.data());
  std::fprintf(stderr, "cgosan: cannot run go: %s\n", std::strerror(errno));
  return 127;
}

} // namespace cgosan
