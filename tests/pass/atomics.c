// Atomic pointer stores and exchanges keep pointers like plain stores. clang 14 lowers them on
// pointers to i64 operations (`store atomic i64`, `atomicrmw xchg i64`); either way they are
// followed by __cgosan_store_ptr with the value as a pointer.
//
// RUN: %clang -O0 -S -emit-llvm -fpass-plugin=%plugin %s -o - | FileCheck %s
// RUN: %clang -O2 -S -emit-llvm -fpass-plugin=%plugin %s -o - | FileCheck %s

#include <stdatomic.h>

void *saved;
_Atomic(int *) slot;
long counter;

// CHECK-LABEL: define {{.*}}void @keep_atomically(
// CHECK: store atomic {{.*}}@saved
// CHECK: call preserve_mostcc void @__cgosan_store_ptr({{.*}}@saved
// CHECK: atomicrmw xchg {{.*}}@slot
// CHECK: call preserve_mostcc void @__cgosan_store_ptr({{.*}}@slot
// CHECK: ret void
void keep_atomically(void *p, int *q) {
  __atomic_store_n(&saved, p, __ATOMIC_SEQ_CST);
  atomic_exchange(&slot, q);
}

// An atomic add is not a pointer store.
// CHECK-LABEL: define {{.*}}void @count(
// CHECK-NOT: @__cgosan_store_ptr
// CHECK: ret void
void count(void) { __atomic_fetch_add(&counter, 1, __ATOMIC_RELAXED); }
