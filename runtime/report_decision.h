// Whether and how a violation is reported: once per rule and location, not if suppressed, counted
// for the summary either way, printed as text or JSON under the one print lock, and the program
// halted after it if halt_on_error says so. Cold path: it may take the lock, walk the loaded
// modules and run the symbolizer, but allocates nothing.
#ifndef CGOSAN_REPORT_DECISION_H
#define CGOSAN_REPORT_DECISION_H

#include "violation.h"

#include <stdint.h>

namespace cgosan {

// A report's location: its source file and line (several accesses on one line are one finding).
// A site in a system header stands for every user line that reaches it: its key also takes the
// stack, and the report is printed once per user location it resolves to.
uintptr_t LocationKey(const cgosan_site *s, const StackTrace *stack);

// Reports v, whose location is `key`. Its stack is symbolized here; a site in a system header is
// replaced by the first user frame; a violation located by its caller (caller_pc) gets its site
// from the symbolizer.
void Emit(Violation &v, uintptr_t key);

// C used memory through a pointer it kept at kept_site: counted once per kept location.
void NoteKeptPointerUsed(const cgosan_site *kept_site);

} // namespace cgosan

#endif
