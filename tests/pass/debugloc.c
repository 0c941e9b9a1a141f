// Sites carry FILE:LINE:COL from debug info. cgo puts `#line N "x.go"` before the preamble, so
// with -g (cgo's default CFLAGS) the file of a preamble statement is the .go file, made absolute
// with the compilation directory. Stores in cgo's own generated code are not instrumented.
//
// RUN: %clang -g -O0 -S -emit-llvm -fpass-plugin=%plugin %s -o - | FileCheck %s
// RUN: %clang -g -O2 -S -emit-llvm -fpass-plugin=%plugin %s -o - | FileCheck %s

// CHECK-DAG: [[FILE:@__cgosan_str[.0-9]*]] = private unnamed_addr constant [{{[0-9]+}} x i8] c"/{{.*}}/main.go\00"
// CHECK-DAG: [[KEEP:@__cgosan_str[.0-9]*]] = private unnamed_addr constant [5 x i8] c"keep\00"
// CHECK-DAG: [[SAVED:@__cgosan_str[.0-9]*]] = private unnamed_addr constant [6 x i8] c"saved\00"
// CHECK-DAG: [[MAKE:@__cgosan_str[.0-9]*]] = private unnamed_addr constant [9 x i8] c"make_buf\00"
// `saved = p;` is main.go:21:9 (the `=`), the malloc call in make_buf main.go:26:7.
// CHECK-DAG: [[SITE_STORE:@__cgosan_site[.0-9]*]] = private constant { {{.*}} } { {{.*}}[[FILE]]{{(, i32 0, i32 0\))?}}, {{.*}}[[KEEP]]{{(, i32 0, i32 0\))?}}, i32 21, i32 9, {{.*}}[[SAVED]]{{(, i32 0, i32 0\))?}}, i32 0, i32 0 }
// CHECK-DAG: [[SITE_ALLOC:@__cgosan_site[.0-9]*]] = private constant { {{.*}} } { {{.*}}[[FILE]]{{(, i32 0, i32 0\))?}}, {{.*}}[[MAKE]]{{(, i32 0, i32 0\))?}}, i32 26, i32 7, {{.*}} null, i32 0, i32 0 }

#line 1 "cgo-builtin-prolog"
typedef __SIZE_TYPE__ size_t;
void *malloc(size_t);

#line 18 "main.go"
static void *saved;

void keep(void *p) {
  saved = p;
}

void *make_buf(size_t n) {
  void *b;
  b = malloc(n);
  return b;
}

#line 1 "cgo-generated-wrapper"
// The hook's call carries the store's location, not the next statement's: a report's frame #0
// is symbolized from the hook's return address.
// CHECK-LABEL: define {{.*}}void @keep(
// CHECK: call preserve_mostcc void @__cgosan_store_ptr({{.*}}, {{.*}}, {{.*}}[[SITE_STORE]]{{( to|\))}}{{.*}}, !dbg [[STORE_DBG:![0-9]+]]
// CHECK-LABEL: define {{.*}} @make_buf(
// CHECK: call void @__cgosan_heap_alloc({{.*}}, {{.*}}, {{.*}}[[SITE_ALLOC]]{{( to|\))}}{{.*}}, !dbg

// The result store `_cgo_a->r = _cgo_r` carries the cgo-generated-wrapper location.
// CHECK-LABEL: define {{.*}}void @_cgo_826fc2f169f1_Cfunc_make_buf(
// CHECK: call void @__cgosan_call_enter(
// CHECK-NOT: @__cgosan_store_ptr
// CHECK: call void @__cgosan_call_exit()
void _cgo_826fc2f169f1_Cfunc_make_buf(void *v) {
  struct {
    size_t p0;
    void *r;
  } __attribute__((__packed__)) *_cgo_a = v;
  __typeof__(_cgo_a->r) _cgo_r;
  _cgo_r = make_buf(_cgo_a->p0);
  _cgo_a->r = _cgo_r;
}

// CHECK: [[STORE_DBG]] = !DILocation(line: 21, column: 9,
