// Package build makes the binaries measured: each workload's test binary built plain (clang-14,
// no pass), with cgosan (`cgosan go test -c`) and with -asan, and the five ways they run.
package build

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"
)

// Kinds of build, in the order they are made.
var Kinds = []string{"plain", "cgosan", "asan"}

// A Variant is one build run one way: a column of the tables.
type Variant struct {
	Name, Kind string
	Env        []string
}

// Variants in column order. The cgosan runs keep going after a report, so that a report cannot
// end a timed run (reports are collected and listed), and print reports without llvm-symbolizer
// (CGOSAN_SYMBOLIZER_PATH names no program; the SUMMARY line and the site keep FILE:LINE): one
// symbolizer run costs about half a second of CPU time, more than many a timed run, and varies,
// and under callgrind its exit signal trips an assertion. LeakSanitizer would fail asan runs at
// exit over go-sqlite3's own test leaks, which are outside the timed code.
var Variants = []Variant{
	{"plain", "plain", nil},
	{"L0", "cgosan", cgosanEnv("0")},
	{"L1", "cgosan", cgosanEnv("1")},
	{"L2", "cgosan", cgosanEnv("2")},
	{"asan", "asan", []string{"ASAN_OPTIONS=detect_leaks=0"}},
}

func cgosanEnv(level string) []string {
	return []string{"CGOSAN=" + level, "CGOSAN_OPTIONS=halt_on_error=0", "CGOSAN_SYMBOLIZER_PATH=/nonexistent"}
}

// PlainEnv is what the plain and asan builds (and compiles) add to the environment.
var PlainEnv = []string{"CC=clang-14", "CXX=clang++-14"}

// Builder builds test binaries of the workloads module.
type Builder struct {
	WorkloadsDir string // bench/workloads
	BinDir       string
	Cgosan       string // cgosan executable
}

// Command returns the command that builds pkg's test binary of kind into out.
func (b Builder) Command(pkg, kind, out string) *exec.Cmd {
	args := []string{"test", "-c", "-o", out}
	if kind == "asan" {
		args = append(args, "-asan")
	}
	args = append(args, pkg)
	var cmd *exec.Cmd
	if kind == "cgosan" {
		cmd = exec.Command(b.Cgosan, append([]string{"go"}, args...)...)
		cmd.Env = os.Environ()
	} else {
		cmd = exec.Command("go", args...)
		cmd.Env = append(os.Environ(), PlainEnv...)
	}
	cmd.Dir = b.WorkloadsDir
	return cmd
}

// Binary is the path of workload name's test binary of kind.
func (b Builder) Binary(name, kind string) string {
	return filepath.Join(b.BinDir, name+"."+kind)
}

// Build builds one test binary and returns the command line it ran and how long it took.
func (b Builder) Build(name, pkg, kind string) (string, time.Duration, error) {
	cmd := b.Command(pkg, kind, b.Binary(name, kind))
	line := Quote(cmd)
	t0 := time.Now()
	out, err := cmd.CombinedOutput()
	if err != nil {
		return line, time.Since(t0), fmt.Errorf("%v\n%s", err, Head(string(out), 30))
	}
	return line, time.Since(t0), nil
}

// PackageDir is the source directory of pkg (where `go test` would run its test binary).
func (b Builder) PackageDir(pkg string) (string, error) {
	cmd := exec.Command("go", "list", "-f", "{{.Dir}}", pkg)
	cmd.Dir = b.WorkloadsDir
	out, err := cmd.Output()
	if err != nil {
		return "", fmt.Errorf("go list %s: %v", pkg, err)
	}
	return strings.TrimSpace(string(out)), nil
}

// Quote renders a command as a shell line: the environment it adds, cd, and its arguments.
func Quote(cmd *exec.Cmd) string {
	var parts []string
	if cmd.Dir != "" {
		parts = append(parts, "cd "+shellQuote(cmd.Dir)+" &&")
	}
	for _, e := range addedEnv(cmd.Env) {
		parts = append(parts, shellQuote(e))
	}
	for _, a := range cmd.Args {
		parts = append(parts, shellQuote(a))
	}
	return strings.Join(parts, " ")
}

// addedEnv is what env sets beyond (or differently from) the harness's own environment.
func addedEnv(env []string) []string {
	if env == nil {
		return nil
	}
	own := map[string]bool{}
	for _, e := range os.Environ() {
		own[e] = true
	}
	var out []string
	for _, e := range env {
		if !own[e] {
			out = append(out, e)
		}
	}
	return out
}

func shellQuote(s string) string {
	if s != "" && strings.IndexFunc(s, func(r rune) bool {
		return !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("-_./=:,+@%", r))
	}) < 0 {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}

// Head is s's first n lines.
func Head(s string, n int) string {
	l := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(l) > n {
		l = l[:n]
	}
	return strings.Join(l, "\n")
}
