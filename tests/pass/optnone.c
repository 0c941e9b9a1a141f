// `#pragma clang optimize off` in a cgo preamble (tree-sitter's grammars include such a parser.c)
// makes every function after it optnone, cgo's wrappers included: nothing is inlined into them
// and the late phase sees the wrapper's own code. Its store of the result into the Go argument
// frame (`_cgo_a->r = _cgo_r`, at a cgo-gcc-prolog location) is cgo's code, never checked; the
// user's own code in the same optnone region still is.
//
// RUN: %clang -g -O2 -S -emit-llvm -fpass-plugin=%plugin %s -o - | FileCheck %s

typedef __SIZE_TYPE__ size_t;
#line 1 "main.go"
#pragma clang optimize off
long *kept;
long answer(long *p) { return *p + 42; }

// CHECK-LABEL: define {{.*}}i64 @answer(
// CHECK: call preserve_mostcc void @__cgosan_read(

#line 1 "cgo-gcc-prolog"
char *_cgo_topofstack(void);
// CHECK-LABEL: define {{.*}}void @_cgo_826fc2f169f1_Cfunc_answer(
// CHECK: call void @__cgosan_call_enter(
// CHECK-NOT: @__cgosan_write(
// CHECK-NOT: @__cgosan_read(
// CHECK: call void @__cgosan_call_exit()
void _cgo_826fc2f169f1_Cfunc_answer(void *v) {
  struct {
    long *p0;
    long r;
  } __attribute__((__packed__)) *_cgo_a = v;
  char *_cgo_stktop = _cgo_topofstack();
  __typeof__(_cgo_a->r) _cgo_r;
  _cgo_r = answer(_cgo_a->p0);
  _cgo_a = (void *)((char *)_cgo_a + (_cgo_topofstack() - _cgo_stktop));
  _cgo_a->r = _cgo_r;
}
