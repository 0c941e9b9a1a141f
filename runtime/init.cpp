// Start-up: reads CGOSAN and CGOSAN_OPTIONS before main (and before the Go runtime starts), and
// refuses bad settings with a message naming them.
#include "fast_path.h"
#include "flags.h"
#include "lent_memory.h"
#include "output.h"
#include "summary.h"
#include "suppressions.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

extern "C" {
// Referenced by every instrumented object: a link with a runtime of another ABI fails.
char __cgosan_abi_v4;
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
  if (flags.help) {
    PrintFlagHelp(2);
    // Not 0: under `go test` a test binary that ends with 0 before its tests run passes its
    // package silently. 2, as a Go program's -h exits.
    _exit(2);
  }
  if (flags.verbosity > 0) {
    Writer w(2);
    w.Printf("==%d==cgosan: level %d, halt_on_error=%d, exitcode=%d\n", (int)getpid(), level,
             flags.halt_on_error, flags.exitcode);
  }
}

} // namespace cgosan
