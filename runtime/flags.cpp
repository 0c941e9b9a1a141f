// Parsing of CGOSAN_OPTIONS from the single list in flags.inc. Runs before main, so it uses no
// allocation and no libc beyond string functions. The CLI builds this file too: `cgosan go` and
// `cgosan exec` read the same options with the same code (flags_help.cpp, the runtime's help, is
// not shared).
#include "flags.h"

#include <stdio.h>
#include <string.h>

namespace cgosan {

Flags flags;
int level = 1;

void SetDefaultFlags(Flags *f) {
#define CGOSAN_FLAG(type, name, def, desc) f->name = def;
#include "flags.inc"
#undef CGOSAN_FLAG
}

static bool ParseBool(const char *v, bool *out) {
  if (!strcmp(v, "1") || !strcmp(v, "true") || !strcmp(v, "yes")) {
    *out = true;
    return true;
  }
  if (!strcmp(v, "0") || !strcmp(v, "false") || !strcmp(v, "no")) {
    *out = false;
    return true;
  }
  return false;
}

static bool ParseInt(const char *v, int *out) {
  bool neg = *v == '-';
  if (neg)
    v++;
  if (!*v)
    return false;
  long n = 0;
  for (; *v; v++) {
    if (*v < '0' || *v > '9' || n > 1000000000)
      return false;
    n = n * 10 + (*v - '0');
  }
  *out = (int)(neg ? -n : n);
  return true;
}

static bool ParseStatus(const char *v, int *out) {
  int n;
  if (!ParseInt(v, &n) || n < 1 || n > 255)
    return false;
  *out = n;
  return true;
}

static bool ParseStr(const char *v, const char **out) {
  *out = v;
  return true;
}

static bool ParseFormat(const char *v, const char **out) {
  if (strcmp(v, "text") && strcmp(v, "json") && strcmp(v, "sarif"))
    return false;
  *out = v;
  return true;
}

// What a bad value should have been, per type.
#define Expected_bool "0 or 1"
#define Expected_int "an integer"
#define Expected_status "an exit status from 1 to 255"
#define Expected_str "a string"
#define Expected_format "text, json or sarif"

static bool SetFlag(Flags *f, const char *key, const char *value, char *err, unsigned err_size) {
#define CGOSAN_FLAG(type, name, def, desc)                                                         \
  if (!strcmp(key, #name)) {                                                                       \
    if (ParseValue_##type(value, &f->name))                                                        \
      return true;                                                                                 \
    snprintf(err, err_size, "bad value '%s' for option '%s' (%s expected)", value, key,            \
             Expected_##type);                                                                     \
    return false;                                                                                  \
  }
#define ParseValue_bool ParseBool
#define ParseValue_int ParseInt
#define ParseValue_status ParseStatus
#define ParseValue_str ParseStr
#define ParseValue_format ParseFormat
#include "flags.inc"
#undef CGOSAN_FLAG
  snprintf(err, err_size, "unknown option '%s' (CGOSAN_OPTIONS=help=1 lists them)", key);
  return false;
}

bool ParseFlags(const char *options, Flags *f, char *storage, unsigned storage_size, char *err,
                unsigned err_size) {
  if (!options)
    return true;
  size_t len = strlen(options);
  if (len + 1 > storage_size) {
    snprintf(err, err_size, "CGOSAN_OPTIONS is too long (%u bytes at most)", storage_size - 1);
    return false;
  }
  memcpy(storage, options, len + 1);
  char *p = storage;
  while (*p) {
    while (*p == ':' || *p == ' ' || *p == '\t' || *p == '\n' || *p == ',')
      p++;
    if (!*p)
      break;
    char *key = p;
    while (*p && *p != '=' && *p != ':' && *p != ' ' && *p != '\t' && *p != '\n' && *p != ',')
      p++;
    if (*p != '=') {
      char saved = *p;
      *p = 0;
      snprintf(err, err_size, "option '%s' has no value (expected %s=VALUE)", key, key);
      *p = saved;
      return false;
    }
    *p++ = 0;
    char *value = p;
    while (*p && *p != ':' && *p != ' ' && *p != '\t' && *p != '\n' && *p != ',')
      p++;
    if (*p)
      *p++ = 0;
    if (!SetFlag(f, key, value, err, err_size))
      return false;
  }
  return true;
}

int ParseLevel(const char *s) {
  if (!s || !*s)
    return 1;
  if (s[1] == 0 && s[0] >= '0' && s[0] <= '2')
    return s[0] - '0';
  return -1;
}

} // namespace cgosan
