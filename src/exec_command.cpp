// `cgosan exec`: the supervisor (exec_command.h). It shares a page of counters with the program's
// runtime (runtime/findings_page.h) through a memfd whose descriptor the program inherits, named
// in $CGOSAN_SUPERVISOR_FD; processes the program starts inherit both and count into it as well.
#include "exec_command.h"

#include "../runtime/findings_page.h"
#include "../runtime/flags.h"

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

namespace cgosan {

namespace {

pid_t child;

// Signals sent to the supervisor by pid (go test's SIGQUIT at a timeout, a kill) go on to the
// program; those the terminal sends to the whole process group reach it directly.
void Forward(int sig, siginfo_t *info, void *) {
  if (child > 0 && info && info->si_code <= 0) // SI_USER, SI_QUEUE, SI_TKILL: sent, not the tty
    kill(child, sig);
}

bool IsWorkDir(const std::string &dir) {
  // $WORK/bNNN: WORK is a go-build* directory the go command made.
  size_t slash = dir.rfind('/');
  if (slash == std::string::npos || slash + 2 > dir.size() || dir[slash + 1] != 'b')
    return false;
  for (size_t i = slash + 2; i < dir.size(); i++)
    if (dir[i] < '0' || dir[i] > '9')
      return false;
  size_t up = dir.rfind('/', slash - 1);
  std::string work = dir.substr(up == std::string::npos ? 0 : up + 1, slash - up - 1);
  return work.compare(0, 8, "go-build") == 0;
}

int Usage() {
  std::fprintf(stderr, "usage: cgosan exec [--settings=ID] [--] PROGRAM [ARGS...]\n");
  return 2;
}

} // namespace

std::string TestLogArgument(const std::vector<std::string> &argv) {
  if (argv.empty())
    return "";
  bool test = false;
  for (const std::string &a : argv) {
    if (a.compare(0, 18, "-test.testlogfile=") == 0)
      return "";
    test |= a == "-test.paniconexit0";
  }
  size_t slash = argv[0].rfind('/');
  if (!test || slash == std::string::npos || !IsWorkDir(argv[0].substr(0, slash)))
    return "";
  return "-test.testlogfile=" + argv[0].substr(0, slash) + "/testlog.txt";
}

int RunExec(const std::vector<std::string> &args) {
  size_t i = 0;
  // --settings=ID names what the program runs under (cgosan go puts a hash of the cgosan
  // settings there, so that go test's cache keys on it); the supervisor needs nothing from it.
  for (; i < args.size() && args[i].compare(0, 2, "--") == 0; i++) {
    if (args[i] == "--") {
      i++;
      break;
    }
    if (args[i].compare(0, 11, "--settings=") != 0) {
      std::fprintf(stderr, "cgosan exec: unknown flag '%s'\n", args[i].c_str());
      return Usage();
    }
  }
  std::vector<std::string> argv(args.begin() + i, args.end());
  if (argv.empty())
    return Usage();
  Flags options;
  SetDefaultFlags(&options);
  char storage[4096], err[512];
  if (!ParseFlags(getenv("CGOSAN_OPTIONS"), &options, storage, sizeof(storage), err, sizeof(err))) {
    std::fprintf(stderr, "cgosan: CGOSAN_OPTIONS: %s\n", err);
    return 2;
  }
  std::string log = TestLogArgument(argv);
  if (!log.empty())
    argv.insert(argv.begin() + 1, log);

  int fd = memfd_create("cgosan-findings", 0); // inherited by the program, not close-on-exec
  if (fd < 0 || ftruncate(fd, sizeof(FindingsPage)) != 0) {
    std::fprintf(stderr, "cgosan exec: cannot create the findings page: %s\n", strerror(errno));
    return 2;
  }
  void *mem = mmap(nullptr, sizeof(FindingsPage), PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  if (mem == MAP_FAILED) {
    std::fprintf(stderr, "cgosan exec: cannot map the findings page: %s\n", strerror(errno));
    return 2;
  }
  FindingsPage *page = static_cast<FindingsPage *>(mem);
  page->magic = kFindingsMagic;
  setenv("CGOSAN_SUPERVISOR_FD", std::to_string(fd).c_str(), 1);
  char self[4096];
  ssize_t n = readlink("/proc/self/exe", self, sizeof(self) - 1);
  if (n > 0 && !getenv("CGOSAN_BIN")) {
    self[n] = 0;
    setenv("CGOSAN_BIN", self, 1);
  }
  char cwd[4096];
  if (!getenv("CGOSAN_START_DIR") && getcwd(cwd, sizeof(cwd)))
    setenv("CGOSAN_START_DIR", cwd, 1);

  static const int kForwarded[] = {SIGINT, SIGTERM, SIGQUIT, SIGHUP, SIGUSR1, SIGUSR2};
  struct sigaction sa = {};
  sa.sa_sigaction = Forward;
  sa.sa_flags = SA_SIGINFO | SA_RESTART;
  sigemptyset(&sa.sa_mask);
  for (int sig : kForwarded)
    sigaction(sig, &sa, nullptr);

  std::vector<char *> cargv;
  for (std::string &a : argv)
    cargv.push_back(&a[0]);
  cargv.push_back(nullptr);
  pid_t parent = getpid();
  child = fork();
  if (child < 0) {
    std::fprintf(stderr, "cgosan exec: fork: %s\n", strerror(errno));
    return 2;
  }
  if (child == 0) {
    // The program must not outlive a supervisor that was killed outright.
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent)
      _exit(1);
    struct sigaction dfl = {};
    dfl.sa_handler = SIG_DFL;
    for (int sig : kForwarded)
      sigaction(sig, &dfl, nullptr);
    execvp(cargv[0], cargv.data());
    std::fprintf(stderr, "cgosan exec: cannot run %s: %s\n", cargv[0], strerror(errno));
    _exit(127);
  }
  int status = 0;
  while (waitpid(child, &status, 0) < 0 && errno == EINTR) {
  }

  char summary[8192];
  if (options.summary &&
      FormatFindingsSummary(*page, child, options.verbosity > 0, summary, sizeof(summary)))
    std::fputs(summary, stderr);
  if (WIFSIGNALED(status)) {
    int sig = WTERMSIG(status);
    std::fflush(stderr);
    signal(sig, SIG_DFL);
    kill(getpid(), sig);
    return 128 + sig;
  }
  int code = WIFEXITED(status) ? WEXITSTATUS(status) : 1;
  uint32_t failing = FailingFindings(*page);
  if (code == 0 && failing) {
    std::fprintf(stderr,
                 "==%d==cgosan: %u finding%s: the run fails with exit status %d (the program "
                 "itself exited 0)\n",
                 (int)child, failing, failing == 1 ? "" : "s", options.exitcode);
    return options.exitcode;
  }
  return code;
}

} // namespace cgosan
