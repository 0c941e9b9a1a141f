// CGOSAN_OPTIONS=help=1: the option list, from flags.inc.
#include "flags.h"

#include "output.h"

namespace cgosan {

void PrintFlagHelp(int fd) {
  Writer w(fd);
  w.Printf("cgosan options (CGOSAN_OPTIONS=key=value:key=value):\n");
#define CGOSAN_FLAG(type, name, def, desc) PrintOne(&w, #type, #name, #def, desc);
  auto PrintOne = [](Writer *w, const char *type, const char *name, const char *def,
                     const char *desc) {
    w->Printf("  %-20s %-6s default %-6s %s\n", name, type, def, desc);
  };
#include "flags.inc"
#undef CGOSAN_FLAG
  w.Printf("CGOSAN=0|1|2 selects the level (default 1; 0 turns every check off).\n");
  w.Flush();
}

} // namespace cgosan
