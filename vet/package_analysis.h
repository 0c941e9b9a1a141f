// The analysis of one cgo package: the translation units of its C side (cgo2.c files with the
// preambles and wrappers, and the package's .c/.cc/.cpp files), summaries of every function on
// demand across them, and the judgement of each entry point with what the Go side passes it.
#ifndef CGOSAN_VET_PACKAGE_ANALYSIS_H
#define CGOSAN_VET_PACKAGE_ANALYSIS_H

#include "abstract_values.h"
#include "entry_points.h"
#include "finding.h"
#include "function_analysis.h"
#include "go_side.h"
#include "summary.h"

#include <chrono>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

namespace cgosan {
namespace vet {

struct Stats {
  unsigned entries = 0;
  unsigned functions = 0;     // summarized
  unsigned unknown_calls = 0; // calls into code without a body, or through unknown pointers
  unsigned unknown_go = 0;    // values that reached such code and may be Go memory
  unsigned unknown_args = 0;  // entry arguments the Go side could not tell
  unsigned not_followed = 0;  // functions left out when the time budget ran out
  unsigned given_up = 0;      // functions too large to follow (empty summaries)
};

class PackageAnalysis : public AnalysisContext {
public:
  // budget_seconds: how long the analysis may take; functions not summarized by then are not
  // followed (their calls count as calls into code without a body).
  explicit PackageAnalysis(const GoSide &go, double budget_seconds = 1e9);

  // Adds a parsed translation unit (kept alive by the caller until Run returns).
  void AddUnit(clang::ASTContext &ctx);
  // An entry point given directly (tests): the C function `name` with each parameter's class.
  void AddEntry(const EntryPoint &ep) { entries_.push_back(ep); }
  std::vector<VetFinding> Run();
  const Stats &stats() const { return stats_; }

  // AnalysisContext
  Interner &interner() override { return in_; }
  const Summary *SummaryOf(const clang::FunctionDecl *callee, std::string *key) override;
  const Summary *SummaryByKey(const std::string &key) override;
  bool ExportReturnsGoMemory(const std::string &name) override;
  bool IsExport(const std::string &name) override;
  std::vector<CallBack> CallsBack(const std::string &name) override;
  uint32_t GlobalOf(const clang::VarDecl *var) override;
  uint32_t SiteOf(const clang::ASTContext &ctx, clang::SourceLocation loc,
                  const std::string &function, bool generated) override;
  void CountUnknownCall() override { stats_.unknown_calls++; }
  void CountGivenUp() override { stats_.given_up++; }

private:
  struct Def {
    const clang::FunctionDecl *fd;
    clang::ASTContext *ctx;
  };
  // What a parameter of an entry's C function receives from Go, over every call of C.name.
  struct ParamClass {
    GoValue v;
    int go_arg = -1;
    std::string name;
  };
  std::vector<ParamClass> ParamsOf(const EntryPoint &ep, const Summary &s);
  std::string ArgText(const std::string &call, const ParamClass &p) const;
  const EntryPoint *EntryNamed(const std::string &go_name) const;
  const EntryPoint *NestedParam(const Atom &nested, std::string *entry, unsigned *param) const;
  bool LendsObject(const std::string &outer, const std::string &object) const;
  bool NestedCovered(const std::string &entry, int param);
  const Summary *Summarize(const std::string &key);
  void JudgeEntry(const EntryPoint &ep, std::vector<VetFinding> *out);
  bool ReturnsCMemory(const std::vector<std::string> &cfuncs);
  void Add(VetFinding f, std::vector<VetFinding> *out);
  SourcePoint Point(uint32_t site) const;
  std::vector<SourcePoint> PathOf(const std::string &entry_fn, Origin o) const;
  SourcePoint Reported(Origin o) const;
  std::string Where(uint32_t site) const;

  const GoSide &go_;
  Interner in_;
  std::vector<clang::ASTContext *> units_;
  std::map<std::string, Def> defs_;
  std::map<std::string, std::unique_ptr<Summary>> summaries_;
  std::set<std::string> busy_;
  std::vector<EntryPoint> entries_;
  std::map<std::string, const GoExport *> exports_;
  std::set<std::pair<std::string, uint32_t>> reported_;
  // Retentions in C globals, for use-after-return by later calls.
  struct Retained {
    uint32_t global;
    std::string path;
    std::string call;
    int argument;
    std::string param;
    uint32_t site;
  };
  std::vector<Retained> retained_;
  std::map<uint32_t, std::string> export_at_site_;
  std::map<std::string, const EntryPoint *> entry_by_key_; // function key -> entry calling it
  std::map<std::pair<std::string, int>, bool> nested_covered_;
  Stats stats_;
  std::chrono::steady_clock::time_point deadline_;
};

} // namespace vet
} // namespace cgosan

#endif
