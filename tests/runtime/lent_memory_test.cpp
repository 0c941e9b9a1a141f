// Which Go memory counts as lent, pinned or returned (runtime/lent_memory.cpp, pinned.cpp,
// exported_pointers.cpp): the tables behind use-after-return and the pinning annotations.
#include "exported_pointers.h"
#include "go_memory.h"
#include "lent_memory.h"
#include "pinned.h"

#include <gtest/gtest.h>

#include <thread>

using namespace cgosan;

static const cgosan_call kCall = {"keep", "_cgo_0123_Cfunc_keep", nullptr};

// A thread state with one call in progress that lent `p`, Go memory (with the MiB above it).
static void Enter(ThreadState &t, uintptr_t p, bool go = true) {
  if (go)
    MarkGoMemory(p & ~uintptr_t(0xfff), uintptr_t(1) << 20);
  t.depth = 1;
  CallFrame &f = t.frames[0];
  f.call = &kCall;
  f.go_frame = 0x7000;
  f.lent_count = 1;
  f.lent[0] = p;
  f.lent_end[0] = p;
  f.lent_index[0] = 0;
}

TEST(LentMemory, OwnCallCoversAtAndAboveTheLentPointerAndLearnsTheExtent) {
  static ThreadState t;
  Enter(t, 0x100000);
  EXPECT_TRUE(CoveredByOwnCalls(t, 0x100000));
  EXPECT_TRUE(CoveredByOwnCalls(t, 0x100040));
  EXPECT_FALSE(CoveredByOwnCalls(t, 0x0fffff));
  EXPECT_FALSE(CoveredByOwnCalls(t, 0x100000 + kLentExtent));
  // The extent grows by pages, and the inline checks' cache now skips it.
  EXPECT_EQ(t.frames[0].lent_end[0], 0x100000u + kExtentStep);
  EXPECT_EQ(t.lent_cache[0], 0x100000u);
  EXPECT_EQ(t.lent_cache[1], 0x100000u + kExtentStep);
  t.depth = 0;
  EXPECT_FALSE(CoveredByOwnCalls(t, 0x100000));
}

// Calls lend their pointer arguments as passed; C pointers among them cover no Go memory above
// them, and go into no history.
TEST(LentMemory, ACPointerLentCoversNothing) {
  static ThreadState t;
  InitLentMemory();
  RegisterThread(t);
  MarkGoMemory(0x6100000, 4096);
  Enter(t, 0x6000000, /*go=*/false); // C memory, 1 MiB below the Go page
  EXPECT_FALSE(CoveredByOwnCalls(t, 0x6100000));
  EXPECT_FALSE(FrameLends(t.frames[0], 0x6100000));
  t.depth = 0;
  unsigned before = t.history_next;
  RememberReturnedLends(t, t.frames[0], nullptr, nullptr);
  EXPECT_EQ(t.history_next, before);
}

// More lends than slots: the call is taken to lend all Go memory.
TEST(LentMemory, ACallThatLentMoreThanItsSlotsCoversAllGoMemory) {
  static ThreadState t;
  Enter(t, 0x6200000);
  MarkGoMemory(0x5200000, 4096); // below the lent pointer: not its memory
  EXPECT_FALSE(FrameLends(t.frames[0], 0x5200000));
  t.frames[0].lent_count = kMaxLent + 1;
  EXPECT_TRUE(FrameLends(t.frames[0], 0x5200000));
  EXPECT_TRUE(CoveredByOwnCalls(t, 0x5200000));
  t.depth = 0;
}

TEST(LentMemory, ReturnedLendsAreFoundWithinTheirTouchedExtent) {
  static ThreadState t;
  InitLentMemory();
  RegisterThread(t);
  Enter(t, 0x200000);
  CoveredByOwnCalls(t, 0x200000 + 5000); // C touched 5000 bytes in: two pages
  const cgosan_site kept = {"main.go", "keep", 8, 3, "saved", 0, 0};
  const cgosan_site *kept_site[kMaxLent] = {&kept};
  uintptr_t kept_at[kMaxLent] = {0x5000};
  t.depth = 0;
  RememberReturnedLends(t, t.frames[0], kept_site, kept_at);
  ReturnedLend r;
  ASSERT_TRUE(FindReturnedLend(t, 0x200000 + 5000, &r));
  EXPECT_EQ(r.base, 0x200000u);
  EXPECT_EQ(r.call, &kCall);
  EXPECT_EQ(r.kept_site, &kept);
  EXPECT_EQ(r.argument, 0u);
  EXPECT_TRUE(FindReturnedLend(t, 0x200000 + 2 * kExtentStep - 1 + kReturnedSlack, &r));
  EXPECT_FALSE(FindReturnedLend(t, 0x200000 + 2 * kExtentStep + kReturnedSlack, &r));
  EXPECT_FALSE(FindReturnedLend(t, 0x1fffff, &r));
}

