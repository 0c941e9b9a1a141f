// vet's analysis on C and C++ snippets: each kind of finding, and beside it a clean twin that
// must stay silent. Line numbers are the snippet's own (its first line is line 1).
#include "vet_test_support.h"

#include <gtest/gtest.h>

using cgosan::vet::testing::Analyze;
using cgosan::vet::testing::Lines;
using cgosan::vet::testing::Result;
using Lns = std::vector<unsigned>;

namespace {

Lns L(std::initializer_list<unsigned> l) { return Lns(l); }

#define EXPECT_FINDINGS(r, rule, ...)                                                              \
  do {                                                                                             \
    ASSERT_TRUE((r).parsed);                                                                       \
    EXPECT_EQ(Lines((r), rule), L({__VA_ARGS__})) << (r).Describe();                               \
  } while (0)
#define EXPECT_CLEAN(r)                                                                            \
  do {                                                                                             \
    ASSERT_TRUE((r).parsed);                                                                       \
    EXPECT_TRUE((r).findings.empty()) << (r).Describe();                                           \
  } while (0)

const char kGlobal[] = R"(static int *saved;
static void keep(int *p) {
  saved = p;
})";

TEST(VetRetained, StoreIntoStaticGlobal) {
  Result r = Analyze(kGlobal, {{"keep", {"int *"}, {"go"}}});
  EXPECT_FINDINGS(r, "retained-go-pointer", 3);
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_NE(r.findings[0].message.find("C.keep's argument 1 `p`"), std::string::npos)
      << r.findings[0].message;
  EXPECT_NE(r.findings[0].message.find("the static `saved`"), std::string::npos)
      << r.findings[0].message;
  EXPECT_EQ(r.findings[0].call, "keep");
  EXPECT_EQ(r.findings[0].argument, 1);
}

TEST(VetRetained, CleanWhenGoPassesCMemory) {
  EXPECT_CLEAN(Analyze(kGlobal, {{"keep", {"int *"}, {"c"}}}));
  EXPECT_CLEAN(Analyze(kGlobal, {{"keep", {"int *"}, {"pinned"}}}));
  // What the Go side cannot tell is not a finding.
  EXPECT_CLEAN(Analyze(kGlobal, {{"keep", {"int *"}, {"unknown"}}}));
}

TEST(VetRetained, CleanWhenClearedOnEveryPath) {
  Result r = Analyze(R"(static int *current;
static int work(void) { return *current * 2; }
static int with_current(int *p, int fast) {
  current = p;
  if (fast) {
    current = 0;
    return 1;
  }
  int v = work();
  current = 0;
  return v;
})",
                     {{"with_current", {"int *", "int"}, {"go", "nonptr"}}});
  EXPECT_CLEAN(r);
}

TEST(VetRetained, ClearedOnOnePathOnly) {
  Result r = Analyze(R"(static int *current;
static int with_current(int *p, int fast) {
  current = p;
  if (fast)
    return 1;
  current = 0;
  return 0;
})",
                     {{"with_current", {"int *", "int"}, {"go", "nonptr"}}});
  EXPECT_FINDINGS(r, "retained-go-pointer", 3);
}

TEST(VetRetained, FunctionLocalStaticAndThreadLocal) {
  Result r = Analyze(R"(static __thread int *tls;
int *exported_global;
static void keep(int *p, int *q, int *s) {
  static int *last;
  last = p;
  tls = q;
  exported_global = s;
})",
                     {{"keep", {"int *", "int *", "int *"}, {"go", "go", "go"}}});
  EXPECT_FINDINGS(r, "retained-go-pointer", 5, 6, 7);
  std::string all = r.Describe();
  EXPECT_NE(all.find("function-local static of keep `last`"), std::string::npos) << all;
  EXPECT_NE(all.find("thread-local `tls`"), std::string::npos) << all;
  EXPECT_NE(all.find("C global `exported_global`"), std::string::npos) << all;
}

