// SafeRead through process_vm_readv: the kernel reports a bad address instead of delivering
// SIGSEGV to a program that has its own handlers (Go's among them). The process id is cached (one
// system call per read, not two) and taken again in a child after fork.
#include "safe_read.h"

#include <errno.h>
#include <pthread.h>
#include <sys/syscall.h>
#include <sys/uio.h>
#include <unistd.h>

namespace cgosan {

namespace {
int cached_pid;
void ForgetPid() { __atomic_store_n(&cached_pid, 0, __ATOMIC_RELAXED); }
int Pid() {
  int pid = __atomic_load_n(&cached_pid, __ATOMIC_RELAXED);
  if (!pid) {
    pid = (int)syscall(SYS_getpid);
    __atomic_store_n(&cached_pid, pid, __ATOMIC_RELAXED);
  }
  return pid;
}
} // namespace

void InitSafeRead() { pthread_atfork(nullptr, nullptr, ForgetPid); }

bool SafeRead(uintptr_t addr, uintptr_t *out) {
  struct iovec local = {out, sizeof(*out)};
  struct iovec remote = {(void *)addr, sizeof(*out)};
  ssize_t n = process_vm_readv(Pid(), &local, 1, &remote, 1, 0);
  if (n == (ssize_t)sizeof(*out))
    return true;
  if (n < 0 && (errno == ENOSYS || errno == EPERM)) {
    *out = *(volatile uintptr_t *)addr;
    return true;
  }
  return false;
}

} // namespace cgosan
