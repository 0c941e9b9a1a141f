; A cgo wrapper after mem2reg (the pass also runs from opt, or after other module passes): frame
; pointers are loads straight from the argument. Each pointer loaded from the frame is lent right
; after the load; other pointer arguments of calls are lent right before the call with their
; argument index (not byval ones, not intrinsics', not the pass's own runtime calls);
; the call ends before every return; the result store into the frame is not checked.
; Written with typed pointers, which LLVM 15+ reads as opaque `ptr`.
;
; RUN: %opt -load-pass-plugin=%plugin -passes=cgosan -S %s -o - | FileCheck %s

target triple = "x86_64-pc-linux-gnu"

%frame = type <{ i8*, i8*, i32, [4 x i8], i8* }> ; p0, p1, p2 (int), padding, r
%pair = type { i8*, i8* }

@saved = internal global i8* null
@msg = private constant [3 x i8] c"hi\00"

declare void @use(i32, i8*, i8*)
declare void @use_byval(%pair* byval(%pair))
declare void @llvm.memset.p0i8.i64(i8*, i8, i64, i1)

; CHECK-DAG: @[[ABI_MARKER]] = external global i8
; CHECK-DAG: [[NAME:@__cgosan_str[.0-9]*]] = private unnamed_addr constant [5 x i8] c"many\00"
; CHECK-DAG: [[CALL:@__cgosan_call[.0-9]*]] = private constant { {{.*}} } { {{.*}}[[NAME]]{{,| }}

; CHECK-LABEL: define void @_cgo_0123456789ab_Cfunc_many(
; CHECK-NEXT: entry:
; CHECK-NEXT: [[RA:%[0-9]+]] = call {{.*}}@llvm.addressofreturnaddress{{.*}}()
; The first pointer is lent where it is read (inlined code), not at a call: the call starts at
; the entry, inline, and lends nothing itself (lent_count 0).
; CHECK-NEXT: load i64, {{.*}}[[WRITE_MASK]]
; CHECK: store volatile {{.*}}[[CALL]]
; CHECK: store volatile i32 0,
; CHECK: store atomic volatile i32 {{.*}}@__cgosan_thread{{.*}} release
; CHECK: call void @__cgosan_call_enter({{.*}}[[CALL]]{{.*}}, {{.*}}[[RA]], {{.*}}%v)
; CHECK-NOT: @__cgosan_lend
; CHECK: %p0 = load
; CHECK-NEXT: call void @__cgosan_lend({{.*}}%p0, i32 -1)
; CHECK-NEXT: %p1.addr = getelementptr
; CHECK-NEXT: %p1 = load
; CHECK-NOT: @__cgosan_lend
; CHECK: early:
; CHECK-NEXT: load volatile i64, {{.*}}[[WRITE_MASK]]
; CHECK: fence syncscope("singlethread") seq_cst
; CHECK: call void @__cgosan_call_exit_slow()
; CHECK: call void @__cgosan_call_exit()
; CHECK: ret void
; CHECK: call:
; CHECK-NEXT: store {{.*}}%p0, {{.*}}@saved
; CHECK: call preserve_mostcc void @__cgosan_store_ptr({{.*}}@saved{{.*}}, {{.*}}%p0, {{.*}}@__cgosan_site
; CHECK: call void @__cgosan_lend({{.*}}%p1, i32 1)
; CHECK-NEXT: call void @__cgosan_lend({{.*}}@msg{{.*}}, i32 2)
; CHECK-NEXT: call void @use(i32 %n, {{.*}}%p1, {{.*}}@msg
; CHECK-NEXT: call void @llvm.memset
; CHECK-NEXT: call void @use_byval(
; CHECK-NEXT: %r.addr = getelementptr
; CHECK-NEXT: store {{.*}}%p1, {{.*}}%r.addr
; CHECK-NEXT: load volatile i64, {{.*}}[[WRITE_MASK]]
; CHECK: call void @__cgosan_call_exit_slow()
; CHECK: call void @__cgosan_call_exit()
; CHECK: ret void
define void @_cgo_0123456789ab_Cfunc_many(i8* %v) {
entry:
  %tmp = alloca %pair
  %a = bitcast i8* %v to %frame*
  %p0.addr = getelementptr inbounds %frame, %frame* %a, i32 0, i32 0
  %p0 = load i8*, i8** %p0.addr, align 1
  %p1.addr = getelementptr inbounds %frame, %frame* %a, i32 0, i32 1
  %p1 = load i8*, i8** %p1.addr, align 1
  %n.addr = getelementptr inbounds %frame, %frame* %a, i32 0, i32 2
  %n = load i32, i32* %n.addr, align 1
  %c = icmp eq i32 %n, 0
  br i1 %c, label %early, label %call

early:
  ret void

call:
  store i8* %p0, i8** @saved
  call void @use(i32 %n, i8* %p1, i8* getelementptr ([3 x i8], [3 x i8]* @msg, i32 0, i32 0))
  call void @llvm.memset.p0i8.i64(i8* %p1, i8 0, i64 4, i1 false)
  call void @use_byval(%pair* byval(%pair) %tmp)
  %r.addr = getelementptr inbounds %frame, %frame* %a, i32 0, i32 4
  store i8* %p1, i8** %r.addr, align 1
  ret void
}

; Not a wrapper (the hash is not hex): an ordinary function, no call_enter/exit, no lending.
; CHECK-LABEL: define void @_cgo_0123456789xy_Cfunc_many(
; CHECK-NOT: @__cgosan_
; CHECK: ret void
define void @_cgo_0123456789xy_Cfunc_many(i8* %v) {
  %p = bitcast i8* %v to i8**
  %x = load i8*, i8** %p
  call void @use(i32 0, i8* %x, i8* null)
  ret void
}