TEST(VetRetained, HeapBlockThatOutlivesTheCall) {
  Result r = Analyze(R"(#include <stdlib.h>
struct node { int *item; struct node *next; };
static struct node *list;
static void push(int *item) {
  struct node *n = malloc(sizeof *n);
  n->next = list;
  n->item = item;
  list = n;
})",
                     {{"push", {"int *"}, {"go"}}});
  EXPECT_FINDINGS(r, "retained-go-pointer", 7);
  EXPECT_NE(r.Describe().find("heap block allocated at input.c:6"), std::string::npos)
      << r.Describe();
}

TEST(VetRetained, CleanWhenHeapBlockFreed) {
  Result r = Analyze(R"(#include <stdlib.h>
struct ctx { int *item; };
static struct ctx *cur;
static int use(int *item) {
  cur = malloc(sizeof *cur);
  cur->item = item;
  int v = *cur->item;
  free(cur);
  return v;
}
static int use_realloc(int *item) {
  int **v = malloc(sizeof(int *));
  v[0] = item;
  v = realloc(v, 4096 * sizeof(int *));
  int r = *v[0];
  free(v);
  return r;
})",
                     {{"use", {"int *"}, {"go"}}, {"use_realloc", {"int *"}, {"go"}}});
  EXPECT_CLEAN(r);
}

TEST(VetRetained, ReallocKeepsTheStore) {
  Result r = Analyze(R"(#include <stdlib.h>
static int **vec;
static void keep(int *p) {
  vec = malloc(2 * sizeof(int *));
  vec[0] = p;
  vec = realloc(vec, 64 * sizeof(int *));
})",
                     {{"keep", {"int *"}, {"go"}}});
  EXPECT_FINDINGS(r, "retained-go-pointer", 5);
}

TEST(VetRetained, ThroughUintptrAndMemcpy) {
  Result r = Analyze(R"(#include <stdint.h>
#include <string.h>
struct ref { long tag; long *p; };
static struct ref kept;
static uintptr_t bits;
static long c_long;
static void keep(long *p) {
  struct ref r = { 1, p };
  memcpy(&kept, &r, sizeof r);
  bits = (uintptr_t)p + 8;
}
static void fine(long *data) {
  struct ref r = { 2, &c_long };
  memcpy(&kept, &r, sizeof r);
  bits = (uintptr_t)&c_long;
  char copy[16];
  memcpy(copy, data, sizeof copy);
})",
                     {{"keep", {"long *"}, {"go"}}, {"fine", {"long *"}, {"go"}}});
  EXPECT_FINDINGS(r, "retained-go-pointer", 9, 10);
  EXPECT_NE(r.Describe().find("as an integer"), std::string::npos) << r.Describe();
}

TEST(VetRetained, ThroughCallsOfThePackage) {
  Result r = Analyze(R"(static int *saved;
static void deep(int *p) { saved = p; }
static void mid(int *p) { deep(p + 1); }
static void keep(int *p) { mid(p); }
)",
                     {{"keep", {"int *"}, {"go"}}});
  EXPECT_FINDINGS(r, "retained-go-pointer", 2);
  ASSERT_EQ(r.findings.size(), 1u);
  EXPECT_EQ(r.findings[0].path.size(), 3u) << r.Describe();
  EXPECT_NE(r.findings[0].message.find("keep -> mid"), std::string::npos) << r.Describe();
}

TEST(VetRetained, IntoCMemoryGoPassed) {
  const char code[] = R"(struct box { int *item; };
static void put(struct box *b, int *item) { b->item = item; }
)";
  EXPECT_FINDINGS(Analyze(code, {{"put", {"struct box *", "int *"}, {"c", "go"}}}),
                  "retained-go-pointer", 2);
  EXPECT_CLEAN(Analyze(code, {{"put", {"struct box *", "int *"}, {"c", "c"}}}));
}

