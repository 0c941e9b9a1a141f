// A function with several read checks gets two bodies: levels 0 and 1 run the original with only
// its writes checked, level 2 runs a copy with everything checked. A new entry block picks one by
// the read mask; static allocas move there and are shared. A function with one read check
// keeps one body, whose read check tests the level first.
//
// RUN: %clang -O2 -S -emit-llvm -fpass-plugin=%plugin %s -o - | FileCheck %s
// RUN: %clang -O2 -S -emit-llvm -fpass-plugin=%plugin %s -o /dev/null -Xclang -stats-file=%t.json
// RUN: FileCheck %s --check-prefix=STATS < %t.json
// RUN: %clang -O2 -g -S -emit-llvm -fpass-plugin=%plugin %s -o - | %opt -passes=verify -disable-output

// STATS: "cgosan.NumVersioned": 3{{,?$}}

struct list {
  struct list *next;
  long value;
};
void visit(long *slot);

// CHECK-LABEL: define {{.*}}@sum_and_mark(
// CHECK-NEXT: alloca
// CHECK-NEXT: load i64, {{.*}}[[READ_MASK]]{{.*}}!invariant.load
// CHECK-NEXT: icmp ne i64
// CHECK-NEXT: br i1 {{.*}}, label %[[LEVEL2:[0-9a-z.]+]], label %[[LEVEL01:[0-9a-z.]+]]
// The original body: the write is checked, the reads are not.
// CHECK: {{^}}[[LEVEL01]]:
// CHECK-NOT: @__cgosan_read(
// CHECK: call preserve_mostcc void @__cgosan_write(
// CHECK-NOT: @__cgosan_read(
// CHECK: ret i64
// The copy: reads and the write, with no level test before the reads.
// CHECK: {{^}}[[LEVEL2]]:
// CHECK-NOT: icmp ne i64
// CHECK: [[REGIONS]]
// CHECK: call preserve_mostcc void @__cgosan_read(
// CHECK: call preserve_mostcc void @__cgosan_write(
// CHECK: ret i64
// CHECK-NEXT: }
long sum_and_mark(struct list *l, long *total) {
  long sum = 0, local = 0;
  for (; l; l = l->next)
    sum += l->value;
  visit(&local);
  *total += sum;
  return sum + local;
}

// CHECK-LABEL: define {{.*}}@one_read(
// CHECK: load i64, {{.*}}[[READ_MASK]]
// CHECK-NEXT: icmp
// CHECK-NEXT: br i1
// CHECK: call preserve_mostcc void @__cgosan_read(
// CHECK: ret i64
// CHECK-NEXT: }
long one_read(long *p) { return *p; }

// Inline assembly that means the same when emitted twice does not stop the copy: alignment
// hints (zstd's decoder loop), optimizer barriers, instructions, numeric local labels and labels
// made unique with %=. Two bodies, each with its own copy of the asm.
// CHECK-LABEL: define {{.*}}@with_harmless_asm(
// CHECK: [[READ_MASK]]
// CHECK: {{^}}[[L01:[0-9a-z.]+]]:
// CHECK-NOT: @__cgosan_read(
// CHECK: call void asm sideeffect ".p2align 4"
// CHECK: call void asm sideeffect "1: nop; jmp 1f; 1:"
// CHECK: call void asm sideeffect "spin${:uid}: pause"
// CHECK-NOT: @__cgosan_read(
// CHECK: ret i64
// CHECK: call void asm sideeffect ".p2align 4"
// CHECK: call void asm sideeffect "spin${:uid}: pause"
// CHECK: call preserve_mostcc void @__cgosan_read(
// CHECK: ret i64
// CHECK-NEXT: }
long with_harmless_asm(long *p, long *q) {
  __asm__ volatile(".p2align 4");
  __asm__ volatile("" ::: "memory");
  __asm__ volatile("1: nop; jmp 1f; 1:");
  __asm__ volatile("spin%=: pause" :::);
  return p[0] + q[1];
}

// cpuid with operands, as cpu-feature probes write it (the optimizer may merge the two copies of
// an asm without side effects again; NumVersioned counts this function).
// CHECK-LABEL: define {{.*}}@with_cpuid(
// CHECK: asm "cpuid"
// CHECK: ret i64
long with_cpuid(long *p, long *q) {
  unsigned a, b, c, d;
  __asm__("cpuid" : "=a"(a), "=b"(b), "=c"(c), "=d"(d) : "a"(0));
  return p[0] + q[1] + a + b + c + d;
}

// Inline assembly that defines a symbol, declares one or emits into another section, and a
// noduplicate call, which must stay one call: one body, the reads gated by the level one by one
// (NumVersioned above counts sum_and_mark, with_harmless_asm and with_cpuid).
// CHECK-LABEL: define {{.*}}@with_label(
// CHECK-COUNT-2: call preserve_mostcc void @__cgosan_read(
// CHECK-NOT: call preserve_mostcc void @__cgosan_read(
// CHECK: ret i64
long with_label(long *p, long *q) {
  __asm__ volatile("cgosan_versions_label:");
  return p[0] + q[1];
}

// CHECK-LABEL: define {{.*}}@with_globl(
// CHECK-COUNT-2: call preserve_mostcc void @__cgosan_read(
// CHECK-NOT: call preserve_mostcc void @__cgosan_read(
// CHECK: ret i64
long with_globl(long *p, long *q) {
  __asm__ volatile(".globl cgosan_versions_sym");
  return p[0] + q[1];
}

// CHECK-LABEL: define {{.*}}@with_section(
// CHECK-COUNT-2: call preserve_mostcc void @__cgosan_read(
// CHECK-NOT: call preserve_mostcc void @__cgosan_read(
// CHECK: ret i64
long with_section(long *p, long *q) {
  __asm__ volatile(".pushsection .note.cgosan, \"a\"; .long 1; .popsection");
  return p[0] + q[1];
}

void barrier(void) __attribute__((noduplicate));
// CHECK-LABEL: define {{.*}}@with_barrier(
// CHECK-COUNT-1: call void @barrier(
// CHECK-NOT: call void @barrier(
// CHECK: ret i64
long with_barrier(long *p, long *q) {
  long a = p[0];
  barrier();
  return a + q[1];
}

// And the object assembles: each label is defined once.
// RUN: %clang -O2 -c -fpass-plugin=%plugin %s -o %t.o
