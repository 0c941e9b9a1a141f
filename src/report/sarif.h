// SARIF 2.1.0 output of `cgosan report` (https://docs.oasis-open.org/sarif/sarif/v2.1.0/): one run
// of the tool `cgosan` with every rule's metadata, one result per unsuppressed finding (location,
// stable partialFingerprints, the C stack, and a code flow lent at -> kept at -> used at where
// the report has those), artifact URIs relative to %SRCROOT% where files lie under the source
// root. Suppressed findings are not results; the run's properties count them.
#ifndef CGOSAN_REPORT_SARIF_H
#define CGOSAN_REPORT_SARIF_H

#include "report/merge.h"
#include "report/paths.h"

#include <string>
#include <vector>

namespace cgosan {
namespace report {

struct SarifOptions {
  std::string tool_version;    // cgosan's version (config.h, as `cgosan version` prints it)
  std::string docs_uri;        // base URI of the rule pages: helpUri is docs_uri + "<id>.md"
  std::string information_uri; // the tool's page
  // Of every result and rule; empty: each rule's severity (rules.inc). `cgosan vet` says
  // "warning": a static finding is what may happen.
  std::string level;
};

// The schema URI written as "$schema": OASIS's SARIF 2.1.0 schema (errata 01).
inline constexpr const char kSarifSchemaUri[] =
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

Json BuildSarif(const std::vector<Finding> &findings, const SourceRoot &root,
                const SarifOptions &options);

} // namespace report
} // namespace cgosan

#endif
