// The end-of-process summary: one line per rule with how many locations and reports it had (and
// how many were suppressed). Go ends processes with the exit_group system call, so no atexit
// handler or destructor of ours would run: at the first report a small watcher process is forked
// that waits for the program to end and then prints the summary from counters in shared memory.
// With format=sarif the watcher also turns the process's JSON lines into PATH.PID.sarif.
#ifndef CGOSAN_SUMMARY_H
#define CGOSAN_SUMMARY_H

namespace cgosan {

// Maps the shared counters; at start-up.
void InitSummary();
// Counts one report of `rule`: `first` for a new location, `suppressed` if a suppression hid it.
void CountFinding(const char *rule, bool first, bool suppressed);
// Records waiting for a call in progress elsewhere to return (held_records.h) went up or down by
// delta: those still waiting when the program ends are listed in the summary.
void CountHeld(int delta);
// Starts the watcher once (no-op when not needed: halt_on_error without sarif, summary=0).
void StartSummaryWatcher();
// The summary text for the counters so far (used by the watcher; exposed for tests).
unsigned FormatSummary(char *buf, unsigned size, int pid);

} // namespace cgosan

#endif
