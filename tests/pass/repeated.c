// Repeated checks are pruned: an access at a small constant offset from a base pointer that an
// earlier access was checked through needs no check of its own, when no call came in between and
// no other path joined (the same block, or a chain of blocks each with one predecessor). A read is
// covered by an earlier read or write; a write only by a write.
//
// RUN: %clang -O2 -S -emit-llvm -fpass-plugin=%plugin %s -o - | FileCheck %s
// RUN: %clang -O2 -S -emit-llvm -fpass-plugin=%plugin %s -o /dev/null -Xclang -stats-file=%t.json
// RUN: FileCheck %s --check-prefix=STATS < %t.json

// STATS-DAG: "cgosan.NumAccessesAfterHook": 2{{,?$}}
// STATS-DAG: "cgosan.NumAccessesRepeated": 4{{,?$}}
// STATS-DAG: "cgosan.NumReads": 6{{,?$}}
// STATS-DAG: "cgosan.NumWrites": 6{{,?$}}

struct node {
  long a, b, c;
  char pad[2000];
  long far;
};
void wait_for_something(void);

// Three fields read through one pointer: one read check. The write needs its own.
// CHECK-LABEL: define {{.*}}@fields(
// CHECK: call preserve_mostcc void @__cgosan_read(
// CHECK-NOT: call preserve_mostcc void @__cgosan_read(
// CHECK: call preserve_mostcc void @__cgosan_write(
// CHECK-NOT: call preserve_mostcc void @__cgosan_
// CHECK: ret
long fields(struct node *n) {
  long s = n->a + n->b + n->c;
  n->a = s * 3;
  return s;
}

// A read after a write through the same pointer is covered by the write's check.
// CHECK-LABEL: define {{.*}}@write_then_read(
// CHECK: call preserve_mostcc void @__cgosan_write(
// CHECK-NOT: call preserve_mostcc void @__cgosan_
// CHECK: ret
long write_then_read(struct node *n, long k) {
  n->a = k * 3;
  return n->b;
}

// Past the spread (1024 bytes) the history of a returned lend might not cover the access: checked.
// CHECK-LABEL: define {{.*}}@far_field(
// CHECK: call preserve_mostcc void @__cgosan_read(
// CHECK: call preserve_mostcc void @__cgosan_read(
// CHECK-NOT: call preserve_mostcc void @__cgosan_
// CHECK: ret
long far_field(struct node *n) { return n->a + n->far; }

// A call in between may wait while the call that lent the memory returns: checked again.
// CHECK-LABEL: define {{.*}}@across_a_call(
// CHECK: call preserve_mostcc void @__cgosan_read(
// CHECK: call void @wait_for_something(
// CHECK: call preserve_mostcc void @__cgosan_read(
// CHECK: ret
long across_a_call(struct node *n) {
  long a = n->a;
  wait_for_something();
  return a + n->b;
}

// The branch of an if has one predecessor: covered by the check before it. After the join the
// store is checked again: the other path may not have checked anything.
// CHECK-LABEL: define {{.*}}@branches(
// CHECK: call preserve_mostcc void @__cgosan_write(
// CHECK-NOT: call preserve_mostcc void @__cgosan_write(
// CHECK: call void @wait_for_something(
// CHECK: call preserve_mostcc void @__cgosan_write(
// CHECK-NOT: call preserve_mostcc void @__cgosan_
// CHECK: ret
void branches(struct node *n, int k) {
  n->a = 1;
  if (k)
    n->b = 2;
  else
    wait_for_something();
  n->c = 3;
}

// Different base pointers are different objects: each is checked.
// CHECK-LABEL: define {{.*}}@two_objects(
// CHECK: call preserve_mostcc void @__cgosan_write(
// CHECK: call preserve_mostcc void @__cgosan_write(
// CHECK-NOT: call preserve_mostcc void @__cgosan_
// CHECK: ret
void two_objects(struct node *n, struct node *m) {
  n->a = 1;
  m->a = 2;
}

// A pointer store's hook checks its address as a write whenever the address lies in Go's region
// (store_hooks.cpp: a store into Go memory is a write of it), so it covers what follows through
// the same base like a write check would; the join its inline gate leaves behind does not count.
struct pnode {
  void *p;
  long n;
};
// CHECK-LABEL: define {{.*}}@read_after_pointer_store(
// CHECK: call preserve_mostcc void @__cgosan_store_ptr(
// CHECK-NOT: call preserve_mostcc void @__cgosan_
// CHECK: ret
long read_after_pointer_store(struct pnode *n, void *p) {
  n->p = p;
  return n->n;
}

// Not a read before it: the hook runs after the store, and the read comes first.
// CHECK-LABEL: define {{.*}}@read_before_pointer_store(
// CHECK: call preserve_mostcc void @__cgosan_read(
// CHECK: call preserve_mostcc void @__cgosan_store_ptr(
// CHECK-NOT: call preserve_mostcc void @__cgosan_
// CHECK: ret
long read_before_pointer_store(struct pnode *n, void *p) {
  long k = n->n;
  n->p = p;
  return k;
}

// A struct copy's hook checks its destination as a write and its source as a read.
// CHECK-LABEL: define {{.*}}@after_copy(
// CHECK: call preserve_mostcc void @__cgosan_copy(
// CHECK-NOT: call preserve_mostcc void @__cgosan_
// CHECK: ret
long after_copy(struct node *d, const struct node *s) {
  *d = *s;
  return s->b;
}
