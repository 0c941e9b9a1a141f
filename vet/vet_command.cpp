// The `cgosan vet` command: options, then per package load -> Go side -> parse -> analyse, then
// suppressions and output (see vet_command.h).
#include "vet_command.h"

#include "go_packages.h"
#include "go_side.h"
#include "output.h"
#include "package_analysis.h"
#include "report/paths.h"
#include "subprocess.h"
#include "suppression.h"
#include "translation_units.h"

#include "clang/Frontend/ASTUnit.h"

#include <chrono>
#include <climits>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <sstream>
#include <unistd.h>

namespace cgosan {
namespace vet {

namespace {

const char kUsage[] =
    "usage: cgosan vet [--format text|json|sarif] [-o FILE] [--suppressions FILE]\n"
    "                  [--srcroot DIR] [-v] [packages]\n"
    "\n"
    "Reads the C side of the cgo packages matched (go package patterns, default .) with Clang,\n"
    "and reports C that may keep, store or reuse Go pointers: the run-time rules, found before\n"
    "anything runs. Preamble code, the package's .c/.cc/.cpp files and cgo's generated code are\n"
    "read with the flags the go command would use. Nothing is built or run.\n"
    "\n"
    "  --format F          text (default: FILE:LINE:COL: warning: cgosan: RULE: ... on standard\n"
    "                      error), json (JSON lines) or sarif (SARIF 2.1.0), on standard output\n"
    "  -o FILE             write json or sarif output to FILE\n"
    "  --suppressions FILE rule:pattern lines, as the runtime's suppressions=FILE\n"
    "  --srcroot DIR       file names relative to DIR (default: the current directory)\n"
    "  -v                  say what was analysed and what could not be followed\n"
    "\n"
    "A `//cgosan:ignore RULE` comment on the reported line, or the line above, silences it.\n"
    "Exit status: 0 if no finding remains, 1 if one does, 2 if something could not be\n"
    "analysed (the rest is still analysed) or on a usage error.\n";

struct Options {
  std::string format = "text";
  std::string output;
  std::string suppressions;
  std::string srcroot = ".";
  bool verbose = false;
  std::vector<std::string> patterns;
};

int UsageError(const std::string &m) {
  std::fprintf(stderr, "cgosan vet: %s\n\n%s", m.c_str(), kUsage);
  return 2;
}

// -1 to go on, else the exit status.
int ParseOptions(const std::vector<std::string> &args, Options *o) {
  bool only = false;
  for (size_t i = 0; i < args.size(); i++) {
    const std::string &a = args[i];
    if (only || a.empty() || a[0] != '-') {
      o->patterns.push_back(a);
      continue;
    }
    if (a == "--") {
      only = true;
      continue;
    }
    if (a == "-h" || a == "-help" || a == "--help") {
      std::fputs(kUsage, stdout);
      return 0;
    }
    if (a == "-v" || a == "--verbose") {
      o->verbose = true;
      continue;
    }
    std::string name = a.substr(a.size() > 1 && a[1] == '-' ? 2 : 1), value;
    bool has = false;
    size_t eq = name.find('=');
    if (eq != std::string::npos) {
      value = name.substr(eq + 1);
      name = name.substr(0, eq);
      has = true;
    }
    std::string *t = name == "format"         ? &o->format
                     : name == "o"            ? &o->output
                     : name == "suppressions" ? &o->suppressions
                     : name == "srcroot"      ? &o->srcroot
                                              : nullptr;
    if (!t)
      return UsageError("unknown option '" + a + "'");
    if (!has) {
      if (i + 1 >= args.size())
        return UsageError("option '" + a + "' needs a value");
      value = args[++i];
    }
    if (value.empty())
      return UsageError("option '" + a + "' needs a non-empty value");
    *t = value;
  }
  if (o->format != "text" && o->format != "json" && o->format != "sarif")
    return UsageError("unknown format '" + o->format + "' (text, json or sarif)");
  if (!o->output.empty() && o->format == "text")
    return UsageError("-o is for --format json or sarif");
  if (o->patterns.empty())
    o->patterns.push_back(".");
  return -1;
}

std::string SelfDir() {
  char buf[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", buf, sizeof buf - 1);
  if (n <= 0)
    return ".";
  std::string self(buf, n);
  return self.substr(0, self.rfind('/'));
}

// docs/rules/ of the tree this program was built from (build/libexec/cgosan/cgosan-vet), or of
// an installation (PREFIX/libexec/cgosan -> PREFIX/share/doc/cgosan/rules).
std::string DocsUri() {
  std::error_code ec;
  for (const char *rel : {"/../../../docs/rules", "/../../share/doc/cgosan/rules"}) {
    std::string d = report::NormalizePath(SelfDir() + rel);
    if (std::filesystem::is_directory(d, ec))
      return report::FileUri(std::filesystem::canonical(d, ec).string() + "/");
  }
  return report::FileUri(report::NormalizePath(SelfDir() + "/../../../docs/rules") + "/");
}

double CpuSeconds() { return static_cast<double>(std::clock()) / CLOCKS_PER_SEC; }

} // namespace

int RunVet(const std::vector<std::string> &args) {
  Options o;
  int status = ParseOptions(args, &o);
  if (status >= 0)
    return status;
  auto t0 = std::chrono::steady_clock::now();
  Suppressor sup;
  std::string error;
  if (!sup.Load(o.suppressions, &error)) {
    std::fprintf(stderr, "cgosan vet: %s\n", error.c_str());
    return 2;
  }
  char tmpl[] = "/tmp/cgosan-vet-XXXXXX";
  if (!mkdtemp(tmpl)) {
    std::fprintf(stderr, "cgosan vet: cannot create a temporary directory\n");
    return 2;
  }
  std::string work = tmpl;
  struct Cleanup {
    std::string dir;
    ~Cleanup() {
      std::error_code ec;
      std::filesystem::remove_all(dir, ec);
    }
  } cleanup{work};

  LoadResult loaded;
  std::string include = report::NormalizePath(SelfDir() + "/../../include");
  if (!LoadPackages(o.patterns, work, include, &loaded, &error)) {
    std::fprintf(stderr, "cgosan vet: %s\n", error.c_str());
    return 2;
  }
  std::string importcfg = work + "/importcfg";
  {
    std::ofstream f(importcfg);
    f << loaded.importcfg;
  }
  std::string helper = SelfDir() + "/cgosan-vet-go";
  bool incomplete = false;
  std::vector<VetFinding> findings;
  Stats total;
  unsigned units = 0;
  for (const VetPackage &pkg : loaded.packages) {
    if (!pkg.error.empty()) {
      std::fprintf(stderr, "cgosan vet: %s: not analysed: %s\n", pkg.import_path.c_str(),
                   pkg.error.c_str());
      incomplete = true;
      continue;
    }
    std::vector<std::string> cmd = {helper, "-importcfg", importcfg};
    cmd.insert(cmd.end(), pkg.go_files.begin(), pkg.go_files.end());
    CommandResult gr = RunCommand(cmd, pkg.dir);
    GoSide go;
    if (gr.status != 0 || !ParseGoSide(gr.out, &go, &error)) {
      std::fprintf(stderr, "cgosan vet: %s: cannot read the Go side: %s\n", pkg.import_path.c_str(),
                   gr.status != 0 ? gr.err.c_str() : error.c_str());
      incomplete = true;
      continue;
    }
    if (o.verbose)
      for (const std::string &e : go.type_errors)
        std::fprintf(stderr, "cgosan vet: %s: Go type error (values it touches are unknown): %s\n",
                     pkg.import_path.c_str(), e.c_str());
    std::vector<ParsedUnit> parsed;
    for (const CUnit &u : pkg.units) {
      ParsedUnit p = ParseUnit(u);
      units++;
      if (!p.ok) {
        std::fprintf(stderr,
                     "cgosan vet: %s: %s does not parse (see the errors above); not analysed\n",
                     pkg.import_path.c_str(), u.file.c_str());
        incomplete = true;
        continue;
      }
      parsed.push_back(std::move(p));
    }
    PackageAnalysis pa(go);
    for (ParsedUnit &p : parsed)
      pa.AddUnit(p.ast->getASTContext());
    std::vector<VetFinding> found = pa.Run();
    for (VetFinding &f : found) {
      sup.Apply(&f);
      findings.push_back(std::move(f));
    }
    const Stats &s = pa.stats();
    total.entries += s.entries;
    total.functions += s.functions;
    total.unknown_calls += s.unknown_calls;
    total.unknown_go += s.unknown_go;
    total.unknown_args += s.unknown_args;
    total.given_up += s.given_up;
  }

  std::sort(findings.begin(), findings.end(), [](const VetFinding &a, const VetFinding &b) {
    return std::tie(a.where.file, a.where.line, a.where.column, a.rule) <
           std::tie(b.where.file, b.where.line, b.where.column, b.rule);
  });
  size_t shown = 0, suppressed = 0;
  for (const VetFinding &f : findings)
    (f.suppressed ? suppressed : shown)++;
  if (o.format == "text") {
    WriteText(std::cerr, findings, o.srcroot);
  } else {
    std::ostringstream out;
    WriteStructured(out, findings, o.format, o.srcroot, DocsUri());
    if (o.output.empty()) {
      std::cout << out.str() << std::flush;
    } else {
      std::ofstream f(o.output, std::ios::binary | std::ios::trunc);
      f << out.str();
      f.close();
      if (!f) {
        std::fprintf(stderr, "cgosan vet: cannot write '%s'\n", o.output.c_str());
        return 2;
      }
    }
  }
  if (o.verbose) {
    double wall = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
    std::fprintf(stderr,
                 "cgosan vet: %zu cgo packages (%u without cgo), %u files, %u entry points, %u "
                 "functions summarized (%u too large to follow); %zu findings (%zu suppressed); %u "
                 "calls into code "
                 "without a body or through unknown pointers, %u of them given values that may "
                 "be Go memory; %u entry arguments the Go side could not tell; %.2fs (%.2fs CPU "
                 "in this process)\n",
                 loaded.packages.size(), loaded.non_cgo, units, total.entries, total.functions,
                 total.given_up, shown + suppressed, suppressed, total.unknown_calls,
                 total.unknown_go, total.unknown_args, wall, CpuSeconds());
  }
  if (incomplete)
    return 2;
  return shown ? 1 : 0;
}

} // namespace vet
} // namespace cgosan
