// The cgosan command line: usage errors instead of running clang, the exit statuses
// docs/OPTIONS.md lists, help=1 under go test, and builds whose C flags were written for gcc.
package e2e

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// cgosanRun runs cgosan with args in dir and extra environment; returns output and exit status.
func cgosanRun(t *testing.T, dir string, env []string, args ...string) (string, int) {
	t.Helper()
	cmd := exec.Command(cgosanBin(t), args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.CombinedOutput()
	if ee, ok := err.(*exec.ExitError); ok {
		return string(out), ee.ExitCode()
	} else if err != nil {
		t.Fatal(err)
	}
	return string(out), 0
}

func TestUnknownFlagsAreUsageErrors(t *testing.T) {
	for _, args := range [][]string{
		{"--verbose", "go", "build", "."},
		{"-v"},
		{"--frobnicate", "main.go"},
		{"-x", "c", "-c", "-"},
	} {
		out, code := cgosanRun(t, "testdata/retain_global", []string{"CGOSAN_DRIVER_DEBUG=1"}, args...)
		if code != 2 || !strings.Contains(out, "unknown option '"+args[0]+"'") || !strings.Contains(out, "usage:") {
			t.Errorf("cgosan %v: exit %d, want 2 and a usage error:\n%s", args, code, out)
		}
		if strings.Contains(out, "cgosan cc:") || strings.Contains(out, "clang:") {
			t.Errorf("cgosan %v ran the compiler:\n%s", args, out)
		}
	}
	// What the Go linker runs with CC="cgosan cc" (the first word only) is still the compiler.
	dir := t.TempDir()
	trivial := filepath.Join(dir, "trivial.c")
	if err := os.WriteFile(trivial, []byte("int main() { return 0; }"), 0o644); err != nil {
		t.Fatal(err)
	}
	out, code := cgosanRun(t, dir, nil, "-m64", "-o", filepath.Join(dir, "a.out"), "-no-pie", trivial)
	if code != 0 || strings.Contains(out, "unknown") || strings.Contains(out, "unrecognized") {
		t.Errorf("linker probe: exit %d\n%s", code, out)
	}
	if _, err := os.Stat(filepath.Join(dir, "a.out")); err != nil {
		t.Errorf("linker probe produced nothing: %v", err)
	}
}

// The statuses docs/OPTIONS.md documents for the cgosan command itself.
func TestExitStatusesAsDocumented(t *testing.T) {
	doc, err := os.ReadFile("../../docs/OPTIONS.md")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(doc), "2 for a\nusage error") || !strings.Contains(string(doc), "127 if `go`") {
		t.Fatal("docs/OPTIONS.md no longer documents the statuses this test checks")
	}
	noGo := t.TempDir() // a PATH without go
	for _, c := range []struct {
		args []string
		env  []string
		code int
		says string
	}{
		{nil, nil, 2, "usage:"},
		{[]string{"frobnicate"}, nil, 2, "unknown command"},
		{[]string{"go"}, nil, 2, "usage: cgosan go"},
		{[]string{"link-flags", "extra"}, nil, 2, "usage: cgosan link-flags"},
		{[]string{"go", "build", "."}, []string{"CGO_ENABLED=0"}, 2, "CGO_ENABLED=0"},
		{[]string{"go", "build", "-ldflags=-linkmode=internal", "."}, nil, 2, "-linkmode=internal"},
		{[]string{"go", "build", "."}, []string{"PATH=" + noGo}, 127, "cannot run go: not found on PATH"},
		{[]string{"help"}, nil, 0, "usage:"},
		{[]string{"version"}, nil, 0, "cgosan version"},
	} {
		out, code := cgosanRun(t, "testdata/retain_global", c.env, c.args...)
		if code != c.code || !strings.Contains(out, c.says) {
			t.Errorf("cgosan %v (%v): exit %d, want %d and %q:\n%s", c.args, c.env, code, c.code, c.says, out)
		}
	}
	// A failing build: the go command's own status.
	dir := t.TempDir()
	os.WriteFile(filepath.Join(dir, "go.mod"), []byte("module broken\n\ngo 1.24\n"), 0o644)
	os.WriteFile(filepath.Join(dir, "main.go"), []byte("package main\n\n/*\nint f(void) { return x; }\n*/\nimport \"C\"\n\nfunc main() { C.f() }\n"), 0o644)
	if out, code := cgosanRun(t, dir, nil, "go", "build", "-o", filepath.Join(dir, "p"), "."); code != 1 {
		t.Errorf("cgosan go build of broken C: exit %d, want the go command's 1:\n%s", code, out)
	}
}

