// Reading the symbol index of ar archives (see link_inputs.h). The index is the first member,
// named "/" (32-bit offsets) or "/SYM64/" (64-bit): a big-endian count, that many offsets, then
// the symbol names, each ending in a NUL byte.
#include "link_inputs.h"

#include <cstdlib>
#include <cstring>
#include <fstream>

namespace cgosan {

bool ArchiveDefines(const std::string &path, const std::string &symbol) {
  std::ifstream in(path, std::ios::binary);
  char magic[8];
  if (!in.read(magic, 8) ||
      (std::memcmp(magic, "!<arch>\n", 8) != 0 && std::memcmp(magic, "!<thin>\n", 8) != 0))
    return false;
  char header[60];
  if (!in.read(header, sizeof(header)) || header[58] != '`' || header[59] != '\n')
    return false;
  std::string name(header, 16);
  size_t word;
  if (name.compare(0, 2, "/ ") == 0)
    word = 4;
  else if (name.compare(0, 8, "/SYM64/ ") == 0)
    word = 8;
  else
    return false; // no index
  std::string size_field(header + 48, 10);
  unsigned long size = std::strtoul(size_field.c_str(), nullptr, 10);
  if (size < word || size > (64ul << 20))
    return false;
  std::string index(size, '\0');
  if (!in.read(&index[0], size))
    return false;
  unsigned long long count = 0;
  for (size_t i = 0; i < word; i++)
    count = count << 8 | (unsigned char)index[i];
  if (count > size / word)
    return false;
  size_t names = word + count * word;
  for (size_t p = names; p < index.size();) {
    size_t end = index.find('\0', p);
    if (end == std::string::npos)
      end = index.size();
    if (index.compare(p, end - p, symbol) == 0 && end - p == symbol.size())
      return true;
    p = end + 1;
  }
  return false;
}

std::vector<std::string> CArchiveLinkFlags() {
  return {"-Wl,--undefined=x_cgo_mmap,--undefined=x_cgo_munmap"};
}

static bool EndsWith(const std::string &s, const char *suffix) {
  size_t n = std::strlen(suffix);
  return s.size() >= n && s.compare(s.size() - n, n, suffix) == 0;
}

bool LinksGoArchive(const std::vector<std::string> &args, const std::string &runtime) {
  for (size_t i = 0; i < args.size(); i++) {
    const std::string &a = args[i];
    if (a.empty() || a[0] == '-' || (i > 0 && args[i - 1] == "-o") || a == runtime)
      continue;
    if (EndsWith(a, ".a") && ArchiveDefines(a, "x_cgo_mmap"))
      return true;
  }
  return false;
}

} // namespace cgosan
