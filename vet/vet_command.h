// `cgosan vet [--format text|json|sarif] [-o FILE] [--suppressions FILE] [--srcroot DIR] [-v]
// [packages]`: the static half of cgosan. Reads the matched packages' C side with Clang and
// reports, before anything runs, C that may keep, store or reuse Go pointers.
//
// Exit status: 0 when no unsuppressed finding remains, 1 when one does, 2 when something could
// not be analysed (a package that does not load, a file that does not parse) or on a usage
// error; everything else is still analysed and reported.
#ifndef CGOSAN_VET_VET_COMMAND_H
#define CGOSAN_VET_VET_COMMAND_H

#include <string>
#include <vector>

namespace cgosan {
namespace vet {

// args: the arguments after `vet`.
int RunVet(const std::vector<std::string> &args);

} // namespace vet
} // namespace cgosan

#endif
