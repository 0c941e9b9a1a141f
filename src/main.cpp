// The cgosan command: dispatches to the go wrapper, the compiler driver and the small commands.
#include "cc_driver.h"
#include "exec_command.h"
#include "go_command.h"
#include "report_command.h"
#include "toolchain.h"

#include <cerrno>
#include <climits>
#include <cstdio>
#include <cstring>
#include <string>
#include <unistd.h>
#include <vector>

static void Usage(FILE *out) {
  std::fprintf(out, "cgosan: a sanitizer for the C side of cgo\n"
                    "\n"
                    "usage:\n"
                    "  cgosan go build|test|run ...   run the go command with every cgo C file\n"
                    "                                 instrumented and the runtime linked\n"
                    "  cgosan cc ARGS / cgosan c++ ARGS\n"
                    "                                 the same as a compiler: CC=\"cgosan cc\"\n"
                    "  cgosan exec PROGRAM [ARGS...]  run a program built with cgosan: every\n"
                    "                                 finding is reported once, the run goes on\n"
                    "                                 and fails at its end (what go test and go\n"
                    "                                 run use)\n"
                    "  cgosan vet [--format text|json|sarif] [packages]\n"
                    "                                 report C that may keep, store or reuse Go\n"
                    "                                 pointers, before anything runs (static;\n"
                    "                                 cgosan vet -h for more)\n"
                    "  cgosan report [--format sarif|json|text|markdown] [-o FILE] PATH...\n"
                    "                                 merge JSON-lines reports of many processes\n"
                    "                                 (cgosan report -h for more)\n"
                    "  cgosan version                 print the version\n"
                    "  cgosan help                    print this help\n"
                    "\n"
                    "at run time: CGOSAN=0|1|2 (level, default 1), CGOSAN_OPTIONS=key=value:...\n"
                    "(CGOSAN_OPTIONS=help=1 lists the options)\n");
}

// `cgosan vet` is its own program (libexec/cgosan/cgosan-vet, linked with libclang-cpp), so the
// compiler driver this executable also is does not load Clang's libraries on every compile.
static int RunVet(const std::vector<std::string> &args) {
  char buf[PATH_MAX];
  ssize_t n = readlink("/proc/self/exe", buf, sizeof(buf) - 1);
  if (n <= 0) {
    std::fprintf(stderr, "cgosan: cannot find its own executable (/proc/self/exe)\n");
    return 2;
  }
  std::string self(buf, n);
  std::string vet = self.substr(0, self.rfind('/')) + "/../libexec/cgosan/cgosan-vet";
  std::vector<char *> argv;
  argv.push_back(const_cast<char *>(vet.c_str()));
  for (const std::string &a : args)
    argv.push_back(const_cast<char *>(a.c_str()));
  argv.push_back(nullptr);
  execv(vet.c_str(), argv.data());
  std::fprintf(stderr, "cgosan: cannot run %s: %s (is the build complete? run `make`)\n",
               vet.c_str(), std::strerror(errno));
  return 2;
}

static std::string BaseName(const char *p) {
  const char *slash = std::strrchr(p, '/');
  return slash ? slash + 1 : p;
}

int main(int argc, char **argv) {
  // cgosan-cc and cgosan-c++ (links to this executable) are the compiler as one word, which is
  // what CC must be for the Go linker's flag probes: they run only the first word of CC.
  std::string self = BaseName(argv[0]);
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
  // With CC="cgosan cc", the Go linker's probes still run `cgosan -no-pie ...`: a compiler flag
  // where a command should be means the compiler.
  if (cmd.size() > 1 && cmd[0] == '-' && cmd != "-h")
    return cgosan::RunCompiler(false, std::vector<std::string>(argv + 1, argv + argc));
  std::fprintf(stderr, "cgosan: unknown command '%s'\n\n", cmd.c_str());
  Usage(stderr);
  return 2;
}
