// The retained-go-pointer decision (retention.h).
#include "retention.h"

#include "held_records.h"
#include "lent_memory.h"
#include "modules.h"
#include "pinned.h"
#include "report.h"
#include "safe_read.h"
#include "summary.h"

namespace cgosan {

namespace {

// Reads the word the record points at as it is now. A location in a loaded module's data (a C
// global, the common case) is read directly while no module has been unloaded since the store;
// anything else (a heap block, memory a custom allocator may have unmapped) through SafeRead.
bool ReadRecordedWord(const StoreRecord &r, uintptr_t *out) {
  if (r.in_module_data && ModulesUnloaded() == r.modules_unloaded) {
    *out = __atomic_load_n((const uintptr_t *)r.addr, __ATOMIC_RELAXED);
    return true;
  }
  CountSafeRead();
  return SafeRead(r.addr, out);
}

// The lent argument v points into: its index in f.lent, or -1. An exact match first.
int FindLent(const CallFrame &f, uintptr_t v) {
  unsigned n = f.lent_count < kMaxLent ? f.lent_count : kMaxLent;
  for (unsigned i = 0; i < n; i++)
    if (v == f.lent[i])
      return (int)i;
  for (unsigned i = 0; i < n; i++)
    if (v >= f.lent[i] && v < f.lent_end[i])
      return (int)i;
  return -1;
}

} // namespace

StoreRecord NewRecord(uintptr_t addr, uintptr_t value, const cgosan_site *site, int level) {
  StoreRecord r = {};
  r.addr = addr;
  r.value = value;
  r.site = site;
  r.level = (uint8_t)level;
  r.lent_argument = -1;
  r.in_module_data = InModuleData(addr, &r.modules_unloaded);
  return r;
}

void FillLender(StoreRecord &r, const CallFrame &f) {
  r.call = __atomic_load_n(&f.call, __ATOMIC_RELAXED);
  r.kind = KindOf(r.value, __atomic_load_n(&f.go_frame, __ATOMIC_RELAXED));
  int lent = FindLent(f, r.value);
  uint32_t index = lent >= 0 ? f.lent_index[lent] : UINT32_MAX;
  r.lent_argument = index != UINT32_MAX ? (int32_t)index : -1;
}

bool JudgeRecord(ThreadState &t, unsigned depth, const StoreRecord &r,
                 const cgosan_call *returning) {
  uintptr_t now;
  if (!ReadRecordedWord(r, &now) || now != r.value)
    return false;
  if (IsPinned(r.value))
    return true;
  // Still pinned by a call in progress: judged again when that call returns.
  if (LendingFrame(t, depth, r.value) >= 0) {
    AppendRecord(t, r); // with the innermost call in progress, judged again as it returns
    return true;
  }
  CallPin pin;
  if (FindLendingCall(&t, r.value, &pin)) {
    HoldRecord(t, depth, r, pin);
    return true;
  }
  // The word once more: between the first read and the look at other threads, the call that lent
  // r.value there may have cleared it and returned (C on that thread owning what this one
  // stored). Its return stores its depth with release and FindLendingCall loads it with acquire,
  // so the clear is visible now.
  if (!ReadRecordedWord(r, &now) || now != r.value)
    return false;
  RetainedPointer rp;
  rp.store_site = r.site;
  rp.call = r.call;
  rp.last_pinned_by = returning != r.call ? returning : nullptr;
  rp.go_pointer = r.value;
  rp.kind = r.kind;
  rp.kept_at = r.addr;
  rp.stack = &r.stack;
  rp.level = r.level;
  rp.lent_argument = r.lent_argument;
  rp.by_other_thread = r.by_other_thread;
  ReportRetainedPointer(rp);
  return true;
}

} // namespace cgosan
