// The runtime's one lock: a test-and-set spin lock for slow paths (reports, the held-records list,
// the module snapshot). No futex and no allocation, so it works before libc is fully up and
// inside the allocator's callers; a waiter yields the CPU after a short spin. Not reentrant: the
// slow paths that take it run with the thread's in_slow_path set (slow_path.h), so a hook that
// fires inside them returns at once instead of taking it again.
#ifndef CGOSAN_SPIN_LOCK_H
#define CGOSAN_SPIN_LOCK_H

#include <sched.h>

namespace cgosan {

inline void CpuRelax() {
#if defined(__x86_64__)
  __builtin_ia32_pause();
#elif defined(__aarch64__)
  __asm__ __volatile__("yield");
#endif
}

class SpinLock {
public:
  void Lock() {
    for (unsigned spins = 0; __atomic_exchange_n(&held_, 1, __ATOMIC_ACQUIRE); spins++) {
      if (spins < 64)
        CpuRelax();
      else
        sched_yield();
    }
  }
  void Unlock() { __atomic_store_n(&held_, 0, __ATOMIC_RELEASE); }

private:
  int held_ = 0;
};

class SpinLockGuard {
public:
  explicit SpinLockGuard(SpinLock &l) : l_(l) { l_.Lock(); }
  ~SpinLockGuard() { l_.Unlock(); }
  SpinLockGuard(const SpinLockGuard &) = delete;
  SpinLockGuard &operator=(const SpinLockGuard &) = delete;

private:
  SpinLock &l_;
};

} // namespace cgosan

#endif
