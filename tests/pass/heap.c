// malloc, calloc and realloc results are reported with their size and call site, so that the
// runtime knows which C heap blocks exist (a Go pointer kept in one is retained).
//
// RUN: %clang -O0 -S -emit-llvm -fpass-plugin=%plugin %s -o - | FileCheck %s --check-prefixes=CHECK,O0
// RUN: %clang -O2 -S -emit-llvm -fpass-plugin=%plugin %s -o - | FileCheck %s --check-prefixes=CHECK,O2

typedef __SIZE_TYPE__ size_t;
void *malloc(size_t);
void *calloc(size_t, size_t);
void *realloc(void *, size_t);
void free(void *);
void *my_alloc(size_t);

// CHECK-LABEL: define {{.*}} @get_malloc(
// CHECK: [[P:%[0-9]+]] = {{(tail )?}}call {{.*}}@malloc(i64 {{(noundef )?}}[[N:%[0-9]+]])
// CHECK-NEXT: call void @__cgosan_heap_alloc({{.*}}[[P]], i64 [[N]], {{.*}}@__cgosan_site
void *get_malloc(size_t n) { return malloc(n); }

// CHECK-LABEL: define {{.*}} @get_fixed(
// CHECK: [[P:%[0-9]+]] = {{(tail )?}}call {{.*}}@malloc(i64 {{(noundef )?}}16)
// CHECK-NEXT: call void @__cgosan_heap_alloc({{.*}}[[P]], i64 16, {{.*}}@__cgosan_site
void *get_fixed(void) { return malloc(16); }

// calloc's size is the product of its arguments (which -O2 may commute later).
// CHECK-LABEL: define {{.*}} @get_calloc(
// CHECK: [[P:%[0-9]+]] = {{(tail )?}}call {{.*}}@calloc(i64 {{(noundef )?}}[[A:%[0-9]+]], i64 {{(noundef )?}}[[B:%[0-9]+]])
// O0-NEXT: [[S:%[0-9]+]] = mul i64 [[A]], [[B]]
// O2-NEXT: [[S:%[0-9]+]] = mul i64 %{{[0-9]+}}, %{{[0-9]+}}
// CHECK-NEXT: call void @__cgosan_heap_alloc({{.*}}[[P]], i64 [[S]], {{.*}}@__cgosan_site
void *get_calloc(size_t n, size_t size) { return calloc(n, size); }

// CHECK-LABEL: define {{.*}} @grow(
// CHECK: [[P:%[0-9]+]] = {{(tail )?}}call {{.*}}@realloc({{.*}}, i64 {{(noundef )?}}[[N:%[0-9]+]])
// CHECK-NEXT: call void @__cgosan_heap_alloc({{.*}}[[P]], i64 [[N]], {{.*}}@__cgosan_site
void *grow(void *p, size_t n) { return realloc(p, n); }

// Other allocators and free are not reported.
// CHECK-LABEL: define {{.*}} @other(
// CHECK-NOT: @__cgosan_heap_alloc
// CHECK: ret
void *other(void *p, size_t n) {
  free(p);
  return my_alloc(n);
}

// CHECK: declare void @__cgosan_heap_alloc({{.*}}, i64, {{.*}})
