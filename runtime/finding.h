// One finding as the report renderers see it: what the text report says in sentences and the
// JSON line says in fields (docs/REPORT-FORMAT.md). Filled by report.cpp's Report* functions.
#ifndef CGOSAN_FINDING_H
#define CGOSAN_FINDING_H

#include "cgosan_abi.h"
#include "lent_memory.h"
#include "stack.h"

#include <stdint.h>

namespace cgosan {

enum AccessKind { kNoAccess, kRead, kWrite };

struct Finding {
  const char *rule;
  int level;               // the lowest CGOSAN level that reports it
  const cgosan_site *site; // the C statement reported (the SUMMARY line)
  const StackTrace *stack; // C frames (may be null)
  const cgosan_call *call; // the cgo call in progress, or null
  uintptr_t go_pointer;
  GoPointerKind kind;
  const cgosan_call *lent_call; // the call that lent the memory, or null
  int lent_argument;            // 0-based, or -1 if not known
  bool has_kept;                // C kept the pointer at kept_at (stored at kept_site)
  uintptr_t kept_at;
  const cgosan_site *kept_site;
  AccessKind access;
  uintptr_t access_addr;
  const cgosan_call *exported; // the //export'ed Go function, or null
  bool into_global;            // go-pointer-in-go-memory: the target is a Go global variable
};

// The report's first line after the rule id ("C kept Go pointer 0x... after C.keep returned").
void FindingMessage(const Finding &f, char *buf, unsigned size);
// Where C memory at addr is, in words ("C global 'saved' (0x...)", "heap block of ...").
void DescribeCLocation(char *buf, unsigned size, uintptr_t addr, const cgosan_site *store);

class Writer;
// Writes f as one JSON line; `frames` are its stack, symbolized.
void WriteJsonFinding(Writer &w, const Finding &f, const SymbolizedFrame *frames, unsigned nframes,
                      bool suppressed);

} // namespace cgosan

#endif
