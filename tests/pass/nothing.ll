; A module with nothing to instrument (only runtime/cgo code and declarations) is left as it was:
; no runtime declarations and no reference to the ABI marker, so it links without the runtime.
;
; RUN: %opt -load-pass-plugin=%plugin -passes=cgosan -S %s -o - | FileCheck %s
; RUN: %opt -load-pass-plugin=%plugin -passes=cgosan -S %s -o - | FileCheck %s --check-prefix=CONTROL
; RUN: sed 's/@x_cgo_setenv/@setenv_copy/' %s | %opt -load-pass-plugin=%plugin -passes=cgosan -S -o - | FileCheck %s --check-prefix=INSTRUMENTED

target triple = "x86_64-pc-linux-gnu"

; CHECK-NOT: __cgosan
; CONTROL: define void @x_cgo_setenv(
; INSTRUMENTED: @[[ABI_MARKER]] = external global i8
; INSTRUMENTED: define void @setenv_copy(
; INSTRUMENTED: call preserve_mostcc void @__cgosan_store_ptr(

@env = global i8* null

declare i8* @malloc(i64)

define void @x_cgo_setenv(i8** %arg) {
  %p = load i8*, i8** %arg
  store i8* %p, i8** @env
  %m = call i8* @malloc(i64 8)
  ret void
}
