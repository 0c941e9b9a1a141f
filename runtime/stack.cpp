// Stack capture (frame-pointer walk) and report-time symbolization (see stack.h).
#include "stack.h"

#include "flags.h"
#include "modules.h"
#include "output.h"
#include "safe_read.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

extern char **environ;

namespace cgosan {

namespace {

// Reads a frame's saved frame pointer and return address.
bool ReadFrame(uintptr_t *fp, bool safe, uintptr_t *next, uintptr_t *pc) {
  if (!safe) {
    *next = fp[0];
    *pc = fp[1];
    return true;
  }
  return SafeRead((uintptr_t)fp, next) && SafeRead((uintptr_t)(fp + 1), pc);
}

} // namespace

__attribute__((noinline)) void CaptureStack(StackTrace *st, uintptr_t hi, unsigned skip) {
  st->size = 0;
  bool safe = hi == 0;
  if (safe)
    hi = UINTPTR_MAX;
  uintptr_t *fp = (uintptr_t *)__builtin_frame_address(0);
  // Step over this function's frame and the runtime's to the hook's, whose return address is
  // in the instrumented code. The runtime is built with frame pointers.
  for (unsigned i = 0; i < skip; i++) {
    uintptr_t *up = (uintptr_t *)fp[0];
    if (up <= fp || (uintptr_t)up >= hi)
      return;
    fp = up;
  }
  while (st->size < kMaxFrames) {
    uintptr_t next_fp, pc;
    if (!ReadFrame(fp, safe, &next_fp, &pc) || pc < 4096)
      return;
    st->pc[st->size++] = pc;
    uintptr_t *next = (uintptr_t *)next_fp;
    // Stop below the cgo wrapper's own frame: above it is the Go runtime.
    if (next <= fp || ((uintptr_t)next & 7) || (uintptr_t)next + 16 >= hi)
      return;
    fp = next;
  }
}

namespace {

bool Executable(const char *path) { return access(path, X_OK) == 0; }

// Finds llvm-symbolizer; "" if there is none.
void FindSymbolizer(char *out, unsigned size) {
  out[0] = 0;
  const char *env = getenv("CGOSAN_SYMBOLIZER_PATH");
  if (env && env[0]) {
    if (Executable(env))
      Format(out, size, "%s", env);
    return;
  }
  const char *path = getenv("PATH");
  static const char *names[] = {"llvm-symbolizer",    "llvm-symbolizer-14", "llvm-symbolizer-15",
                                "llvm-symbolizer-16", "llvm-symbolizer-17", "llvm-symbolizer-18"};
  for (const char *name : names) {
    for (const char *p = path; p && *p;) {
      const char *end = strchr(p, ':');
      unsigned len = end ? (unsigned)(end - p) : (unsigned)strlen(p);
      Format(out, size, "%.*s/%s", (int)len, p, name);
      if (len && Executable(out))
        return;
      p = end ? end + 1 : nullptr;
    }
  }
  for (int v = 20; v >= 14; v--) {
    Format(out, size, "/usr/lib/llvm-%d/bin/llvm-symbolizer", v);
    if (Executable(out))
      return;
  }
  out[0] = 0;
}

// One llvm-symbolizer per process, started at the first report and kept for the next ones, as the
// compiler sanitizers do (starting one per report cost 100 ms each). It talks over a socket pair
// (send with MSG_NOSIGNAL: a symbolizer that died cannot kill the program with SIGPIPE), and a
// reply that does not come within symbolize_timeout_ms ends it: later reports are printed
// unsymbolized rather than the program hanging. A child process after fork starts its own.
struct Symbolizer {
  int fd = -1;
  pid_t pid = 0;
  pid_t owner = 0; // the process that started it
  bool broken = false;
};
Symbolizer symbolizer_process;

void StopSymbolizer(Symbolizer &s, bool kill_it) {
  if (s.fd >= 0)
    close(s.fd);
  if (kill_it && s.pid > 0) {
    kill(s.pid, SIGKILL);
    waitpid(s.pid, nullptr, 0);
  }
  s.fd = -1;
  s.pid = 0;
}

bool StartSymbolizer(Symbolizer &s, const char *path) {
  int sv[2];
  if (socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0)
    return false;
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, sv[1], 0);
  posix_spawn_file_actions_adddup2(&fa, sv[1], 1);
  char *argv[] = {(char *)path, (char *)"--inlining", (char *)"--demangle", nullptr};
  pid_t pid;
  int rc = posix_spawn(&pid, path, &fa, nullptr, argv, environ);
  posix_spawn_file_actions_destroy(&fa);
  close(sv[1]);
  if (rc != 0) {
    close(sv[0]);
    return false;
  }
  s.fd = sv[0];
  s.pid = pid;
  s.owner = getpid();
  return true;
}

// Sends `input` (one "MODULE OFFSET" line per address) and reads one reply block per line (each
// ends with an empty line) into `out`; false if the symbolizer could not answer in time.
bool Exchange(Symbolizer &s, const char *input, unsigned input_len, unsigned blocks, char *out,
              unsigned out_size) {
  for (unsigned sent = 0; sent < input_len;) {
    ssize_t n = send(s.fd, input + sent, input_len - sent, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      return false;
    sent += (unsigned)n;
  }
  unsigned len = 0, seen = 0;
  int timeout = flags.symbolize_timeout_ms > 0 ? flags.symbolize_timeout_ms : 1;
  while (seen < blocks) {
    struct pollfd p = {s.fd, POLLIN, 0};
    int r = poll(&p, 1, timeout);
    if (r < 0 && errno == EINTR)
      continue;
    if (r <= 0)
      return false; // timed out, or broken
    ssize_t n = read(s.fd, out + len, out_size - 1 - len);
    if (n < 0 && errno == EINTR)
      continue;
    if (n <= 0)
      return false;
    for (ssize_t k = 0; k < n; k++) // a block ends with "\n\n"
      if (out[len + k] == '\n' && len + k > 0 && out[len + k - 1] == '\n')
        seen++;
    len += (unsigned)n;
    if (len == out_size - 1)
      break;
  }
  out[len] = 0;
  return true;
}

// Runs the symbolizer over `input` (`blocks` addresses), leaving its output in `out`; false if it
// could not.
bool Symbolize(const char *path, const char *input, unsigned input_len, unsigned blocks, char *out,
               unsigned out_size) {
  Symbolizer &s = symbolizer_process;
  if (s.fd >= 0 && s.owner != getpid())
    StopSymbolizer(s, false); // the parent's, inherited through fork
  if (s.broken)
    return false;
  for (int attempt = 0; attempt < 2; attempt++) {
    if (s.fd < 0 && !StartSymbolizer(s, path)) {
      s.broken = true;
      return false;
    }
    if (Exchange(s, input, input_len, blocks, out, out_size))
      return true;
    // Gone (reaped by the program, say) or hung: once more with a new one, then give up.
    StopSymbolizer(s, true);
  }
  s.broken = true;
  Warn("llvm-symbolizer did not answer: stacks are printed unsymbolized");
  return false;
}

// Splits "file:line:col" from the right (file names may hold ':').
void SplitLocation(char *loc, SymbolizedFrame *f) {
  f->line = f->column = 0;
  char *c2 = strrchr(loc, ':');
  char *c1 = c2 ? (*c2 = 0, strrchr(loc, ':')) : nullptr;
  if (c1) {
    *c1 = 0;
    f->line = (unsigned)strtoul(c1 + 1, nullptr, 10);
    f->column = (unsigned)strtoul(c2 + 1, nullptr, 10);
  } else if (c2) {
    f->line = (unsigned)strtoul(c2 + 1, nullptr, 10);
  }
  Format(f->file, sizeof(f->file), "%s", loc);
}

// A frame the symbolizer could not name: frame 0 from the pass's site, others as module+offset.
void Unsymbolized(SymbolizedFrame *f, uintptr_t pc, bool first, const cgosan_site *top,
                  const ModuleInfo *module) {
  f->pc = pc;
  f->function[0] = f->file[0] = f->module[0] = 0;
  f->line = f->column = 0;
  f->offset = 0;
  if (first && top && top->line) {
    Format(f->function, sizeof(f->function), "%s", top->function);
    Format(f->file, sizeof(f->file), "%s", top->file);
    f->line = top->line;
    f->column = top->column;
  } else if (module) {
    Format(f->module, sizeof(f->module), "%s", module->path);
    f->offset = module->offset;
  }
}

} // namespace

unsigned SymbolizeStack(const StackTrace &st, const cgosan_site *top, SymbolizedFrame *out,
                        unsigned max) {
  ModuleInfo mods[kMaxFrames];
  bool found[kMaxFrames];
  char input[kMaxFrames * 560];
  unsigned input_len = 0;
  for (unsigned i = 0; i < st.size; i++) {
    // pc - 1: the call instruction, not the one after it.
    found[i] = FindModuleOf(st.pc[i] - 1, &mods[i]);
    if (found[i]) {
      char line[560];
      Format(line, sizeof(line), "\"%s\" 0x%lx\n", mods[i].path, (unsigned long)mods[i].offset);
      unsigned n = (unsigned)strlen(line);
      memcpy(input + input_len, line, n);
      input_len += n;
    }
  }
  char symbolizer[512];
  FindSymbolizer(symbolizer, sizeof(symbolizer));
  static char output[16384];
  unsigned blocks = 0;
  for (unsigned i = 0; i < st.size; i++)
    blocks += found[i];
  bool symbolized = symbolizer[0] && input_len &&
                    Symbolize(symbolizer, input, input_len, blocks, output, sizeof(output));
  unsigned n = 0;
  char *cursor = output;
  for (unsigned i = 0; i < st.size && n < max; i++) {
    if (!symbolized || !found[i]) {
      Unsymbolized(&out[n++], st.pc[i], i == 0, top, found[i] ? &mods[i] : nullptr);
      continue;
    }
    // One block per address: "function\nfile:line:col\n" pairs (inlined frames first), then an
    // empty line.
    while (*cursor && *cursor != '\n') {
      char *fn = cursor;
      char *fn_end = strchr(fn, '\n');
      if (!fn_end)
        break;
      *fn_end = 0;
      char *loc = fn_end + 1;
      char *loc_end = strchr(loc, '\n');
      if (!loc_end)
        break;
      *loc_end = 0;
      cursor = loc_end + 1;
      // "??": no debug information (`go run` strips it). The cgo wrapper is shown as the C.func
      // frame that follows the stack.
      if (n == max || (strncmp(fn, "_cgo_", 5) == 0 && strstr(fn, "_Cfunc_")))
        continue;
      if (strcmp(fn, "??") == 0) {
        Unsymbolized(&out[n++], st.pc[i], i == 0, top, &mods[i]);
        continue;
      }
      SymbolizedFrame &f = out[n++];
      f.pc = st.pc[i];
      Format(f.function, sizeof(f.function), "%s", fn);
      SplitLocation(loc, &f);
      f.module[0] = 0;
      f.offset = 0;
    }
    while (*cursor == '\n')
      cursor++;
  }
  return n;
}

unsigned PrintStack(Writer &w, const StackTrace &st, unsigned first, const cgosan_site *top) {
  static SymbolizedFrame frames[kMaxSymbolizedFrames];
  unsigned count = SymbolizeStack(st, top, frames, kMaxSymbolizedFrames);
  unsigned n = first;
  for (unsigned i = 0; i < count; i++) {
    const SymbolizedFrame &f = frames[i];
    if (f.function[0])
      w.Printf("    #%u 0x%lx in %s %s:%u:%u\n", n++, (unsigned long)f.pc, f.function, f.file,
               f.line, f.column);
    else if (f.module[0])
      w.Printf("    #%u 0x%lx (%s+0x%lx)\n", n++, (unsigned long)f.pc, f.module,
               (unsigned long)f.offset);
    else
      w.Printf("    #%u 0x%lx\n", n++, (unsigned long)f.pc);
  }
  return n;
}

} // namespace cgosan

