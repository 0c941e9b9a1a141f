// cgosan instrumentation pass: see CgosanPass.cpp.
#ifndef CGOSAN_PASS_H
#define CGOSAN_PASS_H

#include "llvm/IR/PassManager.h"

namespace cgosan {

// Where in the pipeline an instance runs, and so what it instruments (Plugin.cpp):
//   Early: at the pipeline's start, before anything can delete a store: cgo wrappers, export stubs,
//          pointer stores, copies and allocations.
//   Late:  after optimization (inlining, mem2reg, vectorization): the loads and stores that may
//          touch Go memory, far fewer and on optimized code.
//   All:   both at once, at the start (-O0, and opt -passes=cgosan).
enum class Phase { All, Early, Late };

struct CgosanPass : llvm::PassInfoMixin<CgosanPass> {
  explicit CgosanPass(Phase P = Phase::All) : P(P) {}
  llvm::PreservedAnalyses run(llvm::Module &M, llvm::ModuleAnalysisManager &MAM);
  static bool isRequired() { return true; } // also at -O0 and on optnone functions
  Phase P;
};

} // namespace cgosan

#endif
