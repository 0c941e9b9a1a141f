// Package e2e is cgosan's end-to-end suite: every directory under testdata/ is a small Go program
// with cgo, built with `cgosan go build` (at Go's default -O2 and at -O0), run, and its reports
// checked against `// want <rule-id>` comments on the C lines that must be reported. A program
// without such comments is a clean twin: it must run to the end with no report at all.
//
// A `// cgosan-env: KEY=VALUE ...` line in main.go adds environment for both the build and the
// run (e.g. `CGOSAN=2` for level-2 checks, `GODEBUG=cgocheck=0`).
package e2e

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
	"testing"
)

// cgosanBin is the cgosan under test: $CGOSAN_BIN, or the one `make` builds.
func cgosanBin(t testing.TB) string {
	if p := os.Getenv("CGOSAN_BIN"); p != "" {
		return p
	}
	p, err := filepath.Abs("../../build/bin/cgosan")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(p); err != nil {
		t.Fatalf("cgosan not built (%v): run `make` or set CGOSAN_BIN", err)
	}
	return p
}

// finding is one report: its rule id and the FILE:LINE of its SUMMARY line (file base name).
type finding struct {
	Rule string
	Pos  string
}

func (f finding) String() string { return f.Rule + " at " + f.Pos }

var (
	wantRE    = regexp.MustCompile(`//\s*want\s+([a-z-]+)`)
	envRE     = regexp.MustCompile(`(?m)^//\s*cgosan-env:\s*(.*)$`)
	errorRE   = regexp.MustCompile(`(?m)^==(\d+)==(?:ERROR|WARNING): cgosan: ([a-z-]+): `)
	summaryRE = regexp.MustCompile(`(?m)^SUMMARY: cgosan: ([a-z-]+) (\S+):(\d+) in (\S+)$`)
)

// wants reads the `// want RULE` annotations of the program's Go, C and C++ files.
func wants(t testing.TB, dir string) []finding {
	files, err := filepath.Glob(filepath.Join(dir, "*"))
	if err != nil {
		t.Fatal(err)
	}
	var out []finding
	for _, f := range files {
		switch filepath.Ext(f) {
		case ".go", ".c", ".cpp", ".h":
		default:
			continue
		}
		src, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for i, line := range strings.Split(string(src), "\n") {
			if m := wantRE.FindStringSubmatch(line); m != nil {
				out = append(out, finding{m[1], fmt.Sprintf("%s:%d", filepath.Base(f), i+1)})
			}
		}
	}
	return out
}

// parseReports returns the findings in a run's output, checking that every report has both its
// first line and its SUMMARY line.
// programEnv returns the environment a program's main.go asks for with `// cgosan-env:` lines.
func programEnv(t testing.TB, dir string) []string {
	src, err := os.ReadFile(filepath.Join(dir, "main.go"))
	if err != nil {
		t.Fatal(err)
	}
	var env []string
	for _, m := range envRE.FindAllStringSubmatch(string(src), -1) {
		env = append(env, strings.Fields(m[1])...)
	}
	return env
}

func parseReports(t testing.TB, output string) []finding {
	errs := errorRE.FindAllStringSubmatch(output, -1)
	sums := summaryRE.FindAllStringSubmatch(output, -1)
	if len(errs) != len(sums) {
		t.Errorf("%d report headers but %d SUMMARY lines in:\n%s", len(errs), len(sums), output)
	}
	var out []finding
	for i, s := range sums {
		if i < len(errs) && errs[i][2] != s[1] {
			t.Errorf("report %d: header says %s, SUMMARY says %s", i, errs[i][2], s[1])
		}
		out = append(out, finding{s[1], filepath.Base(s[2]) + ":" + s[3]})
	}
	return out
}

func sortedStrings(fs []finding) []string {
	var s []string
	for _, f := range fs {
		s = append(s, f.String())
	}
	sort.Strings(s)
	return s
}

// build compiles the program in dir with cgosan (extra environment in env) into a temporary
// executable and returns its path.
func build(t testing.TB, dir string, env ...string) string {
	t.Helper()
	return buildInto(t, filepath.Join(t.TempDir(), "prog"), dir, env...)
}

// buildInto is build with the executable's path given.
func buildInto(t testing.TB, exe, dir string, env ...string) string {
	t.Helper()
	cmd := exec.Command(cgosanBin(t), "go", "build", "-o", exe, ".")
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("cgosan go build in %s: %v\n%s", dir, err, out)
	}
	return exe
}

type result struct {
	stdout, stderr string
	exit           int
}

func run(t testing.TB, exe string, env ...string) result {
	t.Helper()
	return runArgv(t, env, exe)
}

// runArgv runs argv with env added to this process's environment.
func runArgv(t testing.TB, env []string, argv ...string) result {
	t.Helper()
	cmd := exec.Command(argv[0], argv[1:]...)
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	cmd.Env = append(os.Environ(), env...)
	err := cmd.Run()
	r := result{stdout.String(), stderr.String(), 0}
	if ee, ok := err.(*exec.ExitError); ok {
		r.exit = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("running %s: %v", argv[0], err)
	}
	return r
}

// optLevels are the C optimization settings every program is built with: Go's default
// (-g -O2) and -O0, for C and C++ alike.
var optLevels = []struct {
	name string
	env  []string
}{
	{"O2", nil},
	{"O0", []string{"CGO_CFLAGS=-g -O0", "CGO_CXXFLAGS=-g -O0"}},
}

// sharedDir holds executables that several tests use; removed when the package's tests end.
var sharedDir string

func TestMain(m *testing.M) {
	var err error
	sharedDir, err = os.MkdirTemp("", "cgosan-e2e-")
	if err != nil {
		panic(err)
	}
	code := m.Run()
	os.RemoveAll(sharedDir)
	os.Exit(code)
}

func TestPrograms(t *testing.T) {
	dirs, err := filepath.Glob("testdata/*/main.go")
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no test programs found: %v", err)
	}
	for _, mainGo := range dirs {
		dir := filepath.Dir(mainGo)
		name := filepath.Base(dir)
		want := wants(t, dir)
		env := programEnv(t, dir)
		for _, opt := range optLevels {
			opt, dir, want := opt, dir, want
			t.Run(name+"/"+opt.name, func(t *testing.T) {
				t.Parallel()
				exe := build(t, dir, append(append([]string{}, env...), opt.env...)...)
				r := run(t, exe, append([]string{"CGOSAN_OPTIONS=halt_on_error=0"}, env...)...)
				got := parseReports(t, r.stderr)
				if r.exit != 0 {
					t.Errorf("exit status %d, want 0\nstderr:\n%s", r.exit, r.stderr)
				}
				if !strings.Contains(r.stdout, "done\n") {
					t.Errorf("program did not run to the end (no \"done\")\nstdout:\n%s\nstderr:\n%s",
						r.stdout, r.stderr)
				}
				g, w := sortedStrings(got), sortedStrings(want)
				if strings.Join(g, "\n") != strings.Join(w, "\n") {
					t.Errorf("reports differ\ngot:\n  %s\nwant:\n  %s\nstderr:\n%s",
						strings.Join(g, "\n  "), strings.Join(w, "\n  "), r.stderr)
				}
				if len(want) == 0 && strings.Contains(r.stderr, "cgosan") {
					t.Errorf("clean program printed cgosan output:\n%s", r.stderr)
				}
			})
		}
	}
}