namespace cgosan {

bool SymbolizePc(uintptr_t pc, PcLocation *out) {
  ModuleInfo mod;
  if (!FindModuleOf(pc - 1, &mod))
    return false;
  char symbolizer[512];
  FindSymbolizer(symbolizer, sizeof(symbolizer));
  if (!symbolizer[0])
    return false;
  char input[600];
  Format(input, sizeof(input), "\"%s\" 0x%lx\n", mod.path, (unsigned long)mod.offset);
  static char output[4096];
  if (!Symbolize(symbolizer, input, (unsigned)strlen(input), 1, output, sizeof(output)))
    return false;
  // The first "function\nfile:line:col" pair: the innermost inlined frame, where the call is.
  char *fn_end = strchr(output, '\n');
  if (!fn_end)
    return false;
  *fn_end = 0;
  char *loc = fn_end + 1;
  char *loc_end = strchr(loc, '\n');
  if (loc_end)
    *loc_end = 0;
  if (strcmp(output, "??") == 0)
    return false;
  // "file:line:col": split from the right, file names may hold ':'.
  char *c2 = strrchr(loc, ':');
  if (!c2)
    return false;
  *c2 = 0;
  char *c1 = strrchr(loc, ':');
  if (!c1)
    return false;
  *c1 = 0;
  Format(out->function, sizeof(out->function), "%s", output);
  Format(out->file, sizeof(out->file), "%s", loc);
  out->line = (unsigned)strtoul(c1 + 1, nullptr, 10);
  out->column = (unsigned)strtoul(c2 + 1, nullptr, 10);
  return out->line != 0;
}

} // namespace cgosan
