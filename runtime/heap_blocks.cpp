// Allocation-site table for instrumented malloc/calloc/realloc calls (see heap_blocks.h).
#include "heap_blocks.h"

namespace cgosan {

namespace {
constexpr unsigned kSlots = 1u << 16;
constexpr unsigned kProbe = 8;
constexpr uintptr_t kTombstone = 1;

struct Slot {
  uintptr_t start;
  uintptr_t size;
  const cgosan_site *site;
};
Slot slots[kSlots];
unsigned used; // any slot ever filled: lets free() skip the probe in programs that never allocate

unsigned Home(uintptr_t p) {
  return (unsigned)((p >> 4) * 0x9E3779B97F4A7C15ull >> 48) & (kSlots - 1);
}
} // namespace

void NoteHeapAlloc(uintptr_t p, uintptr_t size, const cgosan_site *site) {
  if (p <= kTombstone)
    return;
  unsigned home = Home(p);
  unsigned target = home;
  for (unsigned i = 0; i < kProbe; i++) {
    Slot &s = slots[(home + i) & (kSlots - 1)];
    uintptr_t cur = __atomic_load_n(&s.start, __ATOMIC_RELAXED);
    if (cur == 0 || cur == kTombstone || cur == p) {
      if (__atomic_compare_exchange_n(&s.start, &cur, p, false, __ATOMIC_ACQ_REL,
                                      __ATOMIC_RELAXED)) {
        target = (home + i) & (kSlots - 1);
        goto fill;
      }
    }
  }
  __atomic_store_n(&slots[target].start, p, __ATOMIC_RELEASE);
fill:
  __atomic_store_n(&slots[target].size, size, __ATOMIC_RELAXED);
  __atomic_store_n(&slots[target].site, site, __ATOMIC_RELEASE);
  if (!__atomic_load_n(&used, __ATOMIC_RELAXED))
    __atomic_store_n(&used, 1, __ATOMIC_RELAXED);
}

void NoteHeapFree(uintptr_t p) {
  if (p <= kTombstone || !__atomic_load_n(&used, __ATOMIC_RELAXED))
    return;
  unsigned home = Home(p);
  for (unsigned i = 0; i < kProbe; i++) {
    Slot &s = slots[(home + i) & (kSlots - 1)];
    // A plain load first: a locked compare-and-swap on each probed slot would cost every free()
    // of a block the table does not hold (most of them) eight atomic operations.
    uintptr_t cur = __atomic_load_n(&s.start, __ATOMIC_RELAXED);
    if (cur == p && __atomic_compare_exchange_n(&s.start, &cur, kTombstone, false, __ATOMIC_ACQ_REL,
                                                __ATOMIC_RELAXED))
      return;
  }
}

bool FindHeapBlock(uintptr_t addr, HeapBlock *out) {
  for (unsigned i = 0; i < kSlots; i++) {
    uintptr_t start = __atomic_load_n(&slots[i].start, __ATOMIC_ACQUIRE);
    if (start <= kTombstone || addr < start)
      continue;
    uintptr_t size = __atomic_load_n(&slots[i].size, __ATOMIC_RELAXED);
    if (addr - start < size || (size == 0 && addr == start)) {
      out->start = start;
      out->size = size;
      out->site = __atomic_load_n(&slots[i].site, __ATOMIC_ACQUIRE);
      return true;
    }
  }
  return false;
}

} // namespace cgosan
