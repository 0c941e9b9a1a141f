// memcpy/memmove are followed by __cgosan_copy(dst, src, n, site, layout), where layout says which
// 8-byte words of the copied type may hold a pointer (runtime/cgosan_abi.h): pointers and
// pointer-sized integers do, and so do byte arrays (unions, char buffers); padding and smaller
// fields do not, so stale bytes left in a local's padding never count as a stored Go pointer.
// The type comes from clang's !tbaa.struct on a struct copy (at -O2), or from the LLVM type of
// the object copied (an alloca, a global, a GEP). A copy between void pointers gets no layout
// (null: every word counts).
//
// RUN: %clang -O0 -S -emit-llvm -fpass-plugin=%plugin %s -o - | FileCheck %s
// RUN: %clang -O2 -S -emit-llvm -fpass-plugin=%plugin %s -o - | FileCheck %s

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
// Nothing in it can hold a pointer: period 0.
// CHECK-DAG: [[PLAIN:@__cgosan_layout[.0-9]*]] = private unnamed_addr constant { i32, i32, [0 x i64] } zeroinitializer, align 8
struct plain {
  int x, y;
  short z[4];
};

struct node *head;
struct mixed kept_mixed;
struct plain kept_plain;

// CHECK-LABEL: define {{.*}}void @push(
// CHECK: call void @llvm.memcpy
// CHECK: call void @__cgosan_copy({{.*}}[[NODE]]
void push(long *p) {
  struct node local;
  local.data = p;
  local.next = head;
  local.flag = 1;
  struct node *n = malloc(sizeof *n);
  memcpy(n, &local, sizeof local);
  head = n;
}

// CHECK-LABEL: define {{.*}}void @copy_mixed(
// CHECK: call void @__cgosan_copy({{.*}}[[MIXED]]
void copy_mixed(struct mixed *m) { kept_mixed = *m; }

// CHECK-LABEL: define {{.*}}void @copy_plain(
// CHECK: call void @__cgosan_copy({{.*}}[[PLAIN]]
void copy_plain(struct plain *q) { kept_plain = *q; }

// CHECK-LABEL: define {{.*}}void @copy_bytes(
// CHECK: call void @__cgosan_copy({{.*}}, {{.*}}, {{.*}}, {{.*}}, {{(i8\*|ptr)}} null)
void copy_bytes(void *dst, const void *src, size_t n) { memcpy(dst, src, n); }
