// suppressions=FILE: findings the user chose not to see. One `rule:pattern` per line (rule is a
// rule id or `*`); `#` starts a comment. As in the compiler sanitizers, a pattern matches
// anywhere in a name unless anchored with `^` or `$`, and `*` matches any run of characters.
// The names a finding offers are its C functions, source files and `C.func` calls.
#ifndef CGOSAN_SUPPRESSIONS_H
#define CGOSAN_SUPPRESSIONS_H

namespace cgosan {

// Reads the file once at start-up. On a bad file or line, writes a message naming it (and the
// line number) into err and returns false.
bool LoadSuppressions(const char *path, char *err, unsigned err_size);
// True if a suppression for `rule` (or `*`) matches one of names[0..n).
bool IsSuppressed(const char *rule, const char *const *names, unsigned n);
// Sanitizer-style pattern match (exposed for tests).
bool PatternMatches(const char *pattern, const char *name);

} // namespace cgosan

#endif
