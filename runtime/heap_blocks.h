// Heap blocks that instrumented C code allocated, so that a report can say "heap block of N bytes
// allocated at FILE:LINE". A fixed open-addressing table, written with plain atomic stores and no
// lock; when a neighbourhood is full an older entry is overwritten, and an entry two threads wrote
// at once fails its check (the report then says less, never something wrong).
#ifndef CGOSAN_HEAP_BLOCKS_H
#define CGOSAN_HEAP_BLOCKS_H

#include "cgosan_abi.h"

#include <stdint.h>

namespace cgosan {

struct HeapBlock {
  uintptr_t start;
  uintptr_t size;
  const cgosan_site *site;
};

void NoteHeapAlloc(uintptr_t p, uintptr_t size, const cgosan_site *site);
void NoteHeapFree(uintptr_t p);
// Finds the known block that contains addr; cold path (scans the table).
bool FindHeapBlock(uintptr_t addr, HeapBlock *out);

} // namespace cgosan

#endif
