// Go's data and bss bounds from /proc/self/exe's .symtab. The symbols are local (the Go linker
// emits them as such), so they cannot be referenced at link time. They are read once, when first
// needed, with pread into a static buffer: no allocation, no mapping of the file.
#include "go_globals.h"

#include <elf.h>
#include <fcntl.h>
#include <link.h>
#include <string.h>
#include <sys/auxv.h>
#include <unistd.h>

namespace cgosan {

namespace {

// [lo, hi) ranges: data, noptrdata, bss, noptrbss.
struct Range {
  uintptr_t lo, hi;
};
constexpr unsigned kRanges = 4;
Range ranges[kRanges];

const char *const kBounds[kRanges][2] = {{"runtime.data", "runtime.edata"},
                                         {"runtime.noptrdata", "runtime.enoptrdata"},
                                         {"runtime.bss", "runtime.ebss"},
                                         {"runtime.noptrbss", "runtime.enoptrbss"}};

// Reads the file in 64 KiB pieces into one static buffer: the symbol and string tables of a large
// Go test binary are megabytes, and mapping them would count against the program's peak RSS.
char piece[1 << 16];

bool ReadAt(int fd, uintptr_t off, void *buf, uintptr_t len) {
  return pread(fd, buf, len, (off_t)off) == (ssize_t)len;
}

// Where the executable was loaded relative to its link addresses (0 unless it is PIE).
uintptr_t LoadBias(int fd, const ElfW(Ehdr) & eh) {
  uintptr_t at_phdr = getauxval(AT_PHDR);
  for (unsigned i = 0; at_phdr && i < eh.e_phnum; i++) {
    ElfW(Phdr) ph;
    if (!ReadAt(fd, eh.e_phoff + i * sizeof(ph), &ph, sizeof(ph)))
      return 0;
    if (ph.p_type == PT_PHDR)
      return at_phdr - ph.p_vaddr;
  }
  return 0;
}

// Where in the string table each of the eight names occurs. A symbol's name may also be the tail
// of a longer string (linkers share suffixes), so every occurrence is a candidate, up to a few.
constexpr unsigned kCandidates = 8;
struct NameOffsets {
  uintptr_t at[kRanges][2][kCandidates];
  unsigned count[kRanges][2];
};

void FindNames(int fd, const ElfW(Shdr) & strtab, NameOffsets *names) {
  constexpr unsigned kLongest = 24; // "runtime.enoptrdata" and a NUL, with room to spare
  for (uintptr_t done = 0; done < strtab.sh_size;) {
    uintptr_t want = strtab.sh_size - done;
    if (want > sizeof(piece))
      want = sizeof(piece);
    if (!ReadAt(fd, strtab.sh_offset + done, piece, want))
      return;
    // Names that start in this piece; one cut at its end is read again with the next piece.
    uintptr_t limit = want < sizeof(piece) ? want : want - kLongest;
    for (uintptr_t i = 0; i < limit; i++) {
      if (piece[i] != 'r')
        continue;
      for (unsigned r = 0; r < kRanges; r++)
        for (unsigned e = 0; e < 2; e++) {
          size_t n = strlen(kBounds[r][e]) + 1;
          unsigned &c = names->count[r][e];
          if (c < kCandidates && i + n <= want && memcmp(piece + i, kBounds[r][e], n) == 0)
            names->at[r][e][c++] = done + i;
        }
    }
    done += limit;
  }
}

bool IsCandidate(const NameOffsets &names, unsigned r, unsigned e, uintptr_t st_name) {
  for (unsigned k = 0; k < names.count[r][e]; k++)
    if (names.at[r][e][k] == st_name)
      return true;
  return false;
}

void Scan(int fd) {
  ElfW(Ehdr) eh;
  if (!ReadAt(fd, 0, &eh, sizeof(eh)) || memcmp(eh.e_ident, ELFMAG, SELFMAG) != 0)
    return;
  for (unsigned s = 0; s < eh.e_shnum; s++) {
    ElfW(Shdr) symtab, strtab;
    if (!ReadAt(fd, eh.e_shoff + s * sizeof(symtab), &symtab, sizeof(symtab)) ||
        symtab.sh_type != SHT_SYMTAB ||
        !ReadAt(fd, eh.e_shoff + symtab.sh_link * sizeof(strtab), &strtab, sizeof(strtab)))
      continue;
    static NameOffsets names;
    memset(&names, 0, sizeof(names));
    FindNames(fd, strtab, &names);
    uintptr_t found[kRanges][2] = {};
    uintptr_t bias = LoadBias(fd, eh);
    constexpr uintptr_t kPerPiece = sizeof(piece) / sizeof(ElfW(Sym));
    uintptr_t count = symtab.sh_size / sizeof(ElfW(Sym));
    for (uintptr_t first = 0; first < count; first += kPerPiece) {
      uintptr_t n = count - first < kPerPiece ? count - first : kPerPiece;
      if (!ReadAt(fd, symtab.sh_offset + first * sizeof(ElfW(Sym)), piece, n * sizeof(ElfW(Sym))))
        break;
      const ElfW(Sym) *syms = (const ElfW(Sym) *)piece;
      for (uintptr_t i = 0; i < n; i++)
        for (unsigned r = 0; r < kRanges; r++)
          for (unsigned e = 0; e < 2; e++)
            if (IsCandidate(names, r, e, syms[i].st_name))
              found[r][e] = syms[i].st_value + bias;
    }
    for (unsigned r = 0; r < kRanges; r++)
      if (found[r][0] && found[r][1] > found[r][0])
        ranges[r] = {found[r][0], found[r][1]};
    return;
  }
}

// 0: not read yet, 1: being read, 2: read (whatever was found).
int state;

} // namespace

void InitGoGlobals() {
  int expected = 0;
  if (!__atomic_compare_exchange_n(&state, &expected, 1, false, __ATOMIC_ACQ_REL, __ATOMIC_ACQUIRE))
    return;
  int fd = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
  if (fd >= 0) {
    Scan(fd);
    close(fd);
  }
  __atomic_store_n(&state, 2, __ATOMIC_RELEASE);
}

bool IsGoGlobal(uintptr_t a) {
  // Read on first need: only programs whose C code stores Go pointers pay for it. While another
  // thread reads, addresses are taken as not Go globals.
  if (__atomic_load_n(&state, __ATOMIC_ACQUIRE) != 2) {
    InitGoGlobals();
    if (__atomic_load_n(&state, __ATOMIC_ACQUIRE) != 2)
      return false;
  }
  for (unsigned r = 0; r < kRanges; r++)
    if (a >= ranges[r].lo && a < ranges[r].hi)
      return true;
  return false;
}

} // namespace cgosan
