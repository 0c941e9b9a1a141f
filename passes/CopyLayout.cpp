// copyLayout: see CopyLayout.h.
#include "CopyLayout.h"

#include "llvm/ADT/BitVector.h"
#include "llvm/Config/llvm-config.h"
#include "llvm/IR/DataLayout.h"
#include "llvm/IR/DerivedTypes.h"
#include "llvm/IR/GlobalVariable.h"
#include "llvm/IR/Instructions.h"
#include "llvm/IR/Metadata.h"
#include "llvm/IR/Module.h"
#include "llvm/IR/Operator.h"
#include "llvm/Support/Casting.h"

using namespace llvm;

namespace cgosan {

namespace {

constexpr uint64_t kWord = 8;
constexpr uint64_t kMaxPeriodWords = 4096; // larger layouts are treated as unknown

bool hasPrefix(StringRef S, StringRef P) {
  return S.size() >= P.size() && S.substr(0, P.size()) == P;
}

// Marks the words of [Lo, Hi) (bytes) that the range covers completely.
void markCovered(uint64_t Lo, uint64_t Hi, BitVector &Bits) {
  for (uint64_t W = (Lo + kWord - 1) / kWord; (W + 1) * kWord <= Hi && W < Bits.size(); W++)
    Bits.set(W);
}

// Marks the words of T, placed at byte Base, that may hold a pointer: pointers, pointer-sized
// integers (uintptr_t), and byte arrays that cover a whole word (clang lowers unions and char
// buffers to them, and either can hold one). Implicit padding between fields marks nothing.
void markType(const DataLayout &DL, Type *T, uint64_t Base, BitVector &Bits) {
  if (Base >= Bits.size() * kWord)
    return;
  if (T->isPointerTy() || (T->isIntegerTy() && DL.getTypeStoreSize(T) == kWord)) {
    if (Base % kWord == 0)
      Bits.set(Base / kWord);
    return;
  }
  if (auto *ST = dyn_cast<StructType>(T)) {
    if (ST->isOpaque())
      return;
    const StructLayout *SL = DL.getStructLayout(ST);
    for (unsigned I = 0; I < ST->getNumElements(); I++)
      markType(DL, ST->getElementType(I), Base + SL->getElementOffset(I), Bits);
    return;
  }
  Type *Elt = nullptr;
  uint64_t Count = 0;
  if (auto *AT = dyn_cast<ArrayType>(T)) {
    Elt = AT->getElementType();
    Count = AT->getNumElements();
  } else if (auto *VT = dyn_cast<FixedVectorType>(T)) {
    Elt = VT->getElementType();
    Count = VT->getNumElements();
  } else {
    return; // floating point, small integers
  }
  uint64_t Size = DL.getTypeAllocSize(Elt);
  if (Elt->isIntegerTy(8)) {
    markCovered(Base, Base + Count, Bits);
    return;
  }
  for (uint64_t K = 0; K < Count && Base + K * Size < Bits.size() * kWord; K++)
    markType(DL, Elt, Base + K * Size, Bits);
}

// What clang says a struct copy holds (!tbaa.struct: offset, size and type of each field):
// pointer-sized pointer and integer fields into Bits, and fields TBAA calls "omnipotent char"
// (unions, arrays, char buffers: any of them may hold a pointer) into Chars.
bool markTbaaStruct(const MDNode *MD, BitVector &Bits, BitVector &Chars) {
  if (MD->getNumOperands() % 3 != 0)
    return false;
  for (unsigned I = 0; I < MD->getNumOperands(); I += 3) {
    auto *Off = mdconst::dyn_extract<ConstantInt>(MD->getOperand(I));
    auto *Size = mdconst::dyn_extract<ConstantInt>(MD->getOperand(I + 1));
    auto *Type = dyn_cast<MDNode>(MD->getOperand(I + 2));
    if (!Off || !Size || !Type)
      return false;
    // An access tag !{!base, !access, i64 offset} whose access type is a scalar type node
    // !{!"name", !parent, i64 0} (or, in older metadata, the type node itself). Newer clangs name
    // pointers "p1 int".
    if (Type->getNumOperands() >= 2 && isa<MDNode>(Type->getOperand(0)))
      Type = dyn_cast<MDNode>(Type->getOperand(1));
    StringRef Name;
    if (Type && Type->getNumOperands() > 0)
      if (auto *S = dyn_cast<MDString>(Type->getOperand(0)))
        Name = S->getString();
    uint64_t O = Off->getZExtValue(), N = Size->getZExtValue();
    bool Pointer = Name == "any pointer" || Name == "vtable pointer" || Name == "long" ||
                   Name == "long long" ||
                   (hasPrefix(Name, "p") && Name.size() > 2 && isdigit((unsigned char)Name[1]));
    if (Pointer && N == kWord && O % kWord == 0 && O / kWord < Bits.size())
      Bits.set(O / kWord);
    else if (Name == "omnipotent char")
      markCovered(O, O + N, Chars);
  }
  return true;
}

// The type of the object at V: what an alloca allocates, a global holds, a GEP points to or, on
// LLVM 14, a typed pointer points to.
Type *objectType(const Value *V) {
  V = V->stripPointerCasts();
  if (const auto *AI = dyn_cast<AllocaInst>(V))
    return AI->getAllocatedType();
  if (const auto *GV = dyn_cast<GlobalVariable>(V))
    return GV->getValueType();
  if (const auto *GEP = dyn_cast<GetElementPtrInst>(V))
    return GEP->getResultElementType();
  if (const auto *CE = dyn_cast<ConstantExpr>(V))
    if (CE->getOpcode() == Instruction::GetElementPtr)
      return cast<GEPOperator>(CE)->getResultElementType();
#if LLVM_VERSION_MAJOR < 15
  if (auto *PT = dyn_cast<PointerType>(V->getType()))
    if (!PT->isOpaque()) {
      Type *Pointee = PT->getPointerElementType();
      if (!Pointee->isIntegerTy(8) && Pointee->isSized()) // i8*: void * or char *, nothing known
        return Pointee;
    }
#endif
  return nullptr;
}

} // namespace

std::optional<CopyLayout> copyLayout(const MemTransferInst &MT) {
  const DataLayout &DL = MT.getModule()->getDataLayout();
  auto *Len = dyn_cast<ConstantInt>(MT.getLength());
  const MDNode *Tbaa = Len ? MT.getMetadata(LLVMContext::MD_tbaa_struct) : nullptr;
  Type *T = objectType(MT.getRawSource());
  if (!T)
    T = objectType(MT.getRawDest());
  if (T && !T->isSized())
    T = nullptr;
  if (!Tbaa && !T)
    return std::nullopt;
  // The period: the whole copy for a struct copy clang described, or the object's type (an
  // array copy through a pointer to its first element repeats it).
  uint64_t Bytes = Tbaa ? Len->getZExtValue() : DL.getTypeAllocSize(T);
  if (Bytes == 0 || (Len && Len->getZExtValue() % Bytes != 0))
    return std::nullopt;
  uint64_t Words = (Bytes + kWord - 1) / kWord;
  if (Words > kMaxPeriodWords)
    return std::nullopt;
  BitVector Bits(Words);
  if (Tbaa) {
    // TBAA names pointer fields; its "char" ranges count where the LLVM type, when known for the
    // same bytes, says they may hold a pointer (a union of one does, an array of shorts does not).
    BitVector Chars(Words), Typed(Words, true);
    if (!markTbaaStruct(Tbaa, Bits, Chars))
      return std::nullopt;
    if (T && DL.getTypeAllocSize(T) == Bytes) {
      Typed.reset();
      markType(DL, T, 0, Typed);
    }
    Chars &= Typed;
    Bits |= Chars;
  } else {
    markType(DL, T, 0, Bits);
  }
  if (Bits.none())
    return CopyLayout{};
  // Not a whole number of words per element: the layout does not repeat by words.
  if (Bytes % kWord != 0)
    return std::nullopt;
  CopyLayout L;
  L.Period = (unsigned)Words;
  L.Words.assign((Words + 63) / 64, 0);
  for (unsigned W : Bits.set_bits())
    L.Words[W / 64] |= uint64_t(1) << (W % 64);
  return L;
}

} // namespace cgosan
