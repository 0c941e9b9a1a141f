// The pin table: a fixed array scanned up to its high-water mark. Pins are rare and long-lived,
// and lookups happen only on slow paths (an access outside lent memory, a retained pointer).
#include "pinned.h"

namespace cgosan {

namespace {

constexpr unsigned kMaxPins = 4096;

struct PinSlot {
  uintptr_t base; // 0: free
  uintptr_t end;
};
PinSlot pins[kMaxPins];
constexpr uintptr_t kClaimed = 1; // a slot being filled in: no memory starts at address 1
unsigned pins_high;

} // namespace

bool Pin(uintptr_t p, size_t size) {
  if (!p)
    return true;
  uintptr_t end = p + (size ? size : 1);
  for (unsigned i = 0; i < kMaxPins; i++) {
    // Claim the slot with the marker kClaimed, fill in `end`, then publish `base`: a reader that
    // sees a base sees its end.
    uintptr_t expected = 0;
    if (!__atomic_compare_exchange_n(&pins[i].base, &expected, kClaimed, false, __ATOMIC_ACQUIRE,
                                     __ATOMIC_RELAXED))
      continue;
    __atomic_store_n(&pins[i].end, end, __ATOMIC_RELAXED);
    __atomic_store_n(&pins[i].base, p, __ATOMIC_RELEASE);
    unsigned high = __atomic_load_n(&pins_high, __ATOMIC_RELAXED);
    while (high < i + 1 && !__atomic_compare_exchange_n(&pins_high, &high, i + 1, true,
                                                        __ATOMIC_ACQ_REL, __ATOMIC_RELAXED)) {
    }
    return true;
  }
  return false;
}

void Unpin(uintptr_t p) {
  unsigned high = __atomic_load_n(&pins_high, __ATOMIC_ACQUIRE);
  for (unsigned i = 0; i < high; i++) {
    uintptr_t expected = p;
    if (p > kClaimed && __atomic_compare_exchange_n(&pins[i].base, &expected, 0, false,
                                                    __ATOMIC_RELEASE, __ATOMIC_RELAXED))
      return;
  }
}

bool IsPinned(uintptr_t a) {
  unsigned high = __atomic_load_n(&pins_high, __ATOMIC_ACQUIRE);
  for (unsigned i = 0; i < high; i++) {
    uintptr_t base = __atomic_load_n(&pins[i].base, __ATOMIC_ACQUIRE);
    if (base > kClaimed && a >= base && a < __atomic_load_n(&pins[i].end, __ATOMIC_RELAXED))
      return true;
  }
  return false;
}

} // namespace cgosan
