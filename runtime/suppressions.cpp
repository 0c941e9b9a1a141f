// The suppression list: parsed once into a static buffer (no allocation), matched only when a
// report is about to be printed.
#include "suppressions.h"

#include "output.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

namespace cgosan {

namespace {

constexpr unsigned kMaxSuppressions = 1024;
constexpr unsigned kFileLimit = 1 << 16;
constexpr unsigned kMaxPattern = 1020; // PatternMatches' buffer, less the added stars and NUL

struct Suppression {
  const char *rule; // a rule id, or "*"
  const char *pattern;
};
Suppression list[kMaxSuppressions];
unsigned count;
char text[kFileLimit + 1];

bool KnownRule(const char *r) {
  if (!strcmp(r, "*"))
    return true;
#define CGOSAN_RULE(constant, id, level, severity, short_desc, full_desc)                          \
  if (!strcmp(r, id))                                                                              \
    return true;
#include "rules.inc"
#undef CGOSAN_RULE
  return false;
}

char *Trim(char *s) {
  while (*s == ' ' || *s == '\t' || *s == '\r')
    s++;
  char *e = s + strlen(s);
  while (e > s && (e[-1] == ' ' || e[-1] == '\t' || e[-1] == '\r'))
    *--e = 0;
  return s;
}

// `*` matches any run of characters; everything else matches itself. Iterative, with one
// backtracking point per star (the classic wildcard match).
bool Glob(const char *p, const char *p_end, const char *s) {
  const char *star = nullptr, *retry = nullptr;
  while (*s) {
    if (p < p_end && *p == '*') {
      star = ++p;
      retry = s;
    } else if (p < p_end && *p == *s) {
      p++;
      s++;
    } else if (star) {
      p = star;
      s = ++retry;
    } else {
      return false;
    }
  }
  while (p < p_end && *p == '*')
    p++;
  return p == p_end;
}

} // namespace

bool PatternMatches(const char *pattern, const char *name) {
  if (!name || !*name)
    return false;
  // Unanchored ends match anywhere: `*pattern*`.
  char glob[kMaxPattern + 4];
  unsigned n = 0;
  const char *p = pattern;
  size_t len = strlen(p);
  bool start = len && p[0] == '^', end = len > (start ? 1u : 0u) && p[len - 1] == '$';
  if (start)
    p++, len--;
  if (end)
    len--;
  if (len + 3 > sizeof(glob))
    return false;
  if (!start)
    glob[n++] = '*';
  memcpy(glob + n, p, len);
  n += len;
  if (!end)
    glob[n++] = '*';
  return Glob(glob, glob + n, name);
}

bool LoadSuppressions(const char *path, char *err, unsigned err_size) {
  count = 0;
  int fd = open(path, O_RDONLY | O_CLOEXEC);
  if (fd < 0) {
    Format(err, err_size, "cannot open suppressions file '%s' (%s)", path, strerror(errno));
    return false;
  }
  struct stat st = {};
  if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) {
    close(fd);
    Format(err, err_size, "suppressions file '%s' is not a regular file%s", path,
           S_ISDIR(st.st_mode) ? " (it is a directory)" : "");
    return false;
  }
  unsigned len = 0;
  for (;;) {
    ssize_t n = read(fd, text + len, kFileLimit - len);
    if (n <= 0)
      break;
    len += (unsigned)n;
    if (len == kFileLimit) {
      char probe;
      if (read(fd, &probe, 1) > 0) {
        close(fd);
        Format(err, err_size, "suppressions file '%s' is larger than %u bytes", path, kFileLimit);
        return false;
      }
      break;
    }
  }
  close(fd);
  text[len] = 0;
  // What a text editor may leave in a file that the line parser would otherwise take for a rule
  // name, or stop at without a word.
  if (len >= 3 && memcmp(text, "\xEF\xBB\xBF", 3) == 0) {
    Format(err, err_size,
           "suppressions file '%s' starts with a UTF-8 byte order mark: save it without one", path);
    return false;
  }
  if (const char *nul = (const char *)memchr(text, 0, len)) {
    unsigned at = 1;
    for (const char *p = text; p < nul; p++)
      at += *p == '\n';
    Format(err, err_size, "suppressions file '%s', line %u: contains a NUL byte (not a text file?)",
           path, at);
    return false;
  }
  unsigned line_no = 0;
  for (char *line = text; line && *line;) {
    char *next = strchr(line, '\n');
    if (next)
      *next++ = 0;
    line_no++;
    if (char *hash = strchr(line, '#'))
      *hash = 0;
    char *l = Trim(line);
    line = next;
    if (!*l)
      continue;
    char *colon = strchr(l, ':');
    if (!colon) {
      Format(err, err_size, "suppressions file '%s', line %u: expected rule:pattern, got '%s'",
             path, line_no, l);
      return false;
    }
    *colon = 0;
    char *rule = Trim(l), *pattern = Trim(colon + 1);
    if (!KnownRule(rule)) {
      Format(err, err_size, "suppressions file '%s', line %u: unknown rule '%s'", path, line_no,
             rule);
      return false;
    }
    if (!*pattern) {
      Format(err, err_size, "suppressions file '%s', line %u: empty pattern", path, line_no);
      return false;
    }
    if (strlen(pattern) > kMaxPattern) {
      Format(err, err_size, "suppressions file '%s', line %u: pattern longer than %u bytes", path,
             line_no, kMaxPattern);
      return false;
    }
    if (count == kMaxSuppressions) {
      Format(err, err_size, "suppressions file '%s', line %u: more than %u suppressions", path,
             line_no, kMaxSuppressions);
      return false;
    }
    list[count++] = {rule, pattern};
  }
  return true;
}

bool IsSuppressed(const char *rule, const char *const *names, unsigned n) {
  for (unsigned i = 0; i < count; i++) {
    if (strcmp(list[i].rule, "*") && strcmp(list[i].rule, rule))
      continue;
    for (unsigned k = 0; k < n; k++)
      if (PatternMatches(list[i].pattern, names[k]))
        return true;
  }
  return false;
}

} // namespace cgosan
