// The Go-memory page map (runtime/go_memory.cpp).
#include "go_memory.h"

#include "fixed_tables.h"

#include <gtest/gtest.h>

#include <stdlib.h>
#include <sys/mman.h>

using namespace cgosan;

TEST(GoMemory, UnmarkedAddressesAreNotGo) {
  int local = 0;
  static int global;
  void *heap = malloc(16);
  EXPECT_FALSE(IsGoPointer((uintptr_t)&local));
  EXPECT_FALSE(IsGoPointer((uintptr_t)&global));
  EXPECT_FALSE(IsGoPointer((uintptr_t)heap));
  EXPECT_FALSE(IsGoPointer(0));
  EXPECT_FALSE(IsGoPointer(~uintptr_t(0)));
  free(heap);
}

TEST(GoMemory, MarkIsPageExactAndAnywhere) {
  // Not at Go's old fixed base: any address works.
  const uintptr_t base = 0x7a1234560000;
  MarkGoMemory(base, 3 * 4096);
  EXPECT_FALSE(IsGoPointer(base - 1));
  EXPECT_TRUE(IsGoPointer(base));
  EXPECT_TRUE(IsGoPointer(base + 3 * 4096 - 1));
  EXPECT_FALSE(IsGoPointer(base + 3 * 4096));
  UnmarkGoMemory(base + 4096, 4096);
  EXPECT_TRUE(IsGoPointer(base));
  EXPECT_FALSE(IsGoPointer(base + 4096));
  EXPECT_TRUE(IsGoPointer(base + 2 * 4096));
  UnmarkGoMemory(base, 3 * 4096);
  EXPECT_FALSE(IsGoPointer(base));
}

TEST(GoMemory, SpansChunkBoundaries) {
  const uintptr_t chunk = uintptr_t(1) << kChunkShift;
  const uintptr_t base = 0x300000000000 + chunk - 4096;
  uintptr_t before = GoMemoryPages();
  MarkGoMemory(base, 2 * 4096);
  EXPECT_EQ(GoMemoryPages(), before + 2);
  EXPECT_TRUE(IsGoPointer(base));
  EXPECT_TRUE(IsGoPointer(base + 4096));
  EXPECT_FALSE(IsGoPointer(base + 2 * 4096));
  UnmarkGoMemory(base, 2 * 4096);
  EXPECT_EQ(GoMemoryPages(), before);
}

TEST(GoMemory, IgnoresAddressesBeyondUserSpace) {
  MarkGoMemory(uintptr_t(1) << 50, 4096);
  EXPECT_FALSE(IsGoPointer(uintptr_t(1) << 50));
}

// Go reserves address space with PROT_NONE and maps it read-write when it uses it (a false report
// in go-sqlite3's benchmarks came from an integer inside a reserved range counted as Go memory).
TEST(GoMemory, OnlyAccessibleMappingsAreGoMemory) {
  const uintptr_t base = uintptr_t(0x6a0000000000);
  NoteGoMapping(base, 64 << 20, PROT_NONE); // sysReserve
  EXPECT_FALSE(IsGoPointer(base + 4096));
  NoteGoMapping(base, 1 << 20, PROT_READ | PROT_WRITE); // sysMap of the first MiB
  EXPECT_TRUE(IsGoPointer(base + 4096));
  EXPECT_FALSE(IsGoPointer(base + (2 << 20)));
  NoteGoMapping(base, 1 << 20, PROT_NONE); // sysFault: no longer usable
  EXPECT_FALSE(IsGoPointer(base + 4096));
}

// The inline checks read one byte per 64 KiB region: set while Go has any page in it, so that
// C memory elsewhere in a 64 MiB chunk that Go also uses (C thread stacks are) costs no call.
TEST(GoMemory, RegionsFollowThePages) {
  const uintptr_t region = uintptr_t(1) << kRegionShift;
  const uintptr_t base = 0x310000000000;
  auto Region = [](uintptr_t a) { return RegionTable()[(a >> kRegionShift) & (kRegions - 1)]; };
  MarkGoMemory(base + 4096, 4096);
  MarkGoMemory(base + 3 * 4096, 4096);
  EXPECT_EQ(Region(base), 1);
  EXPECT_EQ(Region(base + region), 0); // the next region of the same chunk
  UnmarkGoMemory(base + 4096, 4096);
  EXPECT_EQ(Region(base), 1); // a page is left
  UnmarkGoMemory(base + 3 * 4096, 4096);
  EXPECT_EQ(Region(base), 0);
  // A mapping across a region boundary sets both, and its end clears both.
  MarkGoMemory(base + region - 4096, 2 * 4096);
  EXPECT_EQ(Region(base), 1);
  EXPECT_EQ(Region(base + region), 1);
  UnmarkGoMemory(base + region - 4096, 2 * 4096);
  EXPECT_EQ(Region(base), 0);
  EXPECT_EQ(Region(base + region), 0);
}

// A block glibc maps for a large malloc right after one of Go's mappings shares no region with
// it (with 2 MiB regions it did, and every access to the block called the runtime).
TEST(GoMemory, MemoryNextToAGoMappingIsInAnotherRegion) {
  const uintptr_t base = 0x320000000000;
  auto Region = [](uintptr_t a) { return RegionTable()[(a >> kRegionShift) & (kRegions - 1)]; };
  MarkGoMemory(base, 256 << 10); // Go's persistentalloc chunk
  EXPECT_EQ(Region(base + (256 << 10) - 1), 1);
  EXPECT_EQ(Region(base + (256 << 10)), 0); // a 128 KiB C block mapped after it
  UnmarkGoMemory(base, 256 << 10);
  EXPECT_EQ(Region(base), 0);
}

// The table has a byte for every region of the 48-bit address space: Go memory at the top of it
// sets its own byte, and none of a region 8 TiB below (with 2^27 bytes they shared one).
TEST(GoMemory, EveryRegionHasItsOwnByte) {
  const uintptr_t top = (uintptr_t(1) << 48) - (uintptr_t(1) << kRegionShift);
  const uintptr_t below = top - (uintptr_t(1) << 43);
  MarkGoMemory(top, 4096);
  EXPECT_EQ(RegionTable()[top >> kRegionShift], 1);
  EXPECT_EQ(RegionTable()[below >> kRegionShift], 0);
  EXPECT_EQ(RegionTable()[0], 0);
  UnmarkGoMemory(top, 4096);
  EXPECT_EQ(RegionTable()[top >> kRegionShift], 0);
}

// The tables are where the pass's code reads them, and the level masks are in the header.
TEST(GoMemory, TablesAtTheirFixedAddresses) {
  EXPECT_EQ(FixedHeader().magic, CGOSAN_FIXED_MAGIC);
  EXPECT_EQ(FixedHeader().abi_version, uint32_t(CGOSAN_ABI_VERSION));
  EXPECT_EQ(uintptr_t(RegionTable()), uintptr_t(CGOSAN_REGION_TABLE));
  const uintptr_t base = 0x340000000000;
  MarkGoMemory(base, 4096);
  EXPECT_EQ(*reinterpret_cast<volatile uint8_t *>(CGOSAN_REGION_TABLE + (base >> 16)), 1);
  UnmarkGoMemory(base, 4096);
}

TEST(GoMemory, RegionZeroIsNeverGo) {
  // The level masks send unchecked kinds of access to region 0.
  MarkGoMemory(4096, 4096);
  EXPECT_EQ(RegionTable()[0], 0);
  UnmarkGoMemory(4096, 4096);
}
