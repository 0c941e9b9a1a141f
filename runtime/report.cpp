// The report entry points the hooks call (report.h): each turns what its hook knows into a
// Violation and hands it to the decision (report_decision.h), with the key of its location.
#include "report.h"

#include "report_decision.h"
#include "violation.h"

namespace cgosan {

void ReportRetainedPointer(const RetainedPointer &r) {
  Violation v = NewViolation(Rule::kRetainedGoPointer, r.store_site, r.stack,
                             r.by_other_thread ? nullptr : r.call);
  v.level = r.level;
  v.go_pointer = r.go_pointer;
  v.kind = r.kind;
  v.lent_call = r.call;
  v.lent_argument = r.lent_argument;
  v.last_pinned_by = r.last_pinned_by;
  v.by_other_thread = r.by_other_thread;
  v.has_kept = true;
  v.kept_at = r.kept_at;
  v.kept_site = r.store_site;
  Emit(v, LocationKey(r.store_site, r.stack));
}

void ReportUseAfterReturn(const UseAfterReturn &r) {
  Violation v = NewViolation(Rule::kUseAfterReturn, r.site, r.stack, r.current);
  v.level = r.write ? 1 : 2;
  v.go_pointer = r.lend.base;
  v.kind = r.lend.kind;
  v.lent_call = r.lend.call;
  v.lent_argument = r.lend.argument == UINT32_MAX ? -1 : (int)r.lend.argument;
  v.has_kept = r.lend.kept_site != nullptr;
  v.kept_at = r.lend.kept_at;
  v.kept_site = r.lend.kept_site;
  v.access = r.write ? kWrite : kRead;
  v.access_addr = r.addr;
  // A read and a write on one line are two findings.
  Emit(v, LocationKey(r.site, r.stack) ^ (r.write ? 2 : 0));
}

void ReportGoPointerInGoMemory(const GoPointerInGoMemory &r) {
  Violation v = NewViolation(Rule::kGoPointerInGoMemory, r.site, r.stack, r.current);
  v.level = r.level;
  v.go_pointer = r.value;
  v.kind = kGoHeap;
  v.access = kWrite;
  v.access_addr = r.addr;
  v.into_global = r.into_global;
  Emit(v, LocationKey(r.site, r.stack));
}

void ReportReturnedGoPointer(const ExportedPointer &e, const StackTrace *stack,
                             const cgosan_call *current) {
  // Located by where C called the exported function, which only the symbolizer can say.
  Violation v = NewViolation(Rule::kReturnedGoPointer, nullptr, stack, current);
  v.go_pointer = e.value;
  v.kind = kGoHeap;
  v.exported = e.fn;
  v.caller_pc = e.caller_pc;
  Emit(v, e.caller_pc | 1);
}

void ReportWriteToReturned(const WriteToReturned &r) {
  Violation v = NewViolation(Rule::kWriteToReturnedGoPointer, r.site, r.stack, r.current);
  v.go_pointer = r.exported.value;
  v.kind = kGoHeap;
  v.access = kWrite;
  v.access_addr = r.addr;
  v.exported = r.exported.fn;
  Emit(v, LocationKey(r.site, r.stack));
}

void ReportLongCall(const LongCall &l) {
  // Located at the C function's definition; no stack (it is another thread's, still running).
  Violation v = NewViolation(Rule::kLongCgoCall, l.call ? l.call->callee : nullptr, nullptr,
                             l.returned ? l.call : nullptr);
  v.lent_call = l.call;
  v.held_ms = l.held_ms;
  v.still_running = !l.returned;
  v.nheld = l.nheld;
  for (unsigned i = 0; i < l.nheld; i++) {
    v.held[i] = l.held[i];
    v.held_argument[i] = l.held_argument[i];
  }
  v.go_pointer = l.nheld ? l.held[0] : 0;
  v.lent_argument = l.nheld ? l.held_argument[0] : -1;
  // Once while running and once at the return, per place.
  Emit(v, LocationKey(v.site, nullptr) ^ (uintptr_t)l.call ^ (l.returned ? 4 : 8));
}

} // namespace cgosan
