// What the driver needs to know about a link's inputs: whether a static archive holds Go's
// runtime/cgo, as the archive of `go build -buildmode=c-archive` does.
#ifndef CGOSAN_LINK_INPUTS_H
#define CGOSAN_LINK_INPUTS_H

#include <string>
#include <vector>

namespace cgosan {

// Whether the ar archive at `path` (GNU or thin, with a symbol index) defines `symbol`. False
// for anything else, and for an archive without an index.
bool ArchiveDefines(const std::string &path, const std::string &symbol);

// A C program linking a c-archive gets runtime/cgo from that archive, and nothing pulls its mmap
// hooks out of it: the Go runtime refers to them weakly and, without them, maps its memory
// itself, where cgosan cannot see it. These flags pull them in. They must not go into links that
// have no runtime/cgo (the go command's probes): there the hooks stay undefined.
std::vector<std::string> CArchiveLinkFlags();

// Whether any input on a link command line is an archive holding runtime/cgo.
bool LinksGoArchive(const std::vector<std::string> &args, const std::string &runtime);

} // namespace cgosan

#endif
