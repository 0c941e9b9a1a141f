// The Go-memory page map (runtime/go_memory.cpp).
#include "go_memory.h"

#include <gtest/gtest.h>

#include <stdlib.h>

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
