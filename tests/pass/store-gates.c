// The gates in front of the store hooks test no more than they must:
// - an integer's value is followed at level 2 only, so below it the gate loads the value's region
//   not at all: `if (region(addr)) hook; else if (level 2 && region(value)) hook;`
// - the address of a store into an object whose address an earlier hooked store tested (the
//   fields of one array element, `p[i].a` then `p[i].b`) is not tested again: that store is
//   marked !cgosan.value_hooked and left to the late phase, which checks it as a write unless a
//   hooked store still covers it there (it does here: no __cgosan_write);
// - in a cgo wrapper, a store into memory the call lent (C writing the buffer Go passed it while
//   the call runs) has its value tested, never its address;
// - a gate's tests stay in the block of its store: the store phase runs before the optimizer is
//   done, and written out there the shifts of its region tests were speculated out of their
//   switch cases into the loop's preheader (LICM, which also drops their !nosanitize), to run
//   and be spilled on every entry. The late phase writes them out (no placeholder is left).
//
// RUN: %clang -O0 -S -emit-llvm -fpass-plugin=%plugin %s -o - | FileCheck %s --check-prefix=O0
// RUN: %clang -O2 -S -emit-llvm -fpass-plugin=%plugin %s -o - | FileCheck %s --check-prefix=O2
// RUN: %clang -O2 -S -emit-llvm -fpass-plugin=%plugin %s -o /dev/null -Xclang -stats-file=%t.json
// RUN: FileCheck %s --check-prefix=STATS < %t.json

// STATS-DAG: "cgosan.NumStoresAddressCovered": 1{{,?$}}
// STATS-DAG: "cgosan.NumStoresIntoLent": 2{{,?$}}

// O2-NOT: __cgosan_deferred_region_test

typedef __UINTPTR_TYPE__ uintptr_t;
typedef __SIZE_TYPE__ size_t;

// O0-LABEL: define {{.*}}void @int_store(
// O0: store i64 [[V:%[0-9]+]], {{i64\*|ptr}} [[P:%[0-9]+]], align 8, !cgosan.hooked
// O0: [[A:%[0-9]+]] = ptrtoint {{i64\*|ptr}} [[P]] to i64
// O0-NEXT: lshr i64 [[A]], 16
// O0: br i1 {{.*}}, label %[[HOOK:[0-9]+]], label %[[LEVEL:[0-9]+]]
// O0: [[LEVEL]]:
// O0-NEXT: br i1 {{%.*}}, label %[[VALUE:[0-9]+]], label %[[TAIL:[0-9]+]]
// O0: [[VALUE]]:
// O0-NEXT: lshr i64 [[V]], 16
// O0: br i1 {{.*}}, label %[[HOOK]], label %[[TAIL]]
// O0: [[HOOK]]:
// O0: call preserve_mostcc void @__cgosan_store_int(
void int_store(uintptr_t *p, uintptr_t v) { *p = v; }

struct pair {
  void *a, *b;
};

// The second field's store tests only its value (at -O2, where both use one pointer value), and the late phase finds it covered.
// O2-LABEL: define {{.*}}void @element_fields(
// O2: store {{i8\*|ptr}} {{%[0-9a-z]+}}, {{.*}}!cgosan.hooked
// O2: call preserve_mostcc void @__cgosan_store_ptr(
// O2: store {{i8\*|ptr}} {{%[0-9a-z]+}}, {{.*}}!cgosan.value_hooked
// O2-NOT: call {{.*}}@__cgosan_write(
// O2: call preserve_mostcc void @__cgosan_store_ptr(
// O2-NOT: call {{.*}}@__cgosan_
// O2: ret void
void element_fields(struct pair *p, size_t i, void *a, void *b) {
  p[i].a = a;
  p[i].b = b;
}

// A cgo wrapper whose C function stores into the buffer Go lent it: only the values are tested.
static void fill(uintptr_t *buf, void **slots, uintptr_t v) {
  buf[3] = v;
  slots[1] = (void *)v;
}
// O2-LABEL: define {{.*}}void @_cgo_826fc2f169f1_Cfunc_fill(
// O2-NOT: call {{.*}}@__cgosan_write(
// O2: call preserve_mostcc void @__cgosan_store_{{int|ptr}}(
// O2-NOT: call {{.*}}@__cgosan_write(
// O2: ret void
void _cgo_826fc2f169f1_Cfunc_fill(void *v) {
  struct {
    uintptr_t *p0;
    void **p1;
    uintptr_t p2;
  } __attribute__((__packed__)) *_cgo_a = v;
  fill(_cgo_a->p0, _cgo_a->p1, _cgo_a->p2);
}

// An interpreter's dispatch loop: each case stores a pointer through a base the loop does not
// change, so every address and value is loop-invariant, but each gate belongs to its case.
struct vm {
  void **slot;
  void *x;
  void *y;
  int pc;
  int *ops;
};
// A case's gate also computes the field's address again in its own block: the loop's copy of
// it, hoisted to the preheader, is then used only by the store itself, into which codegen folds
// it, and is not kept alive (spilled) across the loop for the test.
// O2-LABEL: define {{.*}}void @dispatch(
// O2-NOT: = lshr i64 {{%[0-9]+}}, 16{{$}}
// O2: switch i32
// O2-NOT: = lshr i64 {{%[0-9]+}}, 16{{$}}
// The field's base (v) is the same on every iteration, so the gate's test of the address waits
// behind the loop's flag for v (loop-gates.c), in a block of its own.
// O2: store {{.*}} %1, {{.*}}!cgosan.hooked
// O2-NEXT: br i1 %{{[0-9]+}}, label %[[TEST:[0-9]+]], label
// O2: {{^}}[[TEST]]:
// O2-NEXT: [[X:%[0-9]+]] = getelementptr inbounds {{.*}}, !nosanitize
// O2-NEXT: ptrtoint {{.*}} [[X]] to i64, !nosanitize
// O2: call preserve_mostcc void @__cgosan_store_ptr(
// O2-NOT: = lshr i64 {{%[0-9]+}}, 16{{$}}
// O2: {{^}}}
void dispatch(struct vm *v, void *q, void *r) {
  for (;;) {
    switch (v->ops[v->pc++]) {
    case 0:
      v->x = q;
      break;
    case 1:
      v->y = r;
      break;
    case 2:
      *v->slot = q;
      break;
    default:
      return;
    }
  }
}
