// Silencing findings: a `//cgosan:ignore RULE` comment (several rules separated by commas, or
// `*`) on the finding's line or alone on the line above it, in the file the finding names (the .go
// file for preamble code); or a suppressions file in the runtime's format (runtime/suppressions.h:
// `rule:pattern` lines matched against the finding's C functions, source files and `C.call`).
#ifndef CGOSAN_VET_SUPPRESSION_H
#define CGOSAN_VET_SUPPRESSION_H

#include "finding.h"

#include <map>
#include <string>
#include <vector>

namespace cgosan {
namespace vet {

class Suppressor {
public:
  // Loads a suppressions file ("" for none). On a bad file returns false with the runtime's
  // message in *error.
  bool Load(const std::string &file, std::string *error);
  // Marks f.suppressed.
  void Apply(VetFinding *f);

private:
  bool IgnoredByComment(const VetFinding &f);
  const std::vector<std::string> &Lines(const std::string &file);
  bool loaded_ = false;
  std::map<std::string, std::vector<std::string>> files_;
};

} // namespace vet
} // namespace cgosan

#endif