// help=1 ends the program before main: under go test the package must fail and show the list,
// not pass without running a test.
func TestHelpOptionUnderGoTestFailsThePackage(t *testing.T) {
	out, code := cgosanRun(t, "testdata/gotest_pkg", []string{"CGOSAN_OPTIONS=help=1"}, "go", "test", "-count=1", ".")
	if code == 0 || !strings.Contains(out, "FAIL") || !strings.Contains(out, "halt_on_error") {
		t.Errorf("CGOSAN_OPTIONS=help=1 cgosan go test: exit %d, want a failure showing the options:\n%s", code, out)
	}
	if r := run(t, retainGlobal(t), "CGOSAN_OPTIONS=help=1"); r.exit != 2 || r.stdout != "" {
		t.Errorf("help=1: exit %d, stdout %q; want 2 before the program runs", r.exit, r.stdout)
	}
}

// The flags of a gcc build: testdata/gcc_flags has the #cgo CFLAGS kind (TestPrograms checks its
// reports); here CGO_CFLAGS adds those #cgo CFLAGS may not hold.
func TestGccOnlyFlagsDoNotBreakTheBuild(t *testing.T) {
	gccFlags := "-g -O2 -fmax-errors=3 -fipa-pta -fno-tree-loop-distribute-patterns -fgcse " +
		"-Wno-format-truncation -Wlogical-op -Wformat-overflow=2"
	env := []string{"CGO_CFLAGS=" + gccFlags}
	// The test means something: plain clang fails on these flags.
	plain := exec.Command("go", "build", "-o", filepath.Join(t.TempDir(), "p"), ".")
	plain.Dir = "testdata/gcc_flags"
	plain.Env = append(os.Environ(), append(env, "CC="+clangOf(t), "CGO_ENABLED=1")...)
	if out, err := plain.CombinedOutput(); err == nil {
		t.Fatalf("plain clang built with GCC-only flags; the test proves nothing:\n%s", out)
	}

	exe := filepath.Join(t.TempDir(), "prog")
	// A define of this run's own: the C code is compiled again, not taken from the build cache.
	env[0] += fmt.Sprintf(" -DCGOSAN_TEST_RUN=%d", time.Now().UnixNano())
	out, code := cgosanRun(t, "testdata/gcc_flags", env, "go", "build", "-o", exe, ".")
	if code != 0 {
		t.Fatalf("cgosan go build with GCC-only flags: exit %d\n%s", code, out)
	}
	if n := strings.Count(out, "cgo C code is compiled with clang"); n != 1 {
		t.Errorf("the note about clang appears %d times, want once:\n%s", n, out)
	}
	for _, f := range []string{"-fipa-pta", "-fno-tree-loop-distribute-patterns", "-fgcse",
		"-Wlogical-op", "-Wno-maybe-uninitialized", "-fmax-errors=3 as -ferror-limit=3"} {
		if !strings.Contains(out, f) {
			t.Errorf("the note does not name %s:\n%s", f, out)
		}
	}
	r := run(t, exe, "CGOSAN_OPTIONS=halt_on_error=0")
	if got, want := sortedStrings(parseReports(t, r.stderr)), sortedStrings(wants(t, "testdata/gcc_flags")); strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("reports %v, want %v\n%s", got, want, r.stderr)
	}
}
