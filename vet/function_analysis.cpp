// The per-function escape analysis (see function_analysis.h). Statements are evaluated whole, at
// the CFG element of the outermost expression, so every call is applied once; the CFG gives the
// paths. The state at a point: what each local may hold (fields of a local are not told apart),
// and what each written non-local location may hold (a cell per root object and field path,
// with the store that put each value there).
#include "function_analysis.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/DeclCXX.h"
#include "clang/AST/Expr.h"
#include "clang/AST/ExprCXX.h"
#include "clang/AST/Mangle.h"
#include "clang/AST/ParentMap.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/AST/StmtCXX.h"
#include "clang/Analysis/CFG.h"
#include "clang/Basic/Builtins.h"
#include "clang/Basic/SourceManager.h"
#include "llvm/Support/raw_ostream.h"

#include <chrono>
#include <ctime>
#include <deque>
#include <set>

namespace cgosan {
namespace vet {

using namespace clang;

int RootParam(const Atom &a, const Interner &in) {
  if (a.kind == AtomKind::Param)
    return static_cast<int>(a.id);
  if (a.kind == AtomKind::Addr) {
    const Loc &l = in.LocAt(a.id);
    if (l.root == Loc::Pointee)
      return RootParam(l.base, in);
  }
  return -1;
}

bool RootIsExportRet(const Atom &a, const Interner &in) {
  if (a.kind == AtomKind::ExportRet)
    return true;
  if (a.kind == AtomKind::Addr) {
    const Loc &l = in.LocAt(a.id);
    return l.root == Loc::Pointee && RootIsExportRet(l.base, in);
  }
  return false;
}

uint32_t RootGlobalLoad(const Atom &a, const Interner &in) {
  if (a.kind == AtomKind::Loaded) {
    const Loc &l = in.LocAt(a.id);
    return l.root == Loc::Global ? a.id : 0;
  }
  if (a.kind == AtomKind::Addr) {
    const Loc &l = in.LocAt(a.id);
    return l.root == Loc::Pointee ? RootGlobalLoad(l.base, in) : 0;
  }
  return 0;
}

Atom RootNested(const Atom &a, const Interner &in) {
  if (a.kind == AtomKind::Nested)
    return a.Plain();
  if (a.kind == AtomKind::Addr) {
    const Loc &l = in.LocAt(a.id);
    if (l.root == Loc::Pointee)
      return RootNested(l.base, in);
  }
  return Atom{AtomKind::Param, false, false, 0};
}

std::string NestedName(const std::string &entry, unsigned param) {
  return entry + "#" + std::to_string(param);
}

std::string FunctionKey(const FunctionDecl *fd, ASTContext &ctx) {
  fd = fd->getCanonicalDecl();
  if (fd->isExternallyVisible() && !fd->isInlined()) {
    ASTNameGenerator gen(ctx);
    return gen.getName(fd);
  }
  if (fd->isExternallyVisible()) {
    ASTNameGenerator gen(ctx);
    return gen.getName(fd); // inline functions are one function wherever they are defined
  }
  const SourceManager &sm = ctx.getSourceManager();
  PresumedLoc p = sm.getPresumedLoc(fd->getLocation());
  std::string where = p.isValid() ? std::string(p.getFilename()) + ":" + std::to_string(p.getLine())
                                  : std::string("?");
  return fd->getQualifiedNameAsString() + "@" + where;
}

namespace {

// Where a store or load goes.
struct Place {
  enum Kind : uint8_t { Local, Global, Pointee } kind = Local;
  const ValueDecl *var = nullptr; // Local (nullptr: `this`)
  uint32_t global = 0;            // Global
  Atom base{};                    // Pointee (flags cleared)
  std::string path;
};

// A root of non-local memory, as a key of the state's map.
struct RootKey {
  uint8_t kind; // Place::Global or Place::Pointee
  uint32_t global;
  AtomKind base_kind;
  uint32_t base_id;
  bool operator<(const RootKey &o) const {
    return std::tie(kind, global, base_kind, base_id) <
           std::tie(o.kind, o.global, o.base_kind, o.base_id);
  }
  bool operator==(const RootKey &o) const {
    return kind == o.kind && global == o.global && base_kind == o.base_kind && base_id == o.base_id;
  }
};

RootKey KeyOf(const Place &p) {
  if (p.kind == Place::Global)
    return {Place::Global, p.global, AtomKind::Param, 0};
  return {Place::Pointee, 0, p.base.kind, p.base.id};
}

using Paths = std::map<std::string, Cell>;

struct State {
  bool reached = false;
  std::map<const ValueDecl *, ValueSet> locals; // nullptr: `this`
  std::map<RootKey, Paths> mem;
  ValueSet ret;
  std::vector<ThreadStart> threads;
  std::set<Atom> freed; // parameters' blocks freed on every path so far

  bool operator==(const State &o) const {
    return reached == o.reached && locals == o.locals && MemEqual(o) && ret == o.ret &&
           threads.size() == o.threads.size() && freed == o.freed;
  }
  bool MemEqual(const State &o) const {
    if (mem.size() != o.mem.size())
      return false;
    for (auto a = mem.begin(), b = o.mem.begin(); a != mem.end(); ++a, ++b) {
      if (!(a->first == b->first) || a->second.size() != b->second.size())
        return false;
      for (auto x = a->second.begin(), y = b->second.begin(); x != a->second.end(); ++x, ++y) {
        if (x->first != y->first || x->second.size() != y->second.size())
          return false;
        for (auto u = x->second.begin(), v = y->second.begin(); u != x->second.end(); ++u, ++v)
          if (u->first != v->first)
            return false;
      }
    }
    return true;
  }
};

// Memory the function itself brought into being: a heap block it saw allocated, or one of its
// struct locals (whose fields are cells like a global's). What such memory held before the
// function wrote it is nothing anyone else put there.
bool IsOwnedRoot(const RootKey &k) {
  return k.kind == Place::Pointee &&
         (k.base_kind == AtomKind::Heap || k.base_kind == AtomKind::LocalAddr);
}

// The implicit content of a location never written in the function: what it held before (a
// Loaded atom), or nothing for memory the function allocated or declared.
void DefaultContent(Interner &in, const RootKey &k, const std::string &path, Cell *out) {
  if (IsOwnedRoot(k))
    return;
  Loc l;
  if (k.kind == Place::Global) {
    l.root = Loc::Global;
    l.global = k.global;
  } else {
    l.root = Loc::Pointee;
    l.base = Atom{k.base_kind, false, false, k.base_id};
  }
  l.path = path;
  Atom a{AtomKind::Loaded, false, false, in.LocId(l)};
  out->emplace(a, Origin{});
}

void MergeCell(Cell *into, const Cell &from) {
  for (const auto &kv : from)
    into->emplace(kv.first, kv.second);
}

void MergeState(Interner &in, State *into, const State &from) {
  if (!from.reached)
    return;
  if (!into->reached) {
    *into = from;
    return;
  }
  for (const auto &kv : from.locals)
    into->locals[kv.first].AddAll(kv.second);
  // A location written on one side only holds, on the other, what it held before.
  for (auto &root : into->mem) {
    auto other = from.mem.find(root.first);
    for (auto &cell : root.second) {
      if (other == from.mem.end() || !other->second.count(cell.first))
        DefaultContent(in, root.first, cell.first, &cell.second);
    }
  }
  for (const auto &root : from.mem) {
    Paths &mine = into->mem[root.first];
    for (const auto &cell : root.second) {
      auto it = mine.find(cell.first);
      if (it == mine.end()) {
        Cell c = cell.second;
        DefaultContent(in, root.first, cell.first, &c);
        mine.emplace(cell.first, std::move(c));
      } else {
        MergeCell(&it->second, cell.second);
      }
    }
  }
  into->ret.AddAll(from.ret);
  for (const ThreadStart &t : from.threads) {
    bool have = false;
    for (const ThreadStart &u : into->threads)
      have |= u.origin == t.origin && u.handle_loc == t.handle_loc;
    if (!have)
      into->threads.push_back(t);
  }
  std::set<Atom> both;
  for (const Atom &a : into->freed)
    if (from.freed.count(a))
      both.insert(a);
  into->freed.swap(both);
}

// Names of library functions the analysis knows, without the "__builtin_" prefix and the
// fortified "_chk" variants' decoration (__builtin___memcpy_chk is memcpy).
std::string LibraryName(const FunctionDecl *fd) {
  const DeclContext *dc = fd->getDeclContext()->getRedeclContext();
  if (isa<CXXMethodDecl>(fd) || !(dc->isTranslationUnit() || dc->isStdNamespace()))
    return ""; // a method or namespaced function named `free` is not libc's
  if (fd->getDeclName().getNameKind() == DeclarationName::CXXOperatorName) {
    OverloadedOperatorKind k = fd->getDeclName().getCXXOverloadedOperator();
    if (!isa<CXXMethodDecl>(fd)) {
      if (k == OO_New)
        return "operator new";
      if (k == OO_Array_New)
        return "operator new[]";
      if (k == OO_Delete)
        return "operator delete";
      if (k == OO_Array_Delete)
        return "operator delete[]";
    }
    return "";
  }
  if (!fd->getIdentifier())
    return "";
  std::string n = fd->getName().str();
  auto strip = [&](const std::string &prefix) {
    if (n.compare(0, prefix.size(), prefix) == 0 && n.size() > prefix.size()) {
      n = n.substr(prefix.size());
      return true;
    }
    return false;
  };
  if (strip("__builtin___") ||
      (n.size() > 4 && n.compare(n.size() - 4, 4, "_chk") == 0 && strip("__"))) {
    if (n.size() > 4 && n.compare(n.size() - 4, 4, "_chk") == 0)
      n = n.substr(0, n.size() - 4);
    return n;
  }
  strip("__builtin_");
  // libstdc++'s allocators call __builtin_operator_new/delete where the compiler has them.
  if (n == "operator_new")
    return "operator new";
  if (n == "operator_delete")
    return "operator delete";
  return n;
}

// `path` followed by the steps of `steps`, each step cut as AppendPath cuts deep paths.
std::string JoinPath(const std::string &path, const std::string &steps) {
  std::string full = path;
  size_t i = 0;
  while (i < steps.size()) {
    size_t j = i + 1;
    if (steps.compare(i, 3, "...") == 0) {
      j = i + 3;
    } else if (steps[i] == '[') {
      j = steps.find(']', i);
      j = j == std::string::npos ? steps.size() : j + 1;
    } else {
      while (j < steps.size() && steps[j] != '.' && steps[j] != '[')
        j++;
    }
    full = AppendPath(full, steps.substr(i, j - i));
    i = j;
  }
  return full;
}

// An rvalue of struct type read from an lvalue (`local` in `n = local`), or nullptr.
const Expr *CopiedLValue(const Expr *e) {
  e = e->IgnoreParens();
  while (const auto *c = dyn_cast<ImplicitCastExpr>(e)) {
    if (c->getCastKind() != CK_LValueToRValue && c->getCastKind() != CK_NoOp)
      break;
    e = c->getSubExpr()->IgnoreParens();
  }
  return e->isGLValue() && e->getType()->isRecordType() ? e : nullptr;
}

bool IsAllocator(const std::string &n) {
  return n == "malloc" || n == "calloc" || n == "aligned_alloc" || n == "valloc" ||
         n == "memalign" || n == "pvalloc" || n == "strdup" || n == "strndup" ||
         n == "operator new" || n == "operator new[]";
}

class FunctionAnalysis {
public:
  FunctionAnalysis(const FunctionDecl *fd, ASTContext &ctx, AnalysisContext &actx)
      : fd_(fd), ctx_(ctx), actx_(actx), in_(actx.interner()) {
    name_ = fd->getQualifiedNameAsString();
  }

