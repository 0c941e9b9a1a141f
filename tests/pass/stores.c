// Pointer stores: a store that may keep a pointer is followed by __cgosan_store_ptr(addr, value,
// site), behind an inline gate (value or address in a 64 KiB region where Go has memory); the site
// names the C global stored to (by its source name) and flags thread-locals. Stores into allocas
// that never escape cannot keep anything and are left alone.
//
// RUN: %clang -O0 -S -emit-llvm -fpass-plugin=%plugin %s -o - | FileCheck %s
// RUN: %clang -O2 -S -emit-llvm -fpass-plugin=%plugin %s -o - | FileCheck %s

// A string field is `ptr @__cgosan_str.N` (LLVM 16) or a GEP of it ending in `, i32 0, i32 0)` (LLVM 14).
// Without -g the site has an empty file, line 0 and column 0; the object is the global's name.
// CHECK-DAG: [[EMPTY:@__cgosan_str[.0-9]*]] = private unnamed_addr constant [1 x i8] zeroinitializer
// CHECK-DAG: [[SAVED:@__cgosan_str[.0-9]*]] = private unnamed_addr constant [6 x i8] c"saved\00"
// CHECK-DAG: [[TSAVED:@__cgosan_str[.0-9]*]] = private unnamed_addr constant [7 x i8] c"tsaved\00"
// CHECK-DAG: [[HOLDER:@__cgosan_str[.0-9]*]] = private unnamed_addr constant [7 x i8] c"holder\00"
// CHECK-DAG: [[F_GLOBAL:@__cgosan_str[.0-9]*]] = private unnamed_addr constant [12 x i8] c"keep_global\00"
// CHECK-DAG: [[SITE_SAVED:@__cgosan_site[.0-9]*]] = private constant { {{.*}} } { {{.*}}[[EMPTY]]{{,.*}}[[F_GLOBAL]]{{(, i32 0, i32 0\))?}}, i32 0, i32 0, {{.*}}[[SAVED]]{{(, i32 0, i32 0\))?}}, i32 0, i32 0 }
// CHECK-DAG: [[SITE_TSAVED:@__cgosan_site[.0-9]*]] = private constant { {{.*}} } { {{.*}}[[TSAVED]]{{(, i32 0, i32 0\))?}}, i32 1, i32 0 }
// CHECK-DAG: [[SITE_HOLDER:@__cgosan_site[.0-9]*]] = private constant { {{.*}} } { {{.*}}[[HOLDER]]{{(, i32 0, i32 0\))?}}, i32 0, i32 0 }
// Stores through a pointer or into an escaping local have no object (null).
// CHECK-DAG: [[SITE_OUT:@__cgosan_site[.0-9]*]] = private constant { {{.*}} } { {{.*}}[[F_OUT:@__cgosan_str[.0-9]*]]{{(, i32 0, i32 0\))?}}, i32 0, i32 0, {{.*}} null, i32 0, i32 0 }
// CHECK-DAG: [[F_OUT]] = private unnamed_addr constant [9 x i8] c"keep_out\00"

typedef __SIZE_TYPE__ size_t;
void *saved;
static _Thread_local void *tsaved;
struct holder {
  int n;
  void *p;
} holder;
void use(void **slot);
void *id(void *p);

// CHECK-LABEL: define {{.*}}void @keep_global(
// CHECK: store {{.*}}, {{.*}}@saved{{.*}}!cgosan.hooked
// CHECK-DAG: add i64 {{.*}}, [[REGIONS]]
// CHECK: br i1 {{.*}}!prof
// CHECK: call preserve_mostcc void @__cgosan_store_ptr({{.*}}@saved{{[^,]*}}, {{.*}}, {{.*}}[[SITE_SAVED]]{{( to|\))}}
void keep_global(void *p) { saved = p; }

// LLVM 16 reaches thread-locals through @llvm.threadlocal.address: still named, flagged TLS.
// CHECK-LABEL: define {{.*}}void @keep_tls(
// CHECK: call preserve_mostcc void @__cgosan_store_ptr({{.*}}, {{.*}}, {{.*}}[[SITE_TSAVED]]{{( to|\))}}
void keep_tls(void *p) { tsaved = p; }

// A field of a global struct: the object is still the global.
// CHECK-LABEL: define {{.*}}void @keep_field(
// CHECK: call preserve_mostcc void @__cgosan_store_ptr({{.*}}, {{.*}}, {{.*}}[[SITE_HOLDER]]{{( to|\))}}
void keep_field(void *p) { holder.p = p; }

// CHECK-LABEL: define {{.*}}void @keep_out(
// CHECK: call preserve_mostcc void @__cgosan_store_ptr({{.*}}, {{.*}}, {{.*}}[[SITE_OUT]]{{( to|\))}}
void keep_out(void **out, void *p) { *out = p; }

// Locals whose address never leaves the function: the parameter spill at -O0, `local`, `arr`.
// CHECK-LABEL: define {{.*}} @local_only(
// CHECK-NOT: @__cgosan_store_ptr
// CHECK: ret
void *local_only(void *p) {
  void *local = p;
  void *arr[2];
  arr[0] = local;
  arr[1] = id(arr[0]);
  return arr[1];
}

// The same local, but its address is passed out: still no hook. Whoever holds its address, the
// local dies when the function returns, which is before the cgo call that runs it returns (and
// the thread's own stack outlives no call of a thread without one): a store into the stack can
// be neither retention nor a store into Go memory, and the runtime ignored such stores anyway
// (store_hooks.cpp, OnCallsStack), after a call that cost the store a hundred instructions.
// CHECK-LABEL: define {{.*}}void @local_escapes(
// CHECK-NOT: @__cgosan_store_ptr
// CHECK: ret void
void local_escapes(void *p) {
  void *slot;
  use(&slot);
  slot = p;
}

// What the local's address reaches is followed where it is stored through: in use_slot, a store
// through a pointer, which may be anything.
// CHECK-LABEL: define {{.*}}void @use_slot(
// CHECK: call preserve_mostcc void @__cgosan_store_ptr(
// CHECK: ret void
void use_slot(void **slot, void *p) { *slot = p; }

// Non-pointer stores are not instrumented.
// CHECK-LABEL: define {{.*}}void @store_int(
// CHECK-NOT: @__cgosan_store_ptr
// CHECK: ret void
void store_int(int v) { holder.n = v; }

// CHECK-DAG: declare preserve_mostcc void @__cgosan_store_ptr({{.*}}, {{.*}}, {{.*}})
