// A direct store into a static whose address nothing else takes waits for the store phase: made
// volatile at the pipeline's start (so GlobalOpt keeps the store and the static, read or not),
// hooked after the optimizer's first passes. Hooked at the start, the hook's call would take the
// static's address, and alias analysis would count the static as reachable from any call and
// through any pointer: a loop that reads `table` and writes through a char pointer would reload
// `table` on every iteration, and its accesses through `table` would get no loop gate.
//
// One body per function (-cgosan-level2-min-reads=0), so that each holds one load of `table`.
// RUN: %clang -O2 -S -emit-llvm -fpass-plugin=%plugin -Xclang -load -Xclang %plugin %s -o - \
// RUN:   -mllvm -cgosan-level2-min-reads=0 | FileCheck %s
// RUN: %clang -O2 -S -emit-llvm -fpass-plugin=%plugin %s -o /dev/null -Xclang -stats-file=%t.json
// RUN: FileCheck %s --check-prefix=STATS < %t.json
// RUN: %clang -O2 -S -emit-llvm -fpass-plugin=%plugin -Xclang -load -Xclang %plugin %s -o - \
// RUN:   -mllvm -cgosan-level2-min-reads=0 -mllvm -cgosan-defer-static-stores=0 \
// RUN:   -Xclang -stats-file=%t.off.json | FileCheck %s --check-prefix=OFF
// RUN: FileCheck %s --check-prefix=OFF-STATS < %t.off.json
// RUN: %clang -O0 -S -emit-llvm -fpass-plugin=%plugin %s -o - | FileCheck %s --check-prefix=O0
// RUN: %clang -g -O2 -S -emit-llvm -fpass-plugin=%plugin -Xclang -load -Xclang %plugin %s -o - \
// RUN:   -mllvm -cgosan-level2-min-reads=0 | FileCheck %s --check-prefix=DBG

// STATS: "cgosan.NumAccessesLoopGated": 2{{,?$}}
// STATS: "cgosan.NumStoreGatesLoopGated": 3{{,?$}}
// STATS: "cgosan.NumStoresIntoStaticsDeferred": 6{{,?$}}
// Hooked at the start, the same stores leave the loop's base changing on every iteration:
// OFF-STATS: "cgosan.NumAccessesLoopGated": 1{{,?$}}
// OFF-STATS: "cgosan.NumStoreGatesLoopGated": 1{{,?$}}
// OFF-STATS-NOT: StaticsDeferred

typedef __SIZE_TYPE__ size_t;
void *calloc(size_t, size_t);
void *memcpy(void *, const void *, size_t);

void free(void *);

struct pair {
  unsigned long k, v;
};
struct ent {
  struct ent *next;
  struct pair kv;
};
static struct ent *table;
static size_t table_len;

// CHECK-LABEL: define {{.*}}@table_init(
// CHECK: store volatile {{.*}}@table,
// CHECK: call preserve_mostcc void @__cgosan_store_ptr(
// At -O0 the early phase is the store phase: nothing is deferred.
// O0-LABEL: define {{.*}}@table_init(
// O0-NOT: store volatile
// O0: call preserve_mostcc void @__cgosan_store_ptr(
struct ent *pool_get(size_t);
void table_init(size_t n) {
  free(table);
  table = pool_get(n * sizeof *table);
  table_len = n;
}

// A C pointer (what calloc returned) stored into a static keeps no Go pointer: nothing to hook,
// so nothing to defer either.
static struct ent *spare;
// CHECK-LABEL: define {{.*}}@spare_init(
// CHECK-NOT: store volatile
// CHECK-NOT: __cgosan_store_ptr
// CHECK: {{^}}}
// O0-LABEL: define {{.*}}@spare_init(
// O0-NOT: __cgosan_store_ptr
// O0: {{^}}}
void spare_init(size_t n) { spare = calloc(n, sizeof *spare); }
struct ent *spare_get(void) { return spare; }

