// Finding cgo's wrappers and the call inside each (see entry_points.h). A wrapper's body is
//
//     struct { T0 p0; ...; R r; } *_cgo_a = v;
//     ...
//     _cgo_r = name(_cgo_a->p0, _cgo_a->p1);
//
// (cmd/cgo/out.go, writeOutputFunc); the call's arguments say which Go argument each parameter
// of the C function receives, also when C.name is a macro around another function.
#include "entry_points.h"

#include "clang/AST/ASTContext.h"
#include "clang/AST/Decl.h"
#include "clang/AST/Expr.h"
#include "clang/AST/RecursiveASTVisitor.h"

namespace cgosan {
namespace vet {

using namespace clang;

std::string WrapperGoName(const std::string &name) {
  if (name.compare(0, 5, "_cgo_") != 0)
    return "";
  size_t at = name.find("_Cfunc_");
  if (at == std::string::npos)
    return "";
  for (size_t i = 5; i < at; i++)
    if (!isxdigit(static_cast<unsigned char>(name[i])))
      return "";
  std::string go = name.substr(at + 7);
  if (go.empty() || go.compare(0, 2, "_C") == 0)
    return "";
  return go;
}

namespace {

// The Go argument a wrapper expression passes: `_cgo_a->pN`, through casts.
int GoArgument(const Expr *e) {
  e = e->IgnoreParenCasts();
  if (const auto *m = dyn_cast<MemberExpr>(e)) {
    std::string n = m->getMemberDecl()->getNameAsString();
    if (n.size() > 1 && n[0] == 'p' && std::all_of(n.begin() + 1, n.end(), ::isdigit))
      return std::stoi(n.substr(1));
  }
  return -1;
}

class CallFinder : public RecursiveASTVisitor<CallFinder> {
public:
  const CallExpr *found = nullptr;
  bool VisitCallExpr(CallExpr *c) {
    const FunctionDecl *f = c->getDirectCallee();
    if (!f || !f->getIdentifier())
      return true;
    std::string n = f->getName().str();
    if (n.compare(0, 4, "_cgo") == 0 || n.compare(0, 10, "__builtin_") == 0)
      return true; // _cgo_topofstack, the tsan hooks
    if (!found)
      found = c;
    return true;
  }
};

class WrapperFinder : public RecursiveASTVisitor<WrapperFinder> {
public:
  explicit WrapperFinder(ASTContext &ctx) : ctx_(ctx) {}
  std::vector<EntryPoint> entries;

  bool VisitFunctionDecl(FunctionDecl *fd) {
    if (!fd->doesThisDeclarationHaveABody() || !fd->getIdentifier())
      return true;
    std::string go = WrapperGoName(fd->getName().str());
    if (go.empty())
      return true;
    CallFinder cf;
    cf.TraverseStmt(fd->getBody());
    if (!cf.found)
      return true;
    EntryPoint ep;
    ep.go_name = go;
    ep.callee = cf.found->getDirectCallee();
    ep.ctx = &ctx_;
    for (unsigned i = 0; i < cf.found->getNumArgs(); i++)
      ep.go_arg_of_param.push_back(GoArgument(cf.found->getArg(i)));
    entries.push_back(ep);
    return true;
  }

private:
  ASTContext &ctx_;
};

} // namespace

std::vector<EntryPoint> FindEntryPoints(ASTContext &ctx) {
  WrapperFinder wf(ctx);
  wf.TraverseDecl(ctx.getTranslationUnitDecl());
  return wf.entries;
}

} // namespace vet
} // namespace cgosan