TEST(VetRetained, CallbackUserData) {
  Result r = Analyze(
      R"(typedef void (*cb_t)(void *);
struct reg { cb_t fn; void *data; };
static struct reg regs[4];
static int nregs;
static void register_cb(cb_t fn, void *data) {
  regs[nregs].fn = fn;
  regs[nregs].data = data;
  nregs++;
}
static void on_event(void *data) { (void)data; }
static void subscribe(void *user) { register_cb(on_event, user); }
static void subscribe_handle(unsigned long h) { register_cb(on_event, (void *)h); }
)",
      {{"subscribe", {"void *"}, {"go"}}, {"subscribe_handle", {"unsigned long"}, {"nonptr"}}});
  EXPECT_FINDINGS(r, "retained-go-pointer", 7);
}

TEST(VetRetained, CallIntoCodeWithoutBodyIsNotAFinding) {
  EXPECT_CLEAN(Analyze(R"(extern void lib_keep(int *);
static void keep(int *p) { lib_keep(p); })",
                       {{"keep", {"int *"}, {"go"}}}));
}

TEST(VetRetained, PinnedInC) {
  EXPECT_CLEAN(Analyze(R"(#include <stddef.h>
static inline void cgosan_pinned(const void *p, size_t n) { (void)p; (void)n; }
static int *saved;
static void keep(int *p) {
  saved = p;
  cgosan_pinned(p, sizeof *p);
})",
                       {{"keep", {"int *"}, {"go"}}}));
}

TEST(VetRetained, GoString) {
  Result r = Analyze(
      R"(#include <stddef.h>
typedef struct { const char *p; ptrdiff_t n; } _GoString_;
static const char *_GoStringPtr(_GoString_ s) { return s.p; }
static size_t _GoStringLen(_GoString_ s) { return (size_t)s.n; }
static const char *kept;
static size_t kept_len;
static void keep_name(_GoString_ s) {
  kept = _GoStringPtr(s);
  kept_len = _GoStringLen(s);
}
static size_t name_len(_GoString_ s) { return _GoStringLen(s); })",
      {{"keep_name", {"_GoString_"}, {"nonptr"}}, {"name_len", {"_GoString_"}, {"nonptr"}}});
  EXPECT_FINDINGS(r, "retained-go-pointer", 8);
}

TEST(VetRetained, AtomicStoreAndExchange) {
  Result r =
      Analyze(R"(#include <stdatomic.h>
static void *saved;
static _Atomic(long *) slot;
static _Atomic(long *) temp;
static void keep(long *p, long *q) {
  __atomic_store_n(&saved, p, __ATOMIC_SEQ_CST);
  atomic_exchange(&slot, q);
}
static long use_briefly(long *p) {
  atomic_exchange(&temp, p);
  long *back = atomic_exchange(&temp, (long *)0);
  return *back;
})",
              {{"keep", {"long *", "long *"}, {"go", "go"}}, {"use_briefly", {"long *"}, {"go"}}});
  EXPECT_FINDINGS(r, "retained-go-pointer", 6, 7);
}

TEST(VetRetained, SlotsClearedByIndex) {
  EXPECT_CLEAN(Analyze(R"(static int *slots[8];
static int use_slot(int i, int *p) {
  slots[i] = p;
  int r = *slots[i] + 1;
  slots[i] = 0;
  return r;
})",
                       {{"use_slot", {"int", "int *"}, {"nonptr", "go"}}}));
}

TEST(VetRetained, LocalsOnly) {
  EXPECT_CLEAN(Analyze(R"(#include <stddef.h>
static void collect(int **slots, int *a, int *b) { slots[0] = a; slots[1] = b; }
static int sum2(int *a, int *b) {
  int *slots[2];
  collect(slots, a, b);
  int *volatile keep_in_local = a;
  return *slots[0] + *slots[1] + (keep_in_local != NULL);
})",
                       {{"sum2", {"int *", "int *"}, {"go", "go"}}}));
}

