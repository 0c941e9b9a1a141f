// Runtime options, parsed once at start-up from CGOSAN and CGOSAN_OPTIONS.
#ifndef CGOSAN_FLAGS_H
#define CGOSAN_FLAGS_H

namespace cgosan {

struct Flags {
#define CGOSAN_FLAG_bool bool
#define CGOSAN_FLAG_int int
#define CGOSAN_FLAG_status int
#define CGOSAN_FLAG_str const char *
#define CGOSAN_FLAG_format const char *
#define CGOSAN_FLAG(type, name, def, desc) CGOSAN_FLAG_##type name;
#include "flags.inc"
#undef CGOSAN_FLAG
};

extern Flags flags;
// 0: no checks, 1: default, 2: also reads after return, uintptr and memcpy (CGOSAN=N).
extern int level;

void SetDefaultFlags(Flags *f);
// Parses `options` (CGOSAN_OPTIONS syntax: key=value separated by ':' or whitespace) into `f`.
// On error writes a message naming the key or value into `err` and returns false. `storage` holds
// copies of string values and must outlive `f`.
bool ParseFlags(const char *options, Flags *f, char *storage, unsigned storage_size, char *err,
                unsigned err_size);
// Parses a CGOSAN level ("0", "1" or "2"); returns -1 if it is none of them.
int ParseLevel(const char *s);
// Writes the option list with defaults and descriptions to fd.
void PrintFlagHelp(int fd);

} // namespace cgosan

#endif
