// The tables instrumented code reads, mapped at the fixed addresses of cgosan_abi.h
// (CGOSAN_FIXED_BASE): the level masks and the region table.
//
// One mapping per process, whichever copy of the runtime comes first: a cgosan-built c-shared
// library loaded by a cgosan-built program holds two runtimes, and the inline tests of both read
// the same bytes that the one mmap wrapper the Go runtime calls writes. Mapped by a constructor
// that runs before any other of its module (and so before any instrumented constructor and before
// Go starts); an address range already taken by something else (another sanitizer's shadow) ends
// the program with a message, since instrumented code cannot run without the tables.
#ifndef CGOSAN_FIXED_TABLES_H
#define CGOSAN_FIXED_TABLES_H

#include "cgosan_abi.h"

#include <stdint.h>

namespace cgosan {

inline cgosan_fixed_header &FixedHeader() {
  return *reinterpret_cast<cgosan_fixed_header *>(uintptr_t(CGOSAN_FIXED_BASE));
}
inline uint8_t *RegionTable() {
  return reinterpret_cast<uint8_t *>(uintptr_t(CGOSAN_REGION_TABLE));
}

// Maps the tables, or checks that another copy of the runtime of this ABI did; dies otherwise.
// Idempotent.
void MapFixedTables();

} // namespace cgosan

#endif
