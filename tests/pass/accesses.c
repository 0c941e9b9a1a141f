// Loads and stores that may touch Go memory get __cgosan_read / __cgosan_write before them (the
// runtime judges use-after-return); those on C memory by construction do not: locals, C globals,
// fresh malloc blocks. Pointer-sized integers that may hold a pointer get __cgosan_store_int after
// the store (level 2 follows uintptr_t); memcpy/memmove get __cgosan_copy after, memset a write.
//
// RUN: %clang -O0 -S -emit-llvm -fpass-plugin=%plugin %s -o - | FileCheck %s --check-prefixes=CHECK,O0
// RUN: %clang -O2 -S -emit-llvm -fpass-plugin=%plugin %s -o - | FileCheck %s --check-prefixes=CHECK,O2
// RUN: %clang -O0 -S -emit-llvm -fpass-plugin=%plugin %s -o /dev/null -Xclang -stats-file=%t.json
// RUN: FileCheck %s --check-prefix=STATS < %t.json

// Reads (at -O0): p[0] and src->p. Writes: p[1] and the two memsets. Integer stores: the two into `bits`
// in hide, and `m[0] = counter` in c_memory (a copied integer may be a pointer; the runtime looks
// at the value). Copies: memcpy.
// STATS-DAG: "cgosan.NumReads": 2{{,?$}}
// STATS-DAG: "cgosan.NumWrites": 3{{,?$}}
// STATS-DAG: "cgosan.NumIntStores": 3{{,?$}}
// STATS-DAG: "cgosan.NumCopies": 1{{,?$}}

typedef __SIZE_TYPE__ size_t;
typedef unsigned long uintptr_t;
void *malloc(size_t);
void *memcpy(void *, const void *, size_t);
void *memset(void *, int, size_t);
long counter;
uintptr_t bits;
struct pair {
  long a;
  void *p;
} kept;

// Through a pointer argument: maybe Go memory (read 1, write 1). The check is inline: for the read
// the level (the read mask, loaded once at the function's entry), then the region table, and only
// where Go has memory the runtime call, which keeps the caller's registers (preserve_most). The
// write tests no level: the region table is empty at level 0.
// CHECK-LABEL: define {{.*}}void @through_pointer(
// The index is the address's region, unmasked: a load's or store's address is a user address
// (below 2^48), since the access comes right after.
// CHECK: load {{.*}}[[READ_MASK]]{{.*}}!invariant.load
// CHECK: lshr i64 {{.*}}, 16
// CHECK-NEXT: add i64 {{.*}}, [[REGIONS]]
// CHECK: br i1 {{.*}}!prof
// CHECK-NOT: load
// CHECK: call preserve_mostcc void @__cgosan_read(
// CHECK: load
// CHECK-NOT: [[READ_MASK]]
// CHECK-NOT: [[WRITE_MASK]]
// CHECK: add i64 {{.*}}, [[REGIONS]]
// CHECK: call preserve_mostcc void @__cgosan_write(
// CHECK: store
// CHECK: ret void
void through_pointer(long *p) { p[1] = p[0] + 1; }

// A memset's address may be anything when its size is 0 (nothing is accessed): its index keeps
// the mask, so that it reads within the table.
// CHECK-LABEL: define {{.*}}void @clear(
// CHECK: lshr i64 {{.*}}, 16
// CHECK-NEXT: and i64 {{.*}}, [[REGION_MASK]]
// CHECK-NEXT: add i64 {{.*}}, [[REGIONS]]
// CHECK: call preserve_mostcc void @__cgosan_write(
// CHECK: call void @llvm.memset
void clear(char *p, size_t n) { memset(p, 0, n); }

// C globals, locals and a fresh malloc block are C memory: no access hook.
// CHECK-LABEL: define {{.*}}void @c_memory(
// CHECK-NOT: call preserve_mostcc void @__cgosan_read(
// CHECK-NOT: call preserve_mostcc void @__cgosan_write(
// CHECK: ret void
void c_memory(void) {
  long local = counter;
  counter = local + 1;
  long *m = malloc(16);
  m[0] = counter;
}

// A uintptr_t made from a pointer, and a copy of one, are followed (2); a counter is not.
// CHECK-LABEL: define {{.*}}void @hide(
// CHECK: store i64 {{.*}}@bits
// CHECK: call preserve_mostcc void @__cgosan_store_int({{.*}}@bits
// CHECK: ret void
void hide(long *p) {
  bits = (uintptr_t)p;
  uintptr_t copy = bits;
  bits = copy;
  counter = counter + 1;
}

// memcpy: checked after the copy (the hook gets both addresses and the length) when the
// destination may be Go memory (not here: a C global), or at level 2 when the source or a word
// that arrived (the struct's two) lies where Go has memory: tested inline, after the level.
// memset: a write (through the pointer argument, so not C memory by construction; -O2 turns it
// into a store first). The read of src->p is covered by the copy's check of its source at -O2
// (nothing but the copy's hook comes between); at -O0 each use of src reloads it from its stack
// slot, and the two pointers are not seen as one.
// CHECK-LABEL: define {{.*}}void @copies(
// CHECK: load {{.*}}[[READ_MASK]]
// CHECK: call void @llvm.memcpy
// CHECK-NEXT: br 
// CHECK-DAG: call preserve_mostcc void @__cgosan_copy({{.*}}@kept{{.*}}, {{.*}}, i64 16,
// CHECK-DAG: load i64, {{.*}}@kept
// CHECK-DAG: load i64, {{.*}}@kept
// CHECK: call preserve_mostcc void @__cgosan_write(
// O2-NOT: call preserve_mostcc void @__cgosan_read(
// O0: call preserve_mostcc void @__cgosan_read(
// CHECK: ret void
void copies(struct pair *src, char *dst) {
  memcpy(&kept, src, sizeof kept);
  memset(dst, 0, 8);
  if (src->p)
    counter = 0;
}
