// cgosan instrumentation pass: see CgosanPass.cpp.
#ifndef CGOSAN_PASS_H
#define CGOSAN_PASS_H

#include "llvm/IR/PassManager.h"

namespace cgosan {

struct CgosanPass : llvm::PassInfoMixin<CgosanPass> {
  llvm::PreservedAnalyses run(llvm::Module &M, llvm::ModuleAnalysisManager &MAM);
  static bool isRequired() { return true; } // also at -O0 and on optnone functions
};

} // namespace cgosan

#endif
