// The end-of-process summary: one line per rule with how many locations and reports it had (and
// how many were suppressed), kept in a FindingsPage (findings_page.h) shared with whoever prints it
// once the program has ended. Go ends processes with the exit_group system call, so no atexit
// handler or destructor of ours would run. Under `cgosan exec` (what `cgosan go test` and `go run`
// use) the supervisor maps the same page, prints the summary and fails the run if it counts
// findings. Otherwise, at the first report a small watcher process is forked that waits for the
// program to end and prints it. With format=sarif the watcher also turns the process's JSON lines
// into PATH.PID.sarif.
#ifndef CGOSAN_SUMMARY_H
#define CGOSAN_SUMMARY_H

#include "rules.h"

namespace cgosan {

// Maps the shared counters: the supervisor's page named by $CGOSAN_SUPERVISOR_FD if there is one
// (returns true: the run's exit status is the supervisor's), else a page of this process's own.
// At start-up.
bool InitSummary();
// The CGOSAN level in force, for the summary's wording.
void NoteLevel(int level);
// True when a `cgosan exec` supervisor counts this process's findings.
bool Supervised();
// True when the format=sarif conversion has a cgosan to run (checked at start-up).
bool SarifConverterFound();
// Counts one report of `rule`: `first` for a new location, `suppressed` if a suppression hid it.
void CountFinding(Rule rule, bool first, bool suppressed);
// Records waiting for a call in progress elsewhere to return (held_records.h) went up or down by
// delta: those still waiting when the program ends are listed in the summary.
void CountHeld(int delta);
// A report could not be written to log_path (it went to standard error): the run fails.
void CountLostReport();
// C used memory through a pointer it kept at a location reported as retained-go-pointer.
void CountRetainedUsed();
// A kept location was read back with a system call (verbosity statistics).
void CountSafeRead();
// Starts the watcher once (no-op when not needed: halt_on_error or a supervisor, without sarif).
void StartSummaryWatcher();
// The summary text for the counters so far (used by the watcher; exposed for tests).
unsigned FormatSummary(char *buf, unsigned size, int pid);

} // namespace cgosan

#endif
