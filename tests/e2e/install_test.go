// The installed tree on its own: `cmake --install` into a temporary prefix, then the installed
// cgosan builds and runs a violating program and its clean twin with the build tree and the
// source tree hidden (an empty file system mounted over each, in a mount namespace of the test's
// own), from a directory outside both. Nothing it does can reach them, so anything the installed
// tree still needed from them fails here.
//
// CGOSAN_INSTALLED=PREFIX tests a cgosan already installed under PREFIX instead (the Debian
// package: docs/INSTALL.md runs this test in a fresh Debian 12 after `apt-get install
// ./cgosan_*.deb`, with CGOSAN_INSTALLED=/usr).
package e2e

import (
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
)

// installedPrefix returns the prefix of the cgosan under test: $CGOSAN_INSTALLED, or a fresh
// install of the build tree CGOSAN_BIN belongs to.
func installedPrefix(t *testing.T) string {
	if p := os.Getenv("CGOSAN_INSTALLED"); p != "" {
		return p
	}
	build := filepath.Dir(filepath.Dir(cgosanBin(t)))
	prefix := filepath.Join(t.TempDir(), "prefix with space")
	out, err := exec.Command("cmake", "--install", build, "--prefix", prefix).CombinedOutput()
	if err != nil {
		t.Fatalf("cmake --install %s --prefix %s: %v\n%s", build, prefix, err, out)
	}
	return prefix
}

// hiddenTrees returns the directories the installed cgosan must not need: the source tree this
// test runs from and the build tree of CGOSAN_BIN (when not installed already).
func hiddenTrees(t *testing.T) []string {
	src, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	hide := []string{src}
	if os.Getenv("CGOSAN_INSTALLED") == "" {
		build, _ := filepath.Abs(filepath.Dir(filepath.Dir(cgosanBin(t))))
		if rel, err := filepath.Rel(src, build); err != nil || strings.HasPrefix(rel, "..") {
			hide = append(hide, build)
		}
	}
	return hide
}

// hiddenScript mounts an empty tmpfs over each directory of $CGOSAN_HIDE (one per line), then
// runs its arguments in $CGOSAN_RUN_DIR.
const hiddenScript = `set -e
IFS='
'
for d in $CGOSAN_HIDE; do mount -t tmpfs -o size=64k,mode=0755 cgosan-hidden "$d"; done
cd "$CGOSAN_RUN_DIR"
exec "$@"`

// unshareArgs returns the unshare command that gives a child its own mount namespace, or skips
// the test where the system allows none.
func unshareArgs(t *testing.T) []string {
	args := []string{"unshare", "--mount"}
	if os.Geteuid() != 0 {
		args = append(args, "--map-root-user")
	}
	if out, err := exec.Command(args[0], append(args[1:], "true")...).CombinedOutput(); err != nil {
		t.Skipf("cannot hide the build and source trees (%s: %v %s): run as root or allow user "+
			"namespaces", strings.Join(args, " "), err, out)
	}
	return args
}

type hidden struct {
	t      *testing.T
	hide   []string
	env    []string
	prefix []string
}

// run runs argv in dir with the hidden trees hidden; returns the result.
func (h *hidden) run(dir string, env []string, argv ...string) result {
	h.t.Helper()
	cmd := exec.Command(h.prefix[0], append(append(h.prefix[1:], "sh", "-c", hiddenScript, "sh"), argv...)...)
	var stdout, stderr strings.Builder
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	cmd.Env = append(append(append(os.Environ(), h.env...), env...),
		"CGOSAN_HIDE="+strings.Join(h.hide, "\n"), "CGOSAN_RUN_DIR="+dir)
	err := cmd.Run()
	r := result{stdout.String(), stderr.String(), 0}
	if ee, ok := err.(*exec.ExitError); ok {
		r.exit = ee.ExitCode()
	} else if err != nil {
		h.t.Fatalf("%v: %v", argv, err)
	}
	return r
}

// copyProgram copies a test program's files (not its subdirectories) into dir/name.
func copyProgram(t *testing.T, src, dir string) string {
	dst := filepath.Join(dir, filepath.Base(src))
	if err := os.MkdirAll(dst, 0o755); err != nil {
		t.Fatal(err)
	}
	entries, err := os.ReadDir(src)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if e.Type().IsRegular() {
			copyFile(t, filepath.Join(src, e.Name()), filepath.Join(dst, e.Name()))
		}
	}
	return dst
}

