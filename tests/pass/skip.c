// Code that must not be instrumented even though it stores pointers: runtime/cgo helpers
// (x_cgo_*, crosscall*, non-wrapper _cgo_* functions) run on system stacks and in signal paths;
// export stubs (_cgo_export.c) fill the Go argument frame before crosscall2 (only a pointer they
// return to C is checked, see getGoPtr below); functions marked
// disable_sanitizer_instrumentation opted out. Every function below stores a pointer into memory
// that escapes; `control` shows that such a store is instrumented.
//
// RUN: %clang -O0 -S -emit-llvm -fpass-plugin=%plugin %s -o - | FileCheck %s
// RUN: %clang -O2 -S -emit-llvm -fpass-plugin=%plugin %s -o - | FileCheck %s

typedef __SIZE_TYPE__ size_t;
void *saved;
void *malloc(size_t);

// CHECK-LABEL: define {{.*}}void @control(
// CHECK: call preserve_mostcc void @__cgosan_store_ptr(
// CHECK: call void @__cgosan_heap_alloc(
// CHECK: ret void
void control(void *p) {
  saved = p;
  saved = malloc(8);
}

// CHECK-LABEL: define {{.*}}void @x_cgo_thread_start(
// CHECK-NOT: @__cgosan_
// CHECK: ret void
void x_cgo_thread_start(void *p) {
  saved = p;
  saved = malloc(8);
}

// CHECK-LABEL: define {{.*}}void @crosscall_helper(
// CHECK-NOT: @__cgosan_
// CHECK: ret void
void crosscall_helper(void *p) { saved = p; }

// A _cgo_ function that is not a `_cgo_<hex>_Cfunc_` wrapper (the hash is not hex).
// CHECK-LABEL: define {{.*}}void @_cgo_xyz_Cfunc_keep(
// CHECK-NOT: @__cgosan_
// CHECK: ret void
void _cgo_xyz_Cfunc_keep(void *v) { saved = *(void **)v; }

// CHECK-LABEL: define {{.*}}void @opted_out(
// CHECK-NOT: @__cgosan_
// CHECK: ret void
__attribute__((disable_sanitizer_instrumentation)) void opted_out(void *p) {
  saved = p;
  saved = malloc(8);
}

// An export stub as cgo writes it in _cgo_export.c for `//export goCallback`.
extern void crosscall2(void (*fn)(void *), void *, int, size_t);
extern size_t _cgo_wait_runtime_init_done(void);
extern void _cgo_release_context(size_t);
extern void _cgoexp_826fc2f169f1_goCallback(void *);

// CHECK-LABEL: define {{.*}}void @goCallback(
// CHECK-NOT: @__cgosan_
// CHECK: ret void
void goCallback(void *p0) {
  size_t _cgo_ctxt = _cgo_wait_runtime_init_done();
  typedef struct {
    void *p0;
  } __attribute__((__packed__)) _cgo_argtype;
  static _cgo_argtype _cgo_zero;
  _cgo_argtype _cgo_a = _cgo_zero;
  _cgo_a.p0 = p0;
  crosscall2(_cgoexp_826fc2f169f1_goCallback, &_cgo_a, 8, _cgo_ctxt);
  _cgo_release_context(_cgo_ctxt);
}

// Any caller of crosscall2 fills a Go frame, even without cgo's runtime-init wait around it.
// CHECK-LABEL: define {{.*}}void @call_go_directly(
// CHECK-NOT: @__cgosan_
// CHECK: ret void
void call_go_directly(void *p) {
  struct {
    void *p0;
  } a;
  a.p0 = p;
  crosscall2(_cgoexp_826fc2f169f1_goCallback, &a, sizeof a, 0);
}

// A stub whose Go function returns a pointer: only the return is reported to the runtime, with
// the stub's return address (where C called it).
extern void _cgoexp_826fc2f169f1_getGoPtr(void *);
// CHECK-LABEL: define {{.*}} @getGoPtr(
// CHECK-NOT: @__cgosan_
// CHECK: [[PC:%[0-9]+]] = call {{.*}}@llvm.returnaddress(i32 0)
// CHECK: call void @__cgosan_export_return({{.*}}, {{.*}}@__cgosan_export{{.*}}, {{.*}}[[PC]])
// CHECK-NEXT: ret
int *getGoPtr(void) {
  size_t _cgo_ctxt = _cgo_wait_runtime_init_done();
  typedef struct {
    int *r0;
  } __attribute__((__packed__)) _cgo_argtype;
  static _cgo_argtype _cgo_zero;
  _cgo_argtype _cgo_a = _cgo_zero;
  crosscall2(_cgoexp_826fc2f169f1_getGoPtr, &_cgo_a, 8, _cgo_ctxt);
  _cgo_release_context(_cgo_ctxt);
  return _cgo_a.r0;
}
