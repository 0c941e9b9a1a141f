// The wrappers' inline call path (runtime/cgosan_abi.h spells it out): the entry pushes the call's
// frame onto the thread's state (__cgosan_thread) with the pointer arguments of the C function's
// call, the return pops it and writes the history; the runtime's hooks only when the thread is
// not ready for the inline path (its first call, deep nesting) or the return has work.
//
// RUN: %clang -O2 -S -emit-llvm -fpass-plugin=%plugin %s -o - | FileCheck %s

#line 1 "main.go"
extern int *__errno_location(void);
static void take1(char *p) { p[0] = 1; }
static void take2(char *p, long n, char *q) { p[n] = q[n]; }
static void take9(char *a, char *b, char *c, char *d, char *e, char *f, char *g, char *h, char *i) {
  a[0] = b[0] + c[0] + d[0] + e[0] + f[0] + g[0] + h[0] + i[0];
}
static long none(long n) { return n + 1; }
// Too big to inline at two call sites, inlined at its only one.
static long work(char *p, long n) {
  long s = 0;
  for (long i = 0; i < n; i++) {
    s += p[i] * 3 + (p[i] >> 2) - (p[(i * 7) % n] ^ 5);
    p[i] = (char)(s ^ (s >> 3));
    if (p[i] == 17)
      s += p[(i + 1) % n] * p[(i + 3) % n] / (p[(i + 5) % n] | 1);
    if (s > 1000000)
      s = s % 1000 + p[(i * 13) % n];
  }
  for (long i = n - 1; i > 0; i--)
    p[i] ^= p[i - 1] + (char)s;
  return s;
}

#line 1 "cgo-generated-wrapper"

// One pointer: the frame gets the call, the stack bound, the Go frame, the record mark, the
// serial, lent_count 1 and the pointer with its argument index; then depth, with release.
// CHECK-LABEL: define {{.*}}void @_cgo_826fc2f169f1_Cfunc_take1(
// CHECK: [[MASK:%[0-9]+]] = load i64, {{.*}}[[WRITE_MASK]]
// CHECK-NEXT: icmp eq i64 [[MASK]], 0
// CHECK: [[D:%[0-9]+]] = load volatile i32, {{.*}}@__cgosan_thread
// CHECK-NEXT: [[LIMIT:%[0-9]+]] = load volatile i32, {{.*}}@__cgosan_thread, i64 4)
// CHECK-NEXT: icmp ult i32 [[D]], [[LIMIT]]
// CHECK: store volatile {{.*}}@__cgosan_call
// CHECK: store volatile i32 1,
// CHECK: store volatile i32 0,
// CHECK: store atomic volatile i32 {{.*}}@__cgosan_thread{{.*}} release
// CHECK: call void @__cgosan_call_enter(
// CHECK-NEXT: call void @__cgosan_lend({{.*}}, i32 0)
// The return: the depth first (release), then what needs the runtime: exit_work (offset 16),
// records made during the call, lends beyond the inline ones.
// CHECK: store atomic volatile i32 {{.*}}@__cgosan_thread{{.*}} release
// CHECK-NEXT: fence syncscope("singlethread") seq_cst
// CHECK: load volatile i64, {{.*}}@__cgosan_thread, i64 16)
// CHECK: call void @__cgosan_call_exit_slow()
// The one lend the same as the newest history entry (last_entry, offset 48): its touched extent
// grows; otherwise, in a Go region, a new entry, which becomes last_entry.
// CHECK: load volatile {{.*}}@__cgosan_thread, i64 48)
// CHECK: [[REGIONS]]
// CHECK: load volatile {{.*}}@__cgosan_thread, i64 40)
// CHECK: store volatile {{.*}}, {{.*}}@__cgosan_thread, i64 48)
// CHECK: store atomic volatile i32 {{.*}}@__cgosan_thread, i64 12){{.*}} release
// CHECK: call void @__cgosan_call_exit()
void _cgo_826fc2f169f1_Cfunc_take1(void *v) {
  struct {
    char *p0;
  } __attribute__((__packed__)) *_cgo_a = v;
  take1(_cgo_a->p0);
}

