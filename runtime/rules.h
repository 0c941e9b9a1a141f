// The rules as the runtime names them: an enum generated from rules.inc, the one list of rule
// ids. Code that says something per rule switches on it with no default, so a rule added to
// rules.inc is a compile error (-Werror=switch) until every such place handles it.
#ifndef CGOSAN_RULES_H
#define CGOSAN_RULES_H

#include <stdint.h>

namespace cgosan {

enum class Rule : uint8_t {
#define CGOSAN_RULE(constant, id, level, severity, short_desc, full_desc) constant,
#include "rules.inc"
#undef CGOSAN_RULE
};

constexpr unsigned kRuleCount = 0
#define CGOSAN_RULE(constant, id, level, severity, short_desc, full_desc) +1
#include "rules.inc"
#undef CGOSAN_RULE
    ;

// The rule's stable id ("retained-go-pointer"), as reports, JSON, SARIF and suppressions spell it.
inline const char *RuleId(Rule r) {
  static const char *const ids[kRuleCount] = {
#define CGOSAN_RULE(constant, id, level, severity, short_desc, full_desc) id,
#include "rules.inc"
#undef CGOSAN_RULE
  };
  return ids[(unsigned)r];
}

// A warning never halts the program and never fails a run (rules.inc).
inline bool RuleIsWarning(Rule r) {
  static const bool warning[kRuleCount] = {
#define CGOSAN_RULE(constant, id, level, severity, short_desc, full_desc)                          \
  __builtin_strcmp(severity, "warning") == 0,
#include "rules.inc"
#undef CGOSAN_RULE
  };
  return warning[(unsigned)r];
}

} // namespace cgosan

#endif
