// Building one AST per file (see translation_units.h).
#include "translation_units.h"

#include "clang/Frontend/ASTUnit.h"
#include "clang/Tooling/CompilationDatabase.h"
#include "clang/Tooling/Tooling.h"

namespace cgosan {
namespace vet {

namespace {

class OneFile : public clang::tooling::CompilationDatabase {
public:
  explicit OneFile(clang::tooling::CompileCommand c) : cmd_(std::move(c)) {}
  std::vector<clang::tooling::CompileCommand> getCompileCommands(llvm::StringRef) const override {
    return {cmd_};
  }
  std::vector<std::string> getAllFiles() const override { return {cmd_.Filename}; }

private:
  clang::tooling::CompileCommand cmd_;
};

bool IsCxx(const std::string &f) {
  for (const char *ext : {".cc", ".cpp", ".cxx", ".C", ".c++"}) {
    std::string e = ext;
    if (f.size() > e.size() && f.compare(f.size() - e.size(), e.size(), e) == 0)
      return true;
  }
  return false;
}

} // namespace

ParsedUnit ParseUnit(const CUnit &unit) {
  ParsedUnit out;
  out.file = unit.file;
  std::string dir = unit.file.substr(0, unit.file.rfind('/'));
  std::vector<std::string> cmd = {IsCxx(unit.file) ? CGOSAN_CLANGXX_PATH : CGOSAN_CLANG_PATH};
  cmd.insert(cmd.end(), unit.args.begin(), unit.args.end());
  // Only errors matter to the analysis; gcc-only options in #cgo flags are not one.
  for (const char *a : {"-w", "-Qunused-arguments", "-Wno-unknown-warning-option", "-resource-dir",
                        CGOSAN_CLANG_RESOURCE_DIR, "-fsyntax-only"})
    cmd.push_back(a);
  cmd.push_back(unit.file);
  OneFile db(clang::tooling::CompileCommand(dir, unit.file, cmd, ""));
  clang::tooling::ClangTool tool(db, {unit.file});
  std::vector<std::unique_ptr<clang::ASTUnit>> asts;
  tool.buildASTs(asts);
  if (asts.empty() || !asts[0])
    return out;
  out.ok = !asts[0]->getDiagnostics().hasErrorOccurred();
  out.ast = std::move(asts[0]);
  return out;
}

} // namespace vet
} // namespace cgosan
