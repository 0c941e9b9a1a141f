// Counters in a MAP_SHARED page, and the watcher process (see summary.h). The watcher is forked
// with a raw clone (no atfork handlers, which could take locks the reporting thread's program
// holds) and, in the child, only raw system calls and this library's allocation-free code run.
#include "summary.h"

#include "flags.h"
#include "output.h"

#include <fcntl.h>
#include <signal.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

extern char **environ;

namespace cgosan {

namespace {

struct RuleCounts {
  unsigned locations, reports, suppressed_locations, suppressed_reports;
};

enum RuleIndex {
#define CGOSAN_RULE(constant, id, level, short_desc, full_desc) constant##Index,
#include "rules.inc"
#undef CGOSAN_RULE
  kRuleCount
};
const char *const kRuleIds[kRuleCount] = {
#define CGOSAN_RULE(constant, id, level, short_desc, full_desc) id,
#include "rules.inc"
#undef CGOSAN_RULE
};

// Shared with the watcher process, which prints them when the program has ended.
struct Shared {
  RuleCounts rules[kRuleCount];
  int held; // records still waiting for a call in progress (held_records.h)
};
Shared *shared;
bool watcher_started;

int IndexOf(const char *rule) {
  for (int i = 0; i < kRuleCount; i++)
    if (!strcmp(kRuleIds[i], rule))
      return i;
  return -1;
}

// `cgosan`, which turns JSON lines into SARIF: $CGOSAN_BIN, else the one built with this runtime.
void FindCgosanBinary(char *out, unsigned size) {
  const char *env = getenv("CGOSAN_BIN");
  Format(out, size, "%s", env && env[0] ? env : CGOSAN_DEFAULT_BIN);
  if (access(out, X_OK) != 0)
    out[0] = 0;
}

// Paths the watcher needs, computed before forking.
char cgosan_bin[1024];
char jsonl_path[4200];
char sarif_path[4200];

[[noreturn]] void Watch(int wait_fd, int parent, int report_fd) {
  // Block every signal: the program's handlers (Go's among them) must not run here.
  uint64_t all = ~0ull;
  syscall(SYS_rt_sigprocmask, SIG_SETMASK, &all, nullptr, sizeof(all));
  char c;
  while (read(wait_fd, &c, 1) != 0) {
  } // EOF: every copy of the write end is closed, the program has ended
  if (flags.summary) {
    char buf[2048];
    unsigned n = FormatSummary(buf, sizeof(buf), parent);
    int fd = strcmp(flags.format, "text") ? 2 : report_fd;
    if (n && write(fd, buf, n) < 0) {
    }
  }
  if (!strcmp(flags.format, "sarif") && cgosan_bin[0]) {
    const char *argv[] = {cgosan_bin, "report",   "--format", "sarif",
                          "-o",       sarif_path, jsonl_path, nullptr};
    syscall(SYS_execve, cgosan_bin, argv, environ);
  }
  syscall(SYS_exit_group, 0);
  __builtin_unreachable();
}

} // namespace

void InitSummary() {
  void *p =
      mmap(nullptr, sizeof(Shared), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  if (p != MAP_FAILED)
    shared = (Shared *)p;
}

void CountFinding(const char *rule, bool first, bool suppressed) {
  int i = IndexOf(rule);
  if (i < 0 || !shared)
    return;
  RuleCounts &c = shared->rules[i];
  if (suppressed) {
    __atomic_fetch_add(&c.suppressed_reports, 1, __ATOMIC_RELAXED);
    if (first)
      __atomic_fetch_add(&c.suppressed_locations, 1, __ATOMIC_RELAXED);
  } else {
    __atomic_fetch_add(&c.reports, 1, __ATOMIC_RELAXED);
    if (first)
      __atomic_fetch_add(&c.locations, 1, __ATOMIC_RELAXED);
  }
}

unsigned FormatSummary(char *buf, unsigned size, int pid) {
  unsigned len = 0;
  buf[0] = 0;
  for (int i = 0; shared && i < kRuleCount; i++) {
    const RuleCounts &c = shared->rules[i];
    if (!c.reports && !c.suppressed_reports)
      continue;
    char line[256];
    Format(line, sizeof(line),
           "==%d==cgosan: summary: %s: %u location%s, %u report%s (%u suppressed)\n", pid,
           kRuleIds[i], c.locations, c.locations == 1 ? "" : "s", c.reports,
           c.reports == 1 ? "" : "s", c.suppressed_reports);
    unsigned n = (unsigned)strlen(line);
    if (len + n >= size)
      break;
    memcpy(buf + len, line, n + 1);
    len += n;
  }
  int held = shared ? __atomic_load_n(&shared->held, __ATOMIC_RELAXED) : 0;
  if (held > 0) {
    char line[512];
    Format(line, sizeof(line),
           "==%d==cgosan: summary: %d Go pointer%s C kept were never judged: a cgo call in "
           "progress that lent memory at or below %s had not returned when the program ended\n",
           pid, held, held == 1 ? "" : "s", held == 1 ? "it" : "them");
    unsigned n = (unsigned)strlen(line);
    if (len + n < size) {
      memcpy(buf + len, line, n + 1);
      len += n;
    }
  }
  return len;
}

void CountHeld(int delta) {
  if (shared)
    __atomic_fetch_add(&shared->held, delta, __ATOMIC_RELAXED);
}

void StartSummaryWatcher() {
  bool sarif = !strcmp(flags.format, "sarif");
  if (watcher_started || !shared || (!sarif && (!flags.summary || flags.halt_on_error)))
    return;
  watcher_started = true;
  int parent = getpid();
  if (sarif) {
    Format(jsonl_path, sizeof(jsonl_path), "%s.%d", flags.log_path, parent);
    Format(sarif_path, sizeof(sarif_path), "%s.%d.sarif", flags.log_path, parent);
    FindCgosanBinary(cgosan_bin, sizeof(cgosan_bin));
  }
  int report_fd = ReportFd();
  int fds[2];
  if (pipe2(fds, O_CLOEXEC) != 0)
    return;
  long pid = syscall(SYS_clone, SIGCHLD, 0, 0, 0, 0);
  if (pid == 0) {
    close(fds[1]);
    // Hold no other descriptor of the program open (a socket, a pipe a parent waits on) beyond
    // the report streams.
    for (int fd = 3; fd < 1024; fd++)
      if (fd != fds[0] && fd != report_fd)
        close(fd);
    Watch(fds[0], parent, report_fd);
  }
  close(fds[0]);
  // fds[1] stays open, close-on-exec, until the program ends.
}

} // namespace cgosan
