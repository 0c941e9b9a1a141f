// A region test answers for the later tests of the same object along an extended basic block
// (RegionTestReuse.h): whether an object's region holds Go memory does not change while it
// lives, and no object is part C and part Go memory. A free list's push tests p as the first
// store's address and would test it again as the second store's value: one load of its region
// byte serves both. Tests across a loop's back edge are not shared (the answer would live in a
// register through the loop: loop gates answer there, loop-gates.c), nor tests of another object.
//
// RUN: %clang -O2 -S -emit-llvm -fpass-plugin=%plugin %s -o - | FileCheck %s
// RUN: %clang -O2 -S -emit-llvm -fpass-plugin=%plugin -Xclang -load -Xclang %plugin %s -o - \
// RUN:   -mllvm -cgosan-reuse-region-tests=0 | FileCheck %s --check-prefix=OFF
// RUN: %clang -O2 -S -emit-llvm -fpass-plugin=%plugin %s -o /dev/null -Xclang -stats-file=%t.json
// RUN: FileCheck %s --check-prefix=STATS < %t.json

// STATS: "cgosan.NumRegionTestsReused": 1{{,?$}}

struct pool {
  long used;
  void *free;
};

// Level 1 tests p's address, the old head's value and pl->free's address (level 2's read check of
// pl->free, behind its level test, answers for nothing after it); p's value test is p's address
// test again.
// CHECK-LABEL: define {{.*}}@push(
// CHECK-COUNT-4: [[REGIONS]]
// CHECK-NOT: [[REGIONS]]
// CHECK: ret void
// OFF-LABEL: define {{.*}}@push(
// OFF-COUNT-5: [[REGIONS]]
// OFF-NOT: [[REGIONS]]
// OFF: ret void
void push(struct pool *pl, void *p) {
  *(void **)p = pl->free;
  pl->free = p;
}

// Four objects, four tests.
// CHECK-LABEL: define {{.*}}@two(
// CHECK-COUNT-4: [[REGIONS]]
// CHECK-NOT: [[REGIONS]]
// CHECK: ret void
void two(void **a, void **b, void *v, void *w) {
  *a = v;
  *b = w;
}
