// Judging a package's entry points with their summaries (see package_analysis.h). Each rule is
// decided here from what the summaries say, with the Go side's knowledge of the arguments:
//
//   retained-go-pointer            a C global, heap block, or C memory Go passed may hold a Go
//                                  argument when the entry returns
//   go-pointer-in-go-memory        a Go argument is stored into memory another Go argument
//                                  points to
//   use-after-return               a thread the call started and did not join touches a Go
//                                  argument; or a later call touches Go memory through a C
//                                  global an earlier call left holding it
//   returned-go-pointer            C calls an exported Go function that returns Go memory
//   write-to-returned-go-pointer   C writes through what that function returned
#include "package_analysis.h"

#include "report/paths.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/RecursiveASTVisitor.h"
#include "clang/Basic/SourceManager.h"

#include <chrono>
#include <climits>
#include <cstdlib>

namespace cgosan {
namespace vet {

using namespace clang;

namespace {

class DefinitionFinder : public RecursiveASTVisitor<DefinitionFinder> {
public:
  std::vector<const FunctionDecl *> defs;
  bool VisitFunctionDecl(FunctionDecl *fd) {
    if (fd->doesThisDeclarationHaveABody() && !fd->isDependentContext())
      defs.push_back(fd);
    return true;
  }
};

std::string Absolute(const std::string &file) {
  if (file.empty() || file[0] == '/')
    return report::NormalizePath(file); // src/./query.c is src/query.c
  char buf[PATH_MAX];
  if (realpath(file.c_str(), buf))
    return buf;
  return file;
}

std::string Base(const std::string &p) {
  size_t s = p.rfind('/');
  return s == std::string::npos ? p : p.substr(s + 1);
}

const Summary kEmptySummary{};

} // namespace

PackageAnalysis::PackageAnalysis(const GoSide &go, double budget_seconds) : go_(go) {
  deadline_ = std::chrono::steady_clock::now() +
              std::chrono::milliseconds(static_cast<long long>(budget_seconds * 1000));
  for (const GoExport &e : go_.exports)
    exports_[e.name] = &e;
}

void PackageAnalysis::AddUnit(ASTContext &ctx) {
  units_.push_back(&ctx);
  DefinitionFinder df;
  df.TraverseDecl(ctx.getTranslationUnitDecl());
  for (const FunctionDecl *fd : df.defs) {
    std::string key = FunctionKey(fd, ctx);
    defs_.emplace(key, Def{fd, &ctx});
  }
  for (const EntryPoint &ep : FindEntryPoints(ctx))
    entries_.push_back(ep);
}

const Summary *PackageAnalysis::Summarize(const std::string &key) {
  auto done = summaries_.find(key);
  if (done != summaries_.end())
    return done->second.get();
  auto def = defs_.find(key);
  if (def == defs_.end())
    return nullptr;
  if (busy_.count(key))
    return &kEmptySummary; // recursion: the cycle's effects are seen once around
  if (std::chrono::steady_clock::now() > deadline_) {
    // Past the package's time budget: what is left is not followed (counted, said with -v).
    stats_.not_followed++;
    summaries_[key] = std::make_unique<Summary>();
    summaries_[key]->given_up = true;
    return summaries_[key].get();
  }
  busy_.insert(key);
  auto s = std::make_unique<Summary>(AnalyzeFunction(def->second.fd, *def->second.ctx, *this));
  busy_.erase(key);
  stats_.functions++;
  const Summary *p = s.get();
  summaries_[key] = std::move(s);
  return p;
}

const Summary *PackageAnalysis::SummaryOf(const FunctionDecl *callee, std::string *key) {
  const FunctionDecl *def = nullptr;
  ASTContext &ctx = callee->getASTContext();
  if (callee->hasBody(def) && def) {
    *key = FunctionKey(def, ctx);
    defs_.emplace(*key, Def{def, &ctx});
  } else {
    *key = FunctionKey(callee, ctx);
  }
  return Summarize(*key);
}

const Summary *PackageAnalysis::SummaryByKey(const std::string &key) { return Summarize(key); }

bool PackageAnalysis::ExportReturnsGoMemory(const std::string &name) {
  auto it = exports_.find(name);
  return it != exports_.end() && it->second->result.cls == "go";
}

bool PackageAnalysis::IsExport(const std::string &name) { return exports_.count(name) > 0; }

std::vector<AnalysisContext::CallBack> PackageAnalysis::CallsBack(const std::string &name) {
  std::vector<CallBack> out;
  std::set<std::string> seen;
  for (const GoCall &c : go_.calls) {
    if (c.export_fn != name || !seen.insert(c.name).second)
      continue;
    const EntryPoint *ep = EntryNamed(c.name);
    if (!ep)
      continue;
    std::string key;
    if (const Summary *s = SummaryOf(ep->callee, &key))
      out.push_back(CallBack{c.name, s, ep->callee->getNumParams()});
  }
  return out;
}

uint32_t PackageAnalysis::GlobalOf(const VarDecl *var) {
  var = var->getCanonicalDecl();
  GlobalInfo g;
  g.name = var->getQualifiedNameAsString();
  const SourceManager &sm = var->getASTContext().getSourceManager();
  PresumedLoc p = sm.getPresumedLoc(sm.getExpansionLoc(var->getLocation()));
  std::string where =
      p.isValid() ? Absolute(p.getFilename()) + ":" + std::to_string(p.getLine()) : "?";
  if (var->getTLSKind() != VarDecl::TLS_None) {
    g.what = "thread-local";
  } else if (var->isStaticLocal()) {
    const auto *fn = dyn_cast<FunctionDecl>(var->getDeclContext());
    g.what =
        "function-local static" + (fn ? " of " + fn->getQualifiedNameAsString() : std::string());
  } else if (var->isStaticDataMember()) {
    g.what = "static member";
  } else if (!var->hasExternalFormalLinkage()) {
    g.what = "static";
  } else {
    g.what = "C global";
  }
  g.key = var->hasExternalFormalLinkage() && !var->isStaticLocal() ? g.name : g.name + "@" + where;
  // `void *(*ts_current_malloc)(size_t) = ts_malloc_default;`: a call through the global
  // reaches the initial function too, wherever else it is set.
  const VarDecl *def = var->getDefinition() ? var->getDefinition() : var;
  if (const Expr *init = def->getInit()) {
    const Expr *e = init->IgnoreParenImpCasts();
    if (const auto *d = dyn_cast<DeclRefExpr>(e))
      if (const auto *f = dyn_cast<FunctionDecl>(d->getDecl()))
        g.init.push_back(
            Atom{AtomKind::FuncAddr, false, false, in_.Name(FunctionKey(f, f->getASTContext()))});
  }
  return in_.GlobalId(g);
}

uint32_t PackageAnalysis::SiteOf(const ASTContext &ctx, SourceLocation loc,
                                 const std::string &function, bool generated) {
  const SourceManager &sm = ctx.getSourceManager();
  SourceLocation e = sm.getExpansionLoc(loc);
  PresumedLoc p = sm.getPresumedLoc(e);
  SiteInfo s;
  if (p.isValid()) {
    s.file = Absolute(p.getFilename());
    s.line = p.getLine();
    s.column = p.getColumn();
  }
  s.function = function;
  s.system = generated || sm.isInSystemHeader(e);
  return in_.SiteId(s);
}

SourcePoint PackageAnalysis::Point(uint32_t site) const {
  const SiteInfo &s = in_.Site(site);
  return SourcePoint{s.file, s.line, s.column, s.function};
}

std::string PackageAnalysis::Where(uint32_t site) const {
  const SiteInfo &s = in_.Site(site);
  return Base(s.file) + ":" + std::to_string(s.line);
}

// The calls from the entry down to the statement: the entry's function, then each callee with
// the line it was called from.
std::vector<SourcePoint> PackageAnalysis::PathOf(const std::string &entry_fn, Origin o) const {
  std::vector<SourcePoint> out;
  const std::vector<uint32_t> &chain = in_.Via(o.via);
  for (uint32_t c : chain)
    out.push_back(Point(c));
  out.push_back(Point(o.site));
  (void)entry_fn;
  return out;
}

// Where a finding is reported: its statement, or, when that is in a system header (a C++
// container's insides), the innermost call from the package's own code that led there.
SourcePoint PackageAnalysis::Reported(Origin o) const {
  if (!in_.Site(o.site).system)
    return Point(o.site);
  const std::vector<uint32_t> &chain = in_.Via(o.via);
  for (auto it = chain.rbegin(); it != chain.rend(); ++it)
    if (!in_.Site(*it).system)
      return Point(*it);
  return Point(o.site);
}

void PackageAnalysis::Add(VetFinding f, std::vector<VetFinding> *out) {
  // One finding of a rule per line: `saved->x + saved->y` is one use.
  std::string key = f.where.file + ":" + std::to_string(f.where.line);
  if (!reported_.insert({f.rule + " " + key, 0}).second)
    return;
  out->push_back(std::move(f));
}

namespace {

// "keep -> mid (main.go:8) -> deep (main.go:7)" from a path.
std::string PathText(const std::vector<SourcePoint> &path) {
  if (path.size() < 2)
    return "";
  std::string s = path[0].function;
  for (size_t i = 1; i < path.size(); i++)
    s += " -> " + path[i].function + " (" + Base(path[i - 1].file) + ":" +
         std::to_string(path[i - 1].line) + ")";
  return "; path: " + s;
}

std::string Described(const GoValue &v) {
  if (v.why.empty())
    return "";
  return " (" + v.why + ")";
}

} // namespace

const EntryPoint *PackageAnalysis::EntryNamed(const std::string &go_name) const {
  for (const EntryPoint &e : entries_)
    if (e.go_name == go_name)
      return &e;
  return nullptr;
}

std::string PackageAnalysis::ArgText(const std::string &call, const ParamClass &p) const {
  std::string t = "C." + call + "'s argument " + std::to_string(p.go_arg + 1);
  if (!p.name.empty())
    t += " `" + p.name + "`";
  return t + Described(p.v);
}

std::vector<PackageAnalysis::ParamClass> PackageAnalysis::ParamsOf(const EntryPoint &ep,
                                                                   const Summary &s) {
  // What each Go argument can be, over every call site of C.name.
  std::vector<GoValue> goargs;
  for (const GoCall &c : go_.calls) {
    if (c.name != ep.go_name)
      continue;
    for (size_t i = 0; i < c.args.size(); i++) {
      if (goargs.size() <= i)
        goargs.resize(i + 1, GoValue{"nonptr", ""});
      GoValue &g = goargs[i];
      const GoValue &v = c.args[i];
      auto rank = [](const std::string &c) {
        return c == "go" ? 4 : c == "unknown" ? 3 : c == "pinned" ? 2 : c == "c" ? 1 : 0;
      };
      if (rank(v.cls) > rank(g.cls))
        g = v;
    }
  }
  const FunctionDecl *fd = ep.callee;
  std::vector<ParamClass> params(fd->getNumParams());
  for (unsigned i = 0; i < fd->getNumParams(); i++) {
    params[i].name = fd->getParamDecl(i)->getNameAsString();
    int g = i < ep.go_arg_of_param.size() ? ep.go_arg_of_param[i] : -1;
    params[i].go_arg = g;
    params[i].v = g >= 0 && g < static_cast<int>(goargs.size()) ? goargs[g] : GoValue{"nonptr", ""};
    std::string type = fd->getParamDecl(i)->getType().getAsString();
    if (type.find("_GoString_") != std::string::npos && params[i].v.cls != "pinned")
      params[i].v = GoValue{"go", "a Go string"};
    if (s.pins.Contains(Atom{AtomKind::Param, false, false, i}))
      params[i].v.cls = "pinned";
    if (params[i].v.cls == "unknown" && ReturnsCMemory(params[i].v.cfuncs))
      params[i].v = GoValue{"c", "what C." + params[i].v.cfuncs[0] + " returns"};
  }
  return params;
}

const EntryPoint *PackageAnalysis::NestedParam(const Atom &nested, std::string *entry,
                                               unsigned *param) const {
  const std::string &n = in_.NameAt(nested.id);
  size_t hash = n.rfind('#');
  if (hash == std::string::npos)
    return nullptr;
  *entry = n.substr(0, hash);
  *param = static_cast<unsigned>(std::stoul(n.substr(hash + 1)));
  return EntryNamed(*entry);
}

// Every call of C.outer lends memory of the Go array `object`.
bool PackageAnalysis::LendsObject(const std::string &outer, const std::string &object) const {
  bool any = false;
  for (const GoCall &c : go_.calls) {
    if (c.name != outer)
      continue;
    bool lends = false;
    for (const GoValue &v : c.args)
      lends |= v.cls == "go" && v.object == object;
    if (!lends)
      return false;
    any = true;
  }
  return any;
}

// Whether a Go pointer that C.entry keeps through its parameter `param` is still lent when
// C.entry returns, by the call it is nested in: every call of C.entry is in the body of an
// exported Go function that only C calls (Go code does not), every C function that calls that
// export is a function Go calls (so the callback runs inside that call), and every call of it
// lends the same Go array the nested call's argument points into. Then the pointer may stay
// kept until the enclosing call returns, and that call's judgement (which applies C.entry's
// effects at its call of the export) says whether it is kept past then.
bool PackageAnalysis::NestedCovered(const std::string &entry, int param) {
  if (param < 0)
    return false;
  auto memo = nested_covered_.find({entry, param});
  if (memo != nested_covered_.end())
    return memo->second;
  bool covered = false;
  const EntryPoint *ep = EntryNamed(entry);
  int g =
      ep && param < static_cast<int>(ep->go_arg_of_param.size()) ? ep->go_arg_of_param[param] : -1;
  if (g >= 0) {
    covered = true;
    bool any = false;
    for (const GoCall &c : go_.calls) {
      if (c.name != entry)
        continue;
      any = true;
      auto ex = exports_.find(c.export_fn);
      if (c.export_fn.empty() || ex == exports_.end() || ex->second->used_in_go) {
        covered = false;
        break;
      }
      if (g >= static_cast<int>(c.args.size()) || c.args[g].cls != "go")
        continue; // nothing of Go's to cover at this call
      const std::string &object = c.args[g].object;
      bool callers = false;
      for (const auto &kv : summaries_) {
        for (const ExportCall &x : kv.second->calls_back) {
          if (x.name != c.export_fn)
            continue;
          callers = true;
          auto outer = entry_by_key_.find(kv.first);
          if (object.empty() || outer == entry_by_key_.end() || kv.second->given_up ||
              !LendsObject(outer->second->go_name, object))
            covered = false;
        }
      }
      if (!callers)
        covered = false;
      if (!covered)
        break;
    }
    covered &= any;
  }
  nested_covered_[{entry, param}] = covered;
  return covered;
}

// Whether every one of these C functions (called from Go) returns only C memory: heap blocks,
// C globals' addresses or what C globals held, never something it was given.
bool PackageAnalysis::ReturnsCMemory(const std::vector<std::string> &cfuncs) {
  if (cfuncs.empty())
    return false;
  for (const std::string &name : cfuncs) {
    const EntryPoint *ep = nullptr;
    for (const EntryPoint &e : entries_)
      if (e.go_name == name)
        ep = &e;
    if (!ep)
      return false;
    std::string key;
    const Summary *s = SummaryOf(ep->callee, &key);
    if (!s || s->returns.empty())
      return false;
    for (const Atom &a : s->returns) {
      bool c = a.kind == AtomKind::Heap ||
               (a.kind == AtomKind::Addr && in_.LocAt(a.id).root == Loc::Global) ||
               (a.kind == AtomKind::Loaded && RootGlobalLoad(a, in_));
      if (!c)
        return false;
    }
  }
  return true;
}

void PackageAnalysis::JudgeEntry(const EntryPoint &ep, std::vector<VetFinding> *out) {
  std::string key;
  const Summary *s = SummaryOf(ep.callee, &key);
  if (!s)
    return;
  stats_.entries++;
  bool called = false;
  for (const GoCall &c : go_.calls)
    called |= c.name == ep.go_name;
  if (!called)
    return;
  const FunctionDecl *fd = ep.callee;
  std::string call = ep.go_name;
  std::vector<ParamClass> params = ParamsOf(ep, *s);
  for (const ParamClass &p : params)
    if (p.v.cls == "unknown")
      stats_.unknown_args++;
  auto is_go = [&](const Atom &a) {
    int p = RootParam(a, in_);
    return p >= 0 && p < static_cast<int>(params.size()) && params[p].v.cls == "go";
  };
  auto arg_text = [&](int p) { return ArgText(call, params[p]); };
  std::string entry_fn = fd->getQualifiedNameAsString();

  // Heap blocks some C global points to at return, for the message.
  std::map<uint32_t, std::string> heap_reach;
  for (const auto &kv : s->cells) {
    const Loc &l = in_.LocAt(kv.first);
    if (l.root != Loc::Global)
      continue;
    for (const auto &v : kv.second)
      if (v.first.kind == AtomKind::Heap)
        heap_reach.emplace(v.first.id, in_.Global(l.global).what + " `" +
                                           in_.Global(l.global).name + l.path + "`");
  }

  for (const auto &kv : s->cells) {
    const Loc &l = in_.LocAt(kv.first);
    std::string dest, kept_in;
    if (l.root == Loc::Global) {
      const GlobalInfo &g = in_.Global(l.global);
      dest = "the " + g.what + " `" + g.name + l.path + "`";
      kept_in = g.what + " '" + g.name + "'";
    } else if (l.base.kind == AtomKind::Heap) {
      dest = "a heap block allocated at " + Where(l.base.id) + " that outlives the call";
      auto r = heap_reach.find(l.base.id);
      if (r != heap_reach.end())
        dest += " (reachable from the " + r->second + ")";
      kept_in = "heap block allocated at " + Where(l.base.id);
    } else if (l.base.kind == AtomKind::Loaded) {
      uint32_t g = RootGlobalLoad(l.base, in_);
      if (g && in_.LocAt(g).root == Loc::Global) {
        const GlobalInfo &gi = in_.Global(in_.LocAt(g).global);
        dest = "the C memory the " + gi.what + " `" + gi.name + in_.LocAt(g).path + "` points to";
      } else {
        int p = RootParam(l.base, in_);
        if (p >= 0 && p < static_cast<int>(params.size()) && params[p].v.cls != "unknown")
          dest = "C memory reached from " + arg_text(p);
        else
          continue;
      }
      kept_in = "C memory that outlives the call";
    } else if (l.base.kind == AtomKind::Param) {
      int p = l.base.id;
      if (p >= static_cast<int>(params.size()) || params[p].v.cls != "c")
        continue;
      dest = "the C memory of " + arg_text(p);
      kept_in = "C memory passed to C." + call;
    } else {
      continue;
    }
    for (const auto &v : kv.second) {
      if (!v.second.site)
        continue;
      Atom nested = RootNested(v.first, in_);
      if (nested.kind == AtomKind::Nested) {
        // What a call nested in this one (C calls back into Go, which calls C.inner) keeps:
        // covered by this call while it lasts, and kept when it returns.
        std::string inner;
        unsigned param = 0;
        const EntryPoint *iep = NestedParam(nested, &inner, &param);
        if (!iep || !NestedCovered(inner, param))
          continue;
        const Summary *is = SummaryOf(iep->callee, &key);
        if (!is)
          continue;
        std::vector<ParamClass> ip = ParamsOf(*iep, *is);
        if (param >= ip.size() || ip[param].v.cls != "go")
          continue;
        VetFinding f;
        f.rule = "retained-go-pointer";
        f.where = Reported(v.second);
        f.path = PathOf(entry_fn, v.second);
        f.call = inner;
        f.argument = ip[param].go_arg + 1;
        f.kept_in = kept_in;
        f.message = ArgText(inner, ip[param]) +
                    (v.first.as_int ? " is stored, as an integer, into " : " is stored into ") +
                    dest + " in a call nested in C." + call +
                    " (C calls back into Go, which calls C." + inner + "), still there when C." +
                    call + " returns" + PathText(f.path);
        if (l.root == Loc::Global)
          retained_.push_back(Retained{l.global, l.path, inner, ip[param].go_arg + 1,
                                       ip[param].name, v.second.site});
        Add(f, out);
        continue;
      }
      if (!is_go(v.first))
        continue;
      int p = RootParam(v.first, in_);
      // Memory lent to the call this one is nested in stays lent until that call returns,
      // whose own judgement says whether it is still kept then.
      if (NestedCovered(call, p))
        continue;
      VetFinding f;
      f.rule = "retained-go-pointer";
      f.where = Reported(v.second);
      f.path = PathOf(entry_fn, v.second);
      f.call = call;
      f.argument = params[p].go_arg + 1;
      f.kept_in = kept_in;
      f.message = arg_text(p) +
                  (v.first.as_int ? " is stored, as an integer, into " : " is stored into ") +
                  dest + ", still there when C." + call + " returns" + PathText(f.path);
      if (l.root == Loc::Global)
        retained_.push_back(
            Retained{l.global, l.path, call, params[p].go_arg + 1, params[p].name, v.second.site});
      Add(f, out);
    }
  }

  for (const StoreEvent &e : s->stores) {
    int dp = RootParam(e.dest_base, in_), vp = RootParam(e.value, in_);
    if (dp < 0 || vp < 0 || dp >= static_cast<int>(params.size()) ||
        vp >= static_cast<int>(params.size()))
      continue;
    if (params[dp].v.cls != "go" || params[vp].v.cls != "go")
      continue;
    VetFinding f;
    f.rule = "go-pointer-in-go-memory";
    f.where = Reported(e.origin);
    f.path = PathOf(entry_fn, e.origin);
    f.call = call;
    f.argument = params[vp].go_arg + 1;
    f.message = arg_text(vp) + " is stored into the Go memory of " + arg_text(dp) +
                (e.path.empty() ? "" : " (at `" + params[dp].name + e.path + "`)") +
                ", where no write barrier sees it" + PathText(f.path);
    Add(f, out);
  }

  for (const ThreadStart &t : s->threads) {
    int p = -1;
    for (const Atom &a : t.arg)
      if (is_go(a))
        p = RootParam(a, in_);
    if (p < 0)
      continue;
    const Summary *r = t.routine.empty() ? nullptr : SummaryByKey(t.routine);
    if (!r) {
      stats_.unknown_go++;
      continue;
    }
    std::vector<SourcePoint> start = PathOf(entry_fn, t.origin);
    for (const Access &a : r->accesses) {
      if (RootParam(a.base, in_) != 0)
        continue;
      VetFinding f;
      f.rule = "use-after-return";
      f.where = Reported(a.origin);
      f.path = start;
      for (const SourcePoint &sp : PathOf("", a.origin))
        f.path.push_back(sp);
      f.call = call;
      f.argument = params[p].go_arg + 1;
      f.message = arg_text(p) + " is handed to a thread started at " + Where(t.origin.site) +
                  " and not joined before C." + call + " returns; the thread " +
                  (a.write ? "writes" : "reads") + " it here, perhaps after the return";
      Add(f, out);
    }
  }
  for (const UnknownCall &u : s->unknown_calls)
    if (is_go(u.value))
      stats_.unknown_go++;
}

std::vector<VetFinding> PackageAnalysis::Run() {
  std::vector<VetFinding> out;
  // Every function of the package's own code, so calls of exported functions are seen wherever
  // they are; the rest on demand.
  std::vector<std::string> keys;
  for (const auto &kv : defs_) {
    const SourceManager &sm = kv.second.ctx->getSourceManager();
    if (!sm.isInSystemHeader(sm.getExpansionLoc(kv.second.fd->getLocation())))
      keys.push_back(kv.first);
  }
  for (const std::string &k : keys)
    Summarize(k);
  for (const EntryPoint &ep : entries_) {
    std::string key;
    if (SummaryOf(ep.callee, &key))
      entry_by_key_.emplace(key, &ep);
  }
  for (const EntryPoint &ep : entries_)
    JudgeEntry(ep, &out);

  // Later calls that touch Go memory through a C global an earlier call left holding it.
  for (const EntryPoint &ep : entries_) {
    std::string key;
    const Summary *s = SummaryOf(ep.callee, &key);
    if (!s)
      continue;
    for (const Access &a : s->accesses) {
      uint32_t g = RootGlobalLoad(a.base, in_);
      if (!g)
        continue;
      const Loc &l = in_.LocAt(g);
      for (const Retained &r : retained_) {
        if (r.global != l.global || !PathsMayAlias(r.path, l.path))
          continue;
        const GlobalInfo &gi = in_.Global(r.global);
        VetFinding f;
        f.rule = "use-after-return";
        f.where = Reported(a.origin);
        f.path = PathOf(ep.callee->getQualifiedNameAsString(), a.origin);
        f.call = ep.go_name;
        f.argument = r.argument;
        f.kept_in = gi.what + " '" + gi.name + "'";
        f.message = "C." + ep.go_name + " " + (a.write ? "writes" : "reads") +
                    " Go memory through the " + gi.what + " `" + gi.name + r.path + "`, which C." +
                    r.call + " leaves holding its argument " + std::to_string(r.argument) +
                    (r.param.empty() ? "" : " `" + r.param + "`") + " (stored at " + Where(r.site) +
                    ")" + PathText(f.path);
        Add(f, &out);
        break;
      }
    }
  }

  // Exported Go functions returning Go memory, and writes through what they returned.
  for (const auto &kv : summaries_)
    for (const ExportCall &e : kv.second->export_calls)
      export_at_site_[e.origin.site] = e.name;
  // A write seen in several summaries (the function's own, and its callers' through it) is
  // reported from the shortest chain of calls.
  std::map<uint32_t, std::pair<size_t, VetFinding>> writes;
  for (const auto &kv : summaries_) {
    for (const ExportCall &e : kv.second->export_calls) {
      if (e.origin.via)
        continue;
      const GoExport *ex = exports_[e.name];
      VetFinding f;
      f.rule = "returned-go-pointer";
      f.where = Reported(e.origin);
      f.exported_function = e.name;
      f.message = "the exported Go function " + e.name + " returns Go memory to C here" +
                  Described(ex->result) + "; nothing keeps it alive or in place once " + e.name +
                  " returns";
      Add(f, &out);
    }
    for (const Access &a : kv.second->accesses) {
      if (!a.write || !RootIsExportRet(a.base, in_))
        continue;
      Atom root = a.base;
      while (root.kind == AtomKind::Addr)
        root = in_.LocAt(root.id).base;
      std::string name = export_at_site_[root.id];
      VetFinding f;
      f.rule = "write-to-returned-go-pointer";
      f.where = Reported(a.origin);
      f.path = PathOf(in_.Site(root.id).function, a.origin);
      f.exported_function = name;
      f.message = "C writes through the pointer the exported Go function " + name +
                  " returned at " + Where(root.id) + PathText(f.path);
      size_t len = in_.Via(a.origin.via).size();
      auto it = writes.find(a.origin.site);
      if (it == writes.end() || len < it->second.first)
        writes[a.origin.site] = {len, f};
    }
  }
  for (auto &kv : writes)
    Add(kv.second.second, &out);
  return out;
}

} // namespace vet
} // namespace cgosan
