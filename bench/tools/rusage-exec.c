// rusage-exec: runs COMMAND as a forked child, waits for it, and writes what it cost to fd 3 as
// "USER_NS SYS_NS MAXRSS_KB\n"; exits with the child's status. The bench harness starts every
// measured process through it.
//
// Why not wait4 from Go directly: Go starts children with vfork (CLONE_VM), and at exec Linux
// keeps the old address space's high-water mark in the child's ru_maxrss, so every child would
// report at least the harness's own RSS. A child forked from this small program starts from
// its RSS instead (about 1 MB, below any Go program's).
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv) {
  if (argc < 2) {
    fprintf(stderr, "usage: rusage-exec COMMAND [ARG...]  (report on fd 3)\n");
    return 127;
  }
  if (fcntl(3, F_SETFD, FD_CLOEXEC) != 0) {
    perror("rusage-exec: fd 3");
    return 127;
  }
  pid_t pid = fork();
  if (pid < 0) {
    perror("rusage-exec: fork");
    return 127;
  }
  if (pid == 0) {
    execvp(argv[1], argv + 1);
    perror("rusage-exec: exec");
    _exit(127);
  }
  int status;
  struct rusage ru;
  while (wait4(pid, &status, 0, &ru) < 0) {
    if (errno != EINTR) {
      perror("rusage-exec: wait4");
      return 127;
    }
  }
  dprintf(3, "%lld %lld %ld\n",
          (long long)ru.ru_utime.tv_sec * 1000000000LL + (long long)ru.ru_utime.tv_usec * 1000LL,
          (long long)ru.ru_stime.tv_sec * 1000000000LL + (long long)ru.ru_stime.tv_usec * 1000LL,
          ru.ru_maxrss);
  close(3);
  if (WIFSIGNALED(status)) {
    signal(WTERMSIG(status), SIG_DFL);
    raise(WTERMSIG(status));
    return 128 + WTERMSIG(status);
  }
  return WEXITSTATUS(status);
}