TEST(LentMemory, ABufferLentCallAfterCallKeepsOneHistoryEntry) {
  static ThreadState t;
  InitLentMemory();
  RegisterThread(t);
  Enter(t, 0x400000);
  t.depth = 0;
  unsigned before = t.history_next;
  RememberReturnedLends(t, t.frames[0], nullptr, nullptr);
  Enter(t, 0x400000);
  CoveredByOwnCalls(t, 0x400000 + 5000); // the second call touched more of it
  t.depth = 0;
  RememberReturnedLends(t, t.frames[0], nullptr, nullptr);
  EXPECT_EQ(t.history_next, before + 1);
  ReturnedLend r;
  ASSERT_TRUE(FindReturnedLend(t, 0x400000 + 5000, &r));
  EXPECT_EQ(r.base, 0x400000u);
  // Another pointer, or the same one kept somewhere, gets an entry of its own.
  Enter(t, 0x500000);
  t.depth = 0;
  RememberReturnedLends(t, t.frames[0], nullptr, nullptr);
  EXPECT_EQ(t.history_next, before + 2);
  const cgosan_site kept = {"main.go", "keep", 8, 3, "saved", 0, 0};
  const cgosan_site *kept_site[kMaxLent] = {&kept};
  uintptr_t kept_at[kMaxLent] = {0x5000};
  Enter(t, 0x500000);
  t.depth = 0;
  RememberReturnedLends(t, t.frames[0], kept_site, kept_at);
  EXPECT_EQ(t.history_next, before + 3);
  ASSERT_TRUE(FindReturnedLend(t, 0x500000, &r));
  EXPECT_EQ(r.kept_site, &kept);
}

TEST(LentMemory, AnotherThreadsCallInProgressCoversItsMemory) {
  static ThreadState owner, helper;
  InitLentMemory();
  RegisterThread(owner);
  Enter(owner, 0x300000);
  EXPECT_TRUE(CoveredByOtherThreads(helper, 0x300010));
  EXPECT_FALSE(CoveredByOtherThreads(owner, 0x300010)); // its own calls are the fast path's
  owner.depth = 0;
  EXPECT_FALSE(CoveredByOtherThreads(helper, 0x300010));
}

TEST(LentMemory, StackPointersAreThoseOnTheCallersGoPage) {
  EXPECT_EQ(KindOf(0x7010, 0x7000), kGoStack);
  EXPECT_EQ(KindOf(0x7fff, 0x7000), kGoStack);
  EXPECT_EQ(KindOf(0x8000, 0x7000), kGoHeap); // the next 8 KiB page
  EXPECT_EQ(KindOf(0x6ff0, 0x7000), kGoHeap); // below the frame: not this stack's live part
}

TEST(Pinned, RangesArePinnedUntilUnpinned) {
  EXPECT_FALSE(IsPinned(0x400000));
  ASSERT_TRUE(Pin(0x400000, 16));
  EXPECT_TRUE(IsPinned(0x400000));
  EXPECT_TRUE(IsPinned(0x40000f));
  EXPECT_FALSE(IsPinned(0x400010));
  ASSERT_TRUE(Pin(0x500000, 0)); // size 0: the address alone
  EXPECT_TRUE(IsPinned(0x500000));
  EXPECT_FALSE(IsPinned(0x500001));
  Unpin(0x400000);
  Unpin(0x500000);
  EXPECT_FALSE(IsPinned(0x400000));
  EXPECT_FALSE(IsPinned(0x500000));
}

TEST(Pinned, ConcurrentPinsAllLand) {
  std::thread a([] {
    for (uintptr_t i = 0; i < 500; i++)
      Pin(0x1000000 + i * 64, 8);
  });
  std::thread b([] {
    for (uintptr_t i = 0; i < 500; i++)
      Pin(0x2000000 + i * 64, 8);
  });
  a.join();
  b.join();
  for (uintptr_t i = 0; i < 500; i++) {
    EXPECT_TRUE(IsPinned(0x1000000 + i * 64 + 7));
    EXPECT_TRUE(IsPinned(0x2000000 + i * 64 + 7));
  }
  for (uintptr_t i = 0; i < 500; i++) {
    Unpin(0x1000000 + i * 64);
    Unpin(0x2000000 + i * 64);
  }
  EXPECT_FALSE(IsPinned(0x1000000));
}

TEST(ExportedPointers, WritesNearAReturnedPointerAreFound) {
  const cgosan_call fn = {"getGoPtr", "getGoPtr", nullptr};
  NoteExportedPointer({0x600000, &fn, 0x401000});
  ExportedPointer e;
  ASSERT_TRUE(FindExportedPointer(0x600008, &e));
  EXPECT_EQ(e.fn, &fn);
  EXPECT_EQ(e.caller_pc, 0x401000u);
  EXPECT_FALSE(FindExportedPointer(0x600000 + kExportedExtent, &e));
  EXPECT_FALSE(FindExportedPointer(0x5ffff8, &e));
}
