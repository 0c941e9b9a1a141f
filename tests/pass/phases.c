// With optimization the pass runs twice: early (pipeline start: wrappers, pointer stores, copies,
// allocations) and late (after the optimizer: loads and stores that may touch Go memory). The late
// phase sees the C function inlined into its cgo wrapper, where accesses through the pointers the
// wrapper read from its Go frame are the call's own lent memory and need no check; a store the
// early phase already hooked is not checked twice. At -O0 one phase does everything.
//
// RUN: %clang -O2 -S -emit-llvm -fpass-plugin=%plugin %s -o - | FileCheck %s --check-prefixes=CHECK,O2
// RUN: %clang -O0 -S -emit-llvm -fpass-plugin=%plugin %s -o - | FileCheck %s --check-prefixes=CHECK,O0

typedef __SIZE_TYPE__ size_t;
long *kept; // not static: the optimizer must not assume they stay null
long **slot;

// At -O0 nothing is inlined: scale's accesses are checked in scale itself.
// O0-LABEL: define internal void @scale(
// O0: call preserve_mostcc void @__cgosan_read(
// O0: call preserve_mostcc void @__cgosan_write(
static void scale(long *buf, size_t n) {
  for (size_t i = 0; i < n; i++)
    buf[i] *= 2;
}

// O2-LABEL: define {{.*}}void @_cgo_0123456789ab_Cfunc_scale(
// O2-NOT: call preserve_mostcc void @__cgosan_write(
// O2-NOT: call preserve_mostcc void @__cgosan_read(
// O2: call void @__cgosan_call_exit()
void _cgo_0123456789ab_Cfunc_scale(void *v) {
  struct {
    long *p0;
    size_t p1;
  } __attribute__((__packed__)) *a = v;
  scale(a->p0, a->p1);
}

// A pointer C kept from an earlier call: checked.
// CHECK-LABEL: define {{.*}}void @poke(
// CHECK: call preserve_mostcc void @__cgosan_write(
// CHECK: ret void
void poke(void) { *kept = 1; }

// A pointer store through a pointer: the early phase's __cgosan_store_ptr checks it; no separate
// write check before it.
// CHECK-LABEL: define {{.*}}void @put(
// CHECK-NOT: call preserve_mostcc void @__cgosan_write(
// CHECK: call preserve_mostcc void @__cgosan_store_ptr(
// CHECK: ret void
void put(long *p) { *slot = p; }