// Struct moves between a lent buffer and table entries (bench/workloads/buffer): with `table`
// reachable from anywhere, a store through an entry might change `table` itself.
// CHECK-LABEL: define {{.*}}@moves(
// CHECK: load {{.*}}@table,
// CHECK: phi i64
// CHECK-NOT: load {{.*}}@table,
// CHECK: {{^}}}
// OFF-LABEL: define {{.*}}@moves(
// OFF: phi i64
// OFF: load {{.*}}@table,
unsigned long moves(unsigned char *buf, size_t slots, int rounds) {
  unsigned long sum = 0;
  for (int i = 0; i < rounds; i++) {
    struct ent *a = &table[(size_t)i % table_len];
    struct ent *b = &table[((size_t)i * 7 + 3) % table_len];
    struct pair t, u;
    memcpy(&t, buf + ((size_t)i % slots) * sizeof t, sizeof t);
    u = a->kv;
    a->kv = b->kv;
    b->kv = t;
    memcpy(buf + ((size_t)i % slots) * sizeof u, &u, sizeof u);
    sum += u.k ^ t.v;
  }
  return sum;
}

// Stores of one value into sibling statics: the early phase's mark after each store (with the
// store's site, nomerge) keeps the optimizer from sinking them into one store through a select
// of the statics, so each keeps its own hook, site and line. No mark is left behind.
static void *first, *second;
// CHECK-LABEL: define {{.*}}@remember(
// CHECK: store volatile {{.*}}@first,
// CHECK: call preserve_mostcc void @__cgosan_store_ptr({{[^,]*}}@first{{[ ,]}}
// CHECK: store volatile {{.*}}@second,
// CHECK: call preserve_mostcc void @__cgosan_store_ptr({{[^,]*}}@second{{[ ,]}}
// CHECK-NOT: __cgosan_deferred_store
void remember(void *p, int which) {
  if (which)
    first = p;
  else
    second = p;
}
void *recall(int which) { return which ? first : second; }

// The same integer stored into a static first thing in both branches. The mark before each store
// (a fence, nomerge) keeps SimplifyCFG from hoisting the two into one before the store phase,
// where the store would take a merged location (line 0) and leave both marks behind: each is
// hooked in its branch with its own site (once hooked, the stores themselves may be hoisted).
// The value is the argument, which alone does not say it may hold a pointer; the volatile store
// into a static does: at level 2 it is hooked.
typedef __UINTPTR_TYPE__ uintptr_t;
static uintptr_t saved_bits;
void left(void);
void right(void);
// CHECK-LABEL: define {{.*}}@keep_bits(
// CHECK: store volatile {{.*}}@saved_bits,
// CHECK: call preserve_mostcc void @__cgosan_store_int(
// CHECK: call preserve_mostcc void @__cgosan_store_int(
// CHECK-NOT: __cgosan_deferred_store
// CHECK: {{^}}}
// DBG-LABEL: define {{.*}}@keep_bits(
// DBG: call preserve_mostcc void @__cgosan_store_int({{.*}}@__cgosan_site.[[#SITE:]]{{[ )]}}
// DBG: call preserve_mostcc void @__cgosan_store_int({{.*}}@__cgosan_site.[[#SITE+1]]{{[ )]}}
void keep_bits(uintptr_t u, int c) {
  if (c) {
    saved_bits = u;
    left();
  } else {
    saved_bits = u;
    right();
  }
}
uintptr_t bits(void) { return saved_bits; }

// A static whose address is taken is stored to through that address too, which only the early
// phase sees as a store into the static: hooked there, and kept (llvm.compiler.used).
static void *slot;
void **slot_address(void) { return &slot; }
// CHECK-LABEL: define {{.*}}@set_slot(
// CHECK-NOT: store volatile
// CHECK: call preserve_mostcc void @__cgosan_store_ptr(
void set_slot(void *p) { slot = p; }

// A thread-local is hooked at the start as before.
static __thread void *tls_slot;
// CHECK-LABEL: define {{.*}}@set_tls(
// CHECK-NOT: store volatile
// CHECK: call preserve_mostcc void @__cgosan_store_ptr(
void set_tls(void *p) { tls_slot = p; }
void *get_tls(void) { return tls_slot; }
