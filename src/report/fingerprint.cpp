// Finding hashes for SARIF partialFingerprints (see fingerprint.h).
#include "report/fingerprint.h"

#include <cstdint>
#include <cstdio>

namespace cgosan {
namespace report {

namespace {

// 64-bit FNV-1a: fixed, documented and independent of the platform and the C++ library.
void Mix(uint64_t *h, const std::string &s) {
  for (unsigned char c : s) {
    *h ^= c;
    *h *= 1099511628211ull;
  }
  *h ^= 0xff; // field separator: ("ab", "c") and ("a", "bc") differ
  *h *= 1099511628211ull;
}

} // namespace

std::string FindingHash(const std::string &rule, const std::string &file,
                        const std::string &function, const std::string &call) {
  uint64_t h = 14695981039346656037ull;
  Mix(&h, rule);
  Mix(&h, file);
  Mix(&h, function);
  Mix(&h, call);
  char out[17];
  std::snprintf(out, sizeof(out), "%016llx", static_cast<unsigned long long>(h));
  return out;
}

} // namespace report
} // namespace cgosan
