// Go's data and bss bounds from /proc/self/exe's .symtab. The symbols are local (the Go linker
// emits them as such), so they cannot be referenced at link time; reading them once at start-up
// costs a scan of the symbol table, with the file mapped read-only and no allocation.
#include "go_globals.h"

#include <elf.h>
#include <fcntl.h>
#include <link.h>
#include <string.h>
#include <sys/auxv.h>
#include <sys/mman.h>
#include <sys/stat.h>
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

// Where the executable was loaded relative to its link addresses (0 unless it is PIE).
uintptr_t LoadBias(const ElfW(Ehdr) * eh, const char *file, uintptr_t size) {
  uintptr_t at_phdr = getauxval(AT_PHDR);
  if (!at_phdr || eh->e_phoff + (uintptr_t)eh->e_phnum * sizeof(ElfW(Phdr)) > size)
    return 0;
  const ElfW(Phdr) *ph = (const ElfW(Phdr) *)(file + eh->e_phoff);
  for (unsigned i = 0; i < eh->e_phnum; i++)
    if (ph[i].p_type == PT_PHDR)
      return at_phdr - ph[i].p_vaddr;
  return 0;
}

void Scan(const char *file, uintptr_t size) {
  const ElfW(Ehdr) *eh = (const ElfW(Ehdr) *)file;
  if (size < sizeof(*eh) || memcmp(eh->e_ident, ELFMAG, SELFMAG) != 0 ||
      eh->e_shoff + (uintptr_t)eh->e_shnum * sizeof(ElfW(Shdr)) > size)
    return;
  const ElfW(Shdr) *sh = (const ElfW(Shdr) *)(file + eh->e_shoff);
  uintptr_t bias = LoadBias(eh, file, size);
  uintptr_t found[kRanges][2] = {};
  for (unsigned s = 0; s < eh->e_shnum; s++) {
    if (sh[s].sh_type != SHT_SYMTAB || sh[s].sh_link >= eh->e_shnum)
      continue;
    const ElfW(Shdr) &strtab = sh[sh[s].sh_link];
    if (sh[s].sh_offset + sh[s].sh_size > size || strtab.sh_offset + strtab.sh_size > size)
      continue;
    const ElfW(Sym) *syms = (const ElfW(Sym) *)(file + sh[s].sh_offset);
    uintptr_t n = sh[s].sh_size / sizeof(ElfW(Sym));
    const char *names = file + strtab.sh_offset;
    for (uintptr_t i = 0; i < n; i++) {
      if (syms[i].st_name >= strtab.sh_size)
        continue;
      const char *name = names + syms[i].st_name;
      if (strncmp(name, "runtime.", 8) != 0)
        continue;
      for (unsigned r = 0; r < kRanges; r++)
        for (unsigned e = 0; e < 2; e++)
          if (strcmp(name, kBounds[r][e]) == 0)
            found[r][e] = syms[i].st_value + bias;
    }
  }
  for (unsigned r = 0; r < kRanges; r++)
    if (found[r][0] && found[r][1] > found[r][0])
      ranges[r] = {found[r][0], found[r][1]};
}

} // namespace

void InitGoGlobals() {
  int fd = open("/proc/self/exe", O_RDONLY | O_CLOEXEC);
  if (fd < 0)
    return;
  struct stat st;
  if (fstat(fd, &st) == 0 && st.st_size > 0) {
    void *p = mmap(nullptr, st.st_size, PROT_READ, MAP_PRIVATE, fd, 0);
    if (p != MAP_FAILED) {
      Scan((const char *)p, st.st_size);
      munmap(p, st.st_size);
    }
  }
  close(fd);
}

bool IsGoGlobal(uintptr_t a) {
  for (unsigned r = 0; r < kRanges; r++)
    if (a >= ranges[r].lo && a < ranges[r].hi)
      return true;
  return false;
}

} // namespace cgosan
