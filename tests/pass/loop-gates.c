// Checks in a loop through a pointer the loop does not change test that pointer's region once,
// before the loop: an access through inbounds GEPs stays in its base's object, and an object is
// all C memory or all Go memory. When no base of the loop's writes (or reads) has Go memory in
// its region, their checks are skipped after one compare; when one has, they run as before.
//
// RUN: %clang -O2 -S -emit-llvm -fpass-plugin=%plugin %s -o - | FileCheck %s
// RUN: %clang -O2 -S -emit-llvm -fpass-plugin=%plugin %s -o /dev/null -Xclang -stats-file=%t.json
// RUN: FileCheck %s --check-prefix=STATS < %t.json
// The loops whose bases change or are not known to stay in an object get no gate:
// RUN: %clang -O2 -S -emit-llvm -fpass-plugin=%plugin %s -DONLY_UNGATED -o /dev/null \
// RUN:   -Xclang -stats-file=%t.ungated.json
// RUN: FileCheck %s --check-prefix=UNGATED < %t.ungated.json
// RUN: %clang -O2 -S -emit-llvm -fpass-plugin=%plugin -Xclang -load -Xclang %plugin %s -o /dev/null \
// RUN:   -mllvm -cgosan-loop-gates=0 -Xclang -stats-file=%t.off.json
// RUN: FileCheck %s --check-prefix=UNGATED < %t.off.json
// RUN: %clang -O0 -S -emit-llvm -fpass-plugin=%plugin %s -o - | %opt -passes=verify -disable-output

// STATS: "cgosan.NumAccessesLoopGated": {{[1-9][0-9]*}}{{,?$}}
// STATS: "cgosan.NumLoopGates": {{[1-9][0-9]*}}{{,?$}}
// STATS: "cgosan.NumPreheadersInserted": {{[1-9][0-9]*}}{{,?$}}
// STATS: "cgosan.NumStoreGatesLoopGated": {{[1-9][0-9]*}}{{,?$}}
// (A statistic that stays 0 is not printed.)
// UNGATED-NOT: LoopGate
// UNGATED: "cgosan.NumReads": {{[1-9][0-9]*}}{{,?$}}
// UNGATED-NOT: LoopGate
// UNGATED: "cgosan.NumWrites": {{[1-9][0-9]*}}{{,?$}}
// UNGATED-NOT: LoopGate

#ifndef ONLY_UNGATED
struct matcher {
  unsigned *table;
  unsigned char *tags;
  unsigned hashCache[8];
};

// Two tables written at hashed indexes, through pointers read from the struct once: zstd's
// match finder. Each base is tested in the preheader, and each write's region test sits behind
// the loop's one flag for its writes.
// CHECK-LABEL: define {{.*}}@write_table(
// The preheader: the table pointer's region, once.
// CHECK: [[TAB:%[0-9]+]] = load {{.*}}!tbaa
// CHECK: [[TI:%[0-9]+]] = ptrtoint {{.*}}[[TAB]] to i64
// CHECK-NEXT: [[TS:%[0-9]+]] = lshr i64 [[TI]], 16
// CHECK-NEXT: [[TX:%[0-9]+]] = and i64 [[TS]], [[REGION_MASK]]
// CHECK-NEXT: [[TA:%[0-9]+]] = add i64 [[TX]], [[REGIONS]]
// CHECK-NEXT: [[TP:%[0-9]+]] = inttoptr i64 [[TA]] to
// CHECK-NEXT: [[TB:%[0-9]+]] = load i8, {{.*}}[[TP]]
// CHECK-NEXT: [[GT:%[0-9]+]] = icmp ne i8 [[TB]], 0
// The struct's, then one flag for the loop's writes.
// CHECK: [[G:%[0-9]+]] = or i1 [[GT]], %
// The loop: the gate, then the write's own region test and the hook.
// CHECK: br i1 [[G]], label
// CHECK: [[REGIONS]]
// CHECK: call preserve_mostcc void @__cgosan_write(
// CHECK: ret void
void write_table(struct matcher *m, const unsigned *keys, int n) {
  unsigned *table = m->table;
  for (int i = 0; i < n; i++) {
    unsigned h = (keys[i] * 2654435761u) >> 20;
    table[h] = (unsigned)i;
    m->hashCache[i & 7] = h;
  }
}

