// Go memory the user told cgosan is pinned (runtime.Pinner), through cgosan.h: C may keep it,
// and an exported Go function may return it.
#ifndef CGOSAN_PINNED_H
#define CGOSAN_PINNED_H

#include <stddef.h>
#include <stdint.h>

namespace cgosan {

// Pins [p, p+size) (size 0: the address p alone); false if the table is full.
bool Pin(uintptr_t p, size_t size);
// Ends the pin that starts at p.
void Unpin(uintptr_t p);
// True if a is in pinned memory. Lock-free.
bool IsPinned(uintptr_t a);

} // namespace cgosan

#endif
