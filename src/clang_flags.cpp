// Leaving out and translating the GCC flags clang lacks (see clang_flags.h).
#include "clang_flags.h"

#include "config.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <signal.h>
#include <sys/file.h>
#include <sys/wait.h>
#include <unistd.h>

namespace cgosan {

namespace {

#include "clang_options.inc"

bool InSorted(const char *const *begin, const char *const *end, const std::string &s) {
  return std::binary_search(begin, end, s.c_str(),
                            [](const char *a, const char *b) { return std::strcmp(a, b) < 0; });
}

bool StartsWith(const std::string &s, const char *p) {
  return s.compare(0, std::strlen(p), p) == 0;
}

// Options whose value is the next argument, where that value could look like a flag of its own
// (-Xclang -fno-foo, -mllvm -foo). Their values are never touched.
bool TakesNextArgument(const std::string &a) {
  static const char *const kSeparate[] = {"-Xclang",
                                          "-mllvm",
                                          "-Xlinker",
                                          "-Xassembler",
                                          "-Xpreprocessor",
                                          "-Xanalyzer",
                                          "-Xopenmp-target",
                                          "-o",
                                          "-MF",
                                          "-MT",
                                          "-MQ",
                                          "-x",
                                          "-include",
                                          "-imacros",
                                          "-D",
                                          "-U",
                                          "-I",
                                          "-isystem",
                                          "-idirafter",
                                          "-iquote",
                                          "-isysroot",
                                          "-L",
                                          "-l",
                                          "-u",
                                          "-z",
                                          "-T",
                                          "-target",
                                          "--target",
                                          "-arch",
                                          "--sysroot"};
  for (const char *s : kSeparate)
    if (a == s)
      return true;
  return false;
}

// GCC's spellings of options clang has under another name (joined: the value follows).
const std::pair<const char *, const char *> kGccSpellings[] = {
    {"-fmax-errors=", "-ferror-limit="},
    {"-fdiagnostics-show-caret", "-fcaret-diagnostics"},
    {"-fno-diagnostics-show-caret", "-fno-caret-diagnostics"},
};

// A -W argument as clang would take it: "" to leave it out, else the argument (translated).
std::string AdaptWarning(const std::string &a) {
  // Exactly a driver option only: the table's joined -W and -Wno- (LLVM 15) would take any.
  if (a == "-W" || StartsWith(a, "-Wl,") || StartsWith(a, "-Wa,") || StartsWith(a, "-Wp,") ||
      InSorted(std::begin(kClangOptions), std::end(kClangOptions), a))
    return a;
  std::string rest = a.substr(2), prefix = "-W";
  if (StartsWith(rest, "no-")) {
    prefix += "no-";
    rest = rest.substr(3);
  }
  if (rest == "error")
    return a;
  if (StartsWith(rest, "error=")) {
    prefix += "error=";
    rest = rest.substr(6);
  }
  if (ClangHasWarningGroup(rest))
    return a;
  size_t eq = rest.find('=');
  if (eq == std::string::npos)
    return "";
  if (ClangHasWarningGroup(rest.substr(0, eq + 1))) // -Wframe-larger-than=N
    return a;
  if (ClangHasWarningGroup(rest.substr(0, eq))) // GCC's levels: -Wimplicit-fallthrough=3
    return prefix + rest.substr(0, eq);
  return "";
}

// The first quoted argument in a message ('X'), or "".
std::string Quoted(const std::string &line, size_t from) {
  size_t b = line.find('\'', from);
  if (b == std::string::npos)
    return "";
  size_t e = line.find('\'', b + 1);
  return e == std::string::npos ? "" : line.substr(b + 1, e - b - 1);
}

bool Contains(const std::vector<std::string> &v, const std::string &s) {
  return std::find(v.begin(), v.end(), s) != v.end();
}

} // namespace

bool ClangHasWarningGroup(const std::string &name) {
  return InSorted(std::begin(kClangWarningGroups), std::end(kClangWarningGroups), name);
}

bool ClangHasOption(const std::string &arg) {
  if (InSorted(std::begin(kClangOptions), std::end(kClangOptions), arg))
    return true;
  // Joined options end in a separator: -fsanitize=, -Wl, -fplugin-arg-.
  for (size_t i = 1; i + 1 < arg.size(); i++) {
    char c = arg[i];
    if ((c == '=' || c == ',' || c == ':' || c == '-') &&
        InSorted(std::begin(kClangOptions), std::end(kClangOptions), arg.substr(0, i + 1)))
      return true;
  }
  return false;
}

std::vector<std::string> AdaptGccFlags(const std::vector<std::string> &args, FlagNotes *notes) {
  std::vector<std::string> out;
  for (size_t i = 0; i < args.size(); i++) {
    const std::string &a = args[i];
    if (TakesNextArgument(a) && i + 1 < args.size()) {
      out.push_back(a);
      out.push_back(args[++i]);
      continue;
    }
    std::string adapted = a;
    for (const auto &s : kGccSpellings) {
      size_t n = std::strlen(s.first);
      bool joined = s.first[n - 1] == '=';
      if (joined ? StartsWith(a, s.first) : a == s.first)
        adapted = s.second + a.substr(n);
    }
    if (adapted == a && StartsWith(a, "-W"))
      adapted = AdaptWarning(a);
    if (adapted.empty()) {
      if (!Contains(notes->dropped, a))
        notes->dropped.push_back(a);
      continue;
    }
    if (adapted != a)
      notes->translated.emplace_back(a, adapted);
    out.push_back(adapted);
  }
  return out;
}

std::vector<std::string> RejectedArguments(const std::string &clang_stderr) {
  std::vector<std::string> rejected;
  size_t start = 0;
  while (start < clang_stderr.size()) {
    size_t end = clang_stderr.find('\n', start);
    if (end == std::string::npos)
      end = clang_stderr.size();
    std::string line = clang_stderr.substr(start, end - start);
    start = end + 1;
    size_t err = line.find("error: ");
    if (err == std::string::npos)
      continue;
    std::string msg = line.substr(err + 7);
    std::string arg;
    if (StartsWith(msg, "unknown argument") ||
        (StartsWith(msg, "optimization flag '") &&
         msg.find("' is not supported") != std::string::npos) ||
        StartsWith(msg, "the clang compiler does not support '"))
      arg = Quoted(msg, 0);
    if (arg.empty() || arg[0] != '-')
      return {}; // another error: clang did more than read its arguments
    if (!Contains(rejected, arg))
      rejected.push_back(arg);
  }
  return rejected;
}

static void WriteAll(int fd, const std::string &s) {
  size_t done = 0;
  while (done < s.size()) {
    ssize_t n = write(fd, s.data() + done, s.size() - done);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      return;
    done += n;
  }
}

// Runs argv with its standard error collected into *err; returns the wait status, or -1.
static int RunCollectingStderr(const std::vector<std::string> &argv, std::string *err) {
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0)
    return -1;
  pid_t pid = fork();
  if (pid < 0) {
    close(fds[0]);
    close(fds[1]);
    return -1;
  }
  if (pid == 0) {
    dup2(fds[1], 2);
    std::vector<char *> cargv;
    for (const std::string &a : argv)
      cargv.push_back(const_cast<char *>(a.c_str()));
    cargv.push_back(nullptr);
    execv(cargv[0], cargv.data());
    std::string msg = "cgosan: cannot run " + argv[0] + ": " + std::strerror(errno) + "\n";
    WriteAll(2, msg);
    _exit(127);
  }
  close(fds[1]);
  char buf[65536];
  for (;;) {
    ssize_t n = read(fds[0], buf, sizeof(buf));
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      break;
    err->append(buf, n);
  }
  close(fds[0]);
  int status;
  while (waitpid(pid, &status, 0) < 0)
    if (errno != EINTR)
      return -1;
  return status;
}

