// Stack capture (frame-pointer walk) and report-time symbolization (see stack.h).
#include "stack.h"

#include "modules.h"
#include "output.h"
#include "safe_read.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <stdlib.h>
#include <string.h>
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

// Runs the symbolizer over `input`, leaving its output in `out`; false if it could not run.
bool Symbolize(const char *symbolizer, const char *input, unsigned input_len, char *out,
               unsigned out_size) {
  int in[2], outp[2];
  if (pipe2(in, O_CLOEXEC) != 0)
    return false;
  if (pipe2(outp, O_CLOEXEC) != 0) {
    close(in[0]);
    close(in[1]);
    return false;
  }
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, in[0], 0);
  posix_spawn_file_actions_adddup2(&fa, outp[1], 1);
  char *argv[] = {(char *)symbolizer, (char *)"--inlining", (char *)"--demangle", nullptr};
  pid_t pid;
  int rc = posix_spawn(&pid, symbolizer, &fa, nullptr, argv, environ);
  posix_spawn_file_actions_destroy(&fa);
  close(in[0]);
  close(outp[1]);
  if (rc != 0) {
    close(in[1]);
    close(outp[0]);
    return false;
  }
  // A symbolizer that exits early must not kill us with SIGPIPE.
  struct sigaction ign = {}, old;
  ign.sa_handler = SIG_IGN;
  sigaction(SIGPIPE, &ign, &old);
  ssize_t unused = write(in[1], input, input_len);
  (void)unused;
  close(in[1]);
  sigaction(SIGPIPE, &old, nullptr);
  unsigned len = 0;
  for (;;) {
    ssize_t n = read(outp[0], out + len, out_size - 1 - len);
    if (n <= 0)
      break;
    len += (unsigned)n;
    if (len == out_size - 1)
      break;
  }
  out[len] = 0;
  close(outp[0]);
  int status;
  waitpid(pid, &status, 0);
  return len > 0;
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
  bool symbolized =
      symbolizer[0] && input_len && Symbolize(symbolizer, input, input_len, output, sizeof(output));
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

bool SymbolizePc(uintptr_t pc, SourceLocation *out) {
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
  if (!Symbolize(symbolizer, input, (unsigned)strlen(input), output, sizeof(output)))
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
