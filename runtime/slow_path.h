// The discipline every hook's slow path follows: keep errno as the C code left it (the code being
// checked may read it next), and mark the thread, so that a hook fired inside the slow path (a
// report whose symbolizer or printing runs instrumented code, a signal handler) returns at once
// instead of re-entering the runtime and its non-reentrant lock.
#ifndef CGOSAN_SLOW_PATH_H
#define CGOSAN_SLOW_PATH_H

#include "thread_state.h"

#include <errno.h>

namespace cgosan {

class SlowPath {
public:
  explicit SlowPath(ThreadState &t) : t_(t), errno_(errno), entered_(!t.in_slow_path) {
    t.in_slow_path = true;
  }
  ~SlowPath() {
    if (entered_)
      t_.in_slow_path = false;
    errno = errno_;
  }
  // False when this thread is already inside a slow path: do nothing.
  bool entered() const { return entered_; }
  SlowPath(const SlowPath &) = delete;
  SlowPath &operator=(const SlowPath &) = delete;

private:
  ThreadState &t_;
  int errno_;
  bool entered_;
};

} // namespace cgosan

#endif