int RunClang(std::vector<std::string> argv, FlagNotes *notes) {
  // Clang stops at the first kind of argument error it finds (unknown arguments before
  // unsupported optimization flags), so a few rounds may be needed.
  for (int round = 0;; round++) {
    std::string err;
    int status = RunCollectingStderr(argv, &err);
    if (status == -1) {
      std::fprintf(stderr, "cgosan: cannot run %s: %s\n", argv[0].c_str(), std::strerror(errno));
      return 127;
    }
    bool failed = !WIFEXITED(status) || WEXITSTATUS(status) != 0;
    std::vector<std::string> rejected =
        failed && round < 4 ? RejectedArguments(err) : std::vector<std::string>();
    size_t before = argv.size();
    for (const std::string &r : rejected) {
      argv.erase(std::remove(argv.begin() + 1, argv.end(), r), argv.end());
      if (!Contains(notes->dropped, r))
        notes->dropped.push_back(r);
    }
    if (!rejected.empty() && argv.size() < before)
      continue;
    WriteAll(2, err);
    if (WIFSIGNALED(status)) {
      signal(WTERMSIG(status), SIG_DFL);
      raise(WTERMSIG(status));
      return 128 + WTERMSIG(status);
    }
    return WEXITSTATUS(status);
  }
}

std::string FlagNoteText(const FlagNotes &notes, bool first) {
  std::string s = first ? "cgosan: cgo C code is compiled with clang " CGOSAN_LLVM_MAJOR
                          " (cgosan's compiler), not with gcc:"
                        : "cgosan: also for clang:";
  if (!notes.dropped.empty()) {
    s += " left out the flags clang does not have:";
    for (const std::string &d : notes.dropped)
      s += " " + d;
    if (!notes.translated.empty())
      s += ";";
  }
  if (!notes.translated.empty()) {
    s += " used clang's spelling:";
    for (size_t i = 0; i < notes.translated.size(); i++)
      s += (i ? ", " : " ") + notes.translated[i].first + " as " + notes.translated[i].second;
  }
  return s + "\n";
}

