// Formatting into fixed buffers and writing whole reports with one write(2): reports are printed
// from inside other people's programs, on any thread, so nothing here allocates.
#ifndef CGOSAN_OUTPUT_H
#define CGOSAN_OUTPUT_H

#include <stdarg.h>

namespace cgosan {

// snprintf into buf, always NUL-terminated.
void Format(char *buf, unsigned size, const char *fmt, ...) __attribute__((format(printf, 3, 4)));

class Writer {
public:
  explicit Writer(int fd) : fd_(fd), len_(0) {}
  ~Writer() { Flush(); }
  void Printf(const char *fmt, ...) __attribute__((format(printf, 2, 3)));
  void Flush();

private:
  int fd_;
  unsigned len_;
  char buf_[8192];
};

// Prints "==PID==cgosan: WARNING: msg" to the report descriptor.
void Warn(const char *msg);

// The file log_path=PATH names for process pid: "PATH.PID", and "PATH.PID.sarif" with
// suffix ".sarif". The one place the pattern is spelled.
void LogFileName(char *buf, unsigned size, int pid, const char *suffix = "");

// The descriptor reports go to: standard error, or PATH.PID for log_path=PATH (opened on first
// use; the PID is taken again after fork).
int ReportFd();
// True once a report could not be written to log_path.
bool LogLost();

} // namespace cgosan

#endif
