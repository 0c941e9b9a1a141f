// The decision behind every report (report_decision.h).
#include "report_decision.h"

#include "flags.h"
#include "output.h"
#include "spin_lock.h"
#include "summary.h"
#include "suppressions.h"

#include <stdlib.h>
#include <string.h>
#include <unistd.h>

namespace cgosan {

namespace {

SpinLock print_lock;

// (rule, location) pairs already seen: identical reports are printed once and counted. The
// pseudo rule kKeptUsed marks kept locations whose pointer C used later.
constexpr unsigned kSeenSlots = 4096;
constexpr unsigned kKeptUsed = 0xff;
struct Seen {
  uintptr_t key; // 0: free
  unsigned rule; // 1 + the rule (0 while a claiming thread fills it in)
  bool suppressed;
};
Seen seen[kSeenSlots];

// The slot of (rule, key); *first is true if it was just claimed. Null if the table is full.
Seen *FindSeen(unsigned rule, uintptr_t key, bool *first) {
  uintptr_t h = (key ^ (uintptr_t)rule) * 0x9E3779B97F4A7C15ull;
  *first = false;
  for (unsigned i = 0; i < kSeenSlots; i++) {
    Seen &s = seen[(h + i) & (kSeenSlots - 1)];
    uintptr_t cur = __atomic_load_n(&s.key, __ATOMIC_ACQUIRE);
    if (cur == 0) {
      if (__atomic_compare_exchange_n(&s.key, &cur, key, false, __ATOMIC_ACQ_REL,
                                      __ATOMIC_ACQUIRE)) {
        __atomic_store_n(&s.rule, rule + 1, __ATOMIC_RELEASE);
        *first = true;
        return &s;
      }
    }
    if (cur == key) {
      // A slot just claimed by another thread may not have its rule yet: wait for it.
      unsigned r;
      while (!(r = __atomic_load_n(&s.rule, __ATOMIC_ACQUIRE)))
        CpuRelax();
      if (r == rule + 1)
        return &s;
    }
  }
  return nullptr;
}

// Counts a repeat of an already seen (rule, key); returns true if it was one.
bool Repeated(Rule rule, uintptr_t key, Seen **slot) {
  bool first;
  Seen *s = FindSeen((unsigned)rule, key, &first);
  *slot = s;
  if (s && !first) {
    CountFinding(rule, false, __atomic_load_n(&s->suppressed, __ATOMIC_ACQUIRE));
    return true;
  }
  return false;
}

// The same for a location known by its text (a symbolized frame).
uintptr_t TextLocationKey(const char *file, unsigned line, const char *function) {
  uintptr_t k = 0xcbf29ce484222325ull ^ line;
  const char *parts[] = {file, function};
  for (const char *p : parts)
    for (; p && *p; p++)
      k = (k ^ (unsigned char)*p) * 0x100000001B3ull;
  return k ? k : 1;
}

bool IsSystemPath(const char *file) {
  static const char *const prefixes[] = {CGOSAN_SYSTEM_PREFIXES};
  for (const char *p : prefixes)
    if (file && !strncmp(file, p, strlen(p)))
      return true;
  return false;
}

bool InSystemCode(const cgosan_site *s) {
  return s && ((s->flags & CGOSAN_SITE_SYSTEM) || IsSystemPath(s->file));
}

bool JsonFormat() { return flags.format && strcmp(flags.format, "text") != 0; }

// The report being printed, under the print lock: its stack, symbolized once, and the sites the
// decision made for it.
SymbolizedFrame frames[kMaxSymbolizedFrames];
unsigned nframes;
cgosan_site user_site, caller_site;
PcLocation caller_location;

// A file in the module cache (or under -trimpath) as its Go package path names it:
// ".../pkg/mod/github.com/!data!dog/zstd@v1.5.7/zstd.c" -> "github.com/DataDog/zstd/zstd.c"
// (the module cache spells capitals as '!' and a lower-case letter, and adds @version). So one
// suppression line such as `*:github.com/DataDog/zstd` names a third-party library's files.
bool PackagePathOf(const char *file, char *out, unsigned size) {
  if (!file || !*file)
    return false;
  // Where the module path starts: after $GOMODCACHE (default $GOPATH/pkg/mod), or at a relative
  // path's start (-trimpath), or else at the last path element with a dot (a domain) before the
  // element holding "@version".
  const char *start = nullptr;
  const char *cache = getenv("GOMODCACHE");
  size_t n = cache ? strlen(cache) : 0;
  if (n && !strncmp(file, cache, n) && file[n] == '/')
    start = file + n + 1;
  else if (const char *pm = strstr(file, "/pkg/mod/"))
    start = pm + 9;
  else if (file[0] != '/')
    start = file;
  const char *at = strchr(start ? start : file, '@');
  if (!at)
    return false;
  if (!start) {
    for (const char *p = file; p < at; p++)
      if (*p == '/') {
        const char *end = strchr(p + 1, '/');
        if (end && end < at && memchr(p + 1, '.', end - p - 1))
          start = p + 1;
      }
    if (!start)
      return false;
  }
  unsigned len = 0;
  for (const char *p = start; p < at && len + 1 < size; p++) {
    if (*p == '!' && p + 1 < at && p[1] >= 'a' && p[1] <= 'z')
      out[len++] = (char)(*++p - 'a' + 'A');
    else
      out[len++] = *p;
  }
  const char *rest = strchr(at, '/');
  Format(out + len, size - len, "%s", rest ? rest : "");
  return true;
}

// Names a suppression may match: C functions and files of the statement and its stack (files also
// as Go package paths), and the cgo calls and exported function involved ("C.keep").
bool Suppressed(const Violation &v) {
  const char *names[3 * kMaxSymbolizedFrames + 12];
  static char packages[kMaxSymbolizedFrames + 1][512];
  char calls[3][160];
  unsigned n = 0, npkg = 0;
  auto AddFile = [&](const char *file) {
    names[n++] = file;
    if (npkg < kMaxSymbolizedFrames + 1 && PackagePathOf(file, packages[npkg], 512))
      names[n++] = packages[npkg++];
  };
  if (v.site) {
    names[n++] = v.site->function;
    AddFile(v.site->file);
  }
  for (unsigned i = 0; i < nframes; i++) {
    names[n++] = frames[i].function;
    AddFile(frames[i].file);
  }
  const cgosan_call *cs[3] = {v.call, v.lent_call, v.exported};
  for (unsigned i = 0; i < 3; i++)
    if (cs[i] && cs[i]->name) {
      Format(calls[i], sizeof(calls[i]), "%s%s", cs[i] == v.exported ? "" : "C.", cs[i]->name);
      names[n++] = calls[i];
    }
  return IsSuppressed(RuleId(v.rule), names, n);
}

// Where C called, for a violation located by its caller: known only once symbolized.
void LocateCaller(Violation &v) {
  v.caller_known = SymbolizePc(v.caller_pc, &caller_location);
  if (!v.caller_known) // the SUMMARY still says what happened: "in <caller of getGoPtr>"
    Format(caller_location.function, sizeof(caller_location.function), "<caller of %s>",
           CallName(v.exported));
  caller_site = {v.caller_known ? caller_location.file : "",
                 caller_location.function,
                 v.caller_known ? caller_location.line : 0,
                 v.caller_known ? caller_location.column : 0,
                 nullptr,
                 0,
                 0};
  v.site = &caller_site;
}

// The report's site when its statement is in a system header: the first frame of the stack in the
// user's code (the whole stack is still printed). Returns false if that user location was
// reported already for this rule (counted as a repeat).
bool ResolveUserSite(Violation &v) {
  for (unsigned i = 0; i < nframes; i++) {
    const SymbolizedFrame &fr = frames[i];
    if (!fr.function[0] || !fr.file[0] || IsSystemPath(fr.file))
      continue;
    user_site = {fr.file,   fr.function,    fr.line,
                 fr.column, v.site->object, v.site->flags & ~CGOSAN_SITE_SYSTEM,
                 0};
    v.site = &user_site;
    Seen *s;
    return !Repeated(v.rule, TextLocationKey(fr.file, fr.line, fr.function), &s);
  }
  return true; // no frame in the user's code: the system location it is
}

} // namespace

uintptr_t LocationKey(const cgosan_site *s, const StackTrace *stack) {
  if (!s)
    return 1;
  uintptr_t k = ((uintptr_t)s->file * 0x100000001B3ull) ^ ((uintptr_t)s->function * 31) ^
                ((uintptr_t)s->line << 20);
  if (stack && InSystemCode(s))
    for (unsigned i = 0; i < stack->size; i++)
      k = (k ^ stack->pc[i]) * 0x100000001B3ull;
  return k ? k : 1;
}

void NoteKeptPointerUsed(const cgosan_site *kept_site) {
  bool first;
  FindSeen(kKeptUsed, LocationKey(kept_site, nullptr), &first);
  if (first)
    CountRetainedUsed();
}

void Emit(Violation &v, uintptr_t key) {
  Seen *s;
  if (Repeated(v.rule, key, &s))
    return;
  SpinLockGuard guard(print_lock);
  if (v.caller_pc)
    LocateCaller(v);
  nframes =
      v.stack && v.stack->size ? SymbolizeStack(*v.stack, v.site, frames, kMaxSymbolizedFrames) : 0;
  if (InSystemCode(v.site) && !ResolveUserSite(v))
    return; // another stack through the same system code to a user line already reported
  StartSummaryWatcher();
  bool suppressed = Suppressed(v);
  if (suppressed && s)
    __atomic_store_n(&s->suppressed, true, __ATOMIC_RELEASE);
  CountFinding(v.rule, true, suppressed);
  if (suppressed && !JsonFormat())
    return;
  {
    Writer w(ReportFd());
    if (JsonFormat()) // `cgosan report` counts suppressed findings too
      WriteJsonViolation(w, v, frames, nframes, suppressed);
    else
      PrintViolationText(w, v, frames, nframes);
    w.Flush();
  }
  if (suppressed || RuleIsWarning(v.rule))
    return; // a warning never halts
  // A report whose log could not be written fails the run now when nothing else could fail it at
  // its end (no cgosan exec supervisor).
  if (flags.halt_on_error || (LogLost() && !Supervised()))
    _exit(flags.exitcode);
}

} // namespace cgosan
