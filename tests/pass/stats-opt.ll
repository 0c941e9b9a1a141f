; `opt -stats` lists the pass's counters with their descriptions. Only an LLVM built with
; assertions prints statistics this way; elsewhere this test is unsupported and stats.c covers
; the counters through clang's -stats-file.
;
; REQUIRES: asserts
; RUN: %opt -load-pass-plugin=%plugin -passes=cgosan -stats -disable-output %s 2>&1 | FileCheck %s

; CHECK-DAG: {{^ *}}1 cgosan{{ +}}- cgo wrappers (C.func) instrumented
; CHECK-DAG: {{^ *}}1 cgosan{{ +}}- pointer arguments reported to the runtime as lent
; CHECK-DAG: {{^ *}}1 cgosan{{ +}}- pointer stores instrumented
; CHECK-DAG: {{^ *}}1 cgosan{{ +}}- pointer stores skipped: a wrapper's copy into its Go frame
; CHECK-DAG: {{^ *}}1 cgosan{{ +}}- malloc/calloc/realloc calls instrumented

@saved = internal global i8* null

declare i8* @malloc(i64)

define void @_cgo_0123456789ab_Cfunc_keep(i8* %v) {
  %slot = bitcast i8* %v to i8**
  %p = load i8*, i8** %slot, align 1
  store i8* %p, i8** @saved
  %m = call i8* @malloc(i64 16)
  %r = getelementptr inbounds i8*, i8** %slot, i64 1
  store i8* %m, i8** %r, align 1
  ret void
}