func TestInstalledTreeWorksWithoutBuildAndSourceTrees(t *testing.T) {
	if testing.Short() {
		t.Skip("installs cgosan and builds programs with a fresh Go build cache")
	}
	t.Parallel()
	prefix := installedPrefix(t)
	cgosan := filepath.Join(prefix, "bin", "cgosan")

	// The layout the README and cmake/CgosanLayout.cmake promise.
	for _, f := range []string{"bin/cgosan", "bin/cgosan-cc", "bin/cgosan-c++",
		"lib/cgosan/libcgosan_pass.so", "lib/cgosan/libcgosan_rt.a", "include/cgosan.h",
		"share/doc/cgosan/README.md", "share/doc/cgosan/docs/rules/retained-go-pointer.md"} {
		if _, err := os.Stat(filepath.Join(prefix, f)); err != nil {
			t.Errorf("installed tree lacks %s: %v", f, err)
		}
	}
	for _, l := range []string{"cgosan-cc", "cgosan-c++"} {
		if target, err := os.Readlink(filepath.Join(prefix, "bin", l)); err != nil || target != "cgosan" {
			t.Errorf("bin/%s is not a link to cgosan: %q %v", l, target, err)
		}
	}

	work := t.TempDir()
	violating := copyProgram(t, "testdata/retain_global", work)
	clean := copyProgram(t, "testdata/clean_clear_within_call", work)
	want := wants(t, violating)
	if len(want) == 0 || len(wants(t, clean)) != 0 {
		t.Fatal("the programs are not a violating program and its clean twin")
	}
	h := &hidden{t: t, hide: hiddenTrees(t), prefix: unshareArgs(t), env: []string{
		// A cache of its own: objects of the build tree's cgosan (the same build) must not
		// stand in for what the installed plugin compiles.
		"GOCACHE=" + filepath.Join(work, "gocache"), "GOFLAGS=", "GOWORK=off",
		"CGOSAN_BIN=", "CGOSAN_OPTIONS=", "CGOSAN=",
	}}

	// The hiding works: inside, the source tree is empty.
	if r := h.run(work, nil, "ls", "-A", h.hide[0]); r.exit != 0 || strings.TrimSpace(r.stdout) != "" {
		t.Fatalf("the source tree is not hidden (exit %d): %q %s", r.exit, r.stdout, r.stderr)
	}
	if r := h.run(work, nil, cgosan, "version"); r.exit != 0 || !strings.HasPrefix(r.stdout, "cgosan version ") {
		t.Fatalf("installed cgosan version: exit %d\n%s%s", r.exit, r.stdout, r.stderr)
	}

	// The violating program: reported where its `// want` says, and halted with 66 by default.
	if r := h.run(violating, nil, cgosan, "go", "build", "-o", "prog", "."); r.exit != 0 {
		t.Fatalf("installed cgosan go build: exit %d\n%s%s", r.exit, r.stdout, r.stderr)
	}
	exe := filepath.Join(violating, "prog")
	r := h.run(work, []string{"CGOSAN_OPTIONS=halt_on_error=0"}, exe)
	if g, w := sortedStrings(parseReports(t, r.stderr)), sortedStrings(want); r.exit != 0 ||
		strings.Join(g, "\n") != strings.Join(w, "\n") || !strings.Contains(r.stdout, "done") {
		t.Errorf("violating program: exit %d, reports %v, want %v\n%s", r.exit, g, w, r.stderr)
	}
	if r := h.run(work, nil, exe); r.exit != 66 {
		t.Errorf("violating program with default options: exit %d, want 66\n%s", r.exit, r.stderr)
	}

	// Its clean twin: silent, built the other way (CC="cgosan cc", cgosan found on PATH), which
	// also runs the Go linker's flag probes through the installed tree.
	path := filepath.Join(prefix, "bin") + ":" + os.Getenv("PATH")
	r = h.run(clean, []string{"PATH=" + path, "CC=cgosan cc", "CGO_ENABLED=1"},
		"go", "build", "-o", "prog", ".")
	if r.exit != 0 {
		t.Fatalf(`CC="cgosan cc" go build with the installed cgosan: exit %d\n%s%s`, r.exit, r.stdout, r.stderr)
	}
	r = h.run(work, nil, filepath.Join(clean, "prog"))
	if r.exit != 0 || strings.Contains(r.stderr, "cgosan") || !strings.Contains(r.stdout, "done") {
		t.Errorf("clean twin: exit %d\nstdout:\n%s\nstderr:\n%s", r.exit, r.stdout, r.stderr)
	}
	if !instrumented(t, filepath.Join(clean, "prog")) {
		t.Error("the clean twin was not built with the installed cgosan")
	}

	// Report links point into the installed docs, which are there.
	logs := filepath.Join(work, "logs")
	if err := os.Mkdir(logs, 0o755); err != nil {
		t.Fatal(err)
	}
	h.run(work, []string{"CGOSAN_OPTIONS=format=json:log_path=" + logs + "/r:halt_on_error=0"}, exe)
	sarif := filepath.Join(work, "out.sarif")
	if r := h.run(violating, nil, cgosan, "report", "--format", "sarif", "-o", sarif, logs); r.exit != 1 {
		t.Fatalf("installed cgosan report: exit %d (want 1: a finding)\n%s", r.exit, r.stderr)
	}
	var log struct {
		Runs []struct {
			Tool struct {
				Driver struct {
					InformationURI string `json:"informationUri"`
					Rules          []struct {
						ID      string `json:"id"`
						HelpURI string `json:"helpUri"`
					} `json:"rules"`
				} `json:"driver"`
			} `json:"tool"`
		} `json:"runs"`
	}
	data, err := os.ReadFile(sarif)
	if err != nil || json.Unmarshal(data, &log) != nil || len(log.Runs) != 1 {
		t.Fatalf("SARIF: %v\n%s", err, data)
	}
	docs := filepath.Join(prefix, "share/doc/cgosan")
	for _, rule := range log.Runs[0].Tool.Driver.Rules {
		file := filepath.Join(docs, "docs/rules", rule.ID+".md")
		if rule.HelpURI != fileURI(file) {
			t.Errorf("helpUri %q, want the installed page %q", rule.HelpURI, fileURI(file))
		}
		if _, err := os.Stat(file); err != nil {
			t.Errorf("rule page %s not installed: %v", file, err)
		}
	}
	if u := log.Runs[0].Tool.Driver.InformationURI; u != fileURI(filepath.Join(docs, "README.md")) {
		t.Errorf("informationUri %q, want the installed README", u)
	}
}

// fileURI is the file:// URI cgosan report writes for an absolute path.
func fileURI(path string) string {
	return "file://" + strings.ReplaceAll(path, " ", "%20")
}
