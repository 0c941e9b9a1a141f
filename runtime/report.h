// Violation reports: the sanitizer-style text users read, printed once per rule and location.
#ifndef CGOSAN_REPORT_H
#define CGOSAN_REPORT_H

#include "cgosan_abi.h"
#include "stack.h"

#include <stdint.h>

namespace cgosan {

// The stable rule ids of PRODUCT.md.
constexpr const char kRetainedGoPointer[] = "retained-go-pointer";

struct RetainedPointer {
  const cgosan_site *store_site; // where C stored the Go pointer
  const cgosan_call *call;       // the cgo call that returned with the pointer still stored
  uintptr_t go_pointer;
  uintptr_t kept_at;
  const StackTrace
      *stack;        // C frames at the store (may be empty) // the C location that still holds it
  bool lent;         // `call` got it as an argument (or read it from its argument frame)
  int lent_argument; // that argument's index (0-based), or -1 if not known
};

void ReportRetainedPointer(const RetainedPointer &r);

// Reports printed so far (duplicates not counted); for tests.
unsigned ReportCount();

} // namespace cgosan

#endif