TEST(VetCxx, MemberOfLongLivedObjects) {
  Result r = Analyze(R"(struct Registry {
  int *last = nullptr;
  void remember(int *p) { last = p; }
};
static Registry registry;
static Registry *heap_registry = new Registry;
extern "C" void cxx_keep(int *p) {
  registry.last = p;
}
extern "C" void cxx_keep_method(int *p) { heap_registry->remember(p); }
extern "C" int cxx_local(int *p) {
  Registry local;
  local.remember(p);
  return *local.last;
})",
                     {{"cxx_keep", {"int *"}, {"go"}},
                      {"cxx_keep_method", {"int *"}, {"go"}},
                      {"cxx_local", {"int *"}, {"go"}}},
                     {}, true);
  EXPECT_FINDINGS(r, "retained-go-pointer", 3, 8);
}

TEST(VetGoInGo, StoreOfGoPointerIntoGoMemory) {
  const char code[] = R"(struct item { int v; };
struct box { struct item *item; long n; };
static struct item c_item;
static void put(struct box *b, struct item *item) {
  b->item = item;
  b->n++;
}
static void put_c(struct box *b) { b->item = &c_item; }
static void fill(long **out, long *base, unsigned long n) {
  for (unsigned long i = 0; i < n; i++)
    out[i] = base + i;
})";
  Result r =
      Analyze(code, {{"put", {"struct box *", "struct item *"}, {"go", "go"}},
                     {"put_c", {"struct box *"}, {"go"}},
                     {"fill", {"long **", "long *", "unsigned long"}, {"go", "go", "nonptr"}}});
  EXPECT_FINDINGS(r, "go-pointer-in-go-memory", 5, 11);
  EXPECT_TRUE(Lines(r, "retained-go-pointer").empty()) << r.Describe();
  EXPECT_CLEAN(Analyze(code, {{"put", {"struct box *", "struct item *"}, {"go", "c"}},
                              {"put_c", {"struct box *"}, {"go"}}}));
}

const char kThread[] = R"(#include <pthread.h>
static pthread_t worker;
static void *work(void *arg) {
  long *buf = arg;
  long v = buf[1];
  buf[0] = v + 1;
  return 0;
}
static void start(long *buf) { pthread_create(&worker, 0, work, buf); }
static void finish(void) { pthread_join(worker, 0); }
static long joined(long *buf) {
  pthread_t th[4];
  for (int t = 0; t < 4; t++)
    pthread_create(&th[t], 0, work, buf + t);
  for (int t = 0; t < 4; t++)
    pthread_join(th[t], 0);
  return buf[0];
})";

TEST(VetThreads, ThreadThatOutlivesTheCall) {
  Result r = Analyze(kThread, {{"start", {"long *"}, {"go"}}, {"finish", {}, {}}});
  EXPECT_FINDINGS(r, "use-after-return", 5, 6);
  EXPECT_NE(r.Describe().find("thread started at input.c:10"), std::string::npos) << r.Describe();
}

TEST(VetThreads, CleanWhenJoinedBeforeReturn) {
  EXPECT_CLEAN(Analyze(kThread, {{"joined", {"long *"}, {"go"}}}));
}

TEST(VetUseAfterReturn, LaterCallThroughKeptGlobal) {
  Result r = Analyze(R"(static int *saved;
static void keep(int *p) { saved = p; }
static void poke(void) { *saved = 42; }
static void forget(void) { saved = 0; })",
                     {{"keep", {"int *"}, {"go"}}, {"poke", {}, {}}, {"forget", {}, {}}});
  EXPECT_FINDINGS(r, "retained-go-pointer", 2);
  EXPECT_FINDINGS(r, "use-after-return", 3);
}

const char kExport[] = R"(extern int *getGoPtr(void);
static void set(int *p) { *p = 1; }
static int use(void) {
  int *p = getGoPtr();
  set(p);
  return *p;
})";

TEST(VetExports, ReturnedGoPointerAndWriteThroughIt) {
  Result r = Analyze(kExport, {{"use", {}, {}}}, {{"getGoPtr", "go"}});
  EXPECT_FINDINGS(r, "returned-go-pointer", 4);
  EXPECT_FINDINGS(r, "write-to-returned-go-pointer", 2);
}

