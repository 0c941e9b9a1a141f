// Per-thread cgo call state. Record buffers come from mmap, never malloc: they grow inside the
// C code being checked, which may hold malloc's locks.
#include "thread_state.h"

#include "fast_path.h"

#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace cgosan {

__thread ThreadState thread_state __attribute__((tls_model("initial-exec")));

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
    if (t.records) {
      memcpy(grown, t.records, t.nrecords * sizeof(StoreRecord));
      syscall(SYS_munmap, t.records, t.capacity * sizeof(StoreRecord));
    }
    t.records = grown;
    t.capacity = cap;
  }
  t.records[t.nrecords++] = r;
  return true;
}

void ForgetRange(ThreadState &t, uintptr_t lo, uintptr_t hi) {
  for (unsigned i = 0; i < t.nrecords; i++) {
    StoreRecord &r = t.records[i];
    if (r.addr >= lo && r.addr < hi)
      r.value = 0;
  }
}

} // namespace cgosan
