// The compiler driver's decisions (src/cc_driver.cpp, src/clang_flags.cpp), the Go toolchain and
// link-mode checks (src/go_command.cpp), cgosan's own command line (src/compiler_call.cpp) and
// `cgosan exec`'s test-log argument (src/exec_command.cpp), on command lines the go command and
// users really use.
#include "cc_driver.h"
#include "clang_flags.h"
#include "compiler_call.h"
#include "config.h"
#include "exec_command.h"
#include "go_command.h"
#include "toolchain.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <stdlib.h>
#include <sys/stat.h>

using namespace cgosan;

namespace {
Toolchain FakeToolchain() {
  Toolchain tc;
  tc.self = "/opt/cgosan/bin/cgosan";
  tc.plugin = "/opt/cgosan/lib/libcgosan_pass.so";
  tc.runtime = "/opt/cgosan/lib/libcgosan_rt.a";
  tc.include = "/opt/cgosan/include";
  tc.clang = "/usr/bin/clang-14";
  tc.clangxx = "/usr/bin/clang++-14";
  return tc;
}

bool Has(const CompilerPlan &p, const std::string &arg) {
  return std::find(p.argv.begin(), p.argv.end(), arg) != p.argv.end();
}

const std::string kGoroot = "/usr/local/go";
} // namespace

TEST(Driver, InstrumentsCgoFilesOfUserPackages) {
  CompilerPlan p =
      PlanCompiler(FakeToolchain(), false,
                   {"-I", "/home/u/proj", "-fPIC", "-m64", "-pthread", "-I", "/tmp/go-build1/b001/",
                    "-O2", "-g", "-o", "/tmp/go-build1/b001/_x002.o", "-c", "main.cgo2.c"},
                   kGoroot, "/tmp/go-build1/b001");
  EXPECT_EQ(p.mode, CompilerMode::Compile);
  EXPECT_TRUE(p.instrument) << p.why_plain;
  EXPECT_EQ(p.argv[0], "/usr/bin/clang-14");
  EXPECT_TRUE(Has(p, "-fpass-plugin=/opt/cgosan/lib/libcgosan_pass.so"));
  EXPECT_TRUE(Has(p, "-D__CGOSAN__=1"));
  EXPECT_FALSE(Has(p, "/opt/cgosan/lib/libcgosan_rt.a"));
}

TEST(Driver, LeavesStandardLibraryAlone) {
  CompilerPlan p = PlanCompiler(FakeToolchain(), false,
                                {"-I", "/usr/local/go/src/runtime/cgo", "-O2", "-g", "-o",
                                 "/tmp/go-build1/b003/_x001.o", "-c", "gcc_mmap.c"},
                                kGoroot, "/tmp/go-build1/b003");
  EXPECT_EQ(p.mode, CompilerMode::Compile);
  EXPECT_FALSE(p.instrument);
  EXPECT_EQ(p.why_plain, "Go standard library");
  EXPECT_FALSE(Has(p, "-fpass-plugin=/opt/cgosan/lib/libcgosan_pass.so"));
  // runtime/cgo's own sources, compiled in the package directory.
  p = PlanCompiler(FakeToolchain(), false, {"-c", "gcc_linux_amd64.c"}, kGoroot,
                   "/usr/local/go/src/runtime/cgo");
  EXPECT_FALSE(p.instrument);
}

TEST(Driver, LeavesCgoProbesAndLinkStubAlone) {
  CompilerPlan p = PlanCompiler(
      FakeToolchain(), false,
      {"-w", "-Wno-error", "-o/tmp/b001/_cgo_1.o", "-gdwarf-2", "-c", "/tmp/cgo-gcc-input-123.c"},
      kGoroot, "/home/u/proj");
  EXPECT_FALSE(p.instrument);
  p = PlanCompiler(FakeToolchain(), false, {"-I", "/home/u/proj", "-c", "_cgo_main.c"}, kGoroot,
                   "/tmp/b001");
  EXPECT_FALSE(p.instrument);
}

