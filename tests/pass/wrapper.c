// A Go->C call as cgo generates it (`go tool cgo`, x.cgo2.c): the preamble, then one wrapper per C
// function Go calls, `_cgo_<hash>_Cfunc_<name>(void *v)`, where v points to a packed frame of
// arguments and result on the goroutine stack. The wrapper pushes the call onto the thread's
// stack of calls in progress itself (the address of its return address, its Go frame, the
// pointers it hands the C function) and pops it before returning, taking the runtime's
// __cgosan_call_enter/__cgosan_lend and __cgosan_call_exit(_slow) only for the rare cases
// (callpath.c has the sequences); its own result store into the frame is not a pointer store to
// check. The pass runs at pipeline start, so -O2 sees the same unpromoted IR.
//
// RUN: %clang -O0 -S -emit-llvm -fpass-plugin=%plugin %s -o - | FileCheck %s --check-prefixes=CHECK,O0
// RUN: %clang -O2 -S -emit-llvm -fpass-plugin=%plugin %s -o - | FileCheck %s --check-prefixes=CHECK,O2

// CHECK-DAG: [[KEEP:@__cgosan_str[.0-9]*]] = private unnamed_addr constant [5 x i8] c"keep\00"
// CHECK-DAG: [[KEEPW:@__cgosan_str[.0-9]*]] = private unnamed_addr constant [29 x i8] c"_cgo_826fc2f169f1_Cfunc_keep\00"
// CHECK-DAG: [[KEEPCALL:@__cgosan_call[.0-9]*]] = private constant { {{.*}} } { {{.*}}[[KEEP]]{{,.*}}[[KEEPW]]{{,| }}
// CHECK-DAG: [[DUP:@__cgosan_str[.0-9]*]] = private unnamed_addr constant [4 x i8] c"dup\00"
// CHECK-DAG: [[DUPW:@__cgosan_str[.0-9]*]] = private unnamed_addr constant [28 x i8] c"_cgo_826fc2f169f1_Cfunc_dup\00"
// CHECK-DAG: [[DUPCALL:@__cgosan_call[.0-9]*]] = private constant { {{.*}} } { {{.*}}[[DUP]]{{,.*}}[[DUPW]]{{,| }}

// The ABI marker every instrumented object references (kept through llvm.compiler.used, so
// linking against a runtime of another ABI version fails naming it).
// CHECK-DAG: @[[ABI_MARKER]] = external global i8
// CHECK-DAG: [[ABIREF:@__cgosan_abi_ref[.0-9]*]] = private constant {{.*}}@[[ABI_MARKER]]{{$}}
// The thread's call state, which the wrappers' inline code reads and writes.
// CHECK-DAG: @__cgosan_thread = external thread_local(initialexec) global i8
// CHECK-DAG: @llvm.compiler.used = appending global [1 x {{.*}}] [{{.*}}[[ABIREF]]{{( to .*)?}}], section "llvm.metadata"

#line 1 "cgo-builtin-prolog"
typedef __SIZE_TYPE__ size_t;

#line 3 "main.go"
static void *saved;
static void keep(void *p) { saved = p; }
static void *dup(void *p) { return p; }

#line 1 "cgo-generated-wrapper"
extern char *_cgo_topofstack(void);

