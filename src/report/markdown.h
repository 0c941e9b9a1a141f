// The Markdown output of `cgosan report`: a heading, a table of findings and a table of totals
// per rule, for a CI job summary ($GITHUB_STEP_SUMMARY) or a pull-request comment.
#ifndef CGOSAN_REPORT_MARKDOWN_H
#define CGOSAN_REPORT_MARKDOWN_H

#include "report/merge.h"
#include "report/paths.h"

#include <ostream>
#include <string>
#include <vector>

namespace cgosan {
namespace report {

// docs_uri: base URI of the rule pages; rule ids link to them when it is http(s) (a file:// link
// means nothing on a CI page).
void WriteMarkdown(std::ostream &out, const std::vector<Finding> &findings, const SourceRoot &root,
                   const std::string &docs_uri);

} // namespace report
} // namespace cgosan

#endif
