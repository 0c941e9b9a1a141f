// Recognising the Go linker's flag probes among cgosan command lines (see compiler_call.h).
#include "compiler_call.h"

#include <sys/stat.h>

namespace cgosan {

bool IsCompilerCallWithoutCommand(const std::vector<std::string> &args) {
  // The go command's compiler identity probe (`cgosan -### -x c -c -`) runs only the first word
  // of CC too, and keys the build cache on what it prints: refused, it would key on nothing, and
  // objects of an older cgosan would be reused.
  for (const std::string &a : args)
    if (a == "-###")
      return true;
  // The options whose value is the next argument, of those cmd/link passes to its probes
  // (trimLinkerArgv keeps them with their values).
  static const char *const kWithValue[] = {"-o",        "-arch",   "-isysroot",
                                           "--sysroot", "-target", "--target"};
  static const char *const kCommands[] = {"go",      "cc",   "c++",        "report",
                                          "version", "help", "link-flags", "vet"};
  bool input = false, output = false;
  for (size_t i = 0; i < args.size(); i++) {
    const std::string &a = args[i];
    bool with_value = false;
    for (const char *w : kWithValue)
      with_value |= a == w;
    if (with_value) {
      output |= a == "-o" && i + 1 < args.size();
      i++;
      continue;
    }
    if (!a.empty() && ((a[0] == '-' && a != "-") || a[0] == '@'))
      continue;
    if (!input)
      for (const char *c : kCommands)
        if (a == c)
          return false;
    struct stat st;
    if (a != "-" && stat(a.c_str(), &st) != 0)
      return false;
    input = true;
  }
  return input && output;
}

} // namespace cgosan
