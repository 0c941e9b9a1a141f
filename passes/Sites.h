// The constants the pass hands the runtime to say where things happen (runtime/cgosan_abi.h): one
// `cgosan_site` per source location (and C global stored to), one `cgosan_call` per cgo wrapper
// or export stub, one `cgosan_copy_layout` per kind of copy, and their strings, each made once
// per module.
#ifndef CGOSAN_SITES_H
#define CGOSAN_SITES_H

#include "RuntimeInterface.h"

#include "llvm/ADT/StringMap.h"
#include "llvm/IR/IntrinsicInst.h"

namespace cgosan {

class Sites {
public:
  explicit Sites(const RuntimeInterface &RT) : RT(RT) {}
  // The site of I: its file, line and column (the first location up the inlining chain in the
  // user's code; a chain wholly in system headers is flagged CGOSAN_SITE_SYSTEM), its function,
  // and the C global it stores to (Object, TLS), if any.
  llvm::Constant *site(llvm::Instruction &I, llvm::StringRef Object = llvm::StringRef(),
                       bool TLS = false);
  // The site of a store or copy to Addr: names the C global it stores to.
  llvm::Constant *storeSite(llvm::Instruction &I, llvm::Value *Addr);
  // The site of a function's definition (file, line, name), from its debug information; null
  // without one.
  llvm::Constant *definition(const llvm::Function &F);
  // A cgosan_call {name, symbol, callee}; Callee is the C function Go calls, if known.
  llvm::Constant *call(llvm::StringRef Name, llvm::StringRef Symbol, llvm::StringRef GlobalName,
                       const llvm::Function *Callee = nullptr);
  // The copy's cgosan_copy_layout (CopyLayout.h), or null when its type is unknown.
  llvm::Constant *copyLayout(const llvm::MemTransferInst &MT);
  llvm::Constant *string(llvm::StringRef S);
  // The one cgosan_site for Key, made from these fields the first time.
  llvm::Constant *intern(const std::string &Key, llvm::StringRef File, llvm::StringRef Func,
                         unsigned Line, unsigned Col, llvm::StringRef Object, unsigned Flags);

private:
  const RuntimeInterface &RT;
  llvm::StringMap<llvm::Constant *> Strings;
  llvm::StringMap<llvm::Constant *> SiteMap; // one site per source location (and object)
};

// The source name of the C global Ptr points into ("" if none), and whether it is thread-local.
std::string globalName(const llvm::Value *Ptr, bool &TLS);

} // namespace cgosan

#endif
