// A Violation as one JSON line (docs/REPORT-FORMAT.md). Written by hand into the report buffer:
// the runtime links no JSON library and allocates nothing.
#include "violation.h"

#include "output.h"

#include <sys/syscall.h>
#include <unistd.h>

namespace cgosan {

namespace {

// A JSON string (quotes included); null for a null pointer.
void Str(Writer &w, const char *s) {
  if (!s) {
    w.Printf("null");
    return;
  }
  w.Printf("\"");
  for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
    if (*p == '"' || *p == '\\')
      w.Printf("\\%c", *p);
    else if (*p == '\n')
      w.Printf("\\n");
    else if (*p == '\t')
      w.Printf("\\t");
    else if (*p < 0x20)
      w.Printf("\\u%04x", *p);
    else
      w.Printf("%c", *p);
  }
  w.Printf("\"");
}

void Addr(Writer &w, uintptr_t a) { w.Printf("\"0x%lx\"", (unsigned long)a); }

void Location(Writer &w, const cgosan_site *s) {
  w.Printf("{\"file\":");
  Str(w, s && s->file ? s->file : "");
  w.Printf(",\"line\":%u,\"column\":%u,\"function\":", s ? s->line : 0, s ? s->column : 0);
  Str(w, s && s->function ? s->function : "");
  w.Printf("}");
}

const char *Name(const cgosan_call *c) { return c ? c->name : nullptr; }

} // namespace

void WriteJsonViolation(Writer &w, const Violation &f, const SymbolizedFrame *frames,
                        unsigned nframes, bool suppressed) {
  char msg[512];
  ViolationMessage(f, msg, sizeof(msg));
  w.Printf("{\"cgosan\":%d,\"rule\":", CGOSAN_REPORT_FORMAT_VERSION);
  Str(w, RuleId(f.rule));
  w.Printf(",\"level\":%d,\"message\":", f.level);
  Str(w, msg);
  w.Printf(",\"location\":");
  Location(w, f.site);
  w.Printf(",\"stack\":[");
  for (unsigned i = 0; i < nframes; i++) {
    const SymbolizedFrame &fr = frames[i];
    w.Printf("%s{\"pc\":", i ? "," : "");
    Addr(w, fr.pc);
    w.Printf(",\"function\":");
    Str(w, fr.function);
    w.Printf(",\"file\":");
    Str(w, fr.file);
    w.Printf(",\"line\":%u,\"column\":%u", fr.line, fr.column);
    if (fr.module[0]) {
      w.Printf(",\"module\":");
      Str(w, fr.module);
      w.Printf(",\"offset\":");
      Addr(w, fr.offset);
    }
    w.Printf("}");
  }
  w.Printf("],\"call\":");
  Str(w, Name(f.call));
  w.Printf(",\"go_pointer\":{\"address\":");
  Addr(w, f.go_pointer);
  w.Printf(",\"kind\":\"%s\"}", f.kind == kGoStack ? "stack" : "heap");
  w.Printf(",\"lent\":");
  if (f.lent_call) {
    w.Printf("{\"call\":");
    Str(w, Name(f.lent_call));
    if (f.lent_argument >= 0)
      w.Printf(",\"argument\":%d}", f.lent_argument + 1);
    else
      w.Printf(",\"argument\":null}");
  } else {
    w.Printf("null");
  }
  w.Printf(",\"kept\":");
  if (f.has_kept) {
    char where[1024];
    DescribeCLocation(where, sizeof(where), f.kept_at, f.kept_site);
    w.Printf("{\"in\":");
    Str(w, where);
    w.Printf(",\"address\":");
    Addr(w, f.kept_at);
    if (f.kept_site) {
      w.Printf(",\"location\":");
      Location(w, f.kept_site);
    }
    w.Printf("}");
  } else {
    w.Printf("null");
  }
  w.Printf(",\"access\":");
  if (f.access != kNoAccess) {
    w.Printf("{\"kind\":\"%s\",\"address\":", f.access == kWrite ? "write" : "read");
    Addr(w, f.access_addr);
    w.Printf("}");
  } else {
    w.Printf("null");
  }
  w.Printf(",\"exported_function\":");
  Str(w, Name(f.exported));
  if (f.rule == Rule::kLongCgoCall)
    w.Printf(",\"held_ms\":%lu,\"still_running\":%s", (unsigned long)f.held_ms,
             f.still_running ? "true" : "false");
  if (suppressed)
    w.Printf(",\"suppressed\":true");
  char exe[1024];
  ssize_t n = readlink("/proc/self/exe", exe, sizeof(exe) - 1);
  exe[n > 0 ? n : 0] = 0;
  w.Printf(",\"pid\":%d,\"thread\":%ld,\"program\":", (int)getpid(), (long)syscall(SYS_gettid));
  Str(w, exe);
  w.Printf("}\n");
}

} // namespace cgosan
