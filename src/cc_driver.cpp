// The compiler driver behind CC="cgosan cc". The go command runs it for everything: compiles of
// cgo files, its own probes (-###, -E -dM, flag support checks) and the final external link.
#include "cc_driver.h"

#include "clang_flags.h"
#include "link_inputs.h"
#include "toolchain.h"

#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <filesystem>
#include <limits.h>
#include <unistd.h>

namespace cgosan {

static bool HasPrefix(const std::string &s, const std::string &p) {
  return s.compare(0, p.size(), p) == 0;
}

static bool UnderDir(const std::string &path, const std::string &dir) {
  if (dir.empty())
    return false;
  std::string d = dir.back() == '/' ? dir : dir + "/";
  return HasPrefix(path + "/", d);
}

static bool IsSourceFile(const std::string &a) {
  static const char *exts[] = {".c", ".cc", ".cpp", ".cxx", ".C", ".m", ".i", ".ii"};
  for (const char *e : exts) {
    size_t n = strlen(e);
    if (a.size() > n && a.compare(a.size() - n, n, e) == 0)
      return true;
  }
  return false;
}

// Whether the last -g option on the command line turns debug information on. cgosan needs line
// information in every instrumented object: it is where reports get FILE:LINE from.
static bool DebugInfoOn(const std::vector<std::string> &args) {
  bool on = false;
  for (const std::string &a : args) {
    if (a == "-g0" || a == "-ggdb0" || a == "-gline-directives-only")
      on = false;
    else if (a == "-g" || a == "-g1" || a == "-g2" || a == "-g3" || HasPrefix(a, "-ggdb") ||
             a == "-gline-tables-only" || a == "-gmlt" || HasPrefix(a, "-gdwarf") ||
             a == "-gfull" || a == "-glldb" || a == "-gsce" || a == "-gdbx")
      on = true;
  }
  return on;
}

// Linker options that strip debug information or symbols: -ldflags=-w and -s (and the go
// command's own `go run`/`go test` builds) ask the external linker for them. cgosan's reports
// need the C objects' line tables to symbolize every frame, and Go's symbol table to find Go's
// global variables.
static bool IsStripFlag(const std::string &a) {
  return a == "-s" || a == "-Wl,-S" || a == "-Wl,-s" || a == "-Wl,--strip-debug" ||
         a == "-Wl,--strip-all";
}

CompilerPlan PlanCompiler(const Toolchain &tc, bool cxx, const std::vector<std::string> &args,
                          const std::string &goroot, const std::string &cwd) {
  CompilerPlan plan;
  bool compile = false, preprocess = false, query = false;
  std::string first_include, source;
  for (size_t i = 0; i < args.size(); i++) {
    const std::string &a = args[i];
    if (a == "-c" || a == "-S")
      compile = true;
    else if (a == "-E" || a == "-M" || a == "-MM")
      preprocess = true;
    else if (a == "-###" || a == "--version" || a == "-dumpversion" || a == "-dumpmachine" ||
             HasPrefix(a, "-print-") || HasPrefix(a, "--print-"))
      query = true;
    else if (a == "-I" && i + 1 < args.size() && first_include.empty())
      first_include = args[i + 1];
    else if (HasPrefix(a, "-I") && a.size() > 2 && first_include.empty())
      first_include = a.substr(2);
    else if (a[0] != '-' && IsSourceFile(a) && (i == 0 || args[i - 1] != "-o"))
      source = a;
  }
  if (preprocess || query)
    plan.mode = CompilerMode::Other;
  else if (compile)
    plan.mode = CompilerMode::Compile;
  else
    plan.mode = CompilerMode::Link;

  if (plan.mode == CompilerMode::Compile) {
    // The go command compiles a package's C files with the package directory as the first -I
    // (and in it, for non-cgo C files). Standard-library packages (runtime/cgo above all) stay
    // plain: their code runs on system stacks and in signal handlers.
    std::string std_src = goroot.empty() ? "" : goroot + "/src";
    std::string base = std::filesystem::path(source).filename().string();
    if (source.empty() || source == "-")
      plan.why_plain = "no source file";
    else if (UnderDir(first_include, std_src) || UnderDir(cwd, std_src))
      plan.why_plain = "Go standard library";
    else if (HasPrefix(base, "cgo-gcc-input-"))
      plan.why_plain = "cgo type probe";
    else if (base == "_cgo_main.c")
      plan.why_plain = "cgo link stub";
    else
      plan.instrument = true;
  }

  plan.argv.push_back(cxx ? tc.clangxx : tc.clang);
  for (const std::string &a : args)
    if (plan.mode != CompilerMode::Link || !IsStripFlag(a))
      plan.argv.push_back(a);
  if (plan.instrument) {
    // CGO_CFLAGS without -g (the go command then drops its default -g -O2) would leave every
    // report at <unknown>:0.
    if (!DebugInfoOn(args))
      plan.argv.push_back("-gline-tables-only");
    plan.argv.push_back("-fpass-plugin=" + tc.plugin);
    // Frame pointers and no sibling calls: report stacks are walked through frame pointers.
    plan.argv.push_back("-fno-omit-frame-pointer");
    plan.argv.push_back("-fno-optimize-sibling-calls");
    // cgosan.h's calls reach the runtime only in instrumented code.
    plan.argv.push_back("-D__CGOSAN__=1");
  }
  // cgosan.h is found by every compile and preprocessing run (cgo's type probes as well).
  if (plan.mode == CompilerMode::Compile || preprocess)
    plan.argv.push_back("-I" + tc.include);
  if (plan.mode == CompilerMode::Link) {
    // The runtime comes whole (its link-time wrappers and its free/realloc must be there even
    // when nothing else refers to them). --wrap routes the Go runtime's mmap hooks through it.
    plan.argv.push_back("-Wl,--whole-archive");
    plan.argv.push_back(tc.runtime);
    plan.argv.push_back("-Wl,--no-whole-archive");
    plan.argv.push_back("-Wl,--wrap=x_cgo_mmap,--wrap=x_cgo_munmap");
    plan.argv.push_back("-lpthread");
    if (LinksGoArchive(args, tc.runtime))
      for (const std::string &f : CArchiveLinkFlags())
        plan.argv.push_back(f);
  }
  return plan;
}

int RunCompiler(bool cxx, const std::vector<std::string> &args) {
  Toolchain tc;
  if (!LocateToolchain(&tc))
    return 2;
  for (const std::string &a : args)
    if (a == "-###") {
      // The go command keys its build cache on the first "version N" line of `$CC -###`: make it
      // ours, so that objects built by another cgosan (or by plain clang) are never reused.
      std::fprintf(stderr, "%s\n", VersionLine(tc).c_str());
      std::fflush(stderr);
      break;
    }
  const char *goroot = getenv("GOROOT");
  char cwd[PATH_MAX];
  if (!getcwd(cwd, sizeof(cwd)))
    cwd[0] = 0;
  // GCC-only flags of the build (CGO_CFLAGS, #cgo CFLAGS) that clang lacks: left out or
  // translated here, or when clang rejects them (RunClang).
  FlagNotes notes;
  CompilerPlan plan = PlanCompiler(tc, cxx, AdaptGccFlags(args, &notes), goroot ? goroot : "", cwd);
  if (getenv("CGOSAN_DRIVER_DEBUG")) {
    std::fprintf(stderr, "cgosan cc:");
    for (const std::string &a : plan.argv)
      std::fprintf(stderr, " %s", a.c_str());
    std::fprintf(stderr, "%s%s\n",
                 plan.why_plain.empty() ? "" : "  # plain: ", plan.why_plain.c_str());
  }
  // cgo learns the preamble's names from the errors of its probe compile: all of them, whatever
  // error limit the build sets (-fmax-errors=N breaks cgo with gcc too).
  if (plan.why_plain == "cgo type probe")
    plan.argv.push_back("-ferror-limit=0");
  // The pass stamps instrumented objects with this build (passes/RuntimeInterface.cpp).
  if (plan.instrument)
    setenv("CGOSAN_BUILD_ID", BuildId(tc).c_str(), 1);
  int status = RunClang(plan.argv, &notes);
  // Said where the go command shows it: compiles of the package's files and links, not cgo's
  // probes (whose output it reads) or queries.
  if (plan.mode != CompilerMode::Other && plan.why_plain != "cgo type probe" &&
      plan.why_plain != "no source file")
    PrintFlagNoteOnce(notes, args);
  return status;
}

} // namespace cgosan
