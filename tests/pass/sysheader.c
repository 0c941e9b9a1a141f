// Code from a system header (a libstdc++ template such as std::vector::push_back) is reported
// where the user's code led to it. A store or access instrumented after inlining (the store
// phase and the late phase) takes the first location up the inlining chain outside the system
// directories (CGOSAN_SYSTEM_PREFIXES); a site whose whole chain is in system headers (-O0 inlines
// nothing) keeps its location, flagged CGOSAN_SITE_SYSTEM (2), and the runtime reports at the
// first frame of the stack in the user's code instead.
//
// RUN: %clang -g -O2 -S -emit-llvm -fpass-plugin=%plugin %s -o - | FileCheck %s --check-prefix=INLINED
// RUN: %clang -g -O2 -S -emit-llvm -fpass-plugin=%plugin %s -o - | FileCheck %s --check-prefix=NOHDR
// RUN: %clang -g -O0 -S -emit-llvm -fpass-plugin=%plugin %s -o - | FileCheck %s

#line 100 "/usr/include/c++/12/bits/stl_vector.h"
static inline void push_back(void **slot, void *p) { *slot = p; }
static inline void *front(void **slot) { return *slot; }

#line 7 "/home/user/app/keep.cpp"
void *registry[4];
void **where;
void keep(void *p) {
  push_back(&registry[0], p);
}
void *peek(void) {
  return front(where);
}

// CHECK-DAG: [[HDR:@__cgosan_str[.0-9]*]] = private unnamed_addr constant [{{[0-9]+}} x i8] c"/usr/include/c++/12/bits/stl_vector.h\00"
// CHECK-DAG: @__cgosan_site{{[.0-9]*}} = private constant { {{.*}} } { {{.*}}[[HDR]]{{(, i32 0, i32 0\))?}}, {{.*}}, i32 100, i32 {{[0-9]+}}, {{.*}}, i32 2, i32 0 }
// INLINED-DAG: [[USER:@__cgosan_str[.0-9]*]] = private unnamed_addr constant [{{[0-9]+}} x i8] c"/home/user/app/keep.cpp\00"
// The store, inlined into keep (line 10), into the global registry.
// INLINED-DAG: [[KEEP:@__cgosan_str[.0-9]*]] = private unnamed_addr constant [5 x i8] c"keep\00"
// INLINED-DAG: [[REGISTRY:@__cgosan_str[.0-9]*]] = private unnamed_addr constant [9 x i8] c"registry\00"
// INLINED-DAG: @__cgosan_site{{[.0-9]*}} = private constant { {{.*}} } { {{.*}}[[USER]]{{(, i32 0, i32 0\))?}}, {{.*}}[[KEEP]]{{(, i32 0, i32 0\))?}}, i32 10, i32 3, {{.*}}[[REGISTRY]]{{(, i32 0, i32 0\))?}}, i32 0, i32 0 }
// No site names the header when everything was inlined.
// NOHDR-NOT: c"/usr/include/c++/12/bits/stl_vector.h\00"
// INLINED-DAG: [[PEEK:@__cgosan_str[.0-9]*]] = private unnamed_addr constant [5 x i8] c"peek\00"
// INLINED-DAG: @__cgosan_site{{[.0-9]*}} = private constant { {{.*}} } { {{.*}}[[USER]]{{(, i32 0, i32 0\))?}}, {{.*}}[[PEEK]]{{(, i32 0, i32 0\))?}}, i32 13, i32 10, {{.*}}, i32 0, i32 0 }