TEST(VetExports, CleanWhenExportReturnsCMemory) {
  EXPECT_CLEAN(Analyze(kExport, {{"use", {}, {}}}, {{"getGoPtr", "c"}}));
  EXPECT_CLEAN(Analyze(kExport, {{"use", {}, {}}}, {{"getGoPtr", "pinned"}}));
}

} // namespace

namespace {

// go-tree-sitter's shape: the cursor comes from a C constructor that allocates through a
// function pointer initialized to a malloc wrapper; Go passes the cursor back with a Go struct
// that C keeps in it.
const char kCursor[] = R"(#include <stdlib.h>
struct options { void *payload; };
struct cursor { const struct options *opts; int n; };
static void *malloc_default(size_t n) { return malloc(n); }
void *(*current_malloc)(size_t) = malloc_default;
static struct cursor *cursor_new(void) {
  struct cursor *self = current_malloc(sizeof *self);
  self->opts = NULL;
  return self;
}
static void cursor_exec(struct cursor *self, const struct options *opts) {
  self->n = 0;
  if (opts)
    self->opts = opts;
}
static void cursor_reset(struct cursor *self, const struct options *opts) {
  self->opts = opts;
  self->n = 1;
  self->opts = NULL;
})";

TEST(VetRetained, IntoCMemoryAConstructorReturned) {
  cgosan::vet::testing::GoCallSpec fresh{"cursor_new", {}, {}};
  Result r = Analyze(
      kCursor,
      {fresh,
       {"cursor_exec", {"struct cursor *", "const struct options *"}, {"unknown:cursor_new", "go"}},
       {"cursor_reset",
        {"struct cursor *", "const struct options *"},
        {"unknown:cursor_new", "go"}}});
  EXPECT_FINDINGS(r, "retained-go-pointer", 14);
  // Where the cursor comes from cannot be told: not a finding.
  EXPECT_CLEAN(Analyze(
      kCursor,
      {fresh, {"cursor_exec", {"struct cursor *", "const struct options *"}, {"unknown", "go"}}}));
}

} // namespace

namespace {

// tree-sitter's stack.c shape (tests/e2e/testdata/clean_copy_padding): a struct built in a local
// and copied into a heap node, whose pointer field is then overwritten. The copy lands field by
// field, so clearing the field clears what was copied there.
const char kCopiedNode[] = R"(#include <stdlib.h>
#include <string.h>
struct node { long *data; struct node *next; int flag; };
static struct node *head;
static void push_cleared(long *p) {
  struct node local;
  local.data = p;
  local.next = head;
  local.flag = 1;
  struct node *n = malloc(sizeof *n);
  memcpy(n, &local, sizeof local);
  n->data = 0;
  head = n;
}
static void push_assigned(long *p) {
  struct node local = { p, head, 1 };
  struct node *n = malloc(sizeof *n);
  *n = local;
  n->data = 0;
  head = n;
}
static void push_kept(long *p) {
  struct node local = { .data = p, .next = head };
  struct node *n = malloc(sizeof *n);
  memcpy(n, &local, sizeof local);
  n->next = 0;
  head = n;
})";

TEST(VetRetained, CopiedStructFieldsAreCellsOfTheirOwn) {
  EXPECT_CLEAN(Analyze(kCopiedNode, {{"push_cleared", {"long *"}, {"go"}}}));
  EXPECT_CLEAN(Analyze(kCopiedNode, {{"push_assigned", {"long *"}, {"go"}}}));
  // The twin: the Go pointer's own field is not cleared; reported at the copy.
  Result r = Analyze(kCopiedNode, {{"push_kept", {"long *"}, {"go"}}});
  EXPECT_FINDINGS(r, "retained-go-pointer", 25);
}

