// Registers the cgosan pass with clang (-fpass-plugin) and with opt (-passes=cgosan, for the lit
// tests).
#include "CgosanPass.h"

#include "llvm/Config/llvm-config.h"
#include "llvm/Passes/PassBuilder.h"
#include "llvm/Passes/PassPlugin.h"

using namespace llvm;

static void registerCallbacks(PassBuilder &PB) {
  // At the start of the pipeline, also at -O0: before global optimizations delete a store to a
  // static that nothing reads (`saved = p` in a program that never reads `saved` still keeps
  // the pointer as far as the rules go). Stores into allocas that do not escape are not
  // instrumented, so mem2reg and SROA still promote them.
  PB.registerPipelineStartEPCallback(
      [](ModulePassManager &MPM, OptimizationLevel) { MPM.addPass(cgosan::CgosanPass()); });
  PB.registerPipelineParsingCallback(
      [](StringRef Name, ModulePassManager &MPM, ArrayRef<PassBuilder::PipelineElement>) {
        if (Name != "cgosan")
          return false;
        MPM.addPass(cgosan::CgosanPass());
        return true;
      });
}

extern "C" LLVM_ATTRIBUTE_WEAK PassPluginLibraryInfo llvmGetPassPluginInfo() {
  return {LLVM_PLUGIN_API_VERSION, "cgosan", LLVM_VERSION_STRING, registerCallbacks};
}
