// memcpy/memmove are followed by __cgosan_copy(dst, src, n, site, layout), where layout says which
// 8-byte words of the copied type may hold a pointer (runtime/cgosan_abi.h): pointers and
// pointer-sized integers do, and so do byte arrays (unions, char buffers); padding and smaller
// fields do not, so stale bytes left in a local's padding never count as a stored Go pointer.
// The type comes from clang's !tbaa.struct on a struct copy (at -O2), or from the LLVM type of
// the object copied (an alloca, a global, a GEP). A copy between void pointers gets no layout
// (null: every word counts).
//
// RUN: %clang -O0 -S -emit-llvm -fpass-plugin=%plugin %s -o - | FileCheck %s --check-prefixes=CHECK,O0
// RUN: %clang -O2 -S -emit-llvm -fpass-plugin=%plugin %s -o - | FileCheck %s --check-prefixes=CHECK,O2

typedef __SIZE_TYPE__ size_t;
typedef _Bool bool;
void *memcpy(void *, const void *, size_t);
void *malloc(size_t);

// Words 0 and 1 are pointers; word 2 is a bool and seven bytes of padding: mask 0b011.
// CHECK-DAG: [[NODE:@__cgosan_layout[.0-9]*]] = private unnamed_addr constant { i32, i32, [1 x i64] } { i32 3, i32 0, [1 x i64] [i64 3] }, align 8
struct node {
  long *data;
  struct node *next;
  bool flag;
};
// A union and a char buffer may hold a pointer; an int pair may not: mask 0b1110 over 4 words.
// CHECK-DAG: [[MIXED:@__cgosan_layout[.0-9]*]] = private unnamed_addr constant { i32, i32, [1 x i64] } { i32 4, i32 0, [1 x i64] [i64 14] }, align 8
struct mixed {
  int a, b;
  union {
    void *p;
    long n;
  } u;
  char name[16];
};
// Nothing in it can hold a pointer: period 0. Where the pointers are opaque (LLVM 15 and later)
// a copy between two pointers is described only by clang's !tbaa.struct, with optimization: so
// the check is at -O2 only, and the fields are scalars (tbaa.struct gives an array member the
// type "omnipotent char", which may hold anything, so its words would count).
// O2-DAG: [[PLAIN:@__cgosan_layout[.0-9]*]] = private unnamed_addr constant { i32, i32, [0 x i64] } zeroinitializer, align 8
struct plain {
  int x, y;
  short a, b, c, d;
};

struct node *head;
struct mixed kept_mixed;
struct plain kept_plain;

// At -O0 a copy from a local; with optimization SROA has split it into stores of the local's
// fields before the store phase runs, and those are hooked as the pointer stores they are.
// CHECK-LABEL: define {{.*}}void @push(
// O0: call void @llvm.memcpy
// O0: call preserve_mostcc void @__cgosan_copy({{.*}}[[NODE]]
// O2-NOT: @__cgosan_copy(
// O2: call preserve_mostcc void @__cgosan_store_ptr(
// O2: call preserve_mostcc void @__cgosan_store_ptr(
// O2-NOT: @__cgosan_copy(
// CHECK: ret void
void push(long *p) {
  struct node local;
  local.data = p;
  local.next = head;
  local.flag = 1;
  struct node *n = malloc(sizeof *n);
  memcpy(n, &local, sizeof local);
  head = n;
}

// A struct assignment between pointers (clang describes the copy with !tbaa.struct).
// CHECK-LABEL: define {{.*}}void @copy_node(
// O2: call preserve_mostcc void @__cgosan_copy({{.*}}[[NODE]]
void copy_node(struct node *d, const struct node *s) { *d = *s; }

// CHECK-LABEL: define {{.*}}void @copy_mixed(
// CHECK: call preserve_mostcc void @__cgosan_copy({{.*}}[[MIXED]]
void copy_mixed(struct mixed *m) { kept_mixed = *m; }

// Into memory that may be Go's: the hook checks the write, and knows no word can hold a pointer.
// CHECK-LABEL: define {{.*}}void @copy_plain(
// CHECK: call preserve_mostcc void @__cgosan_copy(
// O2-SAME: [[PLAIN]]
void copy_plain(struct plain *d, struct plain *q) { *d = *q; }

// Into C memory, a copy of a type that holds no pointer keeps nothing: what is left is a read of q
// (the late phase's check, at level 2).
// CHECK-LABEL: define {{.*}}void @copy_plain_global(
// CHECK-NOT: @__cgosan_copy(
// CHECK: call preserve_mostcc void @__cgosan_read(
// CHECK-NOT: @__cgosan_copy(
// CHECK: ret void
void copy_plain_global(struct plain *q) { kept_plain = *q; }

// CHECK-LABEL: define {{.*}}void @copy_bytes(
// CHECK: call preserve_mostcc void @__cgosan_copy({{.*}}, {{.*}}, {{.*}}, {{.*}}, {{(i8\*|ptr)}} null)
void copy_bytes(void *dst, const void *src, size_t n) { memcpy(dst, src, n); }
