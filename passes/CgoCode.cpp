// Recognising cgo's generated code (CgoCode.h).
#include "CgoCode.h"

#include "../runtime/cgosan_abi.h"

#include "llvm/Analysis/ValueTracking.h"
#include "llvm/IR/DebugInfoMetadata.h"
#include "llvm/IR/Instructions.h"

#include <cstring>

using namespace llvm;

namespace cgosan {

bool isCgoGeneratedFile(StringRef File) {
  return File == "cgo-gcc-prolog" || File == "cgo-builtin-prolog" ||
         File == "cgo-generated-wrapper" || hasSuffix(File, "_cgo_export.c") ||
         hasSuffix(File, "_cgo_main.c");
}

bool isSystemFile(StringRef File) {
  static const char *const Prefixes[] = {CGOSAN_SYSTEM_PREFIXES};
  for (const char *P : Prefixes)
    if (hasPrefix(File, P))
      return true;
  return false;
}

bool isCgoCode(const Instruction &I) {
  const DILocation *DL = I.getDebugLoc().get();
  return DL && isCgoGeneratedFile(DL->getFilename());
}

StringRef wrapperCName(StringRef Name) {
  if (!hasPrefix(Name, "_cgo_"))
    return StringRef();
  size_t Pos = Name.find("_Cfunc_");
  if (Pos == StringRef::npos || Pos <= 5)
    return StringRef();
  for (char C : Name.substr(5, Pos - 5))
    if (!isxdigit((unsigned char)C))
      return StringRef();
  return Name.substr(Pos + strlen("_Cfunc_"));
}

FunctionKind classify(const Function &F) {
  if (F.isDeclaration())
    return FunctionKind::Skip;
  StringRef Name = F.getName();
  if (hasPrefix(Name, "__cgosan_") || F.hasFnAttribute(Attribute::DisableSanitizerInstrumentation))
    return FunctionKind::Skip;
  if (!wrapperCName(Name).empty())
    return FunctionKind::Wrapper;
  // runtime/cgo is never compiled with the pass, but its helpers can be inlined or copied into
  // user objects (crosscall2, x_cgo_*).
  if (hasPrefix(Name, "_cgo_") || hasPrefix(Name, "x_cgo_") || hasPrefix(Name, "crosscall"))
    return FunctionKind::Skip;
  // Export stubs call into Go through crosscall2; their stores fill the Go argument frame. Only
  // what they return to C is checked.
  for (const BasicBlock &BB : F)
    for (const Instruction &I : BB)
      if (const auto *CB = dyn_cast<CallBase>(&I))
        if (const Function *Callee = CB->getCalledFunction())
          if (Callee->getName() == "crosscall2" ||
              Callee->getName() == "_cgo_wait_runtime_init_done")
            return FunctionKind::ExportStub;
  return FunctionKind::Code;
}

GoFrame::GoFrame(const Function &F) {
  if (wrapperCName(F.getName()).empty() || F.arg_size() != 1)
    return;
  Arg = F.getArg(0);
  // The slots that hold the frame pointer, to a fixed point: `_cgo_a = v`, then
  // `_cgo_a = (char *)_cgo_a + delta` after the call.
  for (bool Changed = true; Changed;) {
    Changed = false;
    for (const BasicBlock &BB : F)
      for (const Instruction &I : BB)
        if (const auto *SI = dyn_cast<StoreInst>(&I)) {
          const Value *Slot = getUnderlyingObject(SI->getPointerOperand());
          if (isa<AllocaInst>(Slot) && !Slots.count(Slot) && isFrameValue(SI->getValueOperand())) {
            Slots.insert(Slot);
            Changed = true;
          }
        }
  }
}

bool GoFrame::isFrameValue(const Value *V) const {
  if (!Arg)
    return false;
  const Value *Obj = getUnderlyingObject(V);
  if (Obj == Arg)
    return true;
  if (const auto *LI = dyn_cast<LoadInst>(Obj))
    return Slots.count(getUnderlyingObject(LI->getPointerOperand()));
  return false;
}

bool GoFrame::contains(const Value *Ptr) const { return isFrameValue(Ptr); }

bool GoFrame::isLentPointer(const Value *V) const {
  const auto *LI = dyn_cast<LoadInst>(V);
  return LI && LI->getType()->isPointerTy() && contains(LI->getPointerOperand()) &&
         !isa<AllocaInst>(getUnderlyingObject(LI->getPointerOperand()));
}

bool GoFrame::inLentMemory(const Value *Ptr) const {
  return contains(Ptr) || isLentPointer(getUnderlyingObject(Ptr));
}

} // namespace cgosan
