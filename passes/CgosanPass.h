// cgosan instrumentation pass: see CgosanPass.cpp.
#ifndef CGOSAN_PASS_H
#define CGOSAN_PASS_H

#include "llvm/IR/PassManager.h"

#include <memory>

namespace cgosan {

// Where in the pipeline an instance runs, and so what it instruments (Plugin.cpp):
//   Early:  at the pipeline's start, before anything can delete a store: cgo wrappers, export
//           stubs, stores and copies into C globals, allocations.
//   Stores: after inlining, SROA and GVN (before the vectorizers merge stores): every other
//           store and copy. clang runs it as CgosanStoresPass, a function pass.
//   Late:   after optimization (inlining, mem2reg, vectorization): the loads and stores that may
//           touch Go memory, far fewer and on optimized code.
//   All:    all three at once, at the start (-O0, and opt -passes=cgosan).
enum class Phase { All, Early, Stores, Late };

struct CgosanPass : llvm::PassInfoMixin<CgosanPass> {
  // LateFollows: a late phase will run on this module after this one (clang's pipeline), which
  // lets the store phases leave placeholders for it to expand (RuntimeInterface.h).
  explicit CgosanPass(Phase P = Phase::All, bool LateFollows = true)
      : P(P), LateFollows(LateFollows) {}
  llvm::PreservedAnalyses run(llvm::Module &M, llvm::ModuleAnalysisManager &MAM);
  static bool isRequired() { return true; } // also at -O0 and on optnone functions
  Phase P;
  bool LateFollows;
};

// The Stores phase, function by function, at the vectorizer's start in clang's pipeline.
struct CgosanStoresPass : llvm::PassInfoMixin<CgosanStoresPass> {
  CgosanStoresPass();
  CgosanStoresPass(CgosanStoresPass &&);
  ~CgosanStoresPass();
  llvm::PreservedAnalyses run(llvm::Function &F, llvm::FunctionAnalysisManager &FAM);
  static bool isRequired() { return true; }

private:
  struct ModuleState;
  std::shared_ptr<ModuleState> State;
};

} // namespace cgosan

#endif
