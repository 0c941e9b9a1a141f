// An instrumented object names the cgosan build it was compiled for (CGOSAN_BUILD_ID, set by
// cgosan cc) in llvm.ident, so its .comment section changes when only the runtime does: the go
// command then relinks the program instead of reusing one linked with the old runtime.
//
// RUN: env CGOSAN_BUILD_ID=0123456789abcdef %clang -O2 -S -emit-llvm -fpass-plugin=%plugin %s -o - | FileCheck %s
// RUN: env -u CGOSAN_BUILD_ID %clang -O2 -S -emit-llvm -fpass-plugin=%plugin %s -o - | FileCheck %s --check-prefix=NONE

// CHECK: !llvm.ident = !{![[CLANG:[0-9]+]], ![[STAMP:[0-9]+]]}
// CHECK: ![[STAMP]] = !{!"cgosan build 0123456789abcdef"}
// NONE-NOT: cgosan build

void *kept;
void keep(void *p) { kept = p; }
