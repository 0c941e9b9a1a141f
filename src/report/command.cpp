// The `cgosan report` command: its options, and reading, merging and writing in that order, so
// that an input error leaves no half-written output (see command.h).
#include "report/command.h"

#include "config.h"
#include "report/input.h"
#include "report/jsonl.h"
#include "report/markdown.h"
#include "report/merge.h"
#include "report/paths.h"
#include "report/sarif.h"
#include "report/text.h"
#include "toolchain.h"

#include <cstdio>
#include <fstream>
#include <iostream>
#include <sstream>

namespace cgosan {

namespace {

const char kUsage[] =
    "usage: cgosan report [--format sarif|json|text|markdown] [-o FILE] [--srcroot DIR]\n"
    "                     [--docs-uri BASE] PATH...\n"
    "\n"
    "Merges the JSON-lines reports of cgosan processes into one SARIF 2.1.0 log, JSON lines,\n"
    "a text summary (the default) or a Markdown summary. PATH is a report file (with\n"
    "CGOSAN_OPTIONS=format=json:log_path=P each process writes P.PID), a directory (every report\n"
    "file in it; other files are skipped) or - (standard input). Reports of the same rule at the\n"
    "same file, line and function are one finding, counted.\n"
    "\n"
    "  --format F      sarif, json (one line per finding, with count and processes), text or\n"
    "                  markdown (for a CI job summary)\n"
    "  -o FILE         write to FILE instead of standard output\n"
    "  --srcroot DIR   source files under DIR are named relative to it (SARIF: URIs relative\n"
    "                  to %SRCROOT% = DIR); default: the current directory\n"
    "  --docs-uri BASE base URI of the rule pages (SARIF helpUri BASE<rule-id>.md); default:\n"
    "                  the rule pages installed with this cgosan (share/doc/cgosan/docs/rules/),\n"
    "                  or the public URL it was built with (cmake -DCGOSAN_DOCS_URL=...)\n"
    "\n"
    "Exit status: 0 if no finding remains, 1 if one does, 2 on a usage or input error.\n"
    "Suppressed reports (\"suppressed\": true) are counted but do not fail.\n";

struct Options {
  std::string format = "text";
  std::string output; // "" for standard output
  std::string srcroot = ".";
  std::string docs_uri;
  std::vector<std::string> paths;
  bool help = false;
};

int UsageError(const std::string &message) {
  std::fprintf(stderr, "cgosan report: %s\n\n%s", message.c_str(), kUsage);
  return 2;
}

// Parses the options; returns -1 when the command should go on, else the exit status.
int ParseOptions(const std::vector<std::string> &args, Options *o) {
  bool only_paths = false;
  for (size_t i = 0; i < args.size(); i++) {
    const std::string &a = args[i];
    if (only_paths || a == "-" || a.empty() || a[0] != '-') {
      o->paths.push_back(a);
      continue;
    }
    if (a == "--") {
      only_paths = true;
      continue;
    }
    if (a == "-h" || a == "--help" || a == "-help") {
      o->help = true;
      continue;
    }
    // -o FILE, --format F, --format=F, -format F (Go-style single dash too).
    std::string name = a.substr(a[1] == '-' ? 2 : 1), value;
    bool has_value = false;
    size_t eq = name.find('=');
    if (eq != std::string::npos) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
      has_value = true;
    }
    std::string *target = name == "format"     ? &o->format
                          : name == "o"        ? &o->output
                          : name == "output"   ? &o->output
                          : name == "srcroot"  ? &o->srcroot
                          : name == "docs-uri" ? &o->docs_uri
                                               : nullptr;
    if (!target)
      return UsageError("unknown option '" + a + "'");
    if (!has_value) {
      if (i + 1 >= args.size())
        return UsageError("option '" + a + "' needs a value");
      value = args[++i];
    }
    if (value.empty())
      return UsageError("option '" + a + "' needs a non-empty value");
    *target = value;
  }
  if (o->help) {
    std::fputs(kUsage, stdout);
    return 0;
  }
  if (o->format != "sarif" && o->format != "json" && o->format != "text" && o->format != "markdown")
    return UsageError("unknown format '" + o->format + "' (sarif, json, text or markdown)");
  if (o->paths.empty())
    return UsageError("no report files or directories given");
  if (!o->docs_uri.empty() && o->docs_uri.back() != '/')
    o->docs_uri += '/';
  return -1;
}

// The rule pages: the public URL configured at build time (-DCGOSAN_DOCS_URL), else the pages
// installed with this cgosan (PREFIX/share/doc/cgosan/docs/rules/; in a build tree, a link to
// the source tree's docs/rules/, resolved).
std::string DefaultDocsUri() {
  if (CGOSAN_DOCS_URL[0])
    return CGOSAN_DOCS_URL;
  return report::FileUri(InstallPath(CGOSAN_RULES_DOCS_REL) + "/");
}

// The tool's page: README.md at the root of the tree the rule pages are in.
std::string InformationUri(const std::string &docs_uri) {
  const std::string rules = "docs/rules/";
  if (docs_uri.size() >= rules.size() &&
      docs_uri.compare(docs_uri.size() - rules.size(), rules.size(), rules) == 0)
    return docs_uri.substr(0, docs_uri.size() - rules.size()) + "README.md";
  return docs_uri + "README.md";
}

} // namespace

int RunReport(const std::vector<std::string> &args) {
  Options o;
  int status = ParseOptions(args, &o);
  if (status >= 0)
    return status;
  if (o.docs_uri.empty())
    o.docs_uri = DefaultDocsUri();

  std::vector<report::Report> reports;
  std::string error;
  if (!report::ReadReports(o.paths, &reports, &error)) {
    std::fprintf(stderr, "cgosan report: %s\n", error.c_str());
    return 2;
  }
  std::vector<report::Finding> findings = report::MergeReports(reports);
  report::SourceRoot root(o.srcroot);

  std::ostringstream out;
  if (o.format == "sarif") {
    report::SarifOptions so;
    so.tool_version = CGOSAN_VERSION;
    so.docs_uri = o.docs_uri;
    so.information_uri = InformationUri(o.docs_uri);
    out << report::BuildSarif(findings, root, so)
               .dump(2, ' ', false, report::Json::error_handler_t::replace)
        << "\n";
  } else if (o.format == "json") {
    report::WriteJsonLines(out, findings);
  } else if (o.format == "markdown") {
    report::WriteMarkdown(out, findings, root, o.docs_uri);
  } else {
    report::WriteText(out, findings, root);
  }

  if (o.output.empty()) {
    std::cout << out.str() << std::flush;
    if (!std::cout) {
      std::fprintf(stderr, "cgosan report: cannot write to standard output\n");
      return 2;
    }
  } else {
    std::ofstream file(o.output, std::ios::binary | std::ios::trunc);
    file << out.str();
    file.close();
    if (!file) {
      std::fprintf(stderr, "cgosan report: cannot write '%s'\n", o.output.c_str());
      return 2;
    }
  }
  return report::AnyUnsuppressed(findings) ? 1 : 0;
}

} // namespace cgosan
