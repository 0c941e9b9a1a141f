// retained-go-pointer: deciding, as a call returns, what C still holds of the Go pointers it
// stored into C memory (records, thread_state.h). A record is judged when the call that made it
// returns, again when every call that still pinned its memory has returned, and only then, if
// the location still holds the pointer, reported.
#ifndef CGOSAN_RETENTION_H
#define CGOSAN_RETENTION_H

#include "thread_state.h"

namespace cgosan {

// A record as C just made it (the rest is filled in when its call returns, FillLender).
StoreRecord NewRecord(uintptr_t addr, uintptr_t value, const cgosan_site *site, int level);
// Notes which call lent the record's pointer, and as which argument: the frame `f` whose memory
// holds it (the storing call, or the call in progress another thread's store was judged against).
void FillLender(StoreRecord &r, const CallFrame &f);

// Judges r for thread t, whose calls [0, depth) are in progress, at the return of `returning`
// (the call that made it, or the last one that pinned it): forgotten if the location no longer
// holds the pointer or it is declared pinned; kept with t's innermost call if one of t's calls
// in progress lends that memory; handed to a call in progress on another thread that lends it;
// otherwise reported. Returns whether the location still held the pointer.
bool JudgeRecord(ThreadState &t, unsigned depth, const StoreRecord &r,
                 const cgosan_call *returning);

} // namespace cgosan

#endif
