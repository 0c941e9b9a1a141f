// Allocation-site table for instrumented malloc/calloc/realloc calls (see heap_blocks.h).
#include "heap_blocks.h"

namespace cgosan {

namespace {
constexpr unsigned kSlots = 1u << 16;
constexpr unsigned kProbe = 8;
constexpr uintptr_t kTombstone = 1;

// 24 bytes. `check` ties the other fields together: slots are written with plain stores (a
// locked compare-and-swap per malloc and free was most of this table's cost), so two threads
// filling one slot at once can leave a mix, and a mix fails the check instead of naming the
// wrong site.
struct Slot {
  uintptr_t start;
  const cgosan_site *site;
  uint32_t size; // clamped at 4 GiB - 1
  uint32_t check;
};
Slot slots[kSlots];
unsigned used; // any slot ever filled: lets free() skip the probe in programs that never allocate

// Each field goes through its own multiplication, so fields of two writers do not cancel out.
uint32_t Check(uintptr_t start, uint32_t size, const cgosan_site *site) {
  constexpr uint64_t k = 0x9E3779B97F4A7C15ull;
  uint64_t x = (start * k) ^ (uintptr_t)site;
  x = (x * k) ^ size;
  x *= k;
  return (uint32_t)(x >> 32);
}

// Blocks malloc hands out one after another sit next to each other, and so do their slots: a
// program that allocates and frees many small blocks walks the table instead of missing the
// cache on every call (a hash made that 12% of workload 2's time). glibc's smallest chunk is 32
// bytes; addresses 2 MiB apart share a home slot and probe on.
unsigned Home(uintptr_t p) { return (unsigned)(p >> 5) & (kSlots - 1); }
} // namespace

void NoteHeapAlloc(uintptr_t p, uintptr_t size, const cgosan_site *site) {
  if (p <= kTombstone)
    return;
  unsigned home = Home(p);
  Slot *target = &slots[home];
  for (unsigned i = 0; i < kProbe; i++) {
    Slot &s = slots[(home + i) & (kSlots - 1)];
    uintptr_t cur = __atomic_load_n(&s.start, __ATOMIC_RELAXED);
    if (cur == 0 || cur == kTombstone || cur == p) {
      target = &s;
      break;
    }
  }
  uint32_t size32 = size < UINT32_MAX ? (uint32_t)size : UINT32_MAX;
  __atomic_store_n(&target->start, p, __ATOMIC_RELAXED);
  __atomic_store_n(&target->site, site, __ATOMIC_RELAXED);
  __atomic_store_n(&target->size, size32, __ATOMIC_RELAXED);
  __atomic_store_n(&target->check, Check(p, size32, site), __ATOMIC_RELEASE);
  if (!__atomic_load_n(&used, __ATOMIC_RELAXED))
    __atomic_store_n(&used, 1, __ATOMIC_RELAXED);
}

void NoteHeapFree(uintptr_t p) {
  if (p <= kTombstone || !__atomic_load_n(&used, __ATOMIC_RELAXED))
    return;
  unsigned home = Home(p);
  for (unsigned i = 0; i < kProbe; i++) {
    Slot &s = slots[(home + i) & (kSlots - 1)];
    if (__atomic_load_n(&s.start, __ATOMIC_RELAXED) == p) {
      __atomic_store_n(&s.start, kTombstone, __ATOMIC_RELAXED);
      return;
    }
  }
}

bool FindHeapBlock(uintptr_t addr, HeapBlock *out) {
  for (unsigned i = 0; i < kSlots; i++) {
    const Slot &s = slots[i];
    uint32_t check = __atomic_load_n(&s.check, __ATOMIC_ACQUIRE);
    uintptr_t start = __atomic_load_n(&s.start, __ATOMIC_RELAXED);
    if (start <= kTombstone || addr < start)
      continue;
    uint32_t size = __atomic_load_n(&s.size, __ATOMIC_RELAXED);
    const cgosan_site *site = __atomic_load_n(&s.site, __ATOMIC_RELAXED);
    if (check != Check(start, size, site))
      continue; // being written, or a mix of two writers
    if (addr - start < size || (size == 0 && addr == start)) {
      out->start = start;
      out->size = size;
      out->site = site;
      return true;
    }
  }
  return false;
}

} // namespace cgosan