// The go command's work directory ($WORK, /tmp/go-build123456), from a path in args.
static std::string GoWorkDir(const std::vector<std::string> &args) {
  for (const std::string &a : args) {
    size_t p = a.find("/go-build");
    if (p == std::string::npos)
      continue;
    size_t e = p + 9;
    while (e < a.size() && a[e] >= '0' && a[e] <= '9')
      e++;
    if (e > p + 9 && (e == a.size() || a[e] == '/')) {
      size_t b = a.rfind('=', p); // -I/tmp/..., -fdebug-prefix-map=/tmp/...=...
      b = b == std::string::npos ? 0 : b + 1;
      if (StartsWith(a.substr(b), "-I"))
        b += 2;
      if (a[b] == '/')
        return a.substr(b, e - b);
    }
  }
  return "";
}

void PrintFlagNoteOnce(const FlagNotes &notes, const std::vector<std::string> &args) {
  if (notes.empty())
    return;
  std::string work = GoWorkDir(args);
  int fd = work.empty() ? -1
                        : open((work + "/cgosan-clang-note").c_str(),
                               O_RDWR | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0) {
    WriteAll(2, FlagNoteText(notes, true));
    return;
  }
  // The marker lists what was said already in this build; compiles run in parallel.
  flock(fd, LOCK_EX);
  std::string said;
  char buf[4096];
  ssize_t n;
  while ((n = pread(fd, buf, sizeof(buf), said.size())) > 0)
    said.append(buf, n);
  auto is_new = [&](const std::string &line) {
    return said.find("\n" + line + "\n") == std::string::npos &&
           said.compare(0, line.size() + 1, line + "\n") != 0;
  };
  FlagNotes fresh;
  std::string lines;
  for (const std::string &d : notes.dropped)
    if (is_new(d)) {
      fresh.dropped.push_back(d);
      lines += d + "\n";
    }
  for (const auto &t : notes.translated)
    if (is_new(t.first)) {
      fresh.translated.push_back(t);
      lines += t.first + "\n";
    }
  if (!fresh.empty()) {
    WriteAll(2, FlagNoteText(fresh, said.empty()));
    WriteAll(fd, lines);
  }
  flock(fd, LOCK_UN);
  close(fd);
}

} // namespace cgosan