// `if (p) free(p)`: on the branch where p is null there is no block to free, so the block is
// freed on every path.
TEST(VetRetained, FreedUnderANullTest) {
  const char code[] = R"(#include <stdlib.h>
struct ctx { long **slots; };
static struct ctx *cur;
static void release(struct ctx *c) {
  if (c->slots != NULL)
    free(c->slots);
  if (c)
    free(c);
}
static long use(long *p) {
  cur = malloc(sizeof *cur);
  cur->slots = malloc(4 * sizeof(long *));
  cur->slots[0] = p;
  long v = *cur->slots[0];
  release(cur);
  cur = 0;
  return v;
}
static long leak(long *p) {
  cur = malloc(sizeof *cur);
  cur->slots = malloc(4 * sizeof(long *));
  cur->slots[0] = p;
  if (!cur)
    free(cur->slots);
  return 0;
})";
  EXPECT_CLEAN(Analyze(code, {{"use", {"long *"}, {"go"}}}));
  EXPECT_FINDINGS(Analyze(code, {{"leak", {"long *"}, {"go"}}}), "retained-go-pointer", 22);
}

// Go pointers in a std::vector: a global's elements, a new'ed vector's buffer, and the clean
// twins, a local vector (destroyed at the end of its scope) and a new'ed one deleted.
const char kVectors[] = R"(#include <vector>
static std::vector<const char *> seen;
static std::vector<char *> *kept;
extern "C" void remember(const char *p) { seen.push_back(p); }
extern "C" void keep_in_vector(char *p) {
  kept = new std::vector<char *>(4);
  (*kept)[0] = p;
}
extern "C" int local_vector(char *p) {
  std::vector<char *> v;
  for (int i = 0; i < 8; i++)
    v.push_back(p + i);
  return (int)v.size();
}
extern "C" void deleted_vector(char *p) {
  kept = new std::vector<char *>(4);
  (*kept)[0] = p;
  kept->push_back(p);
  delete kept;
  kept = nullptr;
})";

TEST(VetCxx, GoPointersInVectors) {
  Result r = Analyze(
      kVectors, {{"remember", {"const char *"}, {"go"}}, {"keep_in_vector", {"char *"}, {"go"}}},
      {}, true);
  EXPECT_FINDINGS(r, "retained-go-pointer", 4, 7);
  EXPECT_CLEAN(Analyze(
      kVectors, {{"local_vector", {"char *"}, {"go"}}, {"deleted_vector", {"char *"}, {"go"}}}, {},
      true));
}

// std::move, std::forward, std::as_const and std::addressof give back what they are given, whether
// the compiler follows their bodies (Clang 14) or makes them builtins without one (Clang 15 on);
// the twin stores through them into locals only.
const char kUtilities[] = R"(#include <memory>
#include <utility>
static char *moved, *forwarded, *kept;
static const char *as_const_kept;
template <typename T> static void put(char *&slot, T &&v) { slot = std::forward<T>(v); }
extern "C" void keep_moved(char *p) { moved = std::move(p); }
extern "C" void keep_forwarded(char *p) { put(forwarded, p); }
extern "C" void keep_as_const(char *p) { as_const_kept = std::as_const(p); }
extern "C" void keep_addressof(char *p) { *std::addressof(kept) = p; }
extern "C" int local_only(char *p) {
  char *a = std::move(p), *b = nullptr, *c = nullptr;
  put(b, std::as_const(a));
  *std::addressof(c) = b;
  return c != nullptr;
})";

TEST(VetCxx, IdentityUtilities) {
  Result r = Analyze(kUtilities,
                     {{"keep_moved", {"char *"}, {"go"}},
                      {"keep_forwarded", {"char *"}, {"go"}},
                      {"keep_as_const", {"char *"}, {"go"}},
                      {"keep_addressof", {"char *"}, {"go"}}},
                     {}, true);
  EXPECT_FINDINGS(r, "retained-go-pointer", 5, 6, 8, 9);
  EXPECT_CLEAN(Analyze(kUtilities, {{"local_only", {"char *"}, {"go"}}}, {}, true));
}

// A statement whose temporaries have destructors (a C++ full-expression with cleanups) is
// still a statement the analysis follows.
TEST(VetCxx, StatementWithTemporaries) {
  Result r = Analyze(R"(#include <string>
static int *saved;
static int *pick(const std::string &why, int *p) { return why.empty() ? nullptr : p; }
extern "C" void keep(int *p) {
  saved = pick(std::string("a temporary with a destructor"), p);
})",
                     {{"keep", {"int *"}, {"go"}}}, {}, true);
  EXPECT_FINDINGS(r, "retained-go-pointer", 5);
}

