// A function with several read checks gets two bodies: levels 0 and 1 run the original with only
// its writes checked, level 2 runs a copy with everything checked. A new entry block picks one by
// __cgosan_read_mask; static allocas move there and are shared. A function with one read check
// keeps one body, whose read check tests the level first.
//
// RUN: %clang -O2 -S -emit-llvm -fpass-plugin=%plugin %s -o - | FileCheck %s
// RUN: %clang -O2 -S -emit-llvm -fpass-plugin=%plugin %s -o /dev/null -Xclang -stats-file=%t.json
// RUN: FileCheck %s --check-prefix=STATS < %t.json
// RUN: %clang -O2 -g -S -emit-llvm -fpass-plugin=%plugin %s -o - | %opt -passes=verify -disable-output

// STATS: "cgosan.NumVersioned": 1{{,?$}}

struct list {
  struct list *next;
  long value;
};
void visit(long *slot);

// CHECK-LABEL: define {{.*}}@sum_and_mark(
// CHECK-NEXT: alloca
// CHECK-NEXT: load i64, {{.*}}@__cgosan_read_mask{{.*}}!invariant.load
// CHECK-NEXT: icmp ne i64
// CHECK-NEXT: br i1 {{.*}}, label %[[LEVEL2:[0-9a-z.]+]], label %[[LEVEL01:[0-9a-z.]+]]
// The original body: the write is checked, the reads are not.
// CHECK: {{^}}[[LEVEL01]]:
// CHECK-NOT: @__cgosan_read(
// CHECK: call preserve_mostcc void @__cgosan_write(
// CHECK-NOT: @__cgosan_read(
// CHECK: ret i64
// The copy: reads and the write, with no level test before the reads.
// CHECK: {{^}}[[LEVEL2]]:
// CHECK-NOT: icmp ne i64
// CHECK: @__cgosan_go_regions
// CHECK: call preserve_mostcc void @__cgosan_read(
// CHECK: call preserve_mostcc void @__cgosan_write(
// CHECK: ret i64
// CHECK-NEXT: }
long sum_and_mark(struct list *l, long *total) {
  long sum = 0, local = 0;
  for (; l; l = l->next)
    sum += l->value;
  visit(&local);
  *total += sum;
  return sum + local;
}

// CHECK-LABEL: define {{.*}}@one_read(
// CHECK: load i64, {{.*}}@__cgosan_read_mask
// CHECK-NEXT: icmp
// CHECK-NEXT: br i1
// CHECK: call preserve_mostcc void @__cgosan_read(
// CHECK: ret i64
// CHECK-NEXT: }
long one_read(long *p) { return *p; }

// Inline assembly may define a symbol, and a noduplicate call must stay one call: one body, the
// reads gated by the level one by one (NumVersioned above counts only sum_and_mark).
// CHECK-LABEL: define {{.*}}@with_label(
// CHECK-COUNT-2: call preserve_mostcc void @__cgosan_read(
// CHECK-NOT: call preserve_mostcc void @__cgosan_read(
// CHECK: ret i64
long with_label(long *p, long *q) {
  __asm__ volatile("cgosan_versions_label:");
  return p[0] + q[1];
}

void barrier(void) __attribute__((noduplicate));
// CHECK-LABEL: define {{.*}}@with_barrier(
// CHECK-COUNT-1: call void @barrier(
// CHECK-NOT: call void @barrier(
// CHECK: ret i64
long with_barrier(long *p, long *q) {
  long a = p[0];
  barrier();
  return a + q[1];
}

// And the object assembles: the label is defined once.
// RUN: %clang -O2 -c -fpass-plugin=%plugin %s -o %t.o
