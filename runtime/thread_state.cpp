// Per-thread cgo call state. Record buffers and overflow frames come from mmap, never malloc:
// they grow inside the C code being checked, which may hold malloc's locks. Neither is ever
// unmapped while the thread lives: other threads read them without a lock (a free() clearing a
// record, another thread's coverage check reading a frame).
#include "thread_state.h"

#include "held_records.h"
#include "output.h"
#include "thread_registry.h"

#include <dlfcn.h>
#include <fcntl.h>
#include <pthread.h>
#include <stddef.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace cgosan {} // namespace cgosan

__thread cgosan::ThreadState __cgosan_thread __attribute__((tls_model("initial-exec")));

namespace cgosan {

// The wrappers' inline call path addresses these fields by offset (cgosan_abi.h).
static_assert(offsetof(ThreadState, depth) == CGOSAN_T_DEPTH, "thread state layout");
static_assert(offsetof(ThreadState, inline_limit) == CGOSAN_T_INLINE_LIMIT, "thread state layout");
static_assert(offsetof(ThreadState, nrecords) == CGOSAN_T_NRECORDS, "thread state layout");
static_assert(offsetof(ThreadState, pending_pins) == CGOSAN_T_EXIT_WORK &&
                  offsetof(ThreadState, long_calls) == CGOSAN_T_EXIT_WORK + 4,
              "exit_work is pending_pins and long_calls");
static_assert(offsetof(ThreadState, lent_cache) == CGOSAN_T_LENT_CACHE, "thread state layout");
static_assert(offsetof(ThreadState, history) == CGOSAN_T_HISTORY, "thread state layout");
static_assert(offsetof(ThreadState, last_entry) == CGOSAN_T_LAST_ENTRY, "thread state layout");
static_assert(offsetof(ThreadState, history_next) == CGOSAN_T_HISTORY_NEXT, "thread state layout");
static_assert(offsetof(ThreadState, frames) == CGOSAN_T_FRAMES, "thread state layout");
static_assert(sizeof(CallFrame) == CGOSAN_FRAME_SIZE, "call frame size");
static_assert(offsetof(CallFrame, call) == CGOSAN_F_CALL, "call frame layout");
static_assert(offsetof(CallFrame, stack_hi) == CGOSAN_F_STACK_HI, "call frame layout");
static_assert(offsetof(CallFrame, go_frame) == CGOSAN_F_GO_FRAME, "call frame layout");
static_assert(offsetof(CallFrame, first_record) == CGOSAN_F_FIRST_RECORD, "call frame layout");
static_assert(offsetof(CallFrame, serial) == CGOSAN_F_SERIAL, "call frame layout");
static_assert(offsetof(CallFrame, lent_count) == CGOSAN_F_LENT_COUNT, "call frame layout");
static_assert(offsetof(CallFrame, lent) == CGOSAN_F_LENT, "call frame layout");
static_assert(offsetof(CallFrame, lent_end) == CGOSAN_F_LENT_END, "call frame layout");
static_assert(offsetof(CallFrame, lent_index) == CGOSAN_F_LENT_INDEX, "call frame layout");

unsigned g_threads_with_records;

namespace {

void ForgetOwn(ThreadState &t, uintptr_t lo, uintptr_t hi) {
  for (unsigned i = 0; i < t.nrecords; i++) {
    StoreRecord &r = t.records[i];
    if (r.addr >= lo && r.addr < hi)
      r.value = 0;
  }
}

// Another thread's records, read as they are being written: a record cleared while its owner
// grows the buffer may stay set (the owner copies it first), which costs a report, not a fault.
void ForgetOther(ThreadState &t, uintptr_t lo, uintptr_t hi) {
  StoreRecord *rs = __atomic_load_n(&t.records, __ATOMIC_ACQUIRE);
  unsigned n = __atomic_load_n(&t.nrecords, __ATOMIC_ACQUIRE);
  unsigned cap = __atomic_load_n(&t.capacity, __ATOMIC_ACQUIRE);
  for (unsigned i = 0; rs && i < n && i < cap; i++) {
    uintptr_t a = __atomic_load_n(&rs[i].addr, __ATOMIC_RELAXED);
    if (a >= lo && a < hi)
      __atomic_store_n(&rs[i].value, 0, __ATOMIC_RELAXED);
  }
}

void MoveIn(StoreRecord *rs, unsigned n, uintptr_t old_lo, uintptr_t old_hi, uintptr_t kept,
            uintptr_t new_lo) {
  for (unsigned i = 0; i < n; i++) {
    uintptr_t a = __atomic_load_n(&rs[i].addr, __ATOMIC_RELAXED);
    if (a < old_lo || a >= old_hi)
      continue;
    if (a - old_lo < kept)
      __atomic_store_n(&rs[i].addr, new_lo + (a - old_lo), __ATOMIC_RELAXED);
    else
      __atomic_store_n(&rs[i].value, 0, __ATOMIC_RELAXED); // cut off by shrinking
  }
}

bool OthersMayHaveRecords(const ThreadState &self) {
  return __atomic_load_n(&g_threads_with_records, __ATOMIC_ACQUIRE) >
         (self.records_counted ? 1u : 0u);
}

// glibc's size of the static TLS area, from ld.so's private _dl_get_tls_static_info (which the
// compiler sanitizers use the same way); 0 if it is not there. Looked up at start-up: dlsym may
// allocate.
uintptr_t static_tls_size;

// The mapping of /proc/self/maps that holds `a`, read with plain system calls (no allocation:
// this runs inside the C code being checked). The main thread's stack ("[stack]") grows down on
// demand: its lower end is where it may grow to (RLIMIT_STACK), not where it is now.
bool MappingOf(uintptr_t a, uintptr_t *lo, uintptr_t *hi) {
  int fd = (int)syscall(SYS_openat, AT_FDCWD, "/proc/self/maps", O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return false;
  char buf[4096];
  unsigned len = 0;
  bool found = false;
  for (;;) {
    ssize_t n = read(fd, buf + len, sizeof(buf) - 1 - len);
    if (n <= 0)
      break;
    len += (unsigned)n;
    buf[len] = 0;
    char *line = buf;
    for (char *nl; (nl = strchr(line, '\n')); line = nl + 1) {
      uintptr_t l = 0, h = 0;
      char *p = line;
      for (; *p && *p != '-'; p++)
        l = l * 16 + (uintptr_t)(*p <= '9' ? *p - '0' : (*p | 0x20) - 'a' + 10);
      for (p++; *p && *p != ' '; p++)
        h = h * 16 + (uintptr_t)(*p <= '9' ? *p - '0' : (*p | 0x20) - 'a' + 10);
      if (a >= l && a < h) {
        *lo = l;
        *hi = h;
        *nl = 0;
        struct rlimit rl;
        if (strstr(line, "[stack]") && getrlimit(RLIMIT_STACK, &rl) == 0 &&
            rl.rlim_cur != RLIM_INFINITY && rl.rlim_cur < h)
          *lo = h - rl.rlim_cur < l ? h - rl.rlim_cur : l;
        found = true;
        break;
      }
    }
    if (found)
      break;
    // Keep the unfinished line for the next read.
    len = (unsigned)strlen(line);
    memmove(buf, line, len);
  }
  close(fd);
  return found;
}

} // namespace

void InitThreadState() {
  using Fn = void (*)(size_t *, size_t *);
  if (Fn fn = (Fn)dlsym(RTLD_DEFAULT, "_dl_get_tls_static_info")) {
    size_t size = 0, align = 0;
    fn(&size, &align);
    static_tls_size = size;
  }
}

void *MapPages(uintptr_t size) {
  void *p = (void *)syscall(SYS_mmap, nullptr, size, PROT_READ | PROT_WRITE,
                            MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  return p == MAP_FAILED ? nullptr : p;
}

bool AppendRecord(ThreadState &t, const StoreRecord &r) {
  if (t.nrecords == t.capacity) {
    unsigned cap = t.capacity ? t.capacity * 2 : 128;
    StoreRecord *grown = (StoreRecord *)MapPages(cap * sizeof(StoreRecord));
    if (!grown)
      return false;
    if (t.records)
      memcpy(grown, t.records, t.nrecords * sizeof(StoreRecord));
    // The old buffer stays mapped: another thread may be reading it (ForgetOther). Buffers
    // double, so what is left behind is never more than what is in use.
    __atomic_store_n(&t.records, grown, __ATOMIC_RELEASE);
    __atomic_store_n(&t.capacity, cap, __ATOMIC_RELEASE);
  }
  t.records[t.nrecords] = r;
  __atomic_store_n(&t.nrecords, t.nrecords + 1, __ATOMIC_RELEASE);
  if (!t.records_counted) {
    t.records_counted = true;
    __atomic_fetch_add(&g_threads_with_records, 1, __ATOMIC_ACQ_REL);
  }
  return true;
}

void NoteRecordsEmpty(ThreadState &t) {
  if (t.nrecords == 0 && t.records_counted) {
    t.records_counted = false;
    __atomic_fetch_sub(&g_threads_with_records, 1, __ATOMIC_ACQ_REL);
  }
}

CallFrame *FrameForEnter(ThreadState &t, unsigned d) {
  if (d < kInlineFrames)
    return &t.frames[d];
  if (CallFrame *f = FrameAt(t, d))
    return f;
  unsigned cap = t.overflow_capacity ? t.overflow_capacity * 2 : 64;
  while (d - kInlineFrames >= cap)
    cap *= 2;
  CallFrame *grown = (CallFrame *)MapPages(cap * sizeof(CallFrame));
  if (!grown) {
    static bool warned;
    if (!__atomic_exchange_n(&warned, true, __ATOMIC_RELAXED))
      Warn("out of memory for cgo call frames: deeper nested calls are not checked");
    return nullptr;
  }
  if (t.overflow)
    memcpy(grown, t.overflow, t.overflow_capacity * sizeof(CallFrame));
  // The old array stays mapped, for the same reason as old record buffers.
  __atomic_store_n(&t.overflow, grown, __ATOMIC_RELEASE);
  __atomic_store_n(&t.overflow_capacity, cap, __ATOMIC_RELEASE);
  return &grown[d - kInlineFrames];
}

void ForgetRecordsIn(uintptr_t lo, uintptr_t hi) {
  ThreadState &self = CurrentThread();
  if (self.nrecords)
    ForgetOwn(self, lo, hi);
  if (OthersMayHaveRecords(self))
    AnyOtherThread(&self, [&](ThreadState &t) {
      ForgetOther(t, lo, hi);
      return false;
    });
  if (HeldCount())
    ForgetHeldIn(lo, hi);
}

void MoveRecordsIn(uintptr_t old_lo, uintptr_t old_hi, uintptr_t kept, uintptr_t new_lo) {
  ThreadState &self = CurrentThread();
  if (self.nrecords)
    MoveIn(self.records, self.nrecords, old_lo, old_hi, kept, new_lo);
  if (OthersMayHaveRecords(self))
    AnyOtherThread(&self, [&](ThreadState &t) {
      StoreRecord *rs = __atomic_load_n(&t.records, __ATOMIC_ACQUIRE);
      unsigned n = __atomic_load_n(&t.nrecords, __ATOMIC_ACQUIRE);
      if (rs)
        MoveIn(rs, n, old_lo, old_hi, kept, new_lo);
      return false;
    });
  if (HeldCount())
    MoveHeldIn(old_lo, old_hi, kept, new_lo);
}

namespace {

// Finds the mapping of t's stack from an address on it, once; t may be another thread (fields
// written with atomics: two threads finding it at once write the same values).
void FindStack(ThreadState &t, uintptr_t on_stack, bool own) {
  if (__atomic_load_n(&t.own_stack_hi, __ATOMIC_ACQUIRE))
    return;
  uintptr_t lo = 0, hi = 0;
  if (!MappingOf(on_stack, &lo, &hi)) {
    lo = on_stack;
    hi = on_stack + 1;
  }
  // glibc puts a thread's static TLS at the top of its stack mapping: on x86-64 just below the
  // thread pointer (pthread_self), on arm64 just above it. Thread-locals outlive the thread's
  // calls in a pool, so they are not locals. For another thread, its wrapper frame bounds what
  // counts anyway.
  if (own) {
    uintptr_t tp = (uintptr_t)pthread_self();
#if defined(__x86_64__)
    uintptr_t tls = tp - static_tls_size;
#else
    uintptr_t tls = tp;
#endif
    if (tls > lo && tls < hi)
      hi = tls;
  }
  __atomic_store_n(&t.own_stack_lo, lo, __ATOMIC_RELAXED);
  __atomic_store_n(&t.own_stack_hi, hi, __ATOMIC_RELEASE);
}

} // namespace

bool IsOwnStackLocal(ThreadState &t, uintptr_t a) {
  char here;
  FindStack(t, (uintptr_t)&here, true);
  return a >= t.own_stack_lo && a < t.own_stack_hi;
}

bool IsLocalOfOtherThreadsCalls(const ThreadState &self, uintptr_t a) {
  return AnyOtherThread(&self, [&](ThreadState &t) {
    if (!__atomic_load_n(&t.depth, __ATOMIC_ACQUIRE))
      return false;
    uintptr_t top = __atomic_load_n(&t.frames[0].stack_hi, __ATOMIC_RELAXED);
    if (a >= top)
      return false;
    FindStack(t, top - sizeof(void *), false);
    return a >= __atomic_load_n(&t.own_stack_lo, __ATOMIC_RELAXED);
  });
}

} // namespace cgosan
