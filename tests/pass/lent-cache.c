// A write check in a loop tests the thread's lent-memory cache itself (CGOSAN_T_LENT_CACHE of
// __cgosan_thread, two volatile loads) before it calls __cgosan_write, where the hook's fast half
// would make the same test: a decoder writing the output buffer Go lent it, through a pointer it
// advances, no longer calls the runtime for every write. Outside loops the hook makes the test.
//
// RUN: %clang -O2 -S -emit-llvm -fpass-plugin=%plugin %s -o - | FileCheck %s
// RUN: %clang -O2 -S -emit-llvm -fpass-plugin=%plugin -Xclang -load -Xclang %plugin %s -o - \
// RUN:   -mllvm -cgosan-inline-lent-cache=0 | FileCheck %s --check-prefix=OFF

// CHECK-LABEL: define {{.*}}@decode(
// CHECK: [[REGIONS]]
// CHECK: [[LO:%[0-9]+]] = load volatile i64, {{.*}}@__cgosan_thread{{.*}}, i64 24)
// CHECK-NEXT: [[HI:%[0-9]+]] = load volatile i64, {{.*}}@__cgosan_thread{{.*}}, i64 32)
// CHECK-NEXT: [[GE:%[0-9]+]] = icmp uge i64 [[A:%[0-9]+]], [[LO]]
// CHECK-NEXT: [[LT:%[0-9]+]] = icmp ult i64 [[A]], [[HI]]
// CHECK-NEXT: [[IN:%[0-9]+]] = and i1 [[GE]], [[LT]]
// CHECK-NEXT: [[OUT:%[0-9]+]] = xor i1 [[IN]], true
// CHECK-NEXT: br i1 [[OUT]], label
// CHECK: call preserve_mostcc void @__cgosan_write(
// OFF-LABEL: define {{.*}}@decode(
// OFF-NOT: @__cgosan_thread
// OFF: call preserve_mostcc void @__cgosan_write(
// OFF-NOT: @__cgosan_thread
// OFF: ret
char *decode(char *op, const unsigned char *lengths, int n, char c) {
  for (int i = 0; i < n; i++) {
    *op = c;
    op += lengths[i];
  }
  return op;
}

// CHECK-LABEL: define {{.*}}@store_once(
// CHECK-NOT: @__cgosan_thread
// CHECK: call preserve_mostcc void @__cgosan_write(
// CHECK-NOT: @__cgosan_thread
// CHECK: ret void
void store_once(long *p, long v) { *p = v; }
