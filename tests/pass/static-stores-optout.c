// A store the early phase left to the store phase (static-stores.c) that inlining brings into a
// function the pass otherwise leaves alone (one that opted out) is still hooked there, as the
// early phase's hook would have come along with it. Here that function is the only one left
// after inlining: the late phase still runs, and no placeholder is left undefined in the object.
//
// RUN: %clang -O2 -S -emit-llvm -fpass-plugin=%plugin %s -o - | FileCheck %s

static void *saved;
static inline __attribute__((always_inline)) void keep(void *p) { saved = p; }

// CHECK-LABEL: define {{.*}}@opted_out(
// CHECK: store volatile {{.*}}@saved,
// CHECK: call preserve_mostcc void @__cgosan_store_ptr(
// CHECK-NOT: __cgosan_deferred_store
__attribute__((disable_sanitizer_instrumentation)) void *opted_out(void *p) {
  keep(p);
  return saved;
}