TEST(Driver, QueriesPassThroughAndPreprocessingFindsCgosanHeader) {
  for (auto args :
       std::vector<std::vector<std::string>>{{"-###", "-x", "c", "-c", "-"}, {"--version"}}) {
    CompilerPlan p = PlanCompiler(FakeToolchain(), false, args, kGoroot, "/tmp");
    EXPECT_EQ(p.mode, CompilerMode::Other) << args[0];
    EXPECT_EQ(p.argv.size(), args.size() + 1) << args[0];
  }
  // cgo preprocesses the preamble to learn its types: cgosan.h must be found there too, but
  // nothing is instrumented.
  std::vector<std::string> args = {"-E", "-dM", "-m64", "x.c"};
  CompilerPlan p = PlanCompiler(FakeToolchain(), false, args, kGoroot, "/tmp");
  EXPECT_EQ(p.mode, CompilerMode::Other);
  ASSERT_EQ(p.argv.size(), args.size() + 2);
  EXPECT_EQ(p.argv.back(), "-I" + FakeToolchain().include);
  EXPECT_FALSE(Has(p, "-D__CGOSAN__=1"));
}

TEST(Driver, LinksAddRuntimeAndWrappers) {
  CompilerPlan p = PlanCompiler(FakeToolchain(), false,
                                {"-m64", "-o", "/tmp/b001/exe/a.out", "-rdynamic", "/tmp/go.o",
                                 "/tmp/000000.o", "-O2", "-g", "-lpthread"},
                                kGoroot, "/tmp");
  EXPECT_EQ(p.mode, CompilerMode::Link);
  EXPECT_TRUE(Has(p, "/opt/cgosan/lib/libcgosan_rt.a"));
  EXPECT_TRUE(Has(p, "-Wl,--whole-archive"));
  bool wraps = false, wraps_free = false;
  for (const std::string &a : p.argv) {
    wraps |= a.find("--wrap=x_cgo_mmap") != std::string::npos &&
             a.find("--wrap=x_cgo_munmap") != std::string::npos;
    wraps_free |= a.find("--wrap=free") != std::string::npos;
  }
  EXPECT_TRUE(wraps);
  // free and realloc are defined by the runtime itself (allocator_hooks.cpp), so that calls from
  // shared libraries (libstdc++'s operator delete) reach them too; --wrap would see only the
  // program's own objects.
  EXPECT_FALSE(wraps_free);
}

TEST(Driver, CxxUsesClangxx) {
  CompilerPlan p = PlanCompiler(FakeToolchain(), true, {"-I", "/p", "-c", "x.cpp"}, kGoroot, "/t");
  EXPECT_EQ(p.argv[0], "/usr/bin/clang++-14");
  EXPECT_TRUE(p.instrument);
}

TEST(GoCheck, AcceptsSupportedToolchains) {
  EXPECT_EQ(CheckGoEnv("go1.26.8", "linux", "amd64"), "");
  EXPECT_EQ(CheckGoEnv("go1.21.0", "linux", "arm64"), "");
}

TEST(GoCheck, RefusesOldGoAndOtherPlatformsWithAReason) {
  EXPECT_NE(CheckGoEnv("go1.20.14", "linux", "amd64").find("needs Go 1.21"), std::string::npos);
  EXPECT_NE(CheckGoEnv("go1.26.0", "darwin", "arm64").find("GOOS=darwin"), std::string::npos);
  EXPECT_NE(CheckGoEnv("go1.26.0", "linux", "386").find("GOARCH=386"), std::string::npos);
  EXPECT_NE(CheckGoEnv("devel +abc", "linux", "amd64").find("cannot read"), std::string::npos);
}

// Reports need line tables: a compile whose flags leave debug information off gets them; one
// that asks for -g keeps exactly what it asked for.
TEST(Driver, InstrumentedCompilesAlwaysHaveLineTables) {
  auto compile = [](std::vector<std::string> flags) {
    flags.insert(flags.begin(), {"-I", "/home/u/proj"});
    flags.insert(flags.end(), {"-c", "main.cgo2.c"});
    return PlanCompiler(FakeToolchain(), false, flags, kGoroot, "/tmp/go-build1/b001");
  };
  EXPECT_TRUE(Has(compile({"-O2"}), "-gline-tables-only"));
  EXPECT_TRUE(Has(compile({"-g", "-O2", "-g0"}), "-gline-tables-only"));
  EXPECT_FALSE(Has(compile({"-g", "-O2"}), "-gline-tables-only"));
  EXPECT_FALSE(Has(compile({"-gdwarf-4", "-O2"}), "-gline-tables-only"));
  // Plain compiles are left as they are.
  CompilerPlan std = PlanCompiler(
      FakeToolchain(), false, {"-I", "/usr/local/go/src/runtime/cgo", "-O2", "-c", "gcc_linux.c"},
      kGoroot, "/tmp");
  EXPECT_FALSE(Has(std, "-gline-tables-only"));
}

