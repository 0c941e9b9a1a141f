// Registers the cgosan pass with clang (-fpass-plugin): an early phase at the pipeline's start, a
// store phase after inlining and a late phase after the optimizer (CgosanPass.h); and with opt
// (-passes=cgosan, cgosan-early, cgosan-stores, cgosan-late), for the lit tests.
#include "CgosanPass.h"

#include "llvm/Config/llvm-config.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Passes/PassPlugin.h"

using namespace llvm;

using cgosan::CgosanPass;
using cgosan::CgosanStoresPass;
using cgosan::Phase;

// The late phase, after the optimizer (not at -O0, where the early phase did everything).
static void addLate(ModulePassManager &MPM, OptimizationLevel Level) {
  if (Level != OptimizationLevel::O0)
    MPM.addPass(CgosanPass(Phase::Late));
}

static void registerCallbacks(PassBuilder &PB) {
  // At the start of the pipeline, also at -O0: before global optimizations delete a store to a
  // static that nothing reads (`saved = p` in a program that never reads `saved` still keeps
  // the pointer as far as the rules go). Stores into allocas that do not escape are not
  // instrumented, so mem2reg and SROA still promote them.
  PB.registerPipelineStartEPCallback([](ModulePassManager &MPM, OptimizationLevel Level) {
    MPM.addPass(CgosanPass(Level == OptimizationLevel::O0 ? Phase::All : Phase::Early));
  });
  // The stores and copies the early phase leaves are hooked after inlining, SROA and GVN have
  // turned the locals a helper reached through a pointer back into registers, and before the
  // vectorizers merge stores into vector stores. Not at -O0 (the early phase did everything).
  PB.registerVectorizerStartEPCallback([](FunctionPassManager &FPM, OptimizationLevel Level) {
    if (Level != OptimizationLevel::O0) // -O0's pipeline calls it too
      FPM.addPass(CgosanStoresPass());
  });
  // Loads and stores are checked on optimized code, as the compiler sanitizers do: after mem2reg,
  // inlining and vectorization there are far fewer of them, and the loops are already vectorized.
#if LLVM_VERSION_MAJOR >= 20
  PB.registerOptimizerLastEPCallback([](ModulePassManager &MPM, OptimizationLevel Level,
                                        ThinOrFullLTOPhase) { addLate(MPM, Level); });
#else
  PB.registerOptimizerLastEPCallback(addLate);
#endif
  PB.registerPipelineParsingCallback(
      [](StringRef Name, ModulePassManager &MPM, ArrayRef<PassBuilder::PipelineElement>) {
        Phase P;
        if (Name == "cgosan")
          P = Phase::All;
        else if (Name == "cgosan-early")
          P = Phase::Early;
        else if (Name == "cgosan-stores")
          P = Phase::Stores;
        else if (Name == "cgosan-late")
          P = Phase::Late;
        else
          return false;
        // One phase named alone is all that runs: it leaves no placeholder behind.
        MPM.addPass(CgosanPass(P, /*LateFollows=*/false));
        return true;
      });
}

extern "C" LLVM_ATTRIBUTE_WEAK PassPluginLibraryInfo llvmGetPassPluginInfo() {
  return {LLVM_PLUGIN_API_VERSION, "cgosan", LLVM_VERSION_STRING, registerCallbacks};
}
