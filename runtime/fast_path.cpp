// Definitions behind fast_path.h. The masks are written once at start-up, before any instrumented
// code runs.
#include "fast_path.h"

#include "fixed_tables.h"
#include "go_memory.h"

namespace cgosan {

void SetLevelMasks(int level) {
  // Byte 0 of the region table stays clear (go_memory.cpp): masking the index to 0 skips the check.
  const uintptr_t all = kRegions - 1;
  MapFixedTables();
  FixedHeader().write_mask = level >= 1 ? all : 0;
  FixedHeader().read_mask = level >= 2 ? all : 0;
}

} // namespace cgosan