// The external link keeps the C objects' line tables and Go's symbol table: the strip options
// that -ldflags=-s -w (and go run / go test binaries) pass are dropped.
TEST(Driver, LinksDropStripOptions) {
  CompilerPlan p = PlanCompiler(FakeToolchain(), false,
                                {"-m64", "-s", "-Wl,-S", "-o", "/tmp/b001/exe/a.out", "/tmp/go.o"},
                                kGoroot, "/tmp");
  EXPECT_EQ(p.mode, CompilerMode::Link);
  EXPECT_FALSE(Has(p, "-s"));
  EXPECT_FALSE(Has(p, "-Wl,-S"));
  EXPECT_TRUE(Has(p, "/tmp/go.o"));
}

// `cgosan exec` gives a go test binary in the go command's work tree the -test.testlogfile the go
// command passes only when it runs binaries itself, and nothing to anything else.
TEST(Exec, TestLogArgumentOnlyForGoTestBinaries) {
  EXPECT_EQ(TestLogArgument(
                {"/tmp/go-build123/b001/pkg.test", "-test.paniconexit0", "-test.timeout=10m0s"}),
            "-test.testlogfile=/tmp/go-build123/b001/testlog.txt");
  EXPECT_EQ(TestLogArgument({"/tmp/go-build123/b001/pkg.test", "-test.paniconexit0",
                             "-test.testlogfile=/x/testlog.txt"}),
            "");
  EXPECT_EQ(TestLogArgument({"/home/u/bin/pkg.test", "-test.paniconexit0"}), "");
  EXPECT_EQ(TestLogArgument({"/tmp/go-build123/b001/exe/main"}), "");
  EXPECT_EQ(TestLogArgument({"/tmp/go-build123/b001/pkg.test", "-test.v"}), "");
}

// --- GCC-only flags (src/clang_flags.cpp) ---------------------------------------------------

TEST(GccFlags, WarningOptionsClangLacksAreLeftOut) {
  FlagNotes notes;
  std::vector<std::string> out =
      AdaptGccFlags({"-O2", "-g", "-Wall", "-Wno-stringop-overflow", "-Wno-maybe-uninitialized",
                     "-Werror=maybe-uninitialized", "-Wno-error=stringop-truncation", "-Wextra",
                     "-Wno-unused-parameter", "-Werror", "-Wno-error", "-Werror=format",
                     "-Wl,--as-needed", "-w", "-c", "x.c"},
                    &notes);
  EXPECT_EQ(out, (std::vector<std::string>{"-O2", "-g", "-Wall", "-Wextra", "-Wno-unused-parameter",
                                           "-Werror", "-Wno-error", "-Werror=format",
                                           "-Wl,--as-needed", "-w", "-c", "x.c"}));
  EXPECT_EQ(notes.dropped, (std::vector<std::string>{
                               "-Wno-stringop-overflow", "-Wno-maybe-uninitialized",
                               "-Werror=maybe-uninitialized", "-Wno-error=stringop-truncation"}));
  EXPECT_TRUE(notes.translated.empty());
}

TEST(GccFlags, GccSpellingsAreTranslated) {
  FlagNotes notes;
  std::vector<std::string> out =
      AdaptGccFlags({"-fmax-errors=7", "-Wimplicit-fallthrough=3", "-Wframe-larger-than=4096",
                     "-Wformat=2", "-fno-diagnostics-show-caret"},
                    &notes);
  EXPECT_EQ(out, (std::vector<std::string>{"-ferror-limit=7", "-Wimplicit-fallthrough",
                                           "-Wframe-larger-than=4096", "-Wformat=2",
                                           "-fno-caret-diagnostics"}));
  ASSERT_EQ(notes.translated.size(), 3u);
  EXPECT_EQ(notes.translated[0],
            std::make_pair(std::string("-fmax-errors=7"), std::string("-ferror-limit=7")));
  EXPECT_TRUE(notes.dropped.empty());
}

