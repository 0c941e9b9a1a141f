// The pass's statistics. They are always-enabled counters: Debian's (release) LLVM compiles
// `-mllvm -stats` output away, but clang's -stats-file writes them as JSON.
//
// RUN: %clang -O0 -S -emit-llvm -fpass-plugin=%plugin %s -o /dev/null -Xclang -stats-file=%t.O0.json
// RUN: FileCheck %s --check-prefixes=CHECK,O0 < %t.O0.json
// RUN: %clang -O2 -S -emit-llvm -fpass-plugin=%plugin %s -o /dev/null -Xclang -stats-file=%t.O2.json
// RUN: FileCheck %s --check-prefixes=CHECK,O2 < %t.O2.json

// After inlining the late phase sees keep's two accesses to the argument inside the wrapper: the
// call's own lent memory.
// O2: "cgosan.NumAccessesLent": 2,
// CHECK: "cgosan.NumAllocs": 1,
// CHECK-NEXT: "cgosan.NumLent": 1,
// The wrapper's return tests the lent pointer's region (for the history of returned lends) as
// the gate of `saved = local` tested the stored value's: the gate's answer serves both.
// O2-NEXT: "cgosan.NumRegionTestsReused": 1,
// CHECK-NEXT: "cgosan.NumSkippedFunctions": 1,
// CHECK-NEXT: "cgosan.NumStores": 2,
// CHECK-NEXT: "cgosan.NumStoresFrame": 1,
// With optimization `saved = local` waits for the store phase (nothing takes saved's address).
// O2-NEXT: "cgosan.NumStoresIntoStaticsDeferred": 1,
// O0-NEXT: "cgosan.NumStoresLocal": 6,
// `*out = malloc(n)` stores a C pointer: its hook tests only the address.
// CHECK-NEXT: "cgosan.NumStoresValueC": 1,
// CHECK-NEXT: "cgosan.NumWrappers": 1{{,?$}}

typedef __SIZE_TYPE__ size_t;
void *malloc(size_t);
static void *saved;

// Instrumented stores: `saved = local` and `*out = malloc(n)` (2). Skipped as local at -O0: the
// spills of p, out and v, and local, _cgo_a, _cgo_r (6); with optimization the stores that are not
// into globals are instrumented after SROA, and none of those locals is left.
static void *keep(void *p) {
  void *local = p;
  saved = local;
  return local;
}

void alloc_into(void **out, size_t n) { *out = malloc(n); }

// Skipped: runtime/cgo code.
void x_cgo_notify(void *p) { saved = p; }

// One wrapper lending one pointer; its result store is into the Go frame.
void _cgo_826fc2f169f1_Cfunc_keep(void *v) {
  struct {
    void *p0;
    void *r;
  } __attribute__((__packed__)) *_cgo_a = v;
  void *_cgo_r = keep(_cgo_a->p0);
  _cgo_a->r = _cgo_r;
}