// Go -> C (outer, lent the cells) -> Go (goVisit) -> C (inner, lent &cells[i]): the inner call
// stores into a C global what the outer call was lent; the outer call clears it before it
// returns (tests/e2e/testdata/clean_nested_cells), or does not (retain_nested_cells).
const char kNestedInner[] = R"(extern void goVisit(int i);
static long *current;
static long sum;
static void inner(long *cell) {
  current = cell;
  sum += *cell;
}
)";
const std::string kNested = std::string(kNestedInner) + R"(static long outer(long *cells, int n) {
  sum = 0;
  for (int i = 0; i < n; i++)
    goVisit(i);
  current = 0;
  return sum;
})";
const std::string kNestedKept =
    std::string(kNestedInner) + R"(static void outer(long *cells, int n) {
  for (int i = 0; i < n; i++)
    goVisit(i);
})";

using cgosan::vet::testing::ExportSpec;
using cgosan::vet::testing::GoCallSpec;

GoCallSpec InnerCall(const std::string &object) {
  return GoCallSpec{"inner", {"long *"}, {"go"}, "goVisit", {object}};
}
GoCallSpec OuterCall(const std::string &name, const std::string &object) {
  return GoCallSpec{name, {"long *", "int"}, {"go", "nonptr"}, "", {object, ""}};
}

TEST(VetNested, CoveredByTheEnclosingCallUntilItReturns) {
  EXPECT_CLEAN(Analyze(kNested,
                       {InnerCall("cells@main.go:25"), OuterCall("outer", "cells@main.go:25")},
                       {{"goVisit", "nonptr"}}));
  // Not cleared by the enclosing call: kept when it returns, reported at the inner store.
  Result r =
      Analyze(kNestedKept, {InnerCall("cells@main.go:25"), OuterCall("outer", "cells@main.go:25")},
              {{"goVisit", "nonptr"}});
  EXPECT_FINDINGS(r, "retained-go-pointer", 5);
  EXPECT_NE(r.Describe().find("in a call nested in C.outer"), std::string::npos) << r.Describe();
}

TEST(VetNested, NotCoveredWhenTheEnclosingCallLentOtherMemory) {
  // The inner argument points into another array than the outer call was lent.
  EXPECT_FINDINGS(Analyze(kNested,
                          {InnerCall("other@main.go:26"), OuterCall("outer", "cells@main.go:25")},
                          {{"goVisit", "nonptr"}}),
                  "retained-go-pointer", 5);
  // The Go side cannot tell which array.
  EXPECT_FINDINGS(
      Analyze(kNested, {InnerCall(""), OuterCall("outer", "")}, {{"goVisit", "nonptr"}}),
      "retained-go-pointer", 5);
  // Go calls the export itself too, outside any call from C.
  EXPECT_FINDINGS(Analyze(kNested,
                          {InnerCall("cells@main.go:25"), OuterCall("outer", "cells@main.go:25")},
                          {{"goVisit", "nonptr", true}}),
                  "retained-go-pointer", 5);
  // A C function Go does not call calls the export too: the callback may run outside any call.
  EXPECT_FINDINGS(Analyze(kNested + "\nstatic void elsewhere(void) { goVisit(0); }",
                          {InnerCall("cells@main.go:25"), OuterCall("outer", "cells@main.go:25")},
                          {{"goVisit", "nonptr"}}),
                  "retained-go-pointer", 5);
  // Go also calls C.inner outside the export.
  EXPECT_FINDINGS(Analyze(kNested,
                          {InnerCall("cells@main.go:25"),
                           GoCallSpec{"inner", {"long *"}, {"go"}, "", {"cells@main.go:25"}},
                           OuterCall("outer", "cells@main.go:25")},
                          {{"goVisit", "nonptr"}}),
                  "retained-go-pointer", 5);
}

} // namespace