// Two pointers and an integer: both pointers are lent inline with their argument indices (0
// and 2), each into a history entry of its own.
// CHECK-LABEL: define {{.*}}void @_cgo_826fc2f169f1_Cfunc_take2(
// CHECK: store volatile i32 2,
// CHECK-DAG: store volatile i32 0,
// CHECK-DAG: store volatile i32 2,
// CHECK: call void @__cgosan_call_enter(
// CHECK-NEXT: call void @__cgosan_lend({{.*}}, i32 0)
// CHECK-NEXT: call void @__cgosan_lend({{.*}}, i32 2)
// CHECK-NOT: @__cgosan_lend
// CHECK: call void @__cgosan_call_exit_slow()
// CHECK-NOT: load volatile {{.*}}@__cgosan_thread, i64 48)
// CHECK: store atomic volatile i32 {{.*}}@__cgosan_thread, i64 12){{.*}} release
// CHECK: store atomic volatile i32 {{.*}}@__cgosan_thread, i64 12){{.*}} release
// CHECK: call void @__cgosan_call_exit()
void _cgo_826fc2f169f1_Cfunc_take2(void *v) {
  struct {
    char *p0;
    long p1;
    char *p2;
  } __attribute__((__packed__)) *_cgo_a = v;
  take2(_cgo_a->p0, _cgo_a->p1, _cgo_a->p2);
}

// Nine pointers: CGOSAN_MAX_LENT (8) inline, the ninth through the runtime after the entry (its
// returns then take the runtime's path: lent_count is not 8).
// CHECK-LABEL: define {{.*}}void @_cgo_826fc2f169f1_Cfunc_take9(
// CHECK: store volatile i32 8,
// CHECK: call void @__cgosan_call_enter(
// CHECK-COUNT-8: call void @__cgosan_lend(
// CHECK: call void @__cgosan_lend({{.*}}, i32 8)
// CHECK: call void @__cgosan_call_exit_slow()
void _cgo_826fc2f169f1_Cfunc_take9(void *v) {
  struct {
    char *p[9];
  } __attribute__((__packed__)) *_cgo_a = v;
  take9(_cgo_a->p[0], _cgo_a->p[1], _cgo_a->p[2], _cgo_a->p[3], _cgo_a->p[4], _cgo_a->p[5],
        _cgo_a->p[6], _cgo_a->p[7], _cgo_a->p[8]);
}

// No pointer: the call starts at the entry (before errno is cleared, as in the wrappers of
// `r, err := C.f()`), with lent_count 0, and writes no history.
// CHECK-LABEL: define {{.*}}void @_cgo_826fc2f169f1_Cfunc_none(
// CHECK: store volatile i32 0,
// CHECK: call {{.*}}@__errno_location()
// CHECK-NOT: @__cgosan_lend
// CHECK: call void @__cgosan_call_exit_slow()
// CHECK-NOT: [[REGIONS]]
// CHECK: call void @__cgosan_call_exit()
void _cgo_826fc2f169f1_Cfunc_none(void *v) {
  struct {
    long p0;
    long r;
  } __attribute__((__packed__)) *_cgo_a = v;
  *__errno_location() = 0;
  _cgo_a->r = none(_cgo_a->p0);
}

// The C function stays inlined into its wrapper: the return's level test is not one the
// optimizer can see repeats the entry's, so jump threading does not copy the call into one path
// per level (work would then have two call sites, and stay out of line).
// CHECK-LABEL: define {{.*}}void @_cgo_826fc2f169f1_Cfunc_work(
// CHECK-NOT: call {{.*}} @work(
// CHECK: load volatile i64, {{.*}}[[WRITE_MASK]]
// CHECK-NOT: call {{.*}} @work(
// CHECK: ret void
void _cgo_826fc2f169f1_Cfunc_work(void *v) {
  struct {
    char *p0;
    long p1;
    long r;
  } __attribute__((__packed__)) *_cgo_a = v;
  _cgo_a->r = work(_cgo_a->p0, _cgo_a->p1);
}
