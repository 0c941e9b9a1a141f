// The allocation-site table (runtime/heap_blocks.cpp).
#include "heap_blocks.h"

#include <gtest/gtest.h>

using namespace cgosan;

static const cgosan_site kSite = {"main.go", "mk", 12, 5, nullptr, 0, 0};

TEST(HeapBlocks, FindsBlockContainingAddress) {
  NoteHeapAlloc(0x10000, 64, &kSite);
  HeapBlock b;
  ASSERT_TRUE(FindHeapBlock(0x10000 + 63, &b));
  EXPECT_EQ(b.start, 0x10000u);
  EXPECT_EQ(b.size, 64u);
  EXPECT_EQ(b.site, &kSite);
  EXPECT_FALSE(FindHeapBlock(0x10000 + 64, &b));
  NoteHeapFree(0x10000);
  EXPECT_FALSE(FindHeapBlock(0x10000, &b));
}

TEST(HeapBlocks, ManyCollidingBlocksStayFindable) {
  // More blocks than a probe sequence holds: older entries may be dropped, never confused.
  for (uintptr_t i = 0; i < 100; i++)
    NoteHeapAlloc(0x200000 + i * 0x1000, 16, &kSite);
  HeapBlock b;
  ASSERT_TRUE(FindHeapBlock(0x200000 + 99 * 0x1000 + 8, &b));
  EXPECT_EQ(b.start, 0x200000u + 99 * 0x1000);
  for (uintptr_t i = 0; i < 100; i++)
    NoteHeapFree(0x200000 + i * 0x1000);
  EXPECT_FALSE(FindHeapBlock(0x200000 + 99 * 0x1000 + 8, &b));
}
