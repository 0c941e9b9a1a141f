// Mapping the fixed tables (fixed_tables.h), straight from the kernel: this runs before the C
// library's constructors may have run, and inside other people's programs.
#include "fixed_tables.h"

#include "output.h"
#include "safe_read.h"

#include <errno.h>
#include <stddef.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE 0x100000
#endif

static_assert(offsetof(cgosan_fixed_header, read_mask) == CGOSAN_FIXED_READ_MASK, "ABI");
static_assert(offsetof(cgosan_fixed_header, write_mask) == CGOSAN_FIXED_WRITE_MASK, "ABI");
static_assert(CGOSAN_REGION_TABLE + CGOSAN_REGIONS == CGOSAN_FIXED_BASE + CGOSAN_FIXED_SIZE, "ABI");
static_assert(CGOSAN_REGION_TABLE < (1ull << 31), "x86-64 encodes the table in a displacement");

namespace cgosan {

static bool mapped;

[[noreturn]] static void DieUnmapped(const char *why) {
  Writer w(2);
  w.Printf("==%d==cgosan: cannot map its tables at [%p, %p), where instrumented code reads them: "
           "%s\n",
           (int)syscall(SYS_getpid), (void *)uintptr_t(CGOSAN_FIXED_BASE),
           (void *)uintptr_t(CGOSAN_FIXED_BASE + CGOSAN_FIXED_SIZE), why);
  w.Flush();
  _exit(1);
}

// Whether the tables another copy of the runtime mapped are there, of this ABI.
static bool MappedByAnotherCopy() {
  uintptr_t magic, version;
  if (!SafeRead(CGOSAN_FIXED_BASE, &magic) || magic != CGOSAN_FIXED_MAGIC)
    return false;
  if (!SafeRead(CGOSAN_FIXED_BASE + offsetof(cgosan_fixed_header, abi_version), &version))
    return false;
  if (uint32_t(version) != CGOSAN_ABI_VERSION)
    DieUnmapped("a cgosan runtime of a different version mapped them first (build the program "
                "and the libraries it loads with one cgosan)");
  return true;
}

// The pass indexes the table with a load's or store's address unmasked (a user address, below
// 2^48 where the address space has 48 bits). A kernel with a wider one (x86-64's five-level
// paging, arm64's 52-bit addresses) hands out addresses above 2^48 to whoever asks for them: the
// table then goes on read-only, zero pages never committed, as far as the index of such an
// address reaches (2^56 >> 16 bytes). Go memory is never there, and nothing writes it.
static void ExtendForWideAddresses() {
  constexpr uintptr_t kTableEnd = CGOSAN_REGION_TABLE + CGOSAN_REGIONS;
  constexpr uintptr_t kWideEnd = CGOSAN_REGION_TABLE + (uintptr_t(1) << (56 - CGOSAN_REGION_SHIFT));
  long probe = syscall(SYS_mmap, (void *)(uintptr_t(1) << 52), 4096, PROT_NONE,
                       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (probe == -1)
    return;
  syscall(SYS_munmap, probe, 4096);
  if (uintptr_t(probe) < (uintptr_t(1) << 48))
    return;
  long got = syscall(SYS_mmap, (void *)kTableEnd, kWideEnd - kTableEnd, PROT_READ,
                     MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED_NOREPLACE, -1, 0);
  if (got != (long)kTableEnd)
    DieUnmapped("the address space is wider than 48 bits, and the table's read-only "
                "continuation for addresses above 2^48 is in use");
}

void MapFixedTables() {
  if (__atomic_load_n(&mapped, __ATOMIC_ACQUIRE))
    return;
  void *want = reinterpret_cast<void *>(uintptr_t(CGOSAN_FIXED_BASE));
  // NORESERVE: the table is 4 GiB of address space of which a program touches a few pages (a
  // page of it covers 256 MiB of addresses); pages it only reads are the kernel's zero page.
  long got = syscall(SYS_mmap, want, (size_t)CGOSAN_FIXED_SIZE, PROT_READ | PROT_WRITE,
                     MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED_NOREPLACE, -1, 0);
  if (got == (long)(uintptr_t)want) {
    ExtendForWideAddresses();
    FixedHeader().abi_version = CGOSAN_ABI_VERSION;
    __atomic_store_n(&FixedHeader().magic, CGOSAN_FIXED_MAGIC, __ATOMIC_RELEASE);
  } else {
    // syscall() returns -1 and sets errno (not the kernel's negative error number).
    int err = got == -1 ? errno : 0;
    // A kernel older than 4.17 takes MAP_FIXED_NOREPLACE for a hint and maps elsewhere.
    if (err == 0)
      syscall(SYS_munmap, got, (size_t)CGOSAN_FIXED_SIZE);
    if (!MappedByAnotherCopy())
      DieUnmapped(err == ENOMEM
                      ? "the kernel refused the address space (4 GiB, reserved, never committed; "
                        "with vm.overcommit_memory=2 it counts against the commit limit)"
                      : "the range is in use (cgosan does not run beside a sanitizer whose shadow "
                        "memory lies there: -asan, -msan)");
  }
  __atomic_store_n(&mapped, true, __ATOMIC_RELEASE);
}

// Before every other constructor of the module (the runtime's own Init runs at 101), as
// AddressSanitizer's module constructors run at priority 1.
__attribute__((constructor(1))) static void MapFixedTablesFirst() { MapFixedTables(); }

} // namespace cgosan
