// The rules `cgosan report` knows, with the metadata SARIF needs: read from runtime/rules.inc, the
// one list the runtime's reports and suppressions are built from, so ids and descriptions cannot
// drift apart.
#ifndef CGOSAN_REPORT_RULES_H
#define CGOSAN_REPORT_RULES_H

#include <cstddef>
#include <string>

namespace cgosan {
namespace report {

struct RuleInfo {
  const char *id;
  int level;            // the lowest CGOSAN level that checks the rule
  const char *severity; // "error" or "warning": the SARIF level of its results
  const char *short_description;
  const char *full_description;
};

inline constexpr RuleInfo kRules[] = {
#define CGOSAN_RULE(constant, id, level, severity, short_description, full_description)            \
  {id, level, severity, short_description, full_description},
#include "../runtime/rules.inc"
#undef CGOSAN_RULE
};

inline constexpr std::size_t kRuleCount = sizeof(kRules) / sizeof(kRules[0]);

// The rule's index in kRules, or -1 for an id cgosan does not know.
inline int RuleIndex(const std::string &id) {
  for (std::size_t i = 0; i < kRuleCount; i++)
    if (id == kRules[i].id)
      return static_cast<int>(i);
  return -1;
}

} // namespace report
} // namespace cgosan

#endif
