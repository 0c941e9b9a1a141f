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

// A relative path in CGOSAN_OPTIONS means the directory the user started in: `cgosan go` and
// `cgosan exec` pass it as CGOSAN_START_DIR (each test binary of `go test ./...` runs in its own
// package's directory).
static const char *FromStartDir(const char *path, char *buf, unsigned size) {
  const char *dir = getenv("CGOSAN_START_DIR");
  if (!path[0] || path[0] == '/' || !dir || !dir[0])
    return path;
  Format(buf, size, "%s/%s", dir, path);
  return buf;
}

static void DieOption(const char *fmt, const char *a, const char *b) {
  char msg[1200];
  Format(msg, sizeof(msg), fmt, a, b);
  Die(msg);
}

// log_path's directory must take files now: a log that cannot be written would otherwise turn
// findings into a green run.
static void CheckLogDirectory(const char *log_path) {
  char dir[4096];
  Format(dir, sizeof(dir), "%s", log_path);
  char *slash = strrchr(dir, '/');
  if (!slash)
    Format(dir, sizeof(dir), ".");
  else if (slash == dir)
    dir[1] = 0;
  else
    *slash = 0;
  if (access(dir, W_OK | X_OK) != 0)
    DieOption("CGOSAN_OPTIONS: cannot write log_path '%s': directory '%s' is missing or not "
              "writable",
              log_path, dir);
}

__attribute__((constructor(101))) static void Init() {
  SetDefaultFlags(&flags);
  // Under a supervisor the run goes on after a report and fails at its end (summary.h).
  bool supervised = InitSummary();
  if (supervised)
    flags.halt_on_error = false;
  char err[512];
  const char *lv = getenv("CGOSAN");
  level = ParseLevel(lv);
  if (level < 0) {
    Format(err, sizeof(err), "bad value '%s' for CGOSAN (expected 0, 1 or 2)", lv);
    Die(err);
  }
  if (!ParseFlags(getenv("CGOSAN_OPTIONS"), &flags, option_storage, sizeof(option_storage), err,
                  sizeof(err)))
    DieOption("CGOSAN_OPTIONS: %s%s", err, "");
  static char log_path[4096], suppressions[4096];
  flags.log_path = FromStartDir(flags.log_path, log_path, sizeof(log_path));
  flags.suppressions = FromStartDir(flags.suppressions, suppressions, sizeof(suppressions));
  if (!strcmp(flags.format, "sarif") && !flags.log_path[0])
    Die("CGOSAN_OPTIONS: format=sarif needs log_path=PATH (it writes PATH.PID.sarif)");
  if (flags.log_path[0])
    CheckLogDirectory(flags.log_path);
  if (!strcmp(flags.format, "sarif") && !SarifConverterFound())
    Die("CGOSAN_OPTIONS: format=sarif runs `cgosan report` to write PATH.PID.sarif, and no "
        "cgosan command was found: set CGOSAN_BIN to its path");
  if (flags.suppressions[0] && !LoadSuppressions(flags.suppressions, err, sizeof(err)))
    DieOption("CGOSAN_OPTIONS: %s%s", err, "");
  SetLevelMasks(level);
  NoteLevel(level);
  InitLentMemory();
  InitThreadState();
  InitSafeRead();
  InitHeldRecords();
  if (flags.help) {
    PrintFlagHelp(2);
    // Not 0: under `go test` a test binary that ends with 0 before its tests run passes its
    // package silently. 2, as a Go program's -h exits.
    _exit(2);
  }
  if (flags.verbosity > 0) {
    Writer w(2);
    w.Printf("==%d==cgosan: level %d, halt_on_error=%d, exitcode=%d%s\n", (int)getpid(), level,
             flags.halt_on_error, flags.exitcode, supervised ? ", under cgosan exec" : "");
  }
}

} // namespace cgosan