TEST(GccFlags, ValuesOfOtherOptionsAreLeftAlone) {
  FlagNotes notes;
  std::vector<std::string> args = {"-Xclang", "-Wno-bogus-thing", "-mllvm", "-Wanything",
                                   "-o",      "-Wweird-name.o",   "-D",     "-Wfoo"};
  EXPECT_EQ(AdaptGccFlags(args, &notes), args);
  EXPECT_TRUE(notes.empty());
}

TEST(GccFlags, TablesComeFromClang) {
  for (const char *g : {"all", "extra", "unused-variable", "#pragma-messages", "format",
                        "implicit-fallthrough", "zero-length-array", "unknown-warning-option"})
    EXPECT_TRUE(ClangHasWarningGroup(g)) << g;
  EXPECT_FALSE(ClangHasWarningGroup("maybe-uninitialized"));
  EXPECT_FALSE(ClangHasWarningGroup("stringop-overflow"));
  for (const char *o : {"-###", "-c", "-fsyntax-only", "-fPIC", "-fsanitize=address",
                        "-Wl,--wrap=free", "-fno-omit-frame-pointer", "-march=native", "-m64",
                        "-ferror-limit=3", "-fpass-plugin=/x.so", "-x"})
    EXPECT_TRUE(ClangHasOption(o)) << o;
  EXPECT_FALSE(ClangHasOption("-fipa-pta"));
  EXPECT_FALSE(ClangHasOption("-fno-tree-loop-distribute-patterns"));
}

TEST(GccFlags, RejectedArgumentsAreReadFromClangsErrors) {
  EXPECT_EQ(RejectedArguments("clang: error: unknown argument: '-fipa-pta'\n"
                              "clang: error: unknown argument '-fno-gcse-lm'; did you mean "
                              "'-fno-gcse-sm'?\n"
                              "clang: warning: argument unused during compilation: '-marm'\n"),
            (std::vector<std::string>{"-fipa-pta", "-fno-gcse-lm"}));
  EXPECT_EQ(RejectedArguments("clang: error: optimization flag '-fgcse' is not supported "
                              "[-Werror,-Wignored-optimization-argument]\n"),
            std::vector<std::string>{"-fgcse"});
  // Any other error: the compile itself failed, nothing to retry.
  EXPECT_TRUE(RejectedArguments("clang: error: unknown argument: '-fipa-pta'\n"
                                "x.c:1:1: error: unknown type name 'foo'\n")
                  .empty());
  EXPECT_TRUE(RejectedArguments("clang: error: no input files\n").empty());
  EXPECT_TRUE(RejectedArguments("").empty());
}

// The real clang: it rejects a GCC-only flag, and the driver compiles without it.
TEST(GccFlags, ClangRunsAgainWithoutWhatItRejects) {
  char tmpl[] = "/tmp/cgosan-driver-XXXXXX";
  ASSERT_NE(mkdtemp(tmpl), nullptr);
  std::string dir = tmpl, src = dir + "/x.c", obj = dir + "/x.o";
  std::ofstream(src) << "int f(int x) { return x + 1; }\n";
  FlagNotes notes;
  int status = RunClang({CGOSAN_CLANG, "-fipa-pta", "-O2", "-fno-tree-loop-distribute-patterns",
                         "-fgcse", "-Werror", "-c", src, "-o", obj},
                        &notes);
  EXPECT_EQ(status, 0);
  EXPECT_EQ(notes.dropped, (std::vector<std::string>{
                               "-fipa-pta", "-fno-tree-loop-distribute-patterns", "-fgcse"}));
  struct stat st;
  EXPECT_EQ(stat(obj.c_str(), &st), 0);
  // A real error is clang's to report, with its status.
  std::ofstream(src) << "int f(int x) { return y; }\n";
  FlagNotes none;
  EXPECT_NE(RunClang({CGOSAN_CLANG, "-c", src, "-o", obj}, &none), 0);
  EXPECT_TRUE(none.empty());
  std::string note = FlagNoteText(notes, true);
  EXPECT_NE(note.find("compiled with clang"), std::string::npos) << note;
  // The Go linker takes a probe's output mentioning "unknown" as "flag not supported".
  EXPECT_EQ(note.find("unknown"), std::string::npos) << note;
  std::filesystem::remove_all(dir);
}

