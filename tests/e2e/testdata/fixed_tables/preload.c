// Preloaded into a cgosan-built program (LD_PRELOAD), whose constructors run after this
// library's: takes the address range of cgosan's fixed tables (runtime/cgosan_abi.h) first, the
// way CGOSAN_TEST_TAKE says:
//   foreign    a mapping of something else (no cgosan header), as another sanitizer's shadow
//   other-abi  the tables as a cgosan runtime of another ABI version maps them
//   copy       the tables as another copy of this runtime maps them (a c-shared library's)
#include "cgosan_abi.h"

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>

__attribute__((constructor)) static void take(void) {
  const char *how = getenv("CGOSAN_TEST_TAKE");
  if (!how)
    return;
  int foreign = strcmp(how, "foreign") == 0;
  void *want = (void *)(uintptr_t)CGOSAN_FIXED_BASE;
  void *p = mmap(want, foreign ? 4096 : CGOSAN_FIXED_SIZE, PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED, -1, 0);
  if (p != want)
    abort();
  if (foreign)
    return;
  struct cgosan_fixed_header *h = p;
  h->abi_version = CGOSAN_ABI_VERSION + (strcmp(how, "other-abi") == 0);
  h->magic = CGOSAN_FIXED_MAGIC;
}