// A struct's fields written in a loop through a pointer argument: one gate for all of them.
struct stats {
  long count, sum, max;
};
// CHECK-LABEL: define {{.*}}@write_fields(
// CHECK: icmp ne i8
// CHECK: br i1
// CHECK: call preserve_mostcc void @__cgosan_write(
void write_fields(struct stats *s, const long *v, int n) {
  for (int i = 0; i < n; i++) {
    s->count++;
    s->sum += v[i];
    if (v[i] > s->max)
      s->max = v[i];
  }
}

// Pointers stored into a C table at hashed indexes through a base the loop does not change, and
// entries copied within it. The store phase's gates (the value stored, and the address) are
// written before the optimizer is done; their tests of the address wait behind the loop's flag
// for the table like the write checks (no object is part C, part Go memory), and a store into a
// C table tests only the value it stores.
struct slot {
  void *p;
  long k;
};
// CHECK-LABEL: define {{.*}}@store_table(
// CHECK: [[SG:%[0-9]+]] = icmp ne i8
// CHECK: store {{.*}}!cgosan.hooked
// CHECK-NEXT: br i1 [[SG]], label %[[TEST:[0-9]+]], label
// CHECK: {{^}}[[TEST]]:
// CHECK: [[REGIONS]]
// CHECK: call preserve_mostcc void @__cgosan_store_ptr(
void store_table(struct slot *t, void **vals, int n) {
  for (int i = 0; i < n; i++) {
    unsigned h = ((unsigned)i * 2654435761u) >> 24;
    t[h].p = vals[i];
    t[h ^ 1] = t[h];
  }
}

// A loop the optimizer leaves without a preheader: its guard (`n == 0`) branches straight into
// the rotated loop. The late phase gives it one back, which holds the base's region test; the
// write in the loop sits behind the flag. Without the preheader the loop had no gate.
unsigned char next_byte(unsigned);
// CHECK-LABEL: define {{.*}}@fill_guarded(
// CHECK: br i1 {{%[0-9]+}}, label %[[EXIT:[0-9]+]], label %[[PRE:[0-9]+]]
// CHECK: [[PRE]]:
// CHECK-NEXT: [[PI:%[0-9]+]] = ptrtoint {{.*}} %0 to i64
// CHECK: [[PG:%[0-9]+]] = icmp ne i8 {{%[0-9]+}}, 0
// CHECK-NEXT: br label %[[LOOP:[0-9]+]]
// CHECK: [[LOOP]]:
// CHECK: call zeroext i8 @next_byte(
// CHECK: br i1 [[PG]], label
// CHECK: call preserve_mostcc void @__cgosan_write(
void fill_guarded(unsigned char *p, unsigned long n) {
  for (unsigned long i = 0; i < n; i++)
    p[i] = next_byte((unsigned)i);
}

// Reads in a level-2 body: two loop-invariant bases, each tested once.
// CHECK-LABEL: define {{.*}}@read_indexed(
// CHECK: call preserve_mostcc void @__cgosan_read(
long read_indexed(const long *a, const int *idx, int n) {
  long s = 0;
  for (int i = 0; i < n; i++)
    s += a[idx[i]];
  return s;
}
#endif

// A list walk: the pointer read changes every iteration, so each read keeps its own check.
struct node {
  struct node *next;
  long value;
};
// CHECK-LABEL: define {{.*}}@walk_list(
// CHECK: call preserve_mostcc void @__cgosan_read(
long walk_list(struct node *l) {
  long sum = 0;
  for (; l; l = l->next)
    sum += l->value;
  return sum;
}

// A list linked back in a walk: each node is another object, so each store's gate tests its
// address.
struct dnode {
  struct dnode *next, *prev;
};
// CHECK-LABEL: define {{.*}}@link_back(
// CHECK: call preserve_mostcc void @__cgosan_store_ptr(
void link_back(struct dnode *l, struct dnode *prev) {
  for (; l; prev = l, l = l->next)
    l->prev = prev;
}

// An address made with integer arithmetic is not known to stay in an object: no gate.
// CHECK-LABEL: define {{.*}}@offset_by_int(
// CHECK: call preserve_mostcc void @__cgosan_write(
void offset_by_int(char *base, int n) {
  for (int i = 0; i < n; i++)
    *(char *)((unsigned long)base + (unsigned long)i * 4099) = 0;
}
