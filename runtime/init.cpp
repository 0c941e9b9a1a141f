// Start-up: reads CGOSAN and CGOSAN_OPTIONS before main (and before the Go runtime starts), and
// refuses bad settings with a message naming them.
#include "cgosan_abi.h"
#include "fast_path.h"
#include "flags.h"
#include "held_records.h"
#include "lent_memory.h"
#include "output.h"
#include "safe_read.h"
#include "summary.h"
#include "suppressions.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

extern "C" {
// Referenced by every instrumented object: a link with a runtime of another ABI fails.
char CGOSAN_ABI_MARKER;
}

namespace cgosan {

static char option_storage[4096];

static void Die(const char *msg) {
  Writer w(2);
  w.Printf("==%d==cgosan: %s\n", (int)getpid(), msg);
  w.Flush();
  _exit(1);
}

__attribute__((constructor(101))) static void Init() {
  SetDefaultFlags(&flags);
  char err[512];
  const char *lv = getenv("CGOSAN");
  level = ParseLevel(lv);
  if (level < 0) {
    Format(err, sizeof(err), "bad value '%s' for CGOSAN (expected 0, 1 or 2)", lv);
    Die(err);
  }
  if (!ParseFlags(getenv("CGOSAN_OPTIONS"), &flags, option_storage, sizeof(option_storage), err,
                  sizeof(err))) {
    char msg[600];
    Format(msg, sizeof(msg), "CGOSAN_OPTIONS: %s", err);
    Die(msg);
  }
  if (!strcmp(flags.format, "sarif") && !flags.log_path[0])
    Die("CGOSAN_OPTIONS: format=sarif needs log_path=PATH (it writes PATH.PID.sarif)");
  if (flags.suppressions[0] && !LoadSuppressions(flags.suppressions, err, sizeof(err))) {
    char msg[600];
    Format(msg, sizeof(msg), "CGOSAN_OPTIONS: %s", err);
    Die(msg);
  }
  SetLevelMasks(level);
  InitSummary();
  InitLentMemory();
  InitThreadState();
  InitSafeRead();
  InitHeldRecords();
  if (flags.help) {
    PrintFlagHelp(2);
    _exit(0);
  }
  if (flags.verbosity > 0) {
    Writer w(2);
    w.Printf("==%d==cgosan: level %d, halt_on_error=%d, exitcode=%d\n", (int)getpid(), level,
             flags.halt_on_error, flags.exitcode);
  }
}

} // namespace cgosan