  Summary Run();

private:
  // Expressions.
  ValueSet Eval(const Expr *e);
  std::vector<Place> Places(const Expr *lvalue);
  ValueSet AddressOf(const Expr *lvalue);
  ValueSet EvalCast(const CastExpr *c);
  ValueSet EvalCall(const CallExpr *call);
  ValueSet EvalConstruct(const CXXConstructExpr *c, const ValueSet &this_value);
  ValueSet ApplySummary(const Summary &s, const std::vector<ValueSet> &args, uint32_t call_site,
                        const std::string &callee);
  ValueSet EvalAtomic(const AtomicExpr *a);

  // Memory.
  std::vector<Place> Deref(const ValueSet &pointers, const std::string &path);
  ValueSet Load(const Place &p);
  ValueSet LoadAll(const std::vector<Place> &ps);
  ValueSet Widen(const ValueSet &v);
  static constexpr size_t kMaxAtoms = 12;
  static constexpr size_t kMaxPaths = 48; // field paths tracked per root object
  void Store(const std::vector<Place> &ps, const ValueSet &v, uint32_t site, bool whole_var,
             uint32_t via = 0);
  void StoreCell(const std::vector<Place> &ps, const Cell &v, bool whole_var);
  void Copy(const std::vector<Place> &dst, const std::vector<Place> &src, uint32_t site);
  void InitAggregate(const Place &dst, const Expr *init, uint32_t site);
  void Free(const ValueSet &pointers);
  void Destroy(const CXXDestructorDecl *dtor, const ValueSet &self, uint32_t site);
  Atom AddrAtom(const Place &p);
  void NoteAccess(const ValueSet &pointers, bool write, uint32_t site, uint32_t via = 0);
  void NoteStores(const std::vector<Place> &ps, const ValueSet &v, uint32_t site, uint32_t via = 0);
  std::string IndexStep(const Expr *idx);

  // Substitution of a callee's atoms by the caller's values.
  ValueSet Subst(const Atom &a, const std::vector<ValueSet> &args, int depth = 0);
  ValueSet SubstSet(const ValueSet &s, const std::vector<ValueSet> &args);
  std::vector<Place> SubstLoc(uint32_t loc, const std::vector<ValueSet> &args);

  // Statements.
  void Element(const CFGElement &el);
  void TopLevel(const Stmt *s);
  void Initializer(const CXXCtorInitializer *init);
  void LocalInit(const VarDecl *v);
  int NullSuccessor(const CFGBlock *b, const State &out, State *edge);

  bool Pointerish(QualType t) const {
    t = t.getCanonicalType();
    if (t->isPointerType() || t->isRecordType() || t->isArrayType() || t->isReferenceType() ||
        t->isMemberPointerType() || t->isDependentType())
      return true;
    if (t->isIntegerType() && !t->isEnumeralType())
      return ctx_.getTypeSize(t) >= ctx_.getTypeSize(ctx_.VoidPtrTy);
    return false;
  }
  uint32_t Site(const Stmt *s) { return Site(s->getBeginLoc()); }
  uint32_t Site(SourceLocation l) { return actx_.SiteOf(ctx_, l, name_, fd_->isImplicit()); }
  // Locals' addresses (of a whole local, or of a field of a struct local) mean nothing outside
  // the function.
  bool Interesting(const Atom &a) const { return a.kind != AtomKind::FuncAddr && !LocalRooted(a); }
  bool LocalRooted(const Atom &a) const {
    if (a.kind == AtomKind::LocalAddr)
      return true;
    if (a.kind != AtomKind::Addr)
      return false;
    const Loc &l = in_.LocAt(a.id);
    return l.root == Loc::Pointee && LocalRooted(l.base);
  }
  // A struct (or class) local: its fields are cells of the state's memory, rooted at its
  // LocalAddr atom, so that a store to one field and a copy of the whole are followed field by
  // field. Other locals (scalars, arrays, parameters) are one value set each.
  bool IsStructLocal(const ValueDecl *v) const {
    const auto *var = dyn_cast_or_null<VarDecl>(v);
    return var && !isa<ParmVarDecl>(var) && !var->hasGlobalStorage() &&
           !var->getType()->isReferenceType() && var->getType()->isRecordType();
  }
  bool Worth(const Atom &a) const { return RootParam(a, in_) >= 0 || RootIsExportRet(a, in_); }
  // What may be Go memory: Worth, or what a nested call was lent.
  bool MayBeGo(const Atom &a) const {
    return Worth(a) || RootNested(a, in_).kind == AtomKind::Nested;
  }
  void CallBack(const AnalysisContext::CallBack &cb, uint32_t site);
  Atom LoadedAtom(const Place &p);
  uint32_t HandleLoc(const std::vector<Place> &ps);
  std::string PlaceKey(const Place &p);