// --- the command line (src/compiler_call.cpp, src/go_command.cpp) ---------------------------

TEST(CommandLine, LinkerProbesAreCompilerCallsMistakesAreNot) {
  char tmpl[] = "/tmp/cgosan-probe-XXXXXX";
  ASSERT_NE(mkdtemp(tmpl), nullptr);
  std::string trivial = std::string(tmpl) + "/trivial.c";
  std::ofstream(trivial) << "int main() { return 0; }";
  EXPECT_TRUE(IsCompilerCallWithoutCommand(
      {"-m64", "-o", std::string(tmpl) + "/a.out", "-no-pie", trivial}));
  EXPECT_TRUE(IsCompilerCallWithoutCommand({"-m64", "-Wl,-z,relro", "-target", "x86_64-linux-gnu",
                                            "-o", "/x/a.out", "-rdynamic", trivial}));
  EXPECT_TRUE(IsCompilerCallWithoutCommand(
      {"-m64", "-o", "/x/a.out", "@" + std::string(tmpl) + "/response", trivial}));
  EXPECT_FALSE(IsCompilerCallWithoutCommand({"-x", "c", "-c", "-"})); // "c" is no file
  // The go command's compiler identity probe (its build cache keys on the answer).
  EXPECT_TRUE(IsCompilerCallWithoutCommand({"-###", "-x", "c", "-c", "-"}));
  EXPECT_TRUE(IsCompilerCallWithoutCommand({"-###", "-x", "c++", "-c", "-"}));
  EXPECT_FALSE(IsCompilerCallWithoutCommand({"--frobnicate", trivial})); // no output
  EXPECT_FALSE(IsCompilerCallWithoutCommand({"-c", trivial}));
  EXPECT_FALSE(IsCompilerCallWithoutCommand({"--verbose", "go", "build"}));
  EXPECT_FALSE(IsCompilerCallWithoutCommand({"-v"}));
  EXPECT_FALSE(IsCompilerCallWithoutCommand({"--frobnicate", "/no/such/file.c"}));
  EXPECT_FALSE(IsCompilerCallWithoutCommand({"-q", "report", trivial}));
  std::filesystem::remove_all(tmpl);
}

TEST(CommandLine, InternalLinkingIsRefused) {
  for (auto args : std::vector<std::vector<std::string>>{
           {"build", "-ldflags=-linkmode=internal", "."},
           {"test", "-ldflags", "-s -w -linkmode internal", "./..."},
           {"run", "--ldflags=all=-linkmode=internal", "."},
           {"install", "-ldflags= -s '-linkmode=internal'", "."},
           {"build", "-ldflags=-extldflags '-static' --linkmode=internal"}})
    EXPECT_NE(CheckLinkMode(args, "").find("-linkmode=internal is not supported"),
              std::string::npos)
        << args[1];
  EXPECT_NE(CheckLinkMode({"build", "."}, "-mod=mod -ldflags=-linkmode=internal"), "");
  EXPECT_EQ(CheckLinkMode({"build", "-ldflags=-linkmode=external", "."}, ""), "");
  EXPECT_EQ(CheckLinkMode({"build", "-ldflags=-X main.mode=internal", "."}, ""), "");
  EXPECT_EQ(CheckLinkMode({"build", "-ldflags=-s -w", "."}, "-trimpath"), "");
  EXPECT_EQ(CheckLinkMode({"env", "GOFLAGS"}, "-ldflags=-linkmode=internal"), "");
  EXPECT_EQ(CheckLinkMode({"run", ".", "--", "-ldflags=-linkmode=internal"}, ""), "");
}

TEST(Toolchain, AMissingClangNamesTheDebianPackage) {
  Toolchain tc = FakeToolchain();
  tc.clang = "/nonexistent/llvm/bin/clang";
  std::string why = CheckToolchain(tc);
  EXPECT_NE(why.find("apt-get install " CGOSAN_CLANG_PACKAGE), std::string::npos) << why;
  EXPECT_NE(why.find("compiles cgo C code with clang"), std::string::npos) << why;
  EXPECT_EQ(why.find("is the build complete"), std::string::npos) << why;
}
