// What makes a green run trustworthy and a report usable (issue 10): under `cgosan go test` and
// `go run` every location is reported once and the run fails at its end; findings never vanish
// on the way to a log or a cached result; every frame points somewhere; bad settings are refused.
package e2e

import (
	"archive/zip"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

type cmdResult struct {
	out  string // standard output and error
	exit int
}

// cgosanCmd runs cgosan with args in dir, with extra environment.
func cgosanCmd(t *testing.T, dir string, env []string, args ...string) cmdResult {
	t.Helper()
	cmd := exec.Command(cgosanBin(t), args...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	out, err := cmd.CombinedOutput()
	r := cmdResult{string(out), 0}
	if ee, ok := err.(*exec.ExitError); ok {
		r.exit = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("cgosan %v: %v", args, err)
	}
	return r
}

// A package whose init keeps pointers at three C lines, 3000 times: each location is reported
// once, both tests run, and the test binary fails at its end like `go test -race`'s.
func TestGoTestReportsEachLocationOnceAndFailsAtTheEnd(t *testing.T) {
	r := cgosanCmd(t, "testdata/gotest_noisy", nil, "go", "test", "-count=1", "-v", ".")
	if r.exit == 0 {
		t.Fatalf("cgosan go test passed with findings:\n%s", r.out)
	}
	got := sortedStrings(parseReports(t, r.out))
	want := "retained-go-pointer at lib.go:10\nretained-go-pointer at lib.go:12\nretained-go-pointer at lib.go:14"
	if strings.Join(got, "\n") != want {
		t.Errorf("reports:\n%s\nwant one per location:\n%s\n%s", strings.Join(got, "\n"), want, r.out)
	}
	// Frame #0 of each report is the store's own line: the three stores' hook calls are not
	// merged into one, which has no line (lib.go:0).
	for _, line := range []string{"10", "12", "14"} {
		if !regexp.MustCompile(`#0 0x[0-9a-f]+ in remember \S*/lib\.go:` + line + `:`).MatchString(r.out) {
			t.Errorf("no report's frame #0 at lib.go:%s:\n%s", line, r.out)
		}
	}
	for _, w := range []string{"--- PASS: TestFirst", "--- PASS: TestSecond",
		"cgosan: summary: retained-go-pointer: 3 locations, 3000 reports (0 suppressed)",
		"3 of the 3 kept pointers were never written through after their call returned",
		"the run fails with exit status 66", "FAIL\te2e/gotest_noisy"} {
		if !strings.Contains(r.out, w) {
			t.Errorf("output lacks %q:\n%s", w, r.out)
		}
	}
	// Halting is still there for who asks: the binary stops in init, no test runs.
	r = cgosanCmd(t, "testdata/gotest_noisy", []string{"CGOSAN_OPTIONS=halt_on_error=1"}, "go", "test", "-count=1", "-v", ".")
	if r.exit == 0 || strings.Contains(r.out, "TestFirst") || len(parseReports(t, r.out)) != 1 {
		t.Errorf("halt_on_error=1: exit %d, want one report and no test run:\n%s", r.exit, r.out)
	}
}

// go run: the program goes on to the end after its report, and the run fails.
func TestGoRunGoesOnAndFails(t *testing.T) {
	r := cgosanCmd(t, "testdata/retain_global", nil, "go", "run", ".")
	if r.exit == 0 || !strings.Contains(r.out, "done") || !strings.Contains(r.out, "exit status 66") ||
		len(parseReports(t, r.out)) != 1 {
		t.Errorf("cgosan go run: exit %d, want the program to finish and the run to fail with 66:\n%s", r.exit, r.out)
	}
	r = cgosanCmd(t, "testdata/clean_use_during_call", nil, "go", "run", ".")
	if r.exit != 0 || strings.Contains(r.out, "cgosan") {
		t.Errorf("clean program under cgosan go run: exit %d\n%s", r.exit, r.out)
	}
}

// The program's own exit status wins over cgosan's; a signal stays a signal.
func TestExecKeepsTheProgramsOwnFailure(t *testing.T) {
	exe := retainGlobal(t)
	r := cgosanCmd(t, ".", []string{"CGOSAN_OPTIONS=exitcode=3"}, "exec", exe)
	if r.exit != 3 || !strings.Contains(r.out, "done") {
		t.Errorf("cgosan exec with exitcode=3: exit %d, want 3 after the program finished:\n%s", r.exit, r.out)
	}
	r = cgosanCmd(t, ".", nil, "exec", "/bin/sh", "-c", "exit 7")
	if r.exit != 7 {
		t.Errorf("cgosan exec sh -c 'exit 7': exit %d", r.exit)
	}
	r = cgosanCmd(t, ".", nil, "exec", "/bin/sh", "-c", "kill -TERM $$")
	if r.exit != -1 { // ExitCode is -1 for a process killed by a signal
		t.Errorf("a program killed by SIGTERM: cgosan exec exit %d, want the signal", r.exit)
	}
}

// go test must not replay a result obtained under other cgosan settings, and must still cache
// when nothing changed.
func TestGoTestCacheKeysOnCgosanSettings(t *testing.T) {
	cache := t.TempDir()
	env := func(extra ...string) []string { return append([]string{"GOCACHE=" + cache, "GOFLAGS="}, extra...) }
	dir := "testdata/gotest_pkg"
	if r := cgosanCmd(t, dir, env("CGOSAN=0"), "go", "test", "."); r.exit != 0 {
		t.Fatalf("CGOSAN=0: %d\n%s", r.exit, r.out)
	}
	if r := cgosanCmd(t, dir, env("CGOSAN=0"), "go", "test", "."); !strings.Contains(r.out, "(cached)") {
		t.Errorf("the same settings again did not use the test cache:\n%s", r.out)
	}
	if r := cgosanCmd(t, dir, env("CGOSAN=1"), "go", "test", "."); r.exit == 0 || strings.Contains(r.out, "(cached)") {
		t.Errorf("CGOSAN=1 after CGOSAN=0 replayed the clean result:\n%s", r.out)
	}
	supp := writeTempFile(t, "supp.txt", "retained-go-pointer:register_ptr\n")
	opts := "CGOSAN_OPTIONS=suppressions=" + supp
	if r := cgosanCmd(t, dir, env(opts), "go", "test", "."); r.exit != 0 {
		t.Fatalf("suppressed: %d\n%s", r.exit, r.out)
	}
	os.WriteFile(supp, []byte("retained-go-pointer:nothing_like_this\n"), 0o644)
	if r := cgosanCmd(t, dir, env(opts), "go", "test", "."); r.exit == 0 || strings.Contains(r.out, "(cached)") {
		t.Errorf("a changed suppressions file replayed the cached result:\n%s", r.out)
	}
}

// A relative log_path means the directory `cgosan go test ./...` started in, not each test
// binary's package directory; a log directory that cannot take files fails the run.
func TestRelativeLogPathAndUnwritableLog(t *testing.T) {
	module := t.TempDir()
	copyTree(t, "testdata/gotest_multi", module)
	os.Mkdir(filepath.Join(module, "logs"), 0o755)
	r := cgosanCmd(t, module, []string{"CGOSAN_OPTIONS=format=json:log_path=logs/cgosan"}, "go", "test", "-count=1", "./...")
	logs, _ := filepath.Glob(filepath.Join(module, "logs", "cgosan.*"))
	if len(logs) != 2 || r.exit == 0 {
		t.Errorf("logs %v (want 2, one per test binary), exit %d:\n%s", logs, r.exit, r.out)
	}
	r = cgosanCmd(t, module, []string{"CGOSAN_OPTIONS=log_path=missing/cgosan"}, "go", "test", "-count=1", "./...")
	if r.exit == 0 || !strings.Contains(r.out, "cannot write log_path") || !strings.Contains(r.out, "missing") {
		t.Errorf("unwritable log_path: exit %d, want a failed run naming it:\n%s", r.exit, r.out)
	}
}

// Without -g in CGO_CFLAGS (the go command then drops its default -g -O2) reports still have
// their FILE:LINE; frame #0 is the store's line in a binary with DWARF; under go test, whose
// binaries lack Go's DWARF, every frame is still symbolized.
func TestEveryReportPointsAtItsLine(t *testing.T) {
	r := run(t, build(t, "testdata/retain_global", "CGO_CFLAGS=-O2"))
	if !regexp.MustCompile(`(?m)^SUMMARY: cgosan: retained-go-pointer \S*/retain_global/main\.go:6 in keep$`).MatchString(r.stderr) {
		t.Errorf("CGO_CFLAGS=-O2: report without its line:\n%s", r.stderr)
	}
	r = run(t, build(t, "testdata/retain_frame_line"))
	if !regexp.MustCompile(`#0 0x[0-9a-f]+ in keep \S*/retain_frame_line/main\.go:9:`).MatchString(r.stderr) {
		t.Errorf("frame #0 is not the store's line (main.go:9):\n%s", r.stderr)
	}
	out := cgosanCmd(t, "testdata/gotest_stack", nil, "go", "test", "-count=1", ".").out
	for _, fn := range []string{"deep", "mid", "keep"} {
		if !regexp.MustCompile(`#\d+ 0x[0-9a-f]+ in ` + fn + ` \S*/gotest_stack/lib\.go:\d+:\d+`).MatchString(out) {
			t.Errorf("under go test, frame %s is not symbolized:\n%s", fn, out)
		}
	}
	if strings.Contains(out, "+0x") {
		t.Errorf("unsymbolized frames under go test:\n%s", out)
	}
}

// Bad values for options that used to be taken silently are refused at start-up.
func TestMoreBadSettingsAreRefused(t *testing.T) {
	exe := retainGlobal(t)
	long := strings.Repeat("x", 1100)
	dir := t.TempDir()
	for _, c := range []struct{ opts, file, mention string }{
		{"exitcode=256", "", "bad value '256' for option 'exitcode' (an exit status from 1 to 255 expected)"},
		{"exitcode=0", "", "bad value '0' for option 'exitcode'"},
		{"suppressions=" + dir, "", "is not a regular file (it is a directory)"},
		{"", "retained-go-pointer:" + long + "\n", "line 1: pattern longer than"},
		{"", "retained-go-pointer:keep\n\x00use-after-return:poke\n", "line 2: contains a NUL byte"},
		{"", "\xEF\xBB\xBFretained-go-pointer:keep\n", "starts with a UTF-8 byte order mark"},
		{"format=sarif:log_path=" + filepath.Join(dir, "c"), "", "no cgosan command was found"},
	} {
		opts := c.opts
		if c.file != "" {
			opts = "suppressions=" + writeTempFile(t, "supp.txt", c.file)
		}
		r := run(t, exe, "CGOSAN_OPTIONS="+opts, "CGOSAN_BIN=/nonexistent/cgosan")
		if r.exit != 1 || !strings.Contains(r.stderr, c.mention) || r.stdout != "" {
			t.Errorf("%q: exit %d, stderr %q; want exit 1 before main mentioning %q", opts, r.exit, r.stderr, c.mention)
		}
	}
	// cgosan go checks them before building anything.
	r := cgosanCmd(t, "testdata/retain_global", []string{"CGOSAN_OPTIONS=exitcode=256"}, "go", "build", "-o", filepath.Join(dir, "p"), ".")
	if r.exit != 2 || !strings.Contains(r.out, "bad value '256' for option 'exitcode'") {
		t.Errorf("cgosan go build with exitcode=256: exit %d\n%s", r.exit, r.out)
	}
}

// One llvm-symbolizer process serves every report of a process (a fake one counts how many
// start); one that hangs does not hang the program.
func TestOneSymbolizerPerProcessWithATimeout(t *testing.T) {
	real, err := exec.LookPath("llvm-symbolizer-14")
	if err != nil {
		real = "/usr/lib/llvm-14/bin/llvm-symbolizer"
	}
	dir := t.TempDir()
	starts := filepath.Join(dir, "starts")
	counting := filepath.Join(dir, "counting-symbolizer")
	os.WriteFile(counting, []byte("#!/bin/sh\necho started >> "+starts+"\nexec "+real+" \"$@\"\n"), 0o755)
	exe := build(t, "testdata/retain_many_locations")
	r := run(t, exe, "CGOSAN_OPTIONS=halt_on_error=0", "CGOSAN_SYMBOLIZER_PATH="+counting)
	data, _ := os.ReadFile(starts)
	if n := strings.Count(string(data), "started"); n != 1 || len(parseReports(t, r.stderr)) != 40 {
		t.Errorf("%d symbolizer starts for %d reports, want 1 for 40", n, len(parseReports(t, r.stderr)))
	}
	if !strings.Contains(r.stderr, "in keep ") {
		t.Errorf("frames not symbolized through the kept symbolizer:\n%s", r.stderr)
	}
	hanging := filepath.Join(dir, "hanging-symbolizer")
	os.WriteFile(hanging, []byte("#!/bin/sh\nexec sleep 600\n"), 0o755)
	r = run(t, exe, "CGOSAN_OPTIONS=halt_on_error=0:symbolize_timeout_ms=300", "CGOSAN_SYMBOLIZER_PATH="+hanging)
	if len(parseReports(t, r.stderr)) != 40 || !strings.Contains(r.stdout, "done") ||
		!strings.Contains(r.stderr, "llvm-symbolizer did not answer") {
		t.Errorf("with a hung symbolizer: %d reports, stdout %q\n%s", len(parseReports(t, r.stderr)), r.stdout, r.stderr)
	}
}

// Parking a Go pointer in a C global for the length of each call costs no system call to judge.
func TestParkedPointersAreJudgedWithoutSystemCalls(t *testing.T) {
	exe := build(t, "testdata/clean_parked")
	r := cgosanCmd(t, ".", []string{"CGOSAN_OPTIONS=verbosity=1"}, "exec", exe)
	if r.exit != 0 || !strings.Contains(r.out, "cgosan: stats: 0 kept locations read back with a system call") {
		t.Errorf("exit %d; want no system call spent judging 100000 parked pointers:\n%s", r.exit, r.out)
	}
}

// One suppressions line with a module's path silences a third-party library's findings, though
// the module cache spells its files "github.com/!example!org/clib@v1.0.0/...".
func TestSuppressingAThirdPartyModuleByItsPath(t *testing.T) {
	proxy := t.TempDir()
	writeModule(t, proxy, "example.com/ThirdParty/clib", "v1.0.0", map[string]string{
		"clib.go": `package clib

/*
static const char *kept;
static void keep(const char *p) { kept = p; }
*/
import "C"
import "unsafe"

func Keep(b []byte) { C.keep((*C.char)(unsafe.Pointer(&b[0]))) }
`})
	app := t.TempDir()
	os.WriteFile(filepath.Join(app, "go.mod"), []byte("module app\n\ngo 1.24\n\nrequire example.com/ThirdParty/clib v1.0.0\n"), 0o644)
	os.WriteFile(filepath.Join(app, "main.go"), []byte(`package main

import (
	"fmt"

	"example.com/ThirdParty/clib"
)

func main() {
	clib.Keep(make([]byte, 8))
	fmt.Println("done")
}
`), 0o644)
	env := []string{"GOPROXY=file://" + proxy, "GOFLAGS=-mod=mod", "GOSUMDB=off",
		"GOMODCACHE=" + filepath.Join(t.TempDir(), "modcache")}
	exe := filepath.Join(t.TempDir(), "app")
	if r := cgosanCmd(t, app, env, "go", "build", "-o", exe, "."); r.exit != 0 {
		t.Fatalf("build: %s", r.out)
	}
	r := run(t, exe, "CGOSAN_OPTIONS=halt_on_error=0")
	if !strings.Contains(r.stderr, "!third!party") || len(parseReports(t, r.stderr)) != 1 {
		t.Fatalf("want one report in the module cache's escaped path:\n%s", r.stderr)
	}
	supp := writeTempFile(t, "supp.txt", "*:example.com/ThirdParty/clib\n")
	r = run(t, exe, "CGOSAN_OPTIONS=halt_on_error=0:suppressions="+supp)
	if len(parseReports(t, r.stderr)) != 0 || !strings.Contains(r.stderr, "(1 suppressed)") {
		t.Errorf("the module's path did not suppress its finding:\n%s", r.stderr)
	}
}

// writeModule puts module path@version with the given files into a file:// GOPROXY directory.
func writeModule(t *testing.T, proxy, path, version string, files map[string]string) {
	t.Helper()
	dir := filepath.Join(proxy, escapeCapitals(path), "@v")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	mod := "module " + path + "\n\ngo 1.24\n"
	os.WriteFile(filepath.Join(dir, version+".mod"), []byte(mod), 0o644)
	os.WriteFile(filepath.Join(dir, version+".info"), []byte(fmt.Sprintf(`{"Version":%q}`, version)), 0o644)
	os.WriteFile(filepath.Join(dir, "list"), []byte(version+"\n"), 0o644)
	var buf bytes.Buffer
	z := zip.NewWriter(&buf)
	files["go.mod"] = mod
	for name, body := range files {
		w, err := z.Create(path + "@" + version + "/" + name)
		if err != nil {
			t.Fatal(err)
		}
		w.Write([]byte(body))
	}
	z.Close()
	os.WriteFile(filepath.Join(dir, version+".zip"), buf.Bytes(), 0o644)
}

// escapeCapitals is the module cache's (and proxy protocol's) case encoding: "A" -> "!a".
func escapeCapitals(s string) string {
	var b strings.Builder
	for _, r := range s {
		if r >= 'A' && r <= 'Z' {
			b.WriteByte('!')
			r += 'a' - 'A'
		}
		b.WriteRune(r)
	}
	return b.String()
}

// copyTree copies the regular files of src into dst, recursively.
func copyTree(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.Walk(src, func(p string, info os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(src, p)
		if info.IsDir() {
			return os.MkdirAll(filepath.Join(dst, rel), 0o755)
		}
		copyFile(t, p, filepath.Join(dst, rel))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

// A kept pointer still waiting for a call that never returned is said to be, not dropped.
func TestPointersStillWaitingAtTheEndAreCounted(t *testing.T) {
	r := cgosanCmd(t, ".", nil, "exec", build(t, "testdata/pending_held"))
	if r.exit != 0 || len(parseReports(t, r.out)) != 0 ||
		!strings.Contains(r.out, "cgosan: summary: 1 Go pointer C kept was never judged") {
		t.Errorf("exit %d; want no report and the pending pointer in the summary:\n%s", r.exit, r.out)
	}
}
