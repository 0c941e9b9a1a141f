// The cgosan command: dispatches to the go wrapper, the compiler driver and the small commands.
#include "cc_driver.h"
#include "compiler_call.h"
#include "exec_command.h"
#include "go_command.h"
#include "link_inputs.h"
#include "report/command.h"
#include "toolchain.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <unistd.h>
#include <vector>

static void Usage(FILE *out) {
  std::fprintf(out,
               "cgosan: a sanitizer for the C side of cgo\n"
               "\n"
               "usage:\n"
               "  cgosan go build|test|run ...   run the go command with every cgo C file\n"
               "                                 instrumented and the runtime linked\n"
               "  cgosan cc ARGS / cgosan c++ ARGS\n"
               "                                 the same as a compiler: CC=\"cgosan cc\"\n"
               "  cgosan report [--format sarif|json|text|markdown] [-o FILE] PATH...\n"
               "                                 merge JSON-lines reports of many processes\n"
               "                                 (cgosan report -h for more)\n"
               "  cgosan link-flags              print the flags that link the runtime into a C\n"
               "                                 program using a -buildmode=c-archive archive\n"
               "  cgosan version                 print the version\n"
               "  cgosan help                    print this help\n"
               "\n"
               "at run time: CGOSAN=0|1|2 (level, default 1), CGOSAN_OPTIONS=key=value:...\n"
               "(CGOSAN_OPTIONS=help=1 lists the options)\n"
               "\n"
               "cgosan compiles cgo C code with clang; exit status: that of the go command or\n"
               "the compiler, 2 for a usage error or a setup cgosan cannot work with, 127 if go\n"
               "or clang cannot be run\n");
}

// `cgosan link-flags`: what the driver adds to a link, for build systems that link a C program
// with a c-archive archive themselves (`cgosan cc` as the linker does the same on its own).
static int PrintLinkFlags(const std::vector<std::string> &args) {
  if (!args.empty()) {
    std::fprintf(stderr, "usage: cgosan link-flags\n");
    return 2;
  }
  cgosan::Toolchain tc;
  if (!cgosan::LocateToolchain(&tc))
    return 2;
  cgosan::CompilerPlan plan = cgosan::PlanCompiler(tc, false, {}, "", "/");
  std::vector<std::string> flags(plan.argv.begin() + 1, plan.argv.end());
  for (const std::string &f : cgosan::CArchiveLinkFlags())
    flags.push_back(f);
  std::string line;
  for (const std::string &f : flags) {
    bool plain = f.find_first_of(" \t\n'\"\\$`*?[]{}()<>|&;#~") == std::string::npos;
    std::string quoted = plain ? f : "'" + f + "'"; // no flag of ours holds a single quote
    line += (line.empty() ? "" : " ") + quoted;
  }
  std::printf("%s\n", line.c_str());
  return 0;
}

// `cgosan vet` is its own program (libexec/cgosan/cgosan-vet, linked with libclang-cpp), so the
// compiler driver this executable also is does not load Clang's libraries on every compile.
static int RunVet(const std::vector<std::string> &args) {
  cgosan::Toolchain tc;
  if (!cgosan::LocateToolchain(&tc))
    return 2;
  std::string vet = tc.self.substr(0, tc.self.rfind('/')) + "/../libexec/cgosan/cgosan-vet";
  std::vector<char *> argv;
  argv.push_back(const_cast<char *>(vet.c_str()));
  for (const std::string &a : args)
    argv.push_back(const_cast<char *>(a.c_str()));
  argv.push_back(nullptr);
  execv(vet.c_str(), argv.data());
  std::fprintf(stderr, "cgosan: cannot run %s: %s (is the build or the installation complete?)\n",
               vet.c_str(), std::strerror(errno));
  return 2;
}

int main(int argc, char **argv) {
  // cgosan-cc and cgosan-c++ (links to this executable) are the compiler as one word, which is
  // what CC must be for the Go linker's flag probes: they run only the first word of CC.
  std::string self = std::filesystem::path(argv[0]).filename().string();
  if (self == "cgosan-cc" || self == "cgosan-c++")
    return cgosan::RunCompiler(self == "cgosan-c++",
                               std::vector<std::string>(argv + 1, argv + argc));
  if (argc < 2) {
    Usage(stderr);
    return 2;
  }
  std::string cmd = argv[1];
  std::vector<std::string> rest(argv + 2, argv + argc);
  if (cmd == "go")
    return cgosan::RunGo(rest);
  if (cmd == "cc" || cmd == "c++")
    return cgosan::RunCompiler(cmd == "c++", rest);
  if (cmd == "report")
    return cgosan::RunReport(rest);
  if (cmd == "exec")
    return cgosan::RunExec(rest);
  if (cmd == "vet")
    return RunVet(rest);
  if (cmd == "version" || cmd == "--version") {
    cgosan::Toolchain tc;
    if (!cgosan::LocateToolchain(&tc))
      return 2;
    std::printf("%s\n", cgosan::VersionLine(tc).c_str());
    return 0;
  }
  if (cmd == "help" || cmd == "-h" || cmd == "--help") {
    Usage(stdout);
    return 0;
  }
  if (cmd == "link-flags")
    return PrintLinkFlags(rest);
  // With CC="cgosan cc", the Go linker's probes still run `cgosan -m64 ... -no-pie trivial.c`:
  // flags and input files where a command should be mean the compiler. Any other flag there is
  // a mistake (cgosan --verbose go build), not something to hand to clang.
  std::vector<std::string> all(argv + 1, argv + argc);
  if (cmd.size() > 1 && cmd[0] == '-') {
    if (cgosan::IsCompilerCallWithoutCommand(all))
      return cgosan::RunCompiler(false, all);
    std::fprintf(stderr,
                 "cgosan: unknown option '%s': a command comes first (cgosan go build ...)\n\n",
                 cmd.c_str());
  } else {
    std::fprintf(stderr, "cgosan: unknown command '%s'\n\n", cmd.c_str());
  }
  Usage(stderr);
  return 2;
}
