// Statistics count the user's instructions only. The early phase's store hook loads a byte of the
// region table; the late phase, which sees them after the
// optimizer, must neither check nor count them (they are !nosanitize): this file's only memory
// accesses are the hooked store and the region-table loads, so no access is counted as C memory
// and none is checked.
//
// RUN: %clang -O2 -S -emit-llvm -fpass-plugin=%plugin %s -o %t.ll -Xclang -stats-file=%t.json
// RUN: FileCheck %s < %t.json
// RUN: FileCheck %s --check-prefix=IR < %t.ll

// CHECK: "cgosan.NumStores": 1
// CHECK-NOT: "cgosan.NumAccessesCMemory"
// CHECK-NOT: "cgosan.NumReads"
// CHECK-NOT: "cgosan.NumWrites"

// Every instruction the pass inserted is marked !nosanitize.
// IR-LABEL: define {{.*}}void @keep(
// IR: add i64 {{.*}}, [[REGIONS]]{{.*}}!nosanitize
// IR-NEXT: inttoptr {{.*}}!nosanitize
// IR-NEXT: load i8{{.*}}!nosanitize
// IR: call preserve_mostcc void @__cgosan_store_ptr({{.*}}!nosanitize
void *saved;
void keep(void *p) { saved = p; }
