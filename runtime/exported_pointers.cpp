// A small ring of the Go pointers exported functions returned. Written only when a violation was
// just reported, so a lock-free ring with a shared index is cheap enough.
#include "exported_pointers.h"

namespace cgosan {

namespace {

constexpr unsigned kRing = 256;
ExportedPointer ring[kRing];
unsigned next_slot;

} // namespace

void NoteExportedPointer(const ExportedPointer &e) {
  unsigned i = __atomic_load_n(&next_slot, __ATOMIC_RELAXED) % kRing;
  ring[i] = e;
  __atomic_fetch_add(&next_slot, 1, __ATOMIC_RELEASE);
}

bool FindExportedPointer(uintptr_t a, ExportedPointer *out) {
  unsigned next = __atomic_load_n(&next_slot, __ATOMIC_ACQUIRE);
  unsigned n = next < kRing ? next : kRing;
  for (unsigned k = 1; k <= n; k++) {
    const ExportedPointer &e = ring[(next - k) % kRing];
    if (a - e.value < kExportedExtent) {
      *out = e;
      return true;
    }
  }
  return false;
}

} // namespace cgosan
