// Link modes and build flags users use: a Go library built with -buildmode=c-archive or c-shared
// and linked into a C program (docs/INSTALL.md says how), -ldflags=-linkmode=internal (refused),
// and -trimpath (reports still name files relative to the module root).
package e2e

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// clangOf returns the clang this cgosan compiles with (the last part of its version line).
func clangOf(t *testing.T) string {
	out, err := exec.Command(cgosanBin(t), "version").Output()
	m := regexp.MustCompile(`, (/\S+)\)$`).FindSubmatch([]byte(strings.TrimSpace(string(out))))
	if err != nil || m == nil {
		t.Fatalf("cgosan version: %v %q", err, out)
	}
	return string(m[1])
}

// buildGoLib builds testdata/linkmodes/golib with the given -buildmode into dir; returns the
// library's path (its header, libgo.h, is next to it).
func buildGoLib(t *testing.T, mode, dir string) string {
	lib := filepath.Join(dir, map[string]string{"c-archive": "libgo.a", "c-shared": "libgo.so"}[mode])
	cmd := exec.Command(cgosanBin(t), "go", "build", "-buildmode="+mode, "-o", lib, ".")
	cmd.Dir = "testdata/linkmodes/golib"
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("cgosan go build -buildmode=%s: %v\n%s", mode, err, out)
	}
	return lib
}

func command(t *testing.T, dir string, argv ...string) {
	t.Helper()
	cmd := exec.Command(argv[0], argv[1:]...)
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("%s: %v\n%s", strings.Join(argv, " "), err, out)
	}
}

// checkCProgram runs a C program using golib: clean without arguments, reported (at the line
// golib's `// want` names) with "keep" among them.
func checkCProgram(t *testing.T, how string, env []string, argv ...string) {
	t.Helper()
	want := sortedStrings(wants(t, "testdata/linkmodes/golib"))
	runArgs := func(extra ...string) result {
		return runArgv(t, env, append(append([]string{}, argv...), extra...)...)
	}
	r := runArgs()
	if r.exit != 0 || strings.Contains(r.stderr, "cgosan") || !strings.Contains(r.stdout, "use: 1\ndone") {
		t.Errorf("%s, clean run: exit %d\nstdout:\n%s\nstderr:\n%s", how, r.exit, r.stdout, r.stderr)
	}
	env = append(env, "CGOSAN_OPTIONS=halt_on_error=0")
	r = runArgs("keep")
	if got := sortedStrings(parseReports(t, r.stderr)); r.exit != 0 ||
		strings.Join(got, "\n") != strings.Join(want, "\n") || !strings.Contains(r.stdout, "done") {
		t.Errorf("%s, keep: exit %d, reports %v, want %v\nstdout:\n%s\nstderr:\n%s", how, r.exit,
			got, want, r.stdout, r.stderr)
	}
}

func TestCArchiveLinkedIntoACProgram(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	lib := buildGoLib(t, "c-archive", dir)
	main, _ := filepath.Abs("testdata/linkmodes/cmain/main.c")

	// Linked by cgosan cc: the driver adds the runtime, as for the go command's links.
	viaDriver := filepath.Join(dir, "prog-cgosan-cc")
	command(t, dir, cgosanBin(t), "cc", "-I", dir, "-o", viaDriver, main, lib)
	checkCProgram(t, "linked with cgosan cc", nil, viaDriver)

	// Linked by a build system's own compiler, with what `cgosan link-flags` prints.
	out, err := exec.Command(cgosanBin(t), "link-flags").Output()
	if err != nil {
		t.Fatalf("cgosan link-flags: %v", err)
	}
	flags := strings.Fields(string(out))
	if len(flags) == 0 || !strings.Contains(string(out), "libcgosan_rt.a") {
		t.Fatalf("cgosan link-flags printed %q", out)
	}
	viaFlags := filepath.Join(dir, "prog-link-flags")
	command(t, dir, append([]string{clangOf(t), "-I", dir, "-o", viaFlags, main, lib}, flags...)...)
	checkCProgram(t, "linked with cgosan link-flags", nil, viaFlags)
}

func TestCSharedLoadedByACProgram(t *testing.T) {
	t.Parallel()
	dir := t.TempDir()
	lib := buildGoLib(t, "c-shared", dir)
	clang := clangOf(t)
	main, _ := filepath.Abs("testdata/linkmodes/cmain/main.c")
	dl, _ := filepath.Abs("testdata/linkmodes/cmain/dlopen.c")

	// The runtime is inside the library: the C program is linked with a plain compiler.
	linked := filepath.Join(dir, "prog")
	command(t, dir, clang, "-I", dir, "-o", linked, main, lib, "-Wl,-rpath,"+dir)
	checkCProgram(t, "linked with libgo.so", nil, linked)

	// Linked by cgosan cc, which adds a runtime of its own to the program: the library's runtime
	// and the program's are then both loaded, and the library's calls must still reach one that
	// sees its lent memory (the program's definitions interpose on the library's).
	viaDriver := filepath.Join(dir, "prog-cgosan-cc")
	command(t, dir, cgosanBin(t), "cc", "-I", dir, "-o", viaDriver, main, lib, "-Wl,-rpath,"+dir)
	checkCProgram(t, "linked with libgo.so by cgosan cc", nil, viaDriver)

	// Loaded with dlopen: the runtime's initial-exec TLS needs room glibc keeps for it only when
	// asked (docs/INSTALL.md).
	loader := filepath.Join(dir, "loader")
	command(t, dir, clang, "-o", loader, dl, "-ldl")
	tunables := []string{"GLIBC_TUNABLES=glibc.rtld.optional_static_tls=65536"}
	checkCProgram(t, "loaded with dlopen", tunables, loader, lib)
	// The same loader built by cgosan cc: its runtime is not exported, the library keeps its own.
	loaderViaDriver := filepath.Join(dir, "loader-cgosan-cc")
	command(t, dir, cgosanBin(t), "cc", "-o", loaderViaDriver, dl, "-ldl")
	checkCProgram(t, "loaded with dlopen by a cgosan cc program", tunables, loaderViaDriver, lib)
}

