// The entry points instrumented code calls (cgosan_abi.h): cgo call entry and exit, lent
// arguments, pointer stores, heap allocations. They run on every instrumented store, so the common
// case (no cgo call in progress on this thread, or a store of a non-Go value) is a TLS load and a
// page-map lookup. Every hook keeps errno as it found it: the C code being checked may read it.
#include "cgosan_abi.h"
#include "flags.h"
#include "go_memory.h"
#include "heap_blocks.h"
#include "report.h"
#include "thread_state.h"

#include <errno.h>
#include <sys/uio.h>
#include <unistd.h>

using namespace cgosan;

namespace {

// Reads the word at addr without faulting if the memory was unmapped since (a heap block freed by
// code the pass did not see, for instance).
bool SafeRead(uintptr_t addr, uintptr_t *out) {
  struct iovec local = {out, sizeof(*out)};
  struct iovec remote = {(void *)addr, sizeof(*out)};
  ssize_t n = process_vm_readv(getpid(), &local, 1, &remote, 1, 0);
  if (n == (ssize_t)sizeof(*out))
    return true;
  if (n < 0 && (errno == ENOSYS || errno == EPERM)) {
    *out = *(volatile uintptr_t *)addr;
    return true;
  }
  return false;
}

// Go pointers lent to an enclosing call stay pinned until that call returns, so an inner call may
// leave them stored; they are judged when their own call returns.
bool LentByEnclosingCall(const ThreadState &t, unsigned depth, uintptr_t v) {
  for (unsigned d = 0; d < depth && d < kMaxDepth; d++) {
    const CallFrame &f = t.frames[d];
    for (unsigned i = 0; i < f.lent_count; i++)
      if (v == f.lent[i])
        return true;
  }
  return false;
}

// The lent argument equal to v: its index in f.lent, or -1.
int FindLent(const CallFrame &f, uintptr_t v) {
  for (unsigned i = 0; i < f.lent_count; i++)
    if (v == f.lent[i])
      return (int)i;
  return -1;
}

constexpr unsigned kRecentRecords = 16; // how far back a store looks for the same address

// The record of the current call for addr among the last few, or null. A cheap look back: the
// check at return re-reads every location anyway, so a miss costs only a record.
StoreRecord *FindRecent(ThreadState &t, unsigned first_record, uintptr_t addr) {
  for (unsigned i = t.nrecords; i > first_record && t.nrecords - i < kRecentRecords; i--)
    if (t.records[i - 1].addr == addr)
      return &t.records[i - 1];
  return nullptr;
}

} // namespace

extern "C" {

void __cgosan_call_enter(const cgosan_call *call, void *ret_slot) {
  if (level == 0)
    return;
  ThreadState &t = CurrentThread();
  unsigned d = t.depth++;
  if (d >= kMaxDepth)
    return;
  CallFrame &f = t.frames[d];
  f.call = call;
  f.stack_hi = (uintptr_t)ret_slot + sizeof(void *);
  f.first_record = t.nrecords;
  f.lent_count = 0;
}

void __cgosan_lend(const void *p, uint32_t index) {
  if (level == 0)
    return;
  ThreadState &t = CurrentThread();
  if (t.depth == 0 || t.depth > kMaxDepth || !IsGoPointer((uintptr_t)p))
    return;
  CallFrame &f = t.frames[t.depth - 1];
  int known = FindLent(f, (uintptr_t)p);
  if (known >= 0) {
    if (f.lent_index[known] == UINT32_MAX)
      f.lent_index[known] = index;
  } else if (f.lent_count < kMaxLent) {
    f.lent[f.lent_count] = (uintptr_t)p;
    f.lent_index[f.lent_count++] = index;
  }
}

void __cgosan_store_ptr(void *const *addr, const void *value, const cgosan_site *site) {
  ThreadState &t = CurrentThread();
  unsigned depth = t.depth;
  if (depth == 0 || depth > kMaxDepth)
    return;
  uintptr_t a = (uintptr_t)addr, v = (uintptr_t)value;
  unsigned lo = t.frames[depth - 1].first_record;
  if (!IsGoPointer(v)) {
    // Overwritten with something else: forget the pointer it held.
    if (StoreRecord *r = FindRecent(t, lo, a))
      r->value = 0;
    return;
  }
  // Locals of the C frames of the calls in progress die with them: not retention.
  char here;
  if (a >= (uintptr_t)&here && a < t.frames[0].stack_hi)
    return;
  // Stores into Go memory are not retention (go-pointer-in-go-memory is judged elsewhere).
  if (IsGoPointer(a))
    return;
  if (StoreRecord *r = FindRecent(t, lo, a)) {
    r->value = v;
    r->site = site;
    CaptureStack(&r->stack, t.frames[depth - 1].stack_hi);
    return;
  }
  int saved_errno = errno;
  StoreRecord rec{a, v, site, {}};
  CaptureStack(&rec.stack, t.frames[depth - 1].stack_hi);
  AppendRecord(t, rec);
  errno = saved_errno;
}

void __cgosan_call_exit(void) {
  if (level == 0)
    return;
  ThreadState &t = CurrentThread();
  if (t.depth == 0)
    return;
  unsigned d = --t.depth;
  if (d >= kMaxDepth)
    return;
  int saved_errno = errno;
  CallFrame &f = t.frames[d];
  unsigned end = t.nrecords;
  t.nrecords = f.first_record;
  for (unsigned i = f.first_record; i < end; i++) {
    StoreRecord r = t.records[i];
    if (r.value == 0)
      continue;
    // A later record for the same address supersedes this one.
    bool superseded = false;
    for (unsigned j = i + 1; j < end && j < i + 1024; j++)
      if (t.records[j].addr == r.addr && t.records[j].value != 0) {
        superseded = true;
        break;
      }
    if (superseded)
      continue;
    uintptr_t now;
    if (!SafeRead(r.addr, &now) || now != r.value)
      continue;
    if (d > 0 && LentByEnclosingCall(t, d, r.value)) {
      AppendRecord(t, r); // judged when the enclosing call returns
      continue;
    }
    RetainedPointer rp;
    rp.store_site = r.site;
    rp.call = f.call;
    rp.go_pointer = r.value;
    rp.kept_at = r.addr;
    rp.stack = &r.stack;
    int lent = FindLent(f, r.value);
    rp.lent = lent >= 0;
    rp.lent_argument = lent >= 0 && f.lent_index[lent] != UINT32_MAX ? (int)f.lent_index[lent] : -1;
    ReportRetainedPointer(rp);
  }
  errno = saved_errno;
}

void __cgosan_heap_alloc(const void *p, size_t size, const cgosan_site *site) {
  if (p)
    NoteHeapAlloc((uintptr_t)p, size, site);
}

} // extern "C"
