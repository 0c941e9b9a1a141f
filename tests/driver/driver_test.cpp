// The compiler driver's decisions (src/cc_driver.cpp), the Go toolchain check
// (src/go_command.cpp) and `cgosan exec`'s test-log argument (src/exec_command.cpp), on command
// lines the go command really uses.
#include "cc_driver.h"
#include "exec_command.h"
#include "go_command.h"
#include "toolchain.h"

#include <gtest/gtest.h>

#include <algorithm>

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