func TestInternalLinkingIsRefused(t *testing.T) {
	exe := filepath.Join(t.TempDir(), "prog")
	for _, args := range [][]string{
		{"go", "build", "-ldflags=-linkmode=internal", "-o", exe, "."},
		{"go", "test", "-ldflags", "-s -linkmode internal", "-count=1", "."},
	} {
		cmd := exec.Command(cgosanBin(t), args...)
		cmd.Dir = "testdata/retain_global"
		cmd.Env = append(os.Environ(), "CGOSAN_DRIVER_DEBUG=1")
		out, err := cmd.CombinedOutput()
		if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 2 ||
			!strings.Contains(string(out), "-linkmode=internal is not supported") ||
			!strings.Contains(string(out), "external linker") {
			t.Errorf("%v: %v\n%s", args, err, out)
		}
		if strings.Contains(string(out), "cgosan cc:") {
			t.Errorf("%v: the go command ran anyway:\n%s", args, out)
		}
	}
	if _, err := os.Stat(exe); err == nil {
		t.Error("a program was built")
	}
}

// -trimpath: the C compiler writes /_/MODULE/FILE into debug information, which is where report
// locations come from; `cgosan report` still names them relative to the module root, with the
// same fingerprints as without -trimpath.
func TestTrimpathReportsResolveToTheModuleRoot(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs go test twice")
	}
	module, _ := filepath.Abs("testdata/gotest_multi")
	fingerprints := map[bool]map[string]string{}
	for _, trim := range []bool{false, true} {
		logs := filepath.Join(t.TempDir(), "cgosan")
		if err := os.MkdirAll(logs, 0o755); err != nil {
			t.Fatal(err)
		}
		args := []string{"go", "test", "-count=1"}
		if trim {
			args = append(args, "-trimpath")
		}
		cmd := exec.Command(cgosanBin(t), append(args, "./...")...)
		cmd.Dir = module
		cmd.Env = append(os.Environ(), "CGOSAN_OPTIONS=format=json:log_path="+logs+"/report:halt_on_error=0")
		// Both packages have findings: the run fails (their tests pass), like any go test with
		// findings under cgosan.
		out, err := cmd.CombinedOutput()
		if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 1 || !strings.Contains(string(out), "FAIL\te2e/gotest_multi/alpha") {
			t.Fatalf("cgosan %v: %v, want the findings to fail the run (exit status 1)\n%s", args, err, out)
		}
		if trim {
			raw, _ := os.ReadFile(firstFile(t, logs))
			if !strings.Contains(string(raw), `"file":"/_/e2e/gotest_multi/`) {
				t.Fatalf("-trimpath did not trim the C file names:\n%s", raw)
			}
		}
		text, _, code := cgosanReport(t, module, "--format", "text", logs)
		if code != 1 || !strings.Contains(text, " alpha/alpha.go:") || !strings.Contains(text, " beta/beta.go:") {
			t.Errorf("trimpath=%v: text report (exit %d) does not name files from the module root:\n%s",
				trim, code, text)
		}
		sarif := filepath.Join(t.TempDir(), "cgosan.sarif")
		if _, stderr, code := cgosanReport(t, module, "--format", "sarif", "-o", sarif, logs); code != 1 {
			t.Fatalf("cgosan report: exit %d\n%s", code, stderr)
		}
		log := validateSARIF(t, sarif)
		fingerprints[trim] = map[string]string{}
		for _, r := range log.Runs[0].Results {
			a := r.Locations[0].PhysicalLocation
			if a == nil || a.ArtifactLocation.URIBaseID != "%SRCROOT%" {
				t.Errorf("trimpath=%v: result not relative to the module root: %+v", trim, r)
				continue
			}
			for _, fp := range r.PartialFingerprints {
				fingerprints[trim][a.ArtifactLocation.URI] = fp
			}
		}
		if f := fingerprints[trim]; len(f) != 2 || f["alpha/alpha.go"] == "" || f["beta/beta.go"] == "" {
			t.Errorf("trimpath=%v: results in %v, want alpha/alpha.go and beta/beta.go", trim, f)
		}
	}
	for uri, fp := range fingerprints[false] {
		if fingerprints[true][uri] != fp {
			t.Errorf("%s: fingerprint %q with -trimpath, %q without", uri, fingerprints[true][uri], fp)
		}
	}
}

func firstFile(t *testing.T, dir string) string {
	entries, err := os.ReadDir(dir)
	if err != nil || len(entries) == 0 {
		t.Fatalf("no report files in %s: %v", dir, err)
	}
	return filepath.Join(dir, entries[0].Name())
}
