// Running the analysis on a snippet (see vet_test_support.h).
#include "vet_test_support.h"

#include "package_analysis.h"

#include "clang/AST/ASTConsumer.h"
#include "clang/AST/ASTContext.h"
#include "clang/Frontend/CompilerInstance.h"
#include "clang/Frontend/FrontendAction.h"
#include "clang/Tooling/Tooling.h"

#include <set>
#include <sstream>

namespace cgosan {
namespace vet {
namespace testing {

namespace {

class Consumer : public clang::ASTConsumer {
public:
  Consumer(const GoSide &go, Result *out) : go_(go), out_(out) {}
  void HandleTranslationUnit(clang::ASTContext &ctx) override {
    PackageAnalysis pa(go_);
    pa.AddUnit(ctx);
    out_->findings = pa.Run();
  }

private:
  const GoSide &go_;
  Result *out_;
};

class Action : public clang::ASTFrontendAction {
public:
  Action(const GoSide &go, Result *out) : go_(go), out_(out) {}
  std::unique_ptr<clang::ASTConsumer> CreateASTConsumer(clang::CompilerInstance &,
                                                        llvm::StringRef) override {
    return std::make_unique<Consumer>(go_, out_);
  }

private:
  const GoSide &go_;
  Result *out_;
};

} // namespace

std::string Result::Describe() const {
  std::ostringstream os;
  for (const VetFinding &f : findings)
    os << "  " << f.rule << " at " << f.where.line << ": " << f.message << "\n";
  return os.str();
}

Result Analyze(const std::string &code, const std::vector<GoCallSpec> &calls,
               const std::vector<ExportSpec> &exports, bool cxx) {
  std::string src = code + "\n";
  GoSide go;
  std::set<std::string> wrapped;
  for (const GoCallSpec &c : calls) {
    // What cgo writes (cmd/cgo/out.go), reduced to the frame and the call.
    if (wrapped.insert(c.name).second) {
      src += std::string(cxx ? "extern \"C\" " : "") + "void _cgo_0123456789ab_Cfunc_" + c.name +
             "(void *v) {\n  struct {\n";
      for (size_t i = 0; i < c.types.size(); i++)
        src += "    " + c.types[i] + " p" + std::to_string(i) + ";\n";
      src += "    char end;\n  } *_cgo_a = (decltype_frame *)v;\n  " + c.name + "(";
      for (size_t i = 0; i < c.types.size(); i++)
        src += (i ? ", " : "") + std::string("_cgo_a->p") + std::to_string(i);
      src += ");\n}\n";
    }
    GoCall call;
    call.name = c.name;
    call.file = "main.go";
    call.line = 1;
    call.export_fn = c.export_fn;
    // "unknown:f" is what C.f returned.
    for (size_t i = 0; i < c.classes.size(); i++) {
      const std::string &cls = c.classes[i];
      GoValue v{cls, cls == "go" ? "Go memory" : "", {}};
      if (cls.compare(0, 8, "unknown:") == 0)
        v = GoValue{"unknown", "", {cls.substr(8)}};
      if (i < c.objects.size())
        v.object = c.objects[i];
      call.args.push_back(v);
    }
    go.calls.push_back(call);
  }
  for (const ExportSpec &e : exports) {
    GoExport ex;
    ex.name = e.name;
    ex.result = GoValue{e.result, e.result == "go" ? "new(C.int) at main.go:9" : ""};
    ex.used_in_go = e.used_in_go;
    go.exports.push_back(ex);
  }
  // The frame's type is anonymous: in C, `void *` converts implicitly; in C++ the wrapper casts
  // through a macro that names the struct's own type.
  std::string prelude =
      cxx ? "#define decltype_frame __typeof__(*_cgo_a)\n" : "#define decltype_frame void\n";
  Result r;
  std::vector<std::string> args = {"-resource-dir", CGOSAN_CLANG_RESOURCE_DIR, "-w",
                                   "-Wno-everything"};
  if (cxx)
    args.push_back("-std=c++17");
  r.parsed = clang::tooling::runToolOnCodeWithArgs(std::make_unique<Action>(go, &r), prelude + src,
                                                   args, cxx ? "input.cc" : "input.c");
  return r;
}

std::vector<unsigned> Lines(const Result &r, const std::string &rule) {
  std::vector<unsigned> out;
  for (const VetFinding &f : r.findings)
    if (f.rule == rule)
      out.push_back(f.where.line - 1); // the prelude's one line
  std::sort(out.begin(), out.end());
  return out;
}

} // namespace testing
} // namespace vet
} // namespace cgosan
