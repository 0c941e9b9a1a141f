// The identity of a finding across runs, for SARIF's partialFingerprints: code scanning uses it to
// recognise an alert it has seen before, so it must not change when unrelated code moves the
// statement to another line, or with addresses, process ids or the machine's checkout directory.
#ifndef CGOSAN_REPORT_FINGERPRINT_H
#define CGOSAN_REPORT_FINGERPRINT_H

#include <string>

namespace cgosan {
namespace report {

// The partialFingerprints key the value below is stored under; the suffix is bumped if what is
// hashed ever changes.
inline constexpr const char kFingerprintKey[] = "cgosanFindingHash/v1";

// 16 hex digits from the rule, the source file as the SARIF output names it (relative to the
// source root where it lies under it), the C function and the cgo call in progress ("" if none).
std::string FindingHash(const std::string &rule, const std::string &file,
                        const std::string &function, const std::string &call);

} // namespace report
} // namespace cgosan

#endif
