// The slow halves of __cgosan_read and __cgosan_write (check_hooks.h): every load and store the
// pass could not prove to be on C memory (locals, C globals, fresh malloc blocks), and that the
// lent-memory cache did not answer, comes here. Writes are checked from level 1, reads from
// level 2.
#include "access_check.h"
#include "check_hooks.h"
#include "exported_pointers.h"
#include "flags.h"
#include "pinned.h"
#include "report.h"
#include "report_decision.h"
#include "slow_path.h"

// The pass calls __cgosan_read/write and the store hooks with preserve_most on x86-64
// (CGOSAN_CHECK_CC): a compiler without it would build hooks that clobber registers the
// instrumented code keeps in them.
#if defined(__x86_64__) && !defined(__clang__)
#error "the cgosan runtime must be built with clang on x86-64 (its check hooks use preserve_most)"
#endif

namespace cgosan {

// Called straight from a hook (CaptureStack skips two runtime frames).
__attribute__((noinline)) void CheckAccessSlow(ThreadState &t, uintptr_t a, const cgosan_site *site,
                                               bool write) {
  SlowPath slow(t);
  if (!slow.entered())
    return;
  // Checked in order of how often correct programs need them: helper threads working on memory
  // another thread's call lent, then pinned memory.
  ExportedPointer e;
  ReturnedLend lend;
  bool exported = false, returned = false;
  if (!CoveredByOtherThreads(t, a) && !IsPinned(a)) {
    exported = FindExportedPointer(a, &e);
    returned = FindReturnedLend(t, a, &lend);
  }
  // Both rules take an address as an object's when it lies a little above the object's pointer
  // (its size is unknown). If both match, the object that starts closer below the address is the
  // one that holds it: objects do not overlap.
  if (exported && returned && lend.base > e.value)
    exported = false;
  if (exported) {
    // A read through it is the same bug as the return, already reported.
    if (write) {
      StackTrace st;
      CaptureStack(&st, StackTop(t), 2);
      ReportWriteToReturned({site, a, e, CurrentCall(t), &st});
    }
  } else if (returned) {
    if (lend.kept_site)
      NoteKeptPointerUsed(lend.kept_site);
    StackTrace st;
    CaptureStack(&st, StackTop(t), 2);
    ReportUseAfterReturn({site, write, a, lend, CurrentCall(t), &st});
  }
  // Otherwise nobody lent it that cgosan saw (Go memory reached through a pinned pointer the
  // user did not declare, say): not judged.
}

// The hooks' slow halves (check_hooks.h). The fast halves jump to them (a tail call of the same
// signature and calling convention), so CheckAccessSlow still finds the instrumented code two
// frames up.
CGOSAN_CHECK_CC void WriteSlow(const void *addr, const cgosan_site *site) {
  if (level == 0)
    return;
  CheckAccess(CurrentThread(), (uintptr_t)addr, site, true);
}

CGOSAN_CHECK_CC void ReadSlow(const void *addr, const cgosan_site *site) {
  if (level < 2)
    return;
  CheckAccess(CurrentThread(), (uintptr_t)addr, site, false);
}

} // namespace cgosan