  const FunctionDecl *fd_;
  ASTContext &ctx_;
  AnalysisContext &actx_;
  Interner &in_;
  std::string name_;
  State st_;
  Summary sum_;
  std::unique_ptr<ParentMap> parents_;
  std::set<const Expr *> skip_;                // initializer expressions evaluated elsewhere
  std::map<const Stmt *, ValueSet> last_;      // values of top-level expressions (statement exprs)
  std::set<const VarDecl *> assigned_;         // locals assigned after their declaration
  std::set<std::string> joined_;               // thread handle places joined anywhere
  std::map<std::string, uint32_t> handle_loc_; // place key -> loc, for joins in summaries
  std::set<std::pair<uint32_t, bool>> access_seen_;
  std::vector<const ValueDecl *> local_decls_{nullptr}; // LocalAddr ids; 0 is `this`
  std::map<const ValueDecl *, uint32_t> local_ids_;
  Atom LocalAddrAtom(const ValueDecl *v) {
    auto it = local_ids_.find(v);
    uint32_t id;
    if (it != local_ids_.end()) {
      id = it->second;
    } else {
      id = local_decls_.size();
      local_decls_.push_back(v);
      local_ids_[v] = id;
    }
    return Atom{AtomKind::LocalAddr, false, false, id};
  }
  unsigned budget_ = 0;          // expression evaluations left before the function is given up
  bool store_pointerish_ = true; // the type of the store being made can hold an address
  double deadline_ = 0;          // in ThreadCpuSeconds()
  static constexpr double kCpuSeconds = 1.5;
  static double ThreadCpuSeconds() {
    struct timespec ts;
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
    return static_cast<double>(ts.tv_sec) + ts.tv_nsec * 1e-9;
  }
  bool exhausted_ = false;
};

// Locals assigned after their declaration (so `a[i]` with i never reassigned names one element).
class AssignedLocals : public RecursiveASTVisitor<AssignedLocals> {
public:
  std::set<const VarDecl *> *out;
  void Note(const Expr *e) {
    e = e->IgnoreParenImpCasts();
    if (const auto *d = dyn_cast<DeclRefExpr>(e))
      if (const auto *v = dyn_cast<VarDecl>(d->getDecl()))
        out->insert(v);
  }
  bool VisitBinaryOperator(BinaryOperator *b) {
    if (b->isAssignmentOp())
      Note(b->getLHS());
    return true;
  }
  bool VisitUnaryOperator(UnaryOperator *u) {
    if (u->isIncrementDecrementOp() || u->getOpcode() == UO_AddrOf)
      Note(u->getSubExpr());
    return true;
  }
};

Summary FunctionAnalysis::Run() {
  const Stmt *body = fd_->getBody();
  CFG::BuildOptions opts;
  opts.setAllAlwaysAdd();
  opts.AddInitializers = true;
  opts.AddImplicitDtors = true; // a local std::vector gives its buffer back at the end of scope
  opts.AddCXXNewAllocator = false;
  std::unique_ptr<CFG> cfg = CFG::buildCFG(fd_, const_cast<Stmt *>(body), &ctx_, opts);
  if (!cfg) {
    sum_.complete = true;
    return sum_;
  }
  parents_ = std::make_unique<ParentMap>(const_cast<Stmt *>(body));
  AssignedLocals al;
  al.out = &assigned_;
  al.TraverseStmt(const_cast<Stmt *>(body));
  if (const auto *ctor = dyn_cast<CXXConstructorDecl>(fd_))
    for (const CXXCtorInitializer *init : ctor->inits())
      if (init->getInit())
        skip_.insert(init->getInit());

  // Parameters: `this` is parameter 0 of a method, the declared ones follow.
  State entry;
  entry.reached = true;
  unsigned index = 0;
  if (const auto *m = dyn_cast<CXXMethodDecl>(fd_))
    if (m->isInstance())
      entry.locals[nullptr] = ValueSet(Atom{AtomKind::Param, false, false, index++});
  for (const ParmVarDecl *p : fd_->parameters())
    entry.locals[p] = ValueSet(Atom{AtomKind::Param, false, false, index++});

  // Blocks in reverse post-order; a block is visited again when its input grows.
  std::vector<const CFGBlock *> order;
  {
    std::vector<bool> seen(cfg->getNumBlockIDs());
    std::vector<std::pair<const CFGBlock *, CFGBlock::const_succ_iterator>> stack;
    const CFGBlock *start = &cfg->getEntry();
    seen[start->getBlockID()] = true;
    stack.push_back({start, start->succ_begin()});
    std::vector<const CFGBlock *> post;
    while (!stack.empty()) {
      auto &top = stack.back();
      if (top.second == top.first->succ_end()) {
        post.push_back(top.first);
        stack.pop_back();
        continue;
      }
      const CFGBlock *next = top.second->getReachableBlock();
      ++top.second;
      if (next && !seen[next->getBlockID()]) {
        seen[next->getBlockID()] = true;
        stack.push_back({next, next->succ_begin()});
      }
    }
    order.assign(post.rbegin(), post.rend());
  }
  std::vector<unsigned> rpo(cfg->getNumBlockIDs(), ~0u);
  for (unsigned i = 0; i < order.size(); i++)
    rpo[order[i]->getBlockID()] = i;

  std::vector<State> in(cfg->getNumBlockIDs()), out(cfg->getNumBlockIDs());
  std::vector<unsigned> visits(cfg->getNumBlockIDs());
  in[cfg->getEntry().getBlockID()] = entry;
  std::set<unsigned> work; // by reverse post-order index
  work.insert(rpo[cfg->getEntry().getBlockID()]);
  // A budget of work (expressions evaluated, summary entries applied) and of this thread's CPU
  // time (callees summarized meanwhile included), not of wall-clock time, so that a loaded
  // machine does not change the result.
  budget_ = 4000000;
  deadline_ = ThreadCpuSeconds() + kCpuSeconds;
  while (!work.empty() && !exhausted_) {
    unsigned i = *work.begin();
    work.erase(work.begin());
    const CFGBlock *b = order[i];
    unsigned id = b->getBlockID();
    // Loops: after a few rounds the state is widened by not looking back any more.
    if (++visits[id] > 8)
      continue;
    st_ = in[id];
    if (!st_.reached)
      continue;
    for (const CFGElement &el : *b)
      Element(el);
    if (st_ == out[id] && visits[id] > 1)
      continue;
    out[id] = st_;
    State null_edge;
    int null_succ = NullSuccessor(b, out[id], &null_edge);
    int k = 0;
    for (auto s = b->succ_begin(); s != b->succ_end(); ++s, ++k) {
      const CFGBlock *succ = s->getReachableBlock();
      if (!succ)
        continue;
      State merged = in[succ->getBlockID()];
      MergeState(in_, &merged, k == null_succ ? null_edge : out[id]);
      if (!(merged == in[succ->getBlockID()]) || visits[succ->getBlockID()] == 0) {
        in[succ->getBlockID()] = std::move(merged);
        if (rpo[succ->getBlockID()] != ~0u)
          work.insert(rpo[succ->getBlockID()]);
      }
    }
  }
  if (exhausted_) {
    // Too large to follow: say nothing rather than something half-seen.
    actx_.CountGivenUp();
    Summary empty;
    empty.given_up = true;
    return empty;
  }

  const State &exit = in[cfg->getExit().getBlockID()];
  sum_.returns = exit.ret;
  for (const auto &root : exit.mem) {
    if (root.first.kind == Place::Pointee && root.first.base_kind == AtomKind::LocalAddr)
      continue; // the function's struct locals are gone
    for (const auto &cell : root.second) {
      Loc l;
      if (root.first.kind == Place::Global) {
        l.root = Loc::Global;
        l.global = root.first.global;
      } else {
        l.root = Loc::Pointee;
        l.base = Atom{root.first.base_kind, false, false, root.first.base_id};
      }
      l.path = cell.first;
      uint32_t loc = in_.LocId(l);
      // What a caller needs of a written location: values that may be Go memory (a parameter,
      // or what an exported Go function returned), heap blocks and C addresses (where later
      // stores go), values read through a parameter (copies of what the caller stored), and
      // otherwise only that the location was overwritten. Values read from C memory are left
      // out: substituting them is most of the cost of applying a summary and they cannot be Go
      // memory.
      Cell c;
      bool unchanged = true;
      for (const auto &kv : cell.second) {
        const Atom &a = kv.first;
        if (!(a.kind == AtomKind::Loaded && a.id == loc))
          unchanged = false;
        if (!Interesting(a))
          continue;
        bool keep = MayBeGo(a) || a.kind == AtomKind::Heap || a.kind == AtomKind::ExportRet;
        if (a.kind == AtomKind::Addr && in_.LocAt(a.id).root == Loc::Global)
          keep = true;
        if (a.kind == AtomKind::Loaded && a.id == loc)
          keep = true; // a weak update: the caller's own value stays
        if (a.kind == AtomKind::Loaded && in_.LoadDepth(a) == 1 &&
            in_.LocAt(a.id).root == Loc::Pointee && in_.LocAt(a.id).base.kind == AtomKind::Param)
          keep = true;
        if (keep)
          c.emplace(a, kv.second);
      }
      if (unchanged && !cell.second.empty())
        continue; // holds what it held: nothing for the caller to do
      sum_.cells[loc] = std::move(c);
    }
  }
  for (const ThreadStart &t : exit.threads) {
    // A join anywhere in the function (or its callees) of the same handle, or of the same array
    // of handles, joins the thread: loops that create and join threads are one pattern.
    if (!t.handle_key.empty() && joined_.count(t.handle_key))
      continue;
    ThreadStart u = t;
    u.handle_key.clear();
    sum_.threads.push_back(u);
  }
  for (const Atom &a : exit.freed)
    sum_.frees.Add(a);
  for (const std::string &j : joined_) {
    auto it = handle_loc_.find(j);
    if (it != handle_loc_.end() && it->second)
      sum_.joins.push_back(it->second);
  }
  // Returned values may not be this function's locals.
  ValueSet rets;
  for (const Atom &a : sum_.returns)
    if (Interesting(a) || a.kind == AtomKind::FuncAddr)
      rets.Add(a);
  sum_.returns = rets;
  return sum_;
}

// A pointer read without side effects (`p`, `ctx->buf`, `s.items[2]`), for a null test.
bool PureLValue(const Expr *e) {
  e = e->IgnoreParenImpCasts();
  if (isa<DeclRefExpr>(e))
    return true;
  if (const auto *m = dyn_cast<MemberExpr>(e))
    return PureLValue(m->getBase());
  if (const auto *a = dyn_cast<ArraySubscriptExpr>(e))
    return isa<IntegerLiteral>(a->getIdx()->IgnoreParenImpCasts()) && PureLValue(a->getBase());
  if (const auto *u = dyn_cast<UnaryOperator>(e))
    return u->getOpcode() == UO_Deref && PureLValue(u->getSubExpr());
  return false;
}

// The successor on which the pointer a branch tests (`if (p)`, `if (!p)`, `p == NULL`, `p !=
// 0`, loops alike) is null, with the state there in *edge: the pointer points to no block, as
// good as freed, so that `if (p) free(p);` frees p on every path. -1 if the branch tests none.
int FunctionAnalysis::NullSuccessor(const CFGBlock *b, const State &out, State *edge) {
  if (b->succ_size() != 2)
    return -1;
  const Expr *c = dyn_cast_or_null<Expr>(const_cast<CFGBlock *>(b)->getTerminatorCondition());
  if (!c)
    return -1;
  bool null_if_true = false;
  for (;;) {
    c = c->IgnoreParenImpCasts();
    if (const auto *u = dyn_cast<UnaryOperator>(c)) {
      if (u->getOpcode() != UO_LNot)
        break;
      null_if_true = !null_if_true;
      c = u->getSubExpr();
      continue;
    }
    if (const auto *o = dyn_cast<BinaryOperator>(c)) {
      if (o->getOpcode() != BO_EQ && o->getOpcode() != BO_NE)
        break;
      const Expr *l = o->getLHS(), *r = o->getRHS();
      const Expr *other = nullptr;
      if (r->isNullPointerConstant(ctx_, Expr::NPC_ValueDependentIsNotNull))
        other = l;
      else if (l->isNullPointerConstant(ctx_, Expr::NPC_ValueDependentIsNotNull))
        other = r;
      if (!other)
        return -1;
      if (o->getOpcode() == BO_EQ)
        null_if_true = !null_if_true;
      c = other;
      continue;
    }
    break;
  }
  if (!c->getType()->isPointerType() || !PureLValue(c))
    return -1;
  st_ = out;
  Free(LoadAll(Places(c)));
  *edge = st_;
  return null_if_true ? 0 : 1;
}

std::string FunctionAnalysis::PlaceKey(const Place &p) {
  std::string k;
  llvm::raw_string_ostream os(k);
  os << int(p.kind) << ":" << (const void *)p.var << ":" << p.global << ":" << int(p.base.kind)
     << ":" << p.base.id << ":";
  std::string path = p.path;
  // th[t] and th[u] name the same array of handles.
  size_t b;
  while ((b = path.find('[')) != std::string::npos) {
    size_t e = path.find(']', b);
    if (e == std::string::npos)
      break;
    path = path.substr(0, b) + "{}" + path.substr(e + 1);
  }
  os << path;
  return os.str();
}

uint32_t FunctionAnalysis::HandleLoc(const std::vector<Place> &ps) {
  for (const Place &p : ps) {
    if (p.kind == Place::Local)
      continue;
    Loc l;
    if (p.kind == Place::Global) {
      l.root = Loc::Global;
      l.global = p.global;
    } else {
      l.root = Loc::Pointee;
      l.base = p.base;
    }
    l.path = p.path;
    return in_.LocId(l);
  }
  return 0;
}

void FunctionAnalysis::Element(const CFGElement &el) {
  if (exhausted_)
    return;
  if (auto s = el.getAs<CFGStmt>()) {
    const Stmt *stmt = s->getStmt();
    if (const auto *e = dyn_cast<Expr>(stmt)) {
      if (skip_.count(e))
        return;
      // A C++ full-expression with temporaries to destroy is wrapped in an ExprWithCleanups,
      // which the CFG leaves out: the expression under it is the statement.
      const Stmt *parent = parents_->getParent(stmt);
      while (parent && isa<ExprWithCleanups>(parent))
        parent = parents_->getParent(parent);
      if (parent && (isa<Expr>(parent) || isa<DeclStmt>(parent) || isa<ReturnStmt>(parent)))
        return;
    }
    TopLevel(stmt);
    return;
  }
  if (auto init = el.getAs<CFGInitializer>()) {
    Initializer(init->getInitializer());
    return;
  }
  // Destructors the compiler runs: of a struct local at the end of its scope, and, in a
  // destructor, of the object's bases and members.
  if (auto d = el.getAs<CFGAutomaticObjDtor>()) {
    const VarDecl *v = d->getVarDecl();
    if (IsStructLocal(v))
      Destroy(dyn_cast_or_null<CXXDestructorDecl>(d->getDestructorDecl(ctx_)),
              ValueSet(LocalAddrAtom(v)),
              d->getTriggerStmt() ? Site(d->getTriggerStmt()->getEndLoc())
                                  : Site(v->getLocation()));
    return;
  }
  // (CFGImplicitDtor::getDestructorDecl does not answer for bases and members.)
  if (auto b = el.getAs<CFGBaseDtor>()) {
    if (const CXXRecordDecl *rd = b->getBaseSpecifier()->getType()->getAsCXXRecordDecl())
      Destroy(rd->getDestructor(), st_.locals[nullptr], Site(fd_->getEndLoc()));
    return;
  }
  if (auto m = el.getAs<CFGMemberDtor>()) {
    const FieldDecl *f = m->getFieldDecl();
    const CXXRecordDecl *rd = ctx_.getBaseElementType(f->getType())->getAsCXXRecordDecl();
    if (!rd)
      return;
    ValueSet member;
    for (const Place &p : Deref(st_.locals[nullptr], "." + f->getNameAsString()))
      member.Add(AddrAtom(p));
    Destroy(rd->getDestructor(), member, Site(fd_->getEndLoc()));
    return;
  }
}

void FunctionAnalysis::LocalInit(const VarDecl *v) {
  const Expr *init = v->getInit();
  if (v->hasGlobalStorage()) {
    // A function-local static's initializer runs once; its value is what the static holds.
    return;
  }
  if (IsStructLocal(v)) {
    // Declared again (in a loop): what it held before is gone.
    Atom self = LocalAddrAtom(v);
    st_.mem.erase(RootKey{Place::Pointee, 0, AtomKind::LocalAddr, self.id});
    if (!init)
      return;
    if (const auto *ctor = dyn_cast<CXXConstructExpr>(init->IgnoreImplicit())) {
      EvalConstruct(ctor, ValueSet(self));
      return;
    }
    InitAggregate(Deref(ValueSet(self), "")[0], init, Site(init));
    return;
  }
  if (!init) {
    st_.locals.erase(v);
    return;
  }
  if (v->getType()->isReferenceType()) {
    st_.locals[v] = AddressOf(init);
    return;
  }
  if (const auto *ctor = dyn_cast<CXXConstructExpr>(init->IgnoreImplicit())) {
    st_.locals[v] = ValueSet();
    ValueSet contents = EvalConstruct(ctor, ValueSet(LocalAddrAtom(v)));
    st_.locals[v].AddAll(contents);
    return;
  }
  st_.locals[v] = Eval(init);
}

void FunctionAnalysis::TopLevel(const Stmt *s) {
  if (const auto *ds = dyn_cast<DeclStmt>(s)) {
    for (const Decl *d : ds->decls())
      if (const auto *v = dyn_cast<VarDecl>(d))
        LocalInit(v);
    return;
  }
  if (const auto *r = dyn_cast<ReturnStmt>(s)) {
    if (const Expr *v = r->getRetValue()) {
      if (fd_->getReturnType()->isReferenceType())
        st_.ret.AddAll(AddressOf(v));
      else
        st_.ret.AddAll(Eval(v));
    }
    return;
  }
  if (const auto *e = dyn_cast<Expr>(s)) {
    ValueSet v = e->isGLValue() && !isa<CallExpr>(e) ? ValueSet() : Eval(e);
    if (e->isGLValue() && !isa<CallExpr>(e))
      Places(e); // evaluated for what it calls
    last_[e] = v;
    return;
  }
}

void FunctionAnalysis::Initializer(const CXXCtorInitializer *init) {
  const Expr *e = init->getInit();
  if (!e)
    return;
  ValueSet self = st_.locals[nullptr];
  if (init->isBaseInitializer()) {
    // A base class's constructor builds the base's fields, which the derived class's code
    // names by the same paths (std::vector's buffer is set up by _Vector_base's constructor).
    if (const auto *ctor = dyn_cast<CXXConstructExpr>(e->IgnoreImplicit()))
      EvalConstruct(ctor, self);
    return;
  }
  if (!init->isAnyMemberInitializer())
    return;
  std::vector<Place> ps = Deref(self, "." + init->getAnyMember()->getNameAsString());
  ValueSet v;
  if (const auto *ctor = dyn_cast<CXXConstructExpr>(e->IgnoreImplicit()))
    v = EvalConstruct(ctor, ValueSet());
  else
    v = Eval(e);
  Store(ps, v, Site(init->getSourceLocation()), false);
}

Atom FunctionAnalysis::LoadedAtom(const Place &p) {
  Loc l;
  if (p.kind == Place::Global) {
    l.root = Loc::Global;
    l.global = p.global;
  } else {
    l.root = Loc::Pointee;
    l.base = p.base;
  }
  l.path = p.path;
  return Atom{AtomKind::Loaded, false, false, in_.LocId(l)};
}

std::vector<Place> FunctionAnalysis::Deref(const ValueSet &pointers, const std::string &path) {
  std::vector<Place> out;
  for (const Atom &a : pointers) {
    Place p;
    switch (a.kind) {
    case AtomKind::LocalAddr:
      p.kind = Place::Local;
      p.var = a.id < local_decls_.size() ? local_decls_[a.id] : nullptr;
      if (IsStructLocal(p.var)) {
        p.kind = Place::Pointee;
        p.base = a.Plain();
        p.path = a.offset ? "[]" : "";
      }
      break;
    case AtomKind::Addr: {
      const Loc &l = in_.LocAt(a.id);
      if (l.root == Loc::Global) {
        p.kind = Place::Global;
        p.global = l.global;
      } else {
        p.kind = Place::Pointee;
        p.base = l.base;
      }
      p.path = l.path;
      if (a.offset)
        p.path = AppendPath(p.path, "[]");
      break;
    }
    case AtomKind::FuncAddr:
      continue;
    case AtomKind::Loaded:
      // Pointer chains walked in loops: after a few loads, the memory is "somewhere in C".
      if (in_.LoadDepth(a) >= 4)
        continue;
      [[fallthrough]];
    default:
      p.kind = Place::Pointee;
      p.base = a.Plain();
      p.path = a.offset ? "[]" : "";
      break;
    }
    // Steps of the access itself; a scalar or array local is one value set.
    p.path = p.kind == Place::Local ? "" : JoinPath(p.path, path);
    out.push_back(p);
  }
  return out;
}

// ---- memory ----

Atom FunctionAnalysis::AddrAtom(const Place &p) {
  if (p.kind == Place::Local)
    return LocalAddrAtom(p.var);
  if (p.kind == Place::Pointee) {
    if (p.path.empty())
      return p.base;
    if (p.path == "[]") {
      Atom a = p.base;
      a.offset = true;
      return a;
    }
  }
  Loc l;
  if (p.kind == Place::Global) {
    l.root = Loc::Global;
    l.global = p.global;
  } else {
    l.root = Loc::Pointee;
    l.base = p.base;
  }
  l.path = p.path;
  return Atom{AtomKind::Addr, false, false, in_.LocId(l)};
}

ValueSet FunctionAnalysis::Load(const Place &p) {
  ValueSet out;
  if (p.kind == Place::Local) {
    auto it = st_.locals.find(p.var);
    if (it != st_.locals.end())
      out = it->second;
    return out;
  }
  RootKey k = KeyOf(p);
  auto root = st_.mem.find(k);
  bool exact = false;
  if (root != st_.mem.end()) {
    for (const auto &cell : root->second) {
      if (cell.first == p.path)
        exact = true;
      if (PathsMayAlias(cell.first, p.path))
        for (const auto &kv : cell.second)
          out.Add(kv.first);
    }
  }
  if (!exact && !IsOwnedRoot(k)) {
    out.Add(LoadedAtom(p));
    if (p.kind == Place::Global && p.path.empty())
      for (const Atom &a : in_.Global(p.global).init)
        out.Add(a);
  }
  return out;
}

ValueSet FunctionAnalysis::LoadAll(const std::vector<Place> &ps) {
  ValueSet out;
  for (const Place &p : ps)
    out.AddAll(Load(p));
  return Widen(out);
}

// Large sets come from walking big structures: the addresses and loaded values in them only
// locate memory, so past a limit they are dropped and what can be Go memory is kept.
ValueSet FunctionAnalysis::Widen(const ValueSet &v) {
  if (v.size() <= kMaxAtoms)
    return v;
  ValueSet out;
  for (const Atom &a : v)
    if (a.kind == AtomKind::Param || a.kind == AtomKind::Heap || a.kind == AtomKind::ExportRet ||
        a.kind == AtomKind::FuncAddr || MayBeGo(a))
      out.Add(a);
  return out;
}

void FunctionAnalysis::StoreCell(const std::vector<Place> &ps, const Cell &v, bool whole_var) {
  bool strong = ps.size() == 1;
  for (const Place &p : ps) {
    if (p.kind == Place::Local) {
      ValueSet vals;
      for (const auto &kv : v)
        vals.Add(kv.first);
      if (strong && whole_var)
        st_.locals[p.var] = vals;
      else
        st_.locals[p.var].AddAll(vals);
      continue;
    }
    Paths &paths = st_.mem[KeyOf(p)];
    if (paths.size() >= kMaxPaths && !paths.count(p.path)) {
      // A big structure: its further fields share one cell that aliases every path.
      Place q = p;
      q.path = "...";
      auto it = paths.find(q.path);
      if (it == paths.end())
        it = paths.emplace(q.path, Cell()).first;
      MergeCell(&it->second, v);
      continue;
    }
    if (strong && PathIsDefinite(p.path)) {
      for (auto it = paths.begin(); it != paths.end();)
        it = PathCovers(p.path, it->first) ? paths.erase(it) : std::next(it);
      paths[p.path] = v;
    } else {
      auto it = paths.find(p.path);
      if (it == paths.end()) {
        Cell c;
        DefaultContent(in_, KeyOf(p), p.path, &c);
        it = paths.emplace(p.path, std::move(c)).first;
      }
      // Clearing an array element whose index cannot be told (a loop setting a[i] = 0) clears
      // what a store to an element of the same array, with an index that cannot be told either,
      // put there.
      bool clears = true;
      for (const auto &kv : v)
        clears &= !Interesting(kv.first) || kv.first.kind == AtomKind::Addr ||
                  kv.first.kind == AtomKind::Heap;
      if (clears && !PathIsDefinite(p.path) && ps.size() == 1) {
        for (auto c = it->second.begin(); c != it->second.end();)
          c = MayBeGo(c->first) ? it->second.erase(c) : std::next(c);
      }
      MergeCell(&it->second, v);
    }
  }
}

void FunctionAnalysis::Store(const std::vector<Place> &ps, const ValueSet &v, uint32_t site,
                             bool whole_var, uint32_t via) {
  if (v.empty() && !store_pointerish_) {
    // An integer or other non-pointer store changes nothing the analysis follows.
    NoteStores(ps, v, site, via);
    return;
  }
  Cell c;
  for (const Atom &a : v)
    c.emplace(a, Origin{site, via});
  StoreCell(ps, c, whole_var);
  NoteStores(ps, v, site, via);
}

// A copy of memory (memcpy, a struct assignment or initialization): each cell of the source
// lands at the same field path under the destination, so a later store to one field of the copy
// overwrites what was copied into that field only. What the source held before the function
// wrote it (and what lies in cells that overlap the source without lying inside it) lands on
// the destination as a whole. The copied values are stored by the copy.
void FunctionAnalysis::Copy(const std::vector<Place> &dst, const std::vector<Place> &src,
                            uint32_t site) {
  std::map<std::string, Cell> parts; // path below the source -> what it holds
  Cell &whole = parts[""];
  Origin here{site, 0};
  for (const Place &s : src) {
    if (s.kind == Place::Local) {
      auto it = st_.locals.find(s.var);
      if (it != st_.locals.end())
        for (const Atom &a : it->second)
          whole.emplace(a, here);
      continue;
    }
    RootKey k = KeyOf(s);
    bool exact = false;
    auto root = st_.mem.find(k);
    if (root != st_.mem.end()) {
      for (const auto &cell : root->second) {
        Cell *into = nullptr;
        if (PathCovers(s.path, cell.first)) {
          std::string below = cell.first.substr(s.path.size());
          exact |= below.empty();
          into = &parts[below];
        } else if (PathsMayAlias(s.path, cell.first)) {
          into = &whole;
        }
        if (into)
          for (const auto &kv : cell.second)
            into->emplace(kv.first, here);
      }
    }
    if (!exact && !IsOwnedRoot(k)) {
      whole.emplace(LoadedAtom(s), here);
      if (s.kind == Place::Global && s.path.empty())
        for (const Atom &a : in_.Global(s.global).init)
          whole.emplace(a, here);
    }
  }
  ValueSet all;
  for (auto &part : parts) {
    ValueSet vals;
    for (const auto &kv : part.second)
      vals.Add(kv.first);
    if (vals.size() > kMaxAtoms) {
      ValueSet kept = Widen(vals);
      for (auto it = part.second.begin(); it != part.second.end();)
        it = kept.Contains(it->first) ? std::next(it) : part.second.erase(it);
      vals = kept;
    }
    all.AddAll(vals);
  }
  // The whole first: a copy onto one definite place overwrites everything under it.
  StoreCell(dst, whole, false);
  for (const auto &part : parts) {
    if (part.first.empty())
      continue;
    std::vector<Place> ps = dst;
    for (Place &p : ps)
      if (p.kind != Place::Local)
        p.path = JoinPath(p.path, part.first);
    StoreCell(ps, part.second, false);
  }
  NoteStores(dst, all, site);
}

// A struct or array initialized from an initializer list, a compound literal or another struct:
// field by field, so that each field's cell holds what was put there.
void FunctionAnalysis::InitAggregate(const Place &dst, const Expr *init, uint32_t site) {
  const Expr *e = init->IgnoreParens();
  if (const auto *il = dyn_cast<InitListExpr>(e)) {
    const RecordDecl *rd = il->getType()->getAsRecordDecl();
    const auto *cxx = dyn_cast_or_null<CXXRecordDecl>(rd);
    if (rd && rd->isUnion()) {
      if (const FieldDecl *f = il->getInitializedFieldInUnion()) {
        if (il->getNumInits() == 1) {
          Place q = dst;
          q.path = AppendPath(dst.path, "." + f->getNameAsString());
          InitAggregate(q, il->getInit(0), site);
          return;
        }
      }
    } else if (rd && !(cxx && cxx->getNumBases() > 0)) {
      unsigned i = 0;
      for (const FieldDecl *f : rd->fields()) {
        if (f->isBitField() && !f->getDeclName()) // `int : 3;` takes no initializer
          continue;
        if (i >= il->getNumInits())
          break;
        Place q = dst;
        q.path = AppendPath(dst.path, "." + f->getNameAsString());
        InitAggregate(q, il->getInit(i++), site);
      }
      return;
    } else if (il->getType()->isArrayType()) {
      for (unsigned i = 0; i < il->getNumInits(); i++) {
        Place q = dst;
        q.path = AppendPath(dst.path, "[" + std::to_string(i) + "]");
        InitAggregate(q, il->getInit(i), site);
      }
      return;
    }
  }
  if (const Expr *from = CopiedLValue(e)) {
    if (const auto *cl = dyn_cast<CompoundLiteralExpr>(from)) {
      InitAggregate(dst, cl->getInitializer(), site);
      return;
    }
    Copy({dst}, Places(from), site);
    return;
  }
  store_pointerish_ = Pointerish(e->getType());
  Store({dst}, Eval(e), site, false);
  store_pointerish_ = true;
}

// An object's destructor runs: what it does to the object (a std::vector giving its buffer back).
void FunctionAnalysis::Destroy(const CXXDestructorDecl *dtor, const ValueSet &self, uint32_t site) {
  if (!dtor || dtor->isTrivial() || self.empty())
    return;
  std::string key;
  if (const Summary *s = actx_.SummaryOf(dtor, &key))
    ApplySummary(*s, {self}, site, key);
}

void FunctionAnalysis::NoteStores(const std::vector<Place> &ps, const ValueSet &v, uint32_t site,
                                  uint32_t via) {
  for (const Place &p : ps) {
    if (p.kind != Place::Pointee)
      continue;
    Atom base = p.base;
    NoteAccess(ValueSet(base), true, site, via);
    if (RootParam(base, in_) < 0 && !RootIsExportRet(base, in_))
      continue;
    for (const Atom &a : v) {
      if (!Worth(a))
        continue;
      if (sum_.stores.size() >= 64)
        return;
      bool have = false;
      for (const StoreEvent &e : sum_.stores)
        have |= e.dest_base == base && e.value == a && e.origin.site == site;
      if (!have)
        sum_.stores.push_back(StoreEvent{base, p.path, a, Origin{site, via}});
    }
  }
}

void FunctionAnalysis::NoteAccess(const ValueSet &pointers, bool write, uint32_t site,
                                  uint32_t via) {
  for (const Atom &a : pointers) {
    Atom base = a.Plain();
    if (base.kind == AtomKind::Addr) {
      const Loc &l = in_.LocAt(base.id);
      if (l.root != Loc::Pointee)
        continue;
      base = l.base;
    }
    if (!(RootParam(base, in_) >= 0 || RootIsExportRet(base, in_) || RootGlobalLoad(base, in_)))
      continue;
    if (!access_seen_.insert({site, write}).second && via == 0)
      continue;
    unsigned same = 0;
    for (const Access &x : sum_.accesses)
      same += x.base == base && x.write == write;
    if (same >= 6 || sum_.accesses.size() >= 256)
      continue;
    bool have = false;
    for (const Access &x : sum_.accesses)
      have |= x.base == base && x.write == write && x.origin == Origin{site, via};
    if (!have)
      sum_.accesses.push_back(Access{base, write, Origin{site, via}});
  }
}

void FunctionAnalysis::Free(const ValueSet &pointers) {
  bool single = pointers.size() == 1;
  for (const Atom &a : pointers) {
    if (a.kind == AtomKind::Addr || a.kind == AtomKind::LocalAddr || a.kind == AtomKind::FuncAddr)
      continue;
    if (single) {
      st_.mem.erase(RootKey{Place::Pointee, 0, a.kind, a.id});
      if (a.kind != AtomKind::Heap)
        st_.freed.insert(a.Plain());
    }
  }
}

std::string FunctionAnalysis::IndexStep(const Expr *idx) {
  Expr::EvalResult r;
  if (!idx->isValueDependent() && idx->EvaluateAsInt(r, ctx_))
    return "[" + std::to_string(r.Val.getInt().getExtValue()) + "]";
  const Expr *e = idx->IgnoreParenImpCasts();
  if (const auto *d = dyn_cast<DeclRefExpr>(e))
    if (const auto *v = dyn_cast<VarDecl>(d->getDecl()))
      if (!v->hasGlobalStorage() && !assigned_.count(v))
        return "[" + v->getNameAsString() + "]";
  return "[]";
}

// ---- expressions ----

std::vector<Place> FunctionAnalysis::Places(const Expr *e) {
  e = e->IgnoreParens();
  if (const auto *d = dyn_cast<DeclRefExpr>(e)) {
    const ValueDecl *vd = d->getDecl();
    if (const auto *v = dyn_cast<VarDecl>(vd)) {
      if (v->getType()->isReferenceType() && !v->hasGlobalStorage())
        return Deref(st_.locals[v], "");
      if (v->hasGlobalStorage()) {
        Place p;
        p.kind = Place::Global;
        p.global = actx_.GlobalOf(v);
        return {p};
      }
      if (IsStructLocal(v))
        return Deref(ValueSet(LocalAddrAtom(v)), "");
      Place p;
      p.kind = Place::Local;
      p.var = v;
      return {p};
    }
    if (isa<BindingDecl>(vd)) {
      return {};
    }
    return {};
  }
  if (const auto *m = dyn_cast<MemberExpr>(e)) {
    std::string step = "." + m->getMemberDecl()->getNameAsString();
    if (isa<FunctionDecl>(m->getMemberDecl()))
      return {};
    ValueSet base = m->isArrow() ? Eval(m->getBase()) : AddressOf(m->getBase());
    return Deref(base, step);
  }
  if (const auto *a = dyn_cast<ArraySubscriptExpr>(e)) {
    ValueSet base = Eval(a->getBase());
    std::string step = IndexStep(a->getIdx());
    Eval(a->getIdx());
    return Deref(base, step);
  }
  if (const auto *u = dyn_cast<UnaryOperator>(e)) {
    if (u->getOpcode() == UO_Deref)
      return Deref(Eval(u->getSubExpr()), "");
    if (u->getOpcode() == UO_Extension)
      return Places(u->getSubExpr());
    if (u->isIncrementDecrementOp() || u->getOpcode() == UO_PreInc) {
      Eval(u);
      return Places(u->getSubExpr());
    }
    return {};
  }
  if (const auto *c = dyn_cast<CastExpr>(e)) {
    if (c->getCastKind() == CK_NoOp || c->getCastKind() == CK_LValueBitCast ||
        c->getCastKind() == CK_DerivedToBase || c->getCastKind() == CK_UncheckedDerivedToBase ||
        c->getCastKind() == CK_BaseToDerived)
      return Places(c->getSubExpr());
    return {};
  }
  if (const auto *b = dyn_cast<BinaryOperator>(e)) {
    if (b->isAssignmentOp() || b->isCompoundAssignmentOp()) {
      Eval(b);
      return Places(b->getLHS());
    }
    if (b->getOpcode() == BO_Comma) {
      Eval(b->getLHS());
      return Places(b->getRHS());
    }
    return {};
  }
  if (const auto *c = dyn_cast<AbstractConditionalOperator>(e)) {
    Eval(c->getCond());
    std::vector<Place> a = Places(c->getTrueExpr()), b = Places(c->getFalseExpr());
    a.insert(a.end(), b.begin(), b.end());
    return a;
  }
  if (isa<CallExpr>(e) || isa<CXXConstructExpr>(e))
    return Deref(Eval(e), ""); // a call returning a reference
  if (const auto *o = dyn_cast<OpaqueValueExpr>(e))
    return o->getSourceExpr() ? Places(o->getSourceExpr()) : std::vector<Place>{};
  if (const auto *m = dyn_cast<MaterializeTemporaryExpr>(e)) {
    Eval(m->getSubExpr());
    return {};
  }
  if (const auto *c = dyn_cast<ChooseExpr>(e))
    return Places(c->getChosenSubExpr());
  if (const auto *g = dyn_cast<GenericSelectionExpr>(e))
    return Places(g->getResultExpr());
  if (const auto *p = dyn_cast<PseudoObjectExpr>(e))
    return p->getResultExpr() ? Places(p->getResultExpr()) : std::vector<Place>{};
  if (const auto *f = dyn_cast<FullExpr>(e))
    return Places(f->getSubExpr());
  return {};
}

ValueSet FunctionAnalysis::AddressOf(const Expr *e) {
  const Expr *x = e->IgnoreParens();
  if (const auto *d = dyn_cast<DeclRefExpr>(x))
    if (const auto *f = dyn_cast<FunctionDecl>(d->getDecl()))
      return ValueSet(Atom{AtomKind::FuncAddr, false, false,
                           in_.Name(FunctionKey(f, const_cast<ASTContext &>(ctx_)))});
  ValueSet out;
  for (const Place &p : Places(x))
    out.Add(AddrAtom(p));
  return out;
}

ValueSet FunctionAnalysis::EvalCast(const CastExpr *c) {
  const Expr *sub = c->getSubExpr();
  switch (c->getCastKind()) {
  case CK_LValueToRValue:
  case CK_AtomicToNonAtomic:
  case CK_NonAtomicToAtomic: {
    if (c->getCastKind() != CK_LValueToRValue)
      return Eval(sub);
    std::vector<Place> ps = Places(sub);
    ValueSet v = LoadAll(ps);
    if (!c->getType()->isPointerType() && !c->getType()->isRecordType() &&
        !c->getType()->isArrayType() && !c->getType()->isReferenceType()) {
      // A pointer becomes an integer only through a cast, which marks it; an integer field of
      // a struct that also holds pointers carries none of them.
      ValueSet ints;
      if (ctx_.getTypeSize(c->getType()) >= ctx_.getTypeSize(ctx_.VoidPtrTy))
        for (Atom a : v) {
          if (a.kind == AtomKind::Loaded)
            a.as_int = true; // what an integer location held: an address only if cast back
          if (a.as_int)
            ints.Add(a);
        }
      v = ints;
    }
    ValueSet ptrs;
    for (const Place &p : ps)
      if (p.kind == Place::Pointee)
        ptrs.Add(p.base);
    NoteAccess(ptrs, false, Site(c));
    return v;
  }
  case CK_ArrayToPointerDecay:
    return AddressOf(sub);
  case CK_FunctionToPointerDecay:
  case CK_BuiltinFnToFnPtr:
    return AddressOf(sub);
  case CK_PointerToIntegral: {
    ValueSet v = Eval(sub);
    if (ctx_.getTypeSize(c->getType()) < ctx_.getTypeSize(ctx_.VoidPtrTy))
      return ValueSet();
    return v.AsInt();
  }
  case CK_IntegralToPointer: {
    ValueSet v = Eval(sub), out;
    for (Atom a : v) {
      a.as_int = false;
      out.Add(a);
    }
    return out;
  }
  case CK_IntegralCast: {
    ValueSet v = Eval(sub);
    if (ctx_.getTypeSize(c->getType()) < ctx_.getTypeSize(ctx_.VoidPtrTy))
      return ValueSet();
    return v;
  }
  case CK_NullToPointer:
  case CK_NullToMemberPointer:
  case CK_IntegralToBoolean:
  case CK_PointerToBoolean:
  case CK_IntegralToFloating:
  case CK_FloatingToIntegral:
  case CK_FloatingCast:
  case CK_FloatingToBoolean:
  case CK_ToVoid:
  case CK_IntegralComplexCast:
  case CK_FloatingRealToComplex:
  case CK_IntegralRealToComplex:
  case CK_BooleanToSignedIntegral:
    Eval(sub);
    return ValueSet();
  default:
    return Eval(sub);
  }
}

ValueSet FunctionAnalysis::Eval(const Expr *e) {
  if (!e)
    return ValueSet();
  if (budget_ == 0) {
    exhausted_ = true;
    return ValueSet();
  }
  budget_--;
  if ((budget_ & 1023) == 0 && ThreadCpuSeconds() > deadline_) {
    exhausted_ = true;
    return ValueSet();
  }
  e = e->IgnoreParens();
  if (isa<IntegerLiteral>(e) || isa<FloatingLiteral>(e) || isa<CharacterLiteral>(e) ||
      isa<StringLiteral>(e) || isa<UnaryExprOrTypeTraitExpr>(e) || isa<CXXBoolLiteralExpr>(e) ||
      isa<CXXNullPtrLiteralExpr>(e) || isa<OffsetOfExpr>(e) || isa<ImplicitValueInitExpr>(e) ||
      isa<GNUNullExpr>(e) || isa<TypeTraitExpr>(e) || isa<LambdaExpr>(e) ||
      isa<CXXScalarValueInitExpr>(e) || isa<PredefinedExpr>(e) || isa<AddrLabelExpr>(e) ||
      isa<VAArgExpr>(e))
    return ValueSet();
  if (const auto *c = dyn_cast<CastExpr>(e))
    return EvalCast(c);
  if (const auto *d = dyn_cast<DeclRefExpr>(e)) {
    if (isa<FunctionDecl>(d->getDecl()))
      return AddressOf(d);
    if (d->isGLValue())
      return LoadAll(Places(d));
    return ValueSet();
  }
  if (isa<CXXThisExpr>(e))
    return st_.locals[nullptr];
  if (const auto *u = dyn_cast<UnaryOperator>(e)) {
    switch (u->getOpcode()) {
    case UO_AddrOf:
      return AddressOf(u->getSubExpr());
    case UO_Deref: {
      ValueSet p = Eval(u->getSubExpr());
      std::vector<Place> ps = Deref(p, "");
      NoteAccess(p, false, Site(u));
      return LoadAll(ps);
    }
    case UO_PostInc:
    case UO_PostDec:
    case UO_PreInc:
    case UO_PreDec: {
      std::vector<Place> ps = Places(u->getSubExpr());
      ValueSet v = LoadAll(ps);
      ValueSet nv = u->getSubExpr()->getType()->isPointerType() ? v.Offset() : v;
      Store(ps, nv, Site(u), ps.size() == 1 && ps[0].kind == Place::Local);
      return u->isPostfix() ? v : nv;
    }
    case UO_Plus:
    case UO_Extension:
      return Eval(u->getSubExpr());
    default:
      Eval(u->getSubExpr());
      return ValueSet();
    }
  }
  if (const auto *b = dyn_cast<BinaryOperator>(e)) {
    BinaryOperatorKind op = b->getOpcode();
    if (op == BO_Assign && b->getType()->isRecordType()) {
      // A struct assignment copies field by field.
      if (const Expr *from = CopiedLValue(b->getRHS())) {
        if (const auto *cl = dyn_cast<CompoundLiteralExpr>(from)) {
          std::vector<Place> ps = Places(b->getLHS());
          if (ps.size() == 1 && ps[0].kind != Place::Local) {
            StoreCell(ps, Cell(), false);
            InitAggregate(ps[0], cl->getInitializer(), Site(b));
            return LoadAll(ps);
          }
        } else {
          std::vector<Place> src = Places(from);
          std::vector<Place> ps = Places(b->getLHS());
          Copy(ps, src, Site(b));
          return LoadAll(ps);
        }
      }
    }
    if (op == BO_Assign) {
      ValueSet v = Eval(b->getRHS());
      std::vector<Place> ps = Places(b->getLHS());
      const Expr *lhs = b->getLHS()->IgnoreParenImpCasts();
      bool whole = isa<DeclRefExpr>(lhs);
      store_pointerish_ = Pointerish(b->getLHS()->getType());
      Store(ps, v, Site(b), whole);
      store_pointerish_ = true;
      return v;
    }
    if (b->isCompoundAssignmentOp()) {
      ValueSet r = Eval(b->getRHS());
      std::vector<Place> ps = Places(b->getLHS());
      ValueSet v = LoadAll(ps);
      ValueSet nv;
      if (op == BO_AddAssign || op == BO_SubAssign || op == BO_OrAssign) {
        nv = b->getLHS()->getType()->isPointerType() ? v.Offset() : v;
        if (!b->getLHS()->getType()->isPointerType())
          nv.AddAll(r);
      }
      Store(ps, nv, Site(b), isa<DeclRefExpr>(b->getLHS()->IgnoreParenImpCasts()));
      return nv;
    }
    if (op == BO_Comma) {
      Eval(b->getLHS());
      return Eval(b->getRHS());
    }
    ValueSet l = Eval(b->getLHS()), r = Eval(b->getRHS());
    if (op == BO_Add || op == BO_Sub) {
      if (b->getLHS()->getType()->isPointerType() && b->getRHS()->getType()->isPointerType())
        return ValueSet(); // a difference of pointers
      if (b->getLHS()->getType()->isPointerType())
        return l.Offset();
      if (b->getRHS()->getType()->isPointerType())
        return r.Offset();
      if (op == BO_Sub) // an integer minus an address is not an address
        return l;
      l.AddAll(r);
      return l;
    }
    if (op == BO_Or) {
      l.AddAll(r);
      return l;
    }
    if (op == BO_And) {
      // Masking low bits (p & ~7) keeps the address; masking to small values does not.
      Expr::EvalResult k;
      const Expr *other = nullptr;
      ValueSet keep;
      if (!b->getRHS()->isValueDependent() && b->getRHS()->EvaluateAsInt(k, ctx_)) {
        other = b->getRHS();
        keep = l;
      } else if (!b->getLHS()->isValueDependent() && b->getLHS()->EvaluateAsInt(k, ctx_)) {
        other = b->getLHS();
        keep = r;
      }
      if (other && k.Val.getInt().getActiveBits() > 32)
        return keep;
      return ValueSet();
    }
    return ValueSet();
  }
  if (const auto *c = dyn_cast<AbstractConditionalOperator>(e)) {
    Eval(c->getCond());
    ValueSet v = Eval(c->getTrueExpr());
    v.AddAll(Eval(c->getFalseExpr()));
    return v;
  }
  if (const auto *call = dyn_cast<CallExpr>(e))
    return EvalCall(call);
  if (const auto *c = dyn_cast<CXXConstructExpr>(e))
    return EvalConstruct(c, ValueSet());
  if (const auto *n = dyn_cast<CXXNewExpr>(e)) {
    Atom heap{AtomKind::Heap, false, false, Site(n)};
    for (const Expr *a : n->placement_arguments())
      Eval(a);
    if (n->getNumPlacementArgs() > 0) {
      // Placement new: the object lives where the placement argument points.
      ValueSet where = Eval(n->getPlacementArg(0));
      if (const auto *ctor = dyn_cast_or_null<CXXConstructExpr>(n->getConstructExpr())) {
        EvalConstruct(ctor, where);
      } else if (const Expr *init = n->getInitializer()) {
        // `::new (p) T(x)` of a scalar (std::allocator_traits::construct of a vector's
        // element) stores x at p.
        store_pointerish_ = Pointerish(n->getAllocatedType());
        Store(Deref(where, ""), Eval(init), Site(n), false);
        store_pointerish_ = true;
      }
      return where;
    }
    if (const auto *ctor = dyn_cast_or_null<CXXConstructExpr>(n->getConstructExpr())) {
      EvalConstruct(ctor, ValueSet(heap));
    } else if (const Expr *init = n->getInitializer()) {
      ValueSet v = Eval(init);
      Store(Deref(ValueSet(heap), ""), v, Site(n), false);
    }
    return ValueSet(heap);
  }
  if (const auto *d = dyn_cast<CXXDeleteExpr>(e)) {
    ValueSet v = Eval(d->getArgument());
    QualType t = d->getDestroyedType();
    if (!t.isNull())
      if (const CXXRecordDecl *rd = t->getAsCXXRecordDecl())
        if (rd->hasDefinition())
          Destroy(rd->getDestructor(), v, Site(d));
    Free(v);
    return ValueSet();
  }
  if (const auto *il = dyn_cast<InitListExpr>(e)) {
    ValueSet v;
    for (const Expr *i : il->inits())
      v.AddAll(Eval(i));
    return v;
  }
  if (const auto *pl = dyn_cast<ParenListExpr>(e)) {
    ValueSet v;
    for (unsigned i = 0; i < pl->getNumExprs(); i++)
      v.AddAll(Eval(pl->getExpr(i)));
    return v;
  }
  if (const auto *cl = dyn_cast<CompoundLiteralExpr>(e))
    return Eval(cl->getInitializer());
  if (isa<MemberExpr>(e) || isa<ArraySubscriptExpr>(e)) {
    if (e->isGLValue()) {
      Places(e);
      return ValueSet();
    }
    return ValueSet();
  }
  if (const auto *se = dyn_cast<StmtExpr>(e)) {
    const CompoundStmt *cs = se->getSubStmt();
    if (!cs->body_empty()) {
      auto it = last_.find(cs->body_back());
      if (it != last_.end())
        return it->second;
    }
    return ValueSet();
  }
  if (const auto *a = dyn_cast<AtomicExpr>(e))
    return EvalAtomic(a);
  if (const auto *d = dyn_cast<CXXDefaultArgExpr>(e))
    return Eval(d->getExpr());
  if (const auto *d = dyn_cast<CXXDefaultInitExpr>(e))
    return Eval(d->getExpr());
  if (const auto *o = dyn_cast<OpaqueValueExpr>(e))
    return o->getSourceExpr() ? Eval(o->getSourceExpr()) : ValueSet();
  if (const auto *g = dyn_cast<GenericSelectionExpr>(e))
    return Eval(g->getResultExpr());
  if (const auto *c = dyn_cast<ChooseExpr>(e))
    return Eval(c->getChosenSubExpr());
  if (const auto *p = dyn_cast<PseudoObjectExpr>(e))
    return p->getResultExpr() ? Eval(p->getResultExpr()) : ValueSet();
  if (const auto *f = dyn_cast<FullExpr>(e))
    return Eval(f->getSubExpr());
  if (const auto *m = dyn_cast<MaterializeTemporaryExpr>(e))
    return Eval(m->getSubExpr());
  if (const auto *b = dyn_cast<CXXBindTemporaryExpr>(e))
    return Eval(b->getSubExpr());
  if (const auto *s = dyn_cast<CXXStdInitializerListExpr>(e))
    return Eval(s->getSubExpr());
  return ValueSet();
}

ValueSet FunctionAnalysis::EvalAtomic(const AtomicExpr *a) {
  ValueSet ptr = Eval(a->getPtr());
  std::vector<Place> ps = Deref(ptr, "");
  ValueSet old = LoadAll(ps);
  switch (a->getOp()) {
  case AtomicExpr::AO__c11_atomic_init:
  case AtomicExpr::AO__c11_atomic_store:
  case AtomicExpr::AO__atomic_store_n:
  case AtomicExpr::AO__c11_atomic_exchange:
  case AtomicExpr::AO__atomic_exchange_n:
    Store(ps, Eval(a->getVal1()), Site(a), false);
    break;
  case AtomicExpr::AO__atomic_store:
  case AtomicExpr::AO__atomic_exchange:
    Store(ps, LoadAll(Deref(Eval(a->getVal1()), "")), Site(a), false);
    break;
  case AtomicExpr::AO__c11_atomic_compare_exchange_strong:
  case AtomicExpr::AO__c11_atomic_compare_exchange_weak:
  case AtomicExpr::AO__atomic_compare_exchange_n: {
    // Stores the new value on some path: a weak update.
    ValueSet v = Eval(a->getVal2());
    Cell c;
    for (const Atom &x : old)
      c.emplace(x, Origin{});
    for (const Atom &x : v)
      c.emplace(x, Origin{Site(a), 0});
    StoreCell(ps, c, false);
    NoteStores(ps, v, Site(a));
    Eval(a->getVal1());
    return ValueSet();
  }
  default:
    if (a->getNumSubExprs() > 2)
      Eval(a->getVal1());
    break;
  }
  NoteAccess(ptr,
             a->getOp() != AtomicExpr::AO__c11_atomic_load &&
                 a->getOp() != AtomicExpr::AO__atomic_load_n,
             Site(a));
  return old;
}

// ---- calls ----

ValueSet FunctionAnalysis::Subst(const Atom &a, const std::vector<ValueSet> &args, int depth) {
  ValueSet out;
  if (depth > 6)
    return out;
  switch (a.kind) {
  case AtomKind::Param:
    if (a.id < args.size())
      out = args[a.id];
    break;
  case AtomKind::Addr: {
    const Loc &l = in_.LocAt(a.id);
    if (l.root == Loc::Global) {
      out.Add(a.Plain());
      break;
    }
    ValueSet bases = Subst(l.base, args, depth + 1);
    for (const Place &p : Deref(bases, l.path))
      out.Add(AddrAtom(p));
    break;
  }
  case AtomKind::Loaded: {
    const Loc &l = in_.LocAt(a.id);
    if (l.root == Loc::Global) {
      Place p;
      p.kind = Place::Global;
      p.global = l.global;
      p.path = l.path;
      out = Load(p);
      break;
    }
    ValueSet bases = Subst(l.base, args, depth + 1);
    out = LoadAll(Deref(bases, l.path));
    break;
  }
  case AtomKind::LocalAddr:
    break; // a callee's own locals are gone when it returns
  default:
    out.Add(a.Plain());
    break;
  }
  if (a.kind == AtomKind::Loaded && a.as_int) {
    // The callee read an integer there: of what the caller's location may hold, only what is
    // an integer already (a cast address) can be it, as for a load in the caller itself.
    ValueSet ints;
    for (Atom x : out)
      if (x.as_int || x.kind == AtomKind::Loaded)
        ints.Add(x);
    out = ints;
  }
  if (a.as_int)
    out = out.AsInt();
  if (a.offset)
    out = out.Offset();
  return out;
}

ValueSet FunctionAnalysis::SubstSet(const ValueSet &s, const std::vector<ValueSet> &args) {
  ValueSet out;
  for (const Atom &a : s)
    out.AddAll(Subst(a, args));
  return out;
}

std::vector<Place> FunctionAnalysis::SubstLoc(uint32_t loc, const std::vector<ValueSet> &args) {
  const Loc &l = in_.LocAt(loc);
  if (l.root == Loc::Global) {
    Place p;
    p.kind = Place::Global;
    p.global = l.global;
    p.path = l.path;
    return {p};
  }
  return Deref(Subst(l.base, args), l.path);
}

ValueSet FunctionAnalysis::ApplySummary(const Summary &s, const std::vector<ValueSet> &args,
                                        uint32_t call_site, const std::string &callee) {
  (void)callee;
  size_t work = 4 * (s.cells.size() + s.accesses.size() + s.stores.size()) + 1;
  budget_ = budget_ > work ? budget_ - static_cast<unsigned>(work) : 0;
  // Everything is substituted against the state before the call, then written.
  struct Pending {
    std::vector<Place> places;
    Cell cell;
    bool strong;
  };
  std::vector<Pending> writes;
  for (const auto &kv : s.cells) {
    Pending w;
    w.places = SubstLoc(kv.first, args);
    if (w.places.empty())
      continue;
    for (const auto &v : kv.second) {
      Origin o = v.second;
      if (o.site)
        o.via = in_.PrependVia(call_site, o.via);
      for (const Atom &x : Subst(v.first, args))
        w.cell.emplace(x, o.site ? o : Origin{});
    }
    writes.push_back(std::move(w));
  }
  ValueSet ret = SubstSet(s.returns, args);
  std::vector<std::pair<ValueSet, Access>> accesses;
  for (const Access &a : s.accesses)
    accesses.push_back({Subst(a.base, args), a});
  // The blocks the callee freed are those the caller's values named before the call, and what
  // the callee left written was written after it freed them (a vector's old buffer is freed,
  // the new one, from the same allocation site, filled).
  std::vector<ValueSet> frees;
  for (const Atom &f : s.frees)
    frees.push_back(Subst(f, args));
  for (const ValueSet &f : frees)
    Free(f);
  for (Pending &w : writes)
    StoreCell(w.places, w.cell, false);
  for (auto &a : accesses)
    NoteAccess(a.first, a.second.write, a.second.origin.site,
               in_.PrependVia(call_site, a.second.origin.via));
  for (const StoreEvent &e : s.stores) {
    ValueSet dest = Subst(e.dest_base, args);
    ValueSet val = Subst(e.value, args);
    std::vector<Place> ps = Deref(dest, e.path);
    NoteStores(ps, val, e.origin.site, in_.PrependVia(call_site, e.origin.via));
  }
  for (const ThreadStart &t : s.threads) {
    ThreadStart u = t;
    u.arg = SubstSet(t.arg, args);
    u.handle_loc = 0;
    u.handle_key.clear();
    if (t.handle_loc) {
      std::vector<Place> hp = SubstLoc(t.handle_loc, args);
      u.handle_loc = HandleLoc(hp);
      if (!hp.empty())
        u.handle_key = PlaceKey(hp[0]);
    }
    u.origin.via = in_.PrependVia(call_site, t.origin.via);
    st_.threads.push_back(u);
  }
  for (uint32_t j : s.joins) {
    for (const Place &p : SubstLoc(j, args)) {
      std::string key = PlaceKey(p);
      joined_.insert(key);
      handle_loc_[key] = HandleLoc({p});
    }
  }
  for (const Atom &p : s.pins)
    for (const Atom &x : Subst(p, args))
      sum_.pins.Add(x.Plain());
  for (const UnknownCall &u : s.unknown_calls) {
    for (const Atom &x : Subst(u.value, args)) {
      if (Worth(x) && sum_.unknown_calls.size() < 32)
        sum_.unknown_calls.push_back(UnknownCall{
            u.callee, x, Origin{u.origin.site, in_.PrependVia(call_site, u.origin.via)}});
    }
  }
  return ret;
}

// C calls an exported Go function that calls C.entry: what C.entry does to memory (the cells it
// leaves written, the blocks it frees) happens here, its parameters standing for what Go lends
// it, so that this function's own stores and clears after the callback apply to them.
void FunctionAnalysis::CallBack(const AnalysisContext::CallBack &cb, uint32_t site) {
  if (!cb.summary || cb.summary->given_up)
    return;
  Summary effects;
  effects.cells = cb.summary->cells;
  effects.frees = cb.summary->frees;
  std::vector<ValueSet> args;
  for (unsigned i = 0; i < cb.params; i++)
    args.push_back(
        ValueSet(Atom{AtomKind::Nested, false, false, in_.Name(NestedName(cb.entry, i))}));
  ApplySummary(effects, args, site, cb.entry);
}

ValueSet FunctionAnalysis::EvalConstruct(const CXXConstructExpr *c, const ValueSet &this_value) {
  std::vector<ValueSet> args;
  args.push_back(this_value);
  for (const Expr *a : c->arguments())
    args.push_back(c->getConstructor()->getParamDecl(args.size() - 1)->getType()->isReferenceType()
                       ? AddressOf(a)
                       : Eval(a));
  const CXXConstructorDecl *ctor = c->getConstructor();
  std::string key;
  const Summary *s = actx_.SummaryOf(ctor, &key);
  if (!s) {
    // A copy or move of a trivially copyable object copies its contents.
    if ((ctor->isCopyConstructor() || ctor->isMoveConstructor()) && args.size() == 2) {
      if (!this_value.empty()) {
        Copy(Deref(this_value, ""), Deref(args[1], ""), Site(c));
        return ValueSet();
      }
      return LoadAll(Deref(args[1], ""));
    }
    return ValueSet();
  }
  // The object's contents: what the constructor wrote into *this.
  ValueSet contents;
  if (this_value.empty()) {
    Atom self{AtomKind::Param, false, false, 0};
    for (const auto &kv : s->cells) {
      const Loc &l = in_.LocAt(kv.first);
      if (l.root == Loc::Pointee && l.base == self)
        for (const auto &v : kv.second)
          contents.AddAll(Subst(v.first, args));
    }
  }
  ApplySummary(*s, args, Site(c), key);
  return contents;
}

ValueSet FunctionAnalysis::EvalCall(const CallExpr *call) {
  const FunctionDecl *callee = call->getDirectCallee();
  std::vector<ValueSet> args;
  std::vector<const Expr *> arg_exprs;
  // Methods: the object is parameter 0.
  if (const auto *mc = dyn_cast<CXXMemberCallExpr>(call)) {
    const Expr *obj = mc->getImplicitObjectArgument();
    if (obj) {
      const auto *md = dyn_cast_or_null<CXXMethodDecl>(callee);
      if (md && md->isStatic()) {
        Eval(obj);
      } else {
        args.push_back(obj->getType()->isPointerType() ? Eval(obj) : AddressOf(obj));
        arg_exprs.push_back(obj);
      }
    }
  }
  unsigned first = 0;
  if (const auto *oc = dyn_cast<CXXOperatorCallExpr>(call)) {
    const auto *md = dyn_cast_or_null<CXXMethodDecl>(callee);
    if (md && md->isInstance() && oc->getNumArgs() > 0) {
      args.push_back(AddressOf(oc->getArg(0)));
      arg_exprs.push_back(oc->getArg(0));
      first = 1;
    }
  }
  for (unsigned i = first; i < call->getNumArgs(); i++) {
    const Expr *a = call->getArg(i);
    unsigned pi = args.size() - (isa<CXXMemberCallExpr>(call) || first ? 1 : 0);
    bool by_ref = callee && pi < callee->getNumParams() &&
                  callee->getParamDecl(pi)->getType()->isReferenceType();
    args.push_back(by_ref ? AddressOf(a) : Eval(a));
    arg_exprs.push_back(a);
  }
  uint32_t site = Site(call);

  if (!callee) {
    // A call through a pointer: the functions it may be, when the analysis knows them.
    ValueSet fns = Eval(call->getCallee());
    ValueSet ret;
    bool any = false;
    for (const Atom &f : fns) {
      if (f.kind != AtomKind::FuncAddr)
        continue;
      if (const Summary *s = actx_.SummaryByKey(in_.NameAt(f.id))) {
        ret.AddAll(ApplySummary(*s, args, site, in_.NameAt(f.id)));
        any = true;
      }
    }
    if (!any) {
      actx_.CountUnknownCall();
      for (const ValueSet &v : args)
        for (const Atom &x : v)
          if (Worth(x) && sum_.unknown_calls.size() < 32)
            sum_.unknown_calls.push_back(UnknownCall{"", x, Origin{site, 0}});
    }
    return ret;
  }

  std::string n = LibraryName(callee);
  auto arg = [&](unsigned i) { return i < args.size() ? args[i] : ValueSet(); };
  if (IsAllocator(n))
    return ValueSet(Atom{AtomKind::Heap, false, false, site});
  if (n == "realloc" || n == "reallocarray" || n == "reallocf") {
    Atom heap{AtomKind::Heap, false, false, site};
    ValueSet old = arg(0);
    // The block's contents move to the new block.
    std::vector<Place> dst = Deref(ValueSet(heap), "");
    for (const Atom &a : old) {
      if (a.kind != AtomKind::Heap && RootParam(a, in_) < 0)
        continue;
      auto root = st_.mem.find(RootKey{Place::Pointee, 0, a.kind, a.id});
      if (root == st_.mem.end())
        continue;
      Paths copy = root->second;
      for (const auto &cell : copy) {
        Place p = dst[0];
        p.path = cell.first;
        StoreCell({p}, cell.second, false);
      }
    }
    Free(old);
    return ValueSet(heap);
  }
  if (n == "posix_memalign") {
    Atom heap{AtomKind::Heap, false, false, site};
    Store(Deref(arg(0), ""), ValueSet(heap), site, false);
    return ValueSet();
  }
  if (n == "free" || n == "cfree" || n == "operator delete" || n == "operator delete[]") {
    Free(arg(0));
    return ValueSet();
  }
  if (n == "memcpy" || n == "memmove" || n == "mempcpy" || n == "bcopy") {
    unsigned d = n == "bcopy" ? 1 : 0, s = n == "bcopy" ? 0 : 1;
    std::vector<Place> src = Deref(arg(s), "");
    NoteAccess(arg(s), false, site);
    // Copying what C memory held into a local is how a pointer is read from bytes; copying out
    // of Go memory reads values, which cgo's rules say hold no Go pointers.
    Copy(Deref(arg(d), ""), src, site);
    return n == "bcopy" ? ValueSet() : arg(d);
  }
  if (n == "memset" || n == "bzero" || n == "explicit_bzero") {
    std::vector<Place> ps = Deref(arg(0), "");
    if (ps.size() == 1 && ps[0].kind != Place::Local) {
      Paths &paths = st_.mem[KeyOf(ps[0])];
      for (auto it = paths.begin(); it != paths.end();)
        it = PathCovers(ps[0].path, it->first) ? paths.erase(it) : std::next(it);
      if (PathIsDefinite(ps[0].path))
        paths[ps[0].path] = Cell();
    } else if (ps.size() == 1) {
      st_.locals[ps[0].var] = ValueSet();
    }
    NoteAccess(arg(0), true, site);
    return arg(0);
  }
  if (n == "pthread_create" || n == "thrd_create") {
    bool posix = n == "pthread_create";
    ValueSet routine = arg(posix ? 2 : 1), targ = arg(posix ? 3 : 2);
    std::vector<Place> handle = Deref(arg(0), "");
    ThreadStart t;
    t.handle_loc = HandleLoc(handle);
    for (const Place &p : handle)
      handle_loc_[PlaceKey(p)] = t.handle_loc;
    if (!handle.empty())
      t.handle_key = PlaceKey(handle[0]);
    t.arg = targ;
    t.origin = Origin{site, 0};
    for (const Atom &f : routine) {
      if (f.kind != AtomKind::FuncAddr)
        continue;
      t.routine = in_.NameAt(f.id);
      // What the thread stores happens too (at some time); its accesses are judged by whether
      // the thread is joined before the call returns.
      if (const Summary *s = actx_.SummaryByKey(t.routine)) {
        Summary stores_only = *s;
        stores_only.accesses.clear();
        ApplySummary(stores_only, {targ}, site, t.routine);
      }
    }
    Store(handle, ValueSet(), site, false);
    st_.threads.push_back(t);
    return ValueSet();
  }
  if (n == "pthread_join" || n == "thrd_join") {
    const Expr *h = call->getNumArgs() ? call->getArg(0)->IgnoreParenImpCasts() : nullptr;
    if (h) {
      for (const Place &p : Places(h)) {
        std::string key = PlaceKey(p);
        joined_.insert(key);
        if (!handle_loc_.count(key))
          handle_loc_[key] = HandleLoc({p});
      }
    }
    return ValueSet();
  }
  if (n == "cgosan_pinned" || n == "__cgosan_pin") {
    for (const Atom &a : arg(0))
      sum_.pins.Add(a.Plain());
    return ValueSet();
  }
  if (n == "cgosan_unpinned" || n == "__cgosan_unpin")
    return ValueSet();
  if (n == "expect" || n == "expect_with_probability" || n == "assume_aligned" || n == "launder")
    return arg(0);
  if (callee->getBuiltinID() && !callee->hasBody()) {
    // Since Clang 15, std::move, std::forward, std::addressof and their kin are builtins whose
    // specializations have no body to follow; like __builtin_addressof, each gives back what
    // it was given (the address of its reference parameter's object).
    if (args.size() == 1 &&
        (n == "move" || n == "forward" || n == "move_if_noexcept" || n == "as_const" ||
         n == "forward_like" || n == "addressof" || n == "__addressof"))
      return arg(0);
    return ValueSet(); // other builtins keep nothing
  }
  if (const auto *md = dyn_cast<CXXMethodDecl>(callee)) {
    // A trivial copy or move assignment (no body to follow) copies the object.
    if ((md->isCopyAssignmentOperator() || md->isMoveAssignmentOperator()) && !md->hasBody() &&
        md->isTrivial() && args.size() == 2) {
      Copy(Deref(args[0], ""), Deref(args[1], ""), site);
      return args[0];
    }
  }
  if (callee->getIdentifier() && actx_.IsExport(callee->getName().str())) {
    sum_.calls_back.push_back(ExportCall{callee->getName().str(), Origin{site, 0}});
    for (const AnalysisContext::CallBack &cb : actx_.CallsBack(callee->getName().str()))
      CallBack(cb, site);
    if (actx_.ExportReturnsGoMemory(callee->getName().str())) {
      sum_.export_calls.push_back(ExportCall{callee->getName().str(), Origin{site, 0}});
      return ValueSet(Atom{AtomKind::ExportRet, false, false, site});
    }
    return ValueSet();
  }
  std::string key;
  if (const Summary *s = actx_.SummaryOf(callee, &key))
    return ApplySummary(*s, args, site, key);
  actx_.CountUnknownCall();
  for (const ValueSet &v : args)
    for (const Atom &x : v)
      if (Worth(x) && sum_.unknown_calls.size() < 32)
        sum_.unknown_calls.push_back(UnknownCall{n, x, Origin{site, 0}});
  return ValueSet();
}

} // namespace

Summary AnalyzeFunction(const FunctionDecl *fd, ASTContext &ctx, AnalysisContext &actx) {
  FunctionAnalysis fa(fd, ctx, actx);
  return fa.Run();
}

} // namespace vet
} // namespace cgosan
