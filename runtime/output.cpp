// Buffered, allocation-free output for reports and start-up messages.
#include "output.h"

#include "flags.h"
#include "summary.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

namespace cgosan {

void Format(char *buf, unsigned size, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(buf, size, fmt, ap);
  va_end(ap);
}

void Writer::Printf(const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  int n = vsnprintf(buf_ + len_, sizeof(buf_) - len_, fmt, ap);
  va_end(ap);
  if (n < 0)
    return;
  if (len_ + (unsigned)n >= sizeof(buf_)) {
    // Too long for what is left: flush what we have and format again from the start.
    Flush();
    va_start(ap, fmt);
    n = vsnprintf(buf_, sizeof(buf_), fmt, ap);
    va_end(ap);
    if (n < 0)
      return;
    if ((unsigned)n >= sizeof(buf_))
      n = sizeof(buf_) - 1;
  }
  len_ += (unsigned)n;
}

void Writer::Flush() {
  unsigned off = 0;
  while (off < len_) {
    ssize_t n = write(fd_, buf_ + off, len_ - off);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      break;
    off += (unsigned)n;
  }
  len_ = 0;
}

void LogFileName(char *buf, unsigned size, int pid, const char *suffix) {
  Format(buf, size, "%s.%d%s", flags.log_path, pid, suffix);
}

static int log_fd = -1;
static int log_pid = 0;
static bool log_lost;

bool LogLost() { return __atomic_load_n(&log_lost, __ATOMIC_RELAXED); }

int ReportFd() {
  if (!flags.log_path || !flags.log_path[0])
    return 2;
  int pid = getpid();
  if (log_fd >= 0 && log_pid == pid)
    return log_fd;
  char path[4096];
  LogFileName(path, sizeof(path), pid);
  int fd = open(path, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0) {
    // The report still gets out, on standard error, and the run fails (CountLostReport): a
    // finding must not vanish because its log could not be written.
    char msg[4200];
    Format(msg, sizeof(msg), "==%d==cgosan: cannot open log_path '%s' (%s); reporting to stderr\n",
           pid, path, strerror(errno));
    Writer w(2);
    w.Printf("%s", msg);
    __atomic_store_n(&log_lost, true, __ATOMIC_RELAXED);
    CountLostReport();
    return 2;
  }
  log_fd = fd;
  log_pid = pid;
  return fd;
}

void Warn(const char *msg) {
  Writer w(ReportFd());
  w.Printf("==%d==cgosan: WARNING: %s\n", (int)getpid(), msg);
}

} // namespace cgosan
