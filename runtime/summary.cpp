// The shared counters and the watcher process (see summary.h). The watcher is forked with a raw
// clone (no atfork handlers, which could take locks the reporting thread's program holds) and, in
// the child, only raw system calls and this library's allocation-free code run.
#include "summary.h"

#include "findings_page.h"
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

FindingsPage *page;
bool supervised;
bool watcher_started;

// `cgosan`, which turns JSON lines into SARIF: $CGOSAN_BIN (which `cgosan go` and `cgosan exec`
// set), else the one this runtime was built or installed with.
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
  if (flags.summary && !supervised) {
    char buf[4096];
    unsigned n = FormatSummary(buf, sizeof(buf), parent);
    int fd = strcmp(flags.format, "text") ? 2 : report_fd;
    if (n && write(fd, buf, n) < 0) {
    }
  }
  if (!strcmp(flags.format, "sarif") && cgosan_bin[0]) {
    const char *argv[] = {cgosan_bin, "report",   "--format", "sarif",
                          "-o",       sarif_path, jsonl_path, nullptr};
    syscall(SYS_execve, cgosan_bin, argv, environ);
    const char msg[] = "cgosan: cannot run cgosan report to write the SARIF log\n";
    if (write(2, msg, sizeof(msg) - 1) < 0) {
    }
  }
  syscall(SYS_exit_group, 0);
  __builtin_unreachable();
}

// The supervisor's page: $CGOSAN_SUPERVISOR_FD names a memfd that `cgosan exec` made. Checked by
// name, so that a descriptor reused for something else by the time a child process starts is not
// taken for it.
FindingsPage *SupervisorPage() {
  const char *env = getenv("CGOSAN_SUPERVISOR_FD");
  if (!env || !*env)
    return nullptr;
  int fd = atoi(env);
  char link[64], target[128];
  Format(link, sizeof(link), "/proc/self/fd/%d", fd);
  ssize_t n = readlink(link, target, sizeof(target) - 1);
  if (n <= 0)
    return nullptr;
  target[n] = 0;
  if (!strstr(target, "memfd:cgosan-findings"))
    return nullptr;
  void *p = mmap(nullptr, sizeof(FindingsPage), PROT_READ | PROT_WRITE, MAP_SHARED, fd, 0);
  if (p == MAP_FAILED || ((FindingsPage *)p)->magic != kFindingsMagic)
    return nullptr;
  return (FindingsPage *)p;
}

} // namespace

void NoteLevel(int level) {
  if (page)
    __atomic_store_n(&page->level, level, __ATOMIC_RELAXED);
}

bool InitSummary() {
  page = SupervisorPage();
  supervised = page != nullptr;
  if (!page) {
    void *p = mmap(nullptr, sizeof(FindingsPage), PROT_READ | PROT_WRITE,
                   MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    if (p != MAP_FAILED) {
      page = (FindingsPage *)p;
      page->magic = kFindingsMagic;
    }
  }
  return supervised;
}

bool Supervised() { return supervised; }

bool SarifConverterFound() {
  FindCgosanBinary(cgosan_bin, sizeof(cgosan_bin));
  return cgosan_bin[0] != 0;
}

void CountFinding(Rule rule, bool first, bool suppressed) {
  if (!page)
    return;
  RuleCounts &c = page->rules[(unsigned)rule];
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

void CountHeld(int delta) {
  if (page)
    __atomic_fetch_add(&page->held, delta, __ATOMIC_RELAXED);
}
void CountLostReport() {
  if (page)
    __atomic_fetch_add(&page->lost, 1, __ATOMIC_RELAXED);
}
void CountRetainedUsed() {
  if (page)
    __atomic_fetch_add(&page->retained_used, 1, __ATOMIC_RELAXED);
}
void CountSafeRead() {
  if (page)
    __atomic_fetch_add(&page->safe_reads, 1, __ATOMIC_RELAXED);
}

unsigned FormatSummary(char *buf, unsigned size, int pid) {
  if (!page) {
    buf[0] = 0;
    return 0;
  }
  return FormatFindingsSummary(*page, pid, flags.verbosity > 0, buf, size);
}

void StartSummaryWatcher() {
  bool sarif = !strcmp(flags.format, "sarif");
  if (watcher_started || !page || (!sarif && (supervised || !flags.summary || flags.halt_on_error)))
    return;
  watcher_started = true;
  int parent = getpid();
  if (sarif) {
    LogFileName(jsonl_path, sizeof(jsonl_path), parent);
    LogFileName(sarif_path, sizeof(sarif_path), parent, ".sarif");
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
