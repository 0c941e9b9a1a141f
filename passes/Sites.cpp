// The constants of Sites.h.
#include "Sites.h"

#include "CgoCode.h"
#include "CopyLayout.h"
#include "MemoryKinds.h"

#include "../runtime/cgosan_abi.h"

#include "llvm/IR/DebugInfoMetadata.h"
#include "llvm/IR/GlobalVariable.h"

#include <string>

using namespace llvm;

namespace cgosan {

std::string globalName(const Value *Ptr, bool &TLS) {
  const auto *GV = dyn_cast<GlobalVariable>(underlyingObject(Ptr));
  if (!GV)
    return std::string();
  TLS = GV->isThreadLocal();
  SmallVector<DIGlobalVariableExpression *, 1> DIs;
  GV->getDebugInfo(DIs);
  return DIs.empty() ? GV->getName().str() : DIs[0]->getVariable()->getName().str();
}

Constant *Sites::string(StringRef S) {
  auto It = Strings.find(S);
  if (It != Strings.end())
    return It->second;
  Constant *Str = ConstantDataArray::getString(RT.Ctx, S);
  auto *GV = new GlobalVariable(RT.M, Str->getType(), true, GlobalValue::PrivateLinkage, Str,
                                "__cgosan_str");
  GV->setUnnamedAddr(GlobalValue::UnnamedAddr::Global);
  Constant *P = ConstantExpr::getPointerCast(GV, RT.PtrTy);
  Strings[S] = P;
  return P;
}

// A file name as reports give it: relative names made absolute with their directory, except
// the names cgo gives its generated code.
static std::string sourcePath(StringRef File, StringRef Dir) {
  if (!File.empty() && File[0] != '/' && !isCgoGeneratedFile(File) && !Dir.empty())
    return (Dir + "/" + File).str();
  return File.str();
}

Constant *Sites::site(Instruction &I, StringRef Object, bool TLS) {
  std::string File;
  StringRef Func = I.getFunction()->getName();
  unsigned Line = 0, Col = 0, Flags = TLS ? CGOSAN_SITE_TLS : 0;
  // After inlining the location is the callee's, and so is the function to name; a callee from
  // a system header (libstdc++'s push_back) is not where the user's code did it: the first
  // location up the inlining chain in the user's code is.
  const DILocation *DL = I.getDebugLoc().get();
  for (const DILocation *L = DL; L; L = L->getInlinedAt())
    if (!isSystemFile(L->getFilename())) {
      DL = L;
      break;
    } else if (!L->getInlinedAt()) {
      Flags |= CGOSAN_SITE_SYSTEM; // the runtime takes the first user frame of the stack
    }
  if (DL) {
    File = sourcePath(DL->getFilename(), DL->getDirectory());
    Line = DL->getLine();
    Col = DL->getColumn();
    if (DISubprogram *SP = DL->getScope()->getSubprogram())
      Func = SP->getName();
  }
  std::string Key = File + ":" + std::to_string(Line) + ":" + std::to_string(Col) + ":" +
                    Func.str() + ":" + Object.str() + ":" + std::to_string(Flags);
  return intern(Key, File, Func, Line, Col, Object, Flags);
}

Constant *Sites::intern(const std::string &Key, StringRef File, StringRef Func, unsigned Line,
                        unsigned Col, StringRef Object, unsigned Flags) {
  auto It = SiteMap.find(Key);
  if (It != SiteMap.end())
    return It->second;
  Constant *Fields[] = {string(File),
                        string(Func),
                        ConstantInt::get(RT.Int32Ty, Line),
                        ConstantInt::get(RT.Int32Ty, Col),
                        Object.empty() ? ConstantPointerNull::get(RT.PtrTy) : string(Object),
                        ConstantInt::get(RT.Int32Ty, Flags),
                        ConstantInt::get(RT.Int32Ty, 0)};
  auto *GV = new GlobalVariable(RT.M, RT.SiteTy, true, GlobalValue::PrivateLinkage,
                                ConstantStruct::get(RT.SiteTy, Fields), "__cgosan_site");
  Constant *P = ConstantExpr::getPointerCast(GV, RT.PtrTy);
  SiteMap[Key] = P;
  return P;
}

Constant *Sites::storeSite(Instruction &I, Value *Addr) {
  bool TLS = false;
  std::string Object = globalName(Addr, TLS);
  return site(I, Object, TLS);
}

Constant *Sites::definition(const Function &F) {
  const DISubprogram *SP = F.getSubprogram();
  if (!SP)
    return ConstantPointerNull::get(RT.PtrTy);
  std::string File = sourcePath(SP->getFilename(), SP->getDirectory());
  std::string Key = "def:" + File + ":" + std::to_string(SP->getLine()) + ":" + SP->getName().str();
  return intern(Key, File, SP->getName(), SP->getLine(), 0, StringRef(), 0);
}

Constant *Sites::call(StringRef Name, StringRef Symbol, StringRef GlobalName,
                      const Function *Callee) {
  Constant *Fields[] = {string(Name), string(Symbol),
                        Callee ? definition(*Callee) : ConstantPointerNull::get(RT.PtrTy)};
  auto *Desc = new GlobalVariable(RT.M, RT.CallTy, true, GlobalValue::PrivateLinkage,
                                  ConstantStruct::get(RT.CallTy, Fields), GlobalName);
  return ConstantExpr::getPointerCast(Desc, RT.PtrTy);
}

Constant *Sites::copyLayout(const MemTransferInst &MT) {
  std::optional<CopyLayout> L = cgosan::copyLayout(MT);
  if (!L)
    return ConstantPointerNull::get(RT.PtrTy);
  Type *Int64Ty = Type::getInt64Ty(RT.Ctx);
  SmallVector<Constant *, 2> Words;
  for (uint64_t W : L->Words)
    Words.push_back(ConstantInt::get(Int64Ty, W));
  ArrayType *WordsTy = ArrayType::get(Int64Ty, Words.size());
  Constant *Fields[] = {ConstantInt::get(RT.Int32Ty, L->Period), ConstantInt::get(RT.Int32Ty, 0),
                        ConstantArray::get(WordsTy, Words)};
  auto *Init = ConstantStruct::getAnon(RT.Ctx, Fields);
  auto *GV = new GlobalVariable(RT.M, Init->getType(), true, GlobalValue::PrivateLinkage, Init,
                                "__cgosan_layout");
  GV->setUnnamedAddr(GlobalValue::UnnamedAddr::Global);
  GV->setAlignment(Align(8));
  return ConstantExpr::getPointerCast(GV, RT.PtrTy);
}

} // namespace cgosan
