// Which addresses are Go memory: a page map of every mapping the Go runtime made.
//
// With cgo on linux/amd64 and arm64 the Go runtime maps all of its memory (heap arenas, which also
// hold goroutine stacks) through runtime/cgo's x_cgo_mmap, so that sanitizers can see it. The
// driver links with --wrap=x_cgo_mmap,--wrap=x_cgo_munmap, and the wrappers mark and unmark pages
// here. Nothing depends on where the heap starts: Go 1.26 randomizes its base.
#ifndef CGOSAN_GO_MEMORY_H
#define CGOSAN_GO_MEMORY_H

#include "cgosan_abi.h"

#include <stdint.h>

namespace cgosan {

// 4 KiB pages, grouped in 64 MiB chunks (Go's arena size on 64-bit Linux); a chunk's bitmap is
// allocated the first time Go maps a page in it. Lookups take two loads and no lock.
constexpr unsigned kPageShift = 12;
constexpr unsigned kChunkShift = 26;
// The inline checks' coarse table (fixed_tables.h): a byte per 64 KiB region of the 48-bit
// address space, set while Go has pages in it.
constexpr unsigned kRegionShift = CGOSAN_REGION_SHIFT;
constexpr uintptr_t kRegions = CGOSAN_REGIONS;
constexpr unsigned kAddressBits = 48;
constexpr uintptr_t kChunks = uintptr_t(1) << (kAddressBits - kChunkShift);
constexpr unsigned kPagesPerChunk = 1u << (kChunkShift - kPageShift);

struct ChunkBits {
  uint64_t words[kPagesPerChunk / 64];
};

} // namespace cgosan

// The page map's chunk table.
extern "C" cgosan::ChunkBits *__cgosan_go_chunks[cgosan::kChunks];

namespace cgosan {

inline bool IsGoPointer(uintptr_t p) {
  uintptr_t chunk = p >> kChunkShift;
  if (chunk >= kChunks)
    return false;
  ChunkBits *bits = __atomic_load_n(&__cgosan_go_chunks[chunk], __ATOMIC_ACQUIRE);
  if (!bits)
    return false;
  unsigned page = (unsigned)(p >> kPageShift) & (kPagesPerChunk - 1);
  return (__atomic_load_n(&bits->words[page / 64], __ATOMIC_RELAXED) >> (page % 64)) & 1;
}

// Records that [addr, addr+len) is (or is no longer) mapped by the Go runtime.
void MarkGoMemory(uintptr_t addr, uintptr_t len);
void UnmarkGoMemory(uintptr_t addr, uintptr_t len);
// The Go runtime mapped [addr, addr+len) with protection `prot`. Only accessible memory is Go
// memory: Go reserves huge address ranges with PROT_NONE (and faults memory it gives back the same
// way) long before it maps them for use, and integers that happen to fall in such a range are not
// Go pointers.
void NoteGoMapping(uintptr_t addr, uintptr_t len, int prot);
// How many pages are marked; for tests and verbosity.
uintptr_t GoMemoryPages();

} // namespace cgosan

#endif
