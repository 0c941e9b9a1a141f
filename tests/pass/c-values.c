// A pointer store whose value is a C pointer by construction (null, a local's or a global's
// address, what malloc returned, a field of one, a phi or select of such) can keep no Go pointer
// and break no rule in Go memory: it is at most a write. Its gate tests no value; into C memory
// (a fresh heap block, a static) it gets no hook at all, and into memory that may be Go's only
// the address test. A value the program computed from another pointer (`a + (p - a)`) or read
// from memory is tested as before.
//
// RUN: %clang -O2 -S -emit-llvm -fpass-plugin=%plugin %s -o - | FileCheck %s
// RUN: %clang -O2 -S -emit-llvm -fpass-plugin=%plugin %s -o /dev/null -Xclang -stats-file=%t.json
// RUN: FileCheck %s --check-prefix=STATS < %t.json

// STATS: "cgosan.NumStoresValueC": 3{{,?$}}

typedef __SIZE_TYPE__ size_t;
void *malloc(size_t);
void free(void *);

struct node {
  struct node *next;
  struct node *self;
  long v;
};

// A list built from fresh blocks: every value stored is the block itself or the previous one (a
// phi of null and malloc results), into a fresh block. Nothing to test, no hook.
// CHECK-LABEL: define {{.*}}@build(
// CHECK-NOT: @__cgosan_store_ptr
// CHECK-NOT: lshr
// CHECK: ret
struct node *build(int n) {
  struct node *head = 0;
  for (int i = 0; i < n; i++) {
    struct node *x = malloc(sizeof *x);
    x->next = head;
    x->self = x;
    x->v = i;
    head = x;
  }
  return head;
}

// The address of a static stored through a pointer that may point into Go memory: the hook
// follows the address's region test alone (one shift of the address, none of the value).
static struct node sentinel;
// CHECK-LABEL: define {{.*}}@point_at_sentinel(
// CHECK: [[A:%[0-9]+]] = ptrtoint {{.*}} %0 to i64
// CHECK-NEXT: lshr i64 [[A]], 16
// CHECK-NOT: lshr
// CHECK: call preserve_mostcc void @__cgosan_store_ptr(
// CHECK-NOT: lshr
// CHECK: ret void
void point_at_sentinel(struct node **out, int c) { *out = c ? &sentinel : 0; }

// A mix of a C pointer and an argument (which may be a Go pointer): the value is tested.
// CHECK-LABEL: define {{.*}}@keep_either(
// CHECK: [[V:%[0-9]+]] = select i1
// CHECK: ptrtoint {{i8\*|ptr}} [[V]] to i64
// CHECK-NEXT: lshr
// CHECK: call preserve_mostcc void @__cgosan_store_ptr(
static void *kept;
void keep_either(void *p, int c) {
  struct node *local = malloc(sizeof *local);
  kept = c ? p : (void *)local;
}
void *get_kept(void) { return kept; }

// Arithmetic that takes a C pointer to where another pointer points: its value is p's.
// CHECK-LABEL: define {{.*}}@rebase(
// CHECK: lshr
// CHECK: lshr
// CHECK: call preserve_mostcc void @__cgosan_store_ptr(
void rebase(char **out, char *p) {
  static char base[16];
  *out = base + (p - base);
}
