// The counters of a run's findings, in memory shared between the processes that count and the one
// that reads them once the program has ended: the runtime's watcher process, or the `cgosan exec`
// supervisor that `cgosan go test` and `go run` run programs under (which owns the exit status).
// The runtime and the CLI both build against this header; the layout is versioned by its magic.
#ifndef CGOSAN_FINDINGS_PAGE_H
#define CGOSAN_FINDINGS_PAGE_H

#include "rules.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

namespace cgosan {

// "cgsn" and the layout's version: a page of another cgosan build is not read.
constexpr uint32_t kFindingsMagic = 0x6e736763u + (uint32_t)kRuleCount * 0x10000u + 2u;

struct RuleCounts {
  uint32_t locations, reports, suppressed_locations, suppressed_reports;
};

struct FindingsPage {
  uint32_t magic;
  RuleCounts rules[kRuleCount]; // indexed by Rule
  int32_t held;                 // kept Go pointers still waiting for a call in progress to return
  uint32_t lost;                // reports that could not be written to log_path
  uint32_t retained_used; // retained-go-pointer locations whose pointer C used after the return
  uint32_t safe_reads;    // locations read back with a system call to judge them (verbosity)
  int32_t level;          // the CGOSAN level the program ran at
};

// Unsuppressed findings of error rules (and reports lost on the way to the log): what fails a
// run. Warnings do not.
inline uint32_t FailingFindings(const FindingsPage &p) {
  uint32_t n = p.lost;
  for (unsigned i = 0; i < kRuleCount; i++)
    if (!RuleIsWarning((Rule)i))
      n += p.rules[i].reports;
  return n;
}

// The end-of-run summary: one line per rule with findings, then what the counters say about them.
// Returns the length written (always NUL-terminated).
inline unsigned FormatFindingsSummary(const FindingsPage &p, int pid, bool stats, char *buf,
                                      unsigned size) {
  unsigned len = 0;
  buf[0] = 0;
  auto add = [&](const char *line) {
    unsigned n = (unsigned)strlen(line);
    if (len + n < size) {
      memcpy(buf + len, line, n + 1);
      len += n;
    }
  };
  char line[512];
  for (unsigned i = 0; i < kRuleCount; i++) {
    Rule rule = (Rule)i;
    const RuleCounts &c = p.rules[i];
    if (!c.reports && !c.suppressed_reports)
      continue;
    snprintf(line, sizeof(line),
             "==%d==cgosan: summary: %s: %u location%s, %u report%s (%u suppressed)\n", pid,
             RuleId(rule), c.locations, c.locations == 1 ? "" : "s", c.reports,
             c.reports == 1 ? "" : "s", c.suppressed_reports);
    add(line);
    if (rule == Rule::kRetainedGoPointer && c.locations > p.retained_used) {
      // What the kept pointers were used for after their calls returned, as far as the level
      // checks: a pointer kept but never used is still a break of the rules, but a stale one.
      const char *used = p.level >= 2 ? "read or written through" : "written through";
      const char *note = p.level >= 2 ? "" : " (reads are checked at CGOSAN=2)";
      unsigned unused = c.locations - p.retained_used;
      if (c.locations == 1)
        snprintf(line, sizeof(line),
                 "==%d==cgosan: summary: %s: the kept pointer was never %s after its call "
                 "returned%s\n",
                 pid, RuleId(rule), used, note);
      else
        snprintf(line, sizeof(line),
                 "==%d==cgosan: summary: %s: %u of the %u kept pointers were never %s after "
                 "their call returned%s\n",
                 pid, RuleId(rule), unused, c.locations, used, note);
      add(line);
    }
  }
  if (p.held > 0) {
    snprintf(line, sizeof(line),
             "==%d==cgosan: summary: %d Go pointer%s C kept %s never judged: a cgo call in "
             "progress that lent memory at or below %s had not returned when the program ended\n",
             pid, p.held, p.held == 1 ? "" : "s", p.held == 1 ? "was" : "were",
             p.held == 1 ? "it" : "them");
    add(line);
  }
  if (p.lost) {
    snprintf(line, sizeof(line),
             "==%d==cgosan: summary: %u report%s could not be written to log_path and went to "
             "standard error\n",
             pid, p.lost, p.lost == 1 ? "" : "s");
    add(line);
  }
  if (stats) {
    snprintf(line, sizeof(line),
             "==%d==cgosan: stats: %u kept location%s read back with a system call\n", pid,
             p.safe_reads, p.safe_reads == 1 ? "" : "s");
    add(line);
  }
  return len;
}

} // namespace cgosan

#endif
