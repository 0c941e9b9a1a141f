// long-cgo-call: a cgo call that holds Go memory it was lent for longer than long_call_ms. While
// C holds a goroutine's memory the goroutine cannot run on and the memory stays pinned; a call
// that blocks (on I/O, a lock, a sleep) with Go memory should use C memory instead.
//
// Timing every call would cost the call path a clock read, so nothing is timed there: a watcher
// thread, started with the first cgo call when the option is on, looks at every thread's calls in
// progress a few times per limit. A call it sees holding Go memory is remembered by its serial
// (thread, depth, serial name one call) and the time it was first seen; once that is longer ago
// than the limit, the watcher reports it (the call still runs, so a hang shows up) and marks it,
// and the call's return, seeing the mark, reports it again with its total time. Times are lower
// bounds, late by at most one look.
#ifndef CGOSAN_LONG_CALLS_H
#define CGOSAN_LONG_CALLS_H

#include "thread_state.h"

namespace cgosan {

// Starts the watcher once per process, if long_call_ms is set; called with a thread's first cgo
// call.
void StartLongCallWatcher();
// The call of t at depth d (frame f) has just returned while t.long_calls said the watcher had
// reported a call of t's: report it again with its total time if it was this one.
void LongCallReturned(ThreadState &t, unsigned d, CallFrame &f);

} // namespace cgosan

#endif
