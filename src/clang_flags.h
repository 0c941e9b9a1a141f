// GCC flags in a build that clang does not know. cgosan compiles cgo C code with clang, but a
// project's CGO_CFLAGS and #cgo CFLAGS are often written for gcc (-Wno-maybe-uninitialized,
// -fmax-errors=N, -fipa-pta, ...). What clang lacks is asked of clang itself, not kept in a list:
// its warning groups and options (read from it at build time, cmake/CgosanClangOptions.cmake) and
// its own error messages when it runs. Such flags are left out, or spelled the clang way where
// clang has them under another name, and the build is told so once.
#ifndef CGOSAN_CLANG_FLAGS_H
#define CGOSAN_CLANG_FLAGS_H

#include <string>
#include <utility>
#include <vector>

namespace cgosan {

struct FlagNotes {
  std::vector<std::string> dropped;                            // left out
  std::vector<std::pair<std::string, std::string>> translated; // GCC's spelling, clang's
  bool empty() const { return dropped.empty() && translated.empty(); }
};

// Whether clang has this warning group (the NAME of -WNAME / -Wno-NAME), or this driver option
// (exactly, or as a joined option such as -fsanitize= followed by its value).
bool ClangHasWarningGroup(const std::string &name);
bool ClangHasOption(const std::string &arg);

// Compiler arguments (without the program name) with the warning options clang lacks left out
// and GCC spellings translated: -fmax-errors=N is -ferror-limit=N, -WNAME=LEVEL is -WNAME when
// clang has NAME without levels. Values of options that take the next argument are left alone.
std::vector<std::string> AdaptGccFlags(const std::vector<std::string> &args, FlagNotes *notes);

// The arguments clang's error output rejects as unknown or unsupported ("unknown argument: 'X'",
// "optimization flag 'X' is not supported" under -Werror), when those are its only errors;
// empty if it reports any other error (then it did more than read its arguments).
std::vector<std::string> RejectedArguments(const std::string &clang_stderr);

// Runs argv (clang and its arguments) and returns the status to exit with. When clang stops only
// because of arguments it rejects (RejectedArguments), runs it again without them (notes lists
// them). Its standard error is passed on once it has finished.
int RunClang(std::vector<std::string> argv, FlagNotes *notes);

// The note for a build: what cgosan changed and, the first time (`first`), that it compiles cgo
// C code with clang.
std::string FlagNoteText(const FlagNotes &notes, bool first);
// Prints the note on standard error, each flag once per go command build (the go command's work
// directory, found in args, holds a marker listing those already named) or, outside one, every
// time.
void PrintFlagNoteOnce(const FlagNotes &notes, const std::vector<std::string> &args);

} // namespace cgosan

#endif
