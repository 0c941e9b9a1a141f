// One violation as the report printers see it: what the text report says in sentences and the
// JSON line says in fields (docs/REPORT-FORMAT.md). The Report* functions of report.h fill it;
// report_decision.cpp decides whether and how it is printed; report_text.cpp and report_json.cpp
// print it.
#ifndef CGOSAN_VIOLATION_H
#define CGOSAN_VIOLATION_H

#include "cgosan_abi.h"
#include "rules.h"
#include "stack.h"
#include "thread_state.h"

#include <stdint.h>

namespace cgosan {

enum AccessKind { kNoAccess, kRead, kWrite };

struct Violation {
  Rule rule;
  int level;               // the lowest CGOSAN level that reports it
  const cgosan_site *site; // the C statement reported (the SUMMARY line)
  uintptr_t caller_pc;     // located by where C called instead (returned-go-pointer), or 0
  bool caller_known;       // caller_pc was symbolized into site
  const StackTrace *stack; // C frames (may be null)
  const cgosan_call *call; // the cgo call in progress on the reporting thread, or null
  uintptr_t go_pointer;
  GoPointerKind kind;
  const cgosan_call *lent_call;      // the call that lent the memory, or null
  int lent_argument;                 // 0-based, or -1 if not known
  const cgosan_call *last_pinned_by; // a call that kept the memory pinned until it returned
  bool by_other_thread;              // stored by a thread with no cgo call in progress
  bool has_kept;                     // C kept the pointer at kept_at (stored at kept_site)
  uintptr_t kept_at;
  const cgosan_site *kept_site;
  AccessKind access;
  uintptr_t access_addr;
  const cgosan_call *exported; // the //export'ed Go function, or null
  bool into_global;            // go-pointer-in-go-memory: the target is a Go global variable
  // long-cgo-call: how long the call has held Go memory, whether it still runs, and what it holds.
  uint64_t held_ms;
  bool still_running;
  unsigned nheld;
  uintptr_t held[kMaxLent];
  int held_argument[kMaxLent];
};

// A violation of `rule` at `site` with nothing else known yet.
Violation NewViolation(Rule rule, const cgosan_site *site, const StackTrace *stack,
                       const cgosan_call *call);

// The report's first line after the rule id ("C kept Go pointer 0x... after C.keep returned").
void ViolationMessage(const Violation &v, char *buf, unsigned size);
// Where C memory at addr is, in words ("C global 'saved' (0x...)", "heap block of ...").
void DescribeCLocation(char *buf, unsigned size, uintptr_t addr, const cgosan_site *store);
const char *FileOf(const cgosan_site *s);
const char *FunctionOf(const cgosan_site *s);
const char *CallName(const cgosan_call *c);

class Writer;
// The text report (sanitizer style); `frames` are its stack, symbolized.
void PrintViolationText(Writer &w, const Violation &v, const SymbolizedFrame *frames,
                        unsigned nframes);
// The JSON line.
void WriteJsonViolation(Writer &w, const Violation &v, const SymbolizedFrame *frames,
                        unsigned nframes, bool suppressed);

} // namespace cgosan

#endif
