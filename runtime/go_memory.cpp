// The Go-memory page map and the link-time wrappers of runtime/cgo's mmap hooks that fill it.
#include "go_memory.h"

#include "fixed_tables.h"
#include "flags.h"

#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

cgosan::ChunkBits *__cgosan_go_chunks[cgosan::kChunks];

namespace cgosan {

static uintptr_t marked_pages;

// Chunk bitmaps come straight from the kernel: this runs inside Go's memory allocator, where
// calling malloc could recurse or deadlock.
static ChunkBits *ChunkFor(uintptr_t chunk) {
  ChunkBits *bits = __atomic_load_n(&__cgosan_go_chunks[chunk], __ATOMIC_ACQUIRE);
  if (bits)
    return bits;
  void *mem = (void *)syscall(SYS_mmap, nullptr, sizeof(ChunkBits), PROT_READ | PROT_WRITE,
                              MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
  if (mem == MAP_FAILED)
    return nullptr;
  ChunkBits *expected = nullptr;
  if (__atomic_compare_exchange_n(&__cgosan_go_chunks[chunk], &expected, (ChunkBits *)mem, false,
                                  __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
    return (ChunkBits *)mem;
  syscall(SYS_munmap, mem, sizeof(ChunkBits));
  return expected;
}

// Regions in the address space: the table has a byte for each.
constexpr uintptr_t kAllRegions = uintptr_t(1) << (kAddressBits - kRegionShift);
static_assert(kAllRegions == kRegions, "one table byte per region of the page map's space");

// Whether Go has any page in region r (below kAllRegions): the page bits of its pages.
static bool RegionHasGoPages(uintptr_t r) {
  constexpr unsigned kRegionsPerChunk = 1u << (kChunkShift - kRegionShift);
  constexpr unsigned kPagesPerRegion = 1u << (kRegionShift - kPageShift);
  static_assert(kPagesPerRegion <= 64 ? 64 % kPagesPerRegion == 0 : kPagesPerRegion % 64 == 0,
                "a region is a whole number of bitmap words, or a whole fraction of one");
  static_assert(kAllRegions / kRegionsPerChunk == kChunks,
                "every region r < kAllRegions has a chunk");
  ChunkBits *bits = __atomic_load_n(&__cgosan_go_chunks[r / kRegionsPerChunk], __ATOMIC_ACQUIRE);
  if (!bits)
    return false;
  unsigned first = (unsigned)(r % kRegionsPerChunk) * kPagesPerRegion;
  if (kPagesPerRegion < 64) {
    uint64_t mask = ((uint64_t(1) << (kPagesPerRegion % 64)) - 1) << (first % 64);
    return (__atomic_load_n(&bits->words[first / 64], __ATOMIC_SEQ_CST) & mask) != 0;
  }
  for (unsigned i = 0; i < kPagesPerRegion / 64; i++)
    if (__atomic_load_n(&bits->words[first / 64 + i], __ATOMIC_SEQ_CST))
      return true;
  return false;
}

// Brings the region bytes over [addr, addr+len) in line with the page bits, without a lock (this
// runs inside Go's allocator). Setting is monotonic; a byte cleared while another thread marks
// a page in it is set again by the second look. At level 0 the table stays empty, so that no
// inline test ever calls the runtime (cgosan_abi.h); Go's mappings before the level is known (it
// starts at 1) only make a few level-0 tests pass on to hooks that return at once.
//
// Byte 0 is where the level masks send the kinds of access a level does not check
// (fast_path.cpp), so it stays clear: region 0 (the lowest 64 KiB, below mmap_min_addr) is never
// mapped.
static void UpdateRegions(uintptr_t addr, uintptr_t len, bool on) {
  if (level == 0)
    return;
  MapFixedTables(); // mapped at start-up; a program links the runtime whole, a unit test may not
  uint8_t *table = RegionTable();
  uintptr_t first = addr >> kRegionShift, last = (addr + len - 1) >> kRegionShift;
  if (first == 0)
    first = 1;
  for (uintptr_t r = first; r <= last && r < kAllRegions; r++) {
    if (on) {
      __atomic_store_n(&table[r], 1, __ATOMIC_SEQ_CST);
    } else if (__atomic_load_n(&table[r], __ATOMIC_SEQ_CST) && !RegionHasGoPages(r)) {
      __atomic_store_n(&table[r], 0, __ATOMIC_SEQ_CST);
      if (RegionHasGoPages(r))
        __atomic_store_n(&table[r], 1, __ATOMIC_SEQ_CST);
    }
  }
}

static void SetPageBits(uintptr_t addr, uintptr_t len, bool on) {
  uintptr_t first = addr >> kPageShift;
  uintptr_t last = (addr + len - 1) >> kPageShift;
  for (uintptr_t page = first; page <= last; page++) {
    uintptr_t chunk = page >> (kChunkShift - kPageShift);
    if (chunk >= kChunks)
      return;
    ChunkBits *bits =
        on ? ChunkFor(chunk) : __atomic_load_n(&__cgosan_go_chunks[chunk], __ATOMIC_ACQUIRE);
    if (!bits) {
      // Nothing to clear in this chunk (or no memory for its bitmap): skip to the next one.
      page |= kPagesPerChunk - 1;
      continue;
    }
    unsigned i = (unsigned)page & (kPagesPerChunk - 1);
    uint64_t mask = uint64_t(1) << (i % 64);
    uint64_t old;
    if (on)
      old = __atomic_fetch_or(&bits->words[i / 64], mask, __ATOMIC_SEQ_CST);
    else
      old = __atomic_fetch_and(&bits->words[i / 64], ~mask, __ATOMIC_SEQ_CST);
    if (((old & mask) != 0) != on)
      __atomic_fetch_add(&marked_pages, on ? 1 : uintptr_t(-1), __ATOMIC_RELAXED);
  }
}

static void SetPages(uintptr_t addr, uintptr_t len, bool on) {
  if (len == 0)
    return;
  SetPageBits(addr, len, on);
  UpdateRegions(addr, len, on);
}

void MarkGoMemory(uintptr_t addr, uintptr_t len) { SetPages(addr, len, true); }

void NoteGoMapping(uintptr_t addr, uintptr_t len, int prot) {
  if (prot == PROT_NONE)
    UnmarkGoMemory(addr, len);
  else
    MarkGoMemory(addr, len);
}
void UnmarkGoMemory(uintptr_t addr, uintptr_t len) { SetPages(addr, len, false); }
uintptr_t GoMemoryPages() { return __atomic_load_n(&marked_pages, __ATOMIC_RELAXED); }

} // namespace cgosan

// runtime/cgo/gcc_mmap.c. Weak, so that links without runtime/cgo (the go command's _cgo_.o
// probe link) still resolve.
extern "C" uintptr_t __real_x_cgo_mmap(void *addr, uintptr_t length, int32_t prot, int32_t flags,
                                       int32_t fd, uint32_t offset) __attribute__((weak));
extern "C" void __real_x_cgo_munmap(void *addr, uintptr_t length) __attribute__((weak));

extern "C" uintptr_t __wrap_x_cgo_mmap(void *addr, uintptr_t length, int32_t prot, int32_t flags,
                                       int32_t fd, uint32_t offset) {
  uintptr_t r = __real_x_cgo_mmap(addr, length, prot, flags, fd, offset);
  // x_cgo_mmap returns an errno value (< 4096) on failure, as Go expects.
  if (r >= 4096)
    cgosan::NoteGoMapping(r, length, prot);
  return r;
}

extern "C" void __wrap_x_cgo_munmap(void *addr, uintptr_t length) {
  cgosan::UnmarkGoMemory((uintptr_t)addr, length);
  __real_x_cgo_munmap(addr, length);
}