// CHECK-LABEL: define {{.*}}void @_cgo_826fc2f169f1_Cfunc_keep(
// CHECK-NEXT: [[RA:%[0-9]+]] = {{(tail )?}}call {{.*}}@llvm.addressofreturnaddress{{.*}}()
// CHECK-NOT: @__cgosan_thread
// CHECK: [[P0:%[0-9]+]] = load {{.*}}, align 1
// The pointer goes straight to the C function, and only cgo's code runs before it: the call starts
// right before the C function, with the pointer as argument 0 in its frame's first lent slot.
// CHECK-NEXT: load i64, {{.*}}[[WRITE_MASK]]
// CHECK: load volatile i32, {{.*}}@__cgosan_thread
// CHECK: store volatile {{.*}}[[KEEPCALL]]
// CHECK: store volatile {{.*}}[[RA]]
// CHECK: store volatile i32 1,
// CHECK: store volatile {{.*}}[[P0]],
// CHECK: store atomic volatile i32 {{.*}}@__cgosan_thread{{.*}} release
// The same start through the runtime, for the calls the inline code leaves to it.
// CHECK: call void @__cgosan_call_enter({{.*}}[[KEEPCALL]]{{.*}}, {{.*}}[[RA]], {{.*}}%0)
// CHECK-NEXT: call void @__cgosan_lend({{.*}}[[P0]], i32 0)
// O0: call void @keep({{.*}}[[P0]])
// O2: store {{.*}}[[P0]], {{.*}}@saved
// O2: call preserve_mostcc void @__cgosan_store_ptr({{.*}}@saved{{[^,]*}}, {{.*}}[[P0]], {{.*}}@__cgosan_site
// CHECK: fence syncscope("singlethread") seq_cst
// CHECK: call void @__cgosan_call_exit_slow()
// CHECK: call void @__cgosan_call_exit()
// CHECK-NOT: @__cgosan_lend
// CHECK: ret void
void _cgo_826fc2f169f1_Cfunc_keep(void *v) {
  struct {
    void *p0;
  } __attribute__((__packed__)) *_cgo_a = v;
  keep(_cgo_a->p0);
}

// The preamble function is not a wrapper: no call_enter, but its store to `saved` is checked.
// O0-LABEL: define internal void @keep(
// O0-NOT: @__cgosan_call_enter
// O0: store {{.*}}, {{.*}}@saved
// O0: call preserve_mostcc void @__cgosan_store_ptr({{.*}}@saved{{.*}})
// O0-NOT: @__cgosan_call_exit
// O0: ret void

// A result: the stack may have moved during the call, so cgo recomputes _cgo_a before
// `_cgo_a->r = _cgo_r`; that store is still into the Go frame and must not be instrumented.
// CHECK-LABEL: define {{.*}}void @_cgo_826fc2f169f1_Cfunc_dup(
// CHECK-NEXT: [[RA2:%[0-9]+]] = {{(tail )?}}call {{.*}}@llvm.addressofreturnaddress{{.*}}()
// CHECK-NOT: @__cgosan_store_ptr
// _cgo_topofstack is cgo's own code: the call still starts right before the C function.
// CHECK: call {{.*}}@_cgo_topofstack()
// CHECK-NOT: @__cgosan_store_ptr
// CHECK: store volatile {{.*}}[[DUPCALL]]
// CHECK-NOT: @__cgosan_store_ptr
// CHECK: call void @__cgosan_call_enter({{.*}}[[DUPCALL]]{{.*}}, {{.*}}[[RA2]], {{.*}}%0)
// CHECK-NEXT: call void @__cgosan_lend({{.*}}, i32 0)
// CHECK-NOT: @__cgosan_lend
// CHECK-NOT: @__cgosan_store_ptr
// CHECK: store {{.*}}, align 1
// CHECK-NOT: @__cgosan_store_ptr
// CHECK: call void @__cgosan_call_exit_slow()
// CHECK-NOT: @__cgosan_store_ptr
// CHECK: call void @__cgosan_call_exit()
void _cgo_826fc2f169f1_Cfunc_dup(void *v) {
  struct {
    void *p0;
    void *r;
  } __attribute__((__packed__)) *_cgo_a = v;
  char *_cgo_stktop = _cgo_topofstack();
  __typeof__(_cgo_a->r) _cgo_r;
  _cgo_r = dup(_cgo_a->p0);
  _cgo_a = (void *)((char *)_cgo_a + (_cgo_topofstack() - _cgo_stktop));
  _cgo_a->r = _cgo_r;
}

// The runtime's entry points.
// CHECK-DAG: declare void @__cgosan_call_enter({{[^,]*}}, {{[^,]*}}, {{[^,]*}})
// CHECK-DAG: declare void @__cgosan_call_exit()
// CHECK-DAG: declare void @__cgosan_call_exit_slow()
// CHECK-DAG: declare void @__cgosan_lend({{.*}}, i32)
