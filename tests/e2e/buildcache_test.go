// The go build cache must never mix instrumented and plain objects: cgosan's `-###` version line
// (with a hash of its build) is part of the go command's cache key for cgo packages.
package e2e

import (
	"io"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

// goBuild runs `go build -x` (via cgosan when bin is not empty) in dir with its own GOCACHE and
// returns the command trace and the executable.
func goBuild(t *testing.T, bin, dir, cache string, env ...string) (trace, exe string) {
	t.Helper()
	exe = filepath.Join(t.TempDir(), "prog")
	args := []string{"build", "-x", "-o", exe, "."}
	var cmd *exec.Cmd
	if bin != "" {
		cmd = exec.Command(bin, append([]string{"go"}, args...)...)
	} else {
		cmd = exec.Command("go", args...)
	}
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), append([]string{"GOCACHE=" + cache, "GOFLAGS="}, env...)...)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("%v: %v\n%s", cmd.Args, err, out)
	}
	return string(out), exe
}

// compiledCgoFile reports whether a trace shows main.cgo2.c being compiled.
func compiledCgoFile(trace string) bool {
	for _, line := range strings.Split(trace, "\n") {
		if strings.Contains(line, "main.cgo2.c") && strings.Contains(line, " -c ") {
			return true
		}
	}
	return false
}

func instrumented(t *testing.T, exe string) bool {
	out, err := exec.Command("nm", exe).Output()
	if err != nil {
		t.Fatal(err)
	}
	return strings.Contains(string(out), "__cgosan_call_enter")
}

func copyFile(t *testing.T, from, to string) {
	in, err := os.Open(from)
	if err != nil {
		t.Fatal(err)
	}
	defer in.Close()
	info, _ := in.Stat()
	out, err := os.OpenFile(to, os.O_CREATE|os.O_WRONLY|os.O_TRUNC, info.Mode())
	if err != nil {
		t.Fatal(err)
	}
	if _, err := io.Copy(out, in); err != nil {
		t.Fatal(err)
	}
	out.Close()
}

// installCopy copies cgosan (executable, links, plugin, runtime) into a new directory and returns
// the copied executable.
func installCopy(t *testing.T) string {
	bin := cgosanBin(t)
	root := filepath.Dir(filepath.Dir(bin))
	dst := t.TempDir()
	for _, d := range []string{"bin", "lib/cgosan"} {
		if err := os.MkdirAll(filepath.Join(dst, d), 0o755); err != nil {
			t.Fatal(err)
		}
	}
	copyFile(t, bin, filepath.Join(dst, "bin", "cgosan"))
	for _, l := range []string{"cgosan-cc", "cgosan-c++"} {
		if err := os.Symlink("cgosan", filepath.Join(dst, "bin", l)); err != nil {
			t.Fatal(err)
		}
	}
	for _, l := range []string{"libcgosan_pass.so", "libcgosan_rt.a"} {
		copyFile(t, filepath.Join(root, "lib/cgosan", l), filepath.Join(dst, "lib/cgosan", l))
	}
	return filepath.Join(dst, "bin", "cgosan")
}

func TestBuildCacheKeepsInstrumentedAndPlainApart(t *testing.T) {
	cache := t.TempDir()
	dir := "testdata/retain_global"
	bin := installCopy(t)

	trace, exe := goBuild(t, bin, dir, cache)
	if !compiledCgoFile(trace) || !instrumented(t, exe) {
		t.Fatal("first cgosan build did not compile and instrument the C code")
	}
	trace, exe = goBuild(t, bin, dir, cache)
	if compiledCgoFile(trace) {
		t.Error("second identical cgosan build recompiled the C code: the cache key is unstable")
	}
	if !instrumented(t, exe) {
		t.Error("cached cgosan build is not instrumented")
	}

	trace, exe = goBuild(t, "", dir, cache)
	if !compiledCgoFile(trace) {
		t.Error("plain go build after a cgosan build reused the cgosan objects")
	}
	if instrumented(t, exe) {
		t.Error("plain go build produced an instrumented binary")
	}

	// Another cgosan build at the same path: a trailing byte does not change how the ELF
	// executable runs, but it is another build, and its objects must not be reused.
	f, err := os.OpenFile(bin, os.O_APPEND|os.O_WRONLY, 0)
	if err != nil {
		t.Fatal(err)
	}
	f.Write([]byte("another build"))
	f.Close()
	trace, exe = goBuild(t, bin, dir, cache)
	if !compiledCgoFile(trace) {
		t.Error("a build with another cgosan at the same path reused the first cgosan's objects")
	}
	if !instrumented(t, exe) {
		t.Error("the other cgosan's build is not instrumented")
	}
}

// The runtime is linked in by cgosan's compiler driver, where the go command does not see it: a
// new runtime with the same pass and the same objects would leave a program built before it in
// place (go build -o to an existing file) and replay test results obtained with the old one.
// Instrumented objects carry the cgosan build in their .comment, and go test's -exec names it.
func TestANewRuntimeAloneIsNeverServedFromTheGoCache(t *testing.T) {
	bin := installCopy(t)
	cache := t.TempDir()
	dir := t.TempDir()
	files := map[string]string{
		"go.mod":       "module cachetest\n\ngo 1.21\n",
		"main.go":      "package main\n\n// static int twice(int x) { return 2 * x; }\nimport \"C\"\n\nfunc twice(x int) int { return int(C.twice(C.int(x))) }\n\nfunc main() { println(twice(21)) }\n",
		"main_test.go": "package main\n\nimport \"testing\"\n\nfunc TestTwice(t *testing.T) {\n\tif twice(2) != 4 {\n\t\tt.Fatal(\"twice\")\n\t}\n}\n",
	}
	for name, text := range files {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	exe := filepath.Join(t.TempDir(), "prog")
	gocmd := func(args ...string) string {
		t.Helper()
		cmd := exec.Command(bin, append([]string{"go"}, args...)...)
		cmd.Dir = dir
		cmd.Env = append(os.Environ(), "GOCACHE="+cache, "GOFLAGS=")
		out, err := cmd.CombinedOutput()
		if err != nil {
			t.Fatalf("%v: %v\n%s", cmd.Args, err, out)
		}
		return string(out)
	}
	buildStamp := func() string {
		t.Helper()
		out, err := exec.Command(bin, "version").Output()
		m := regexp.MustCompile(`\(build ([0-9a-f]{16}),`).FindSubmatch(out)
		if err != nil || m == nil {
			t.Fatalf("cgosan version: %v %q", err, out)
		}
		return "cgosan build " + string(m[1])
	}
	holds := func(path, s string) bool {
		data, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		return strings.Contains(string(data), s)
	}

	first := buildStamp()
	if out := gocmd("test", "."); strings.Contains(out, "(cached)") {
		t.Fatalf("first go test was cached:\n%s", out)
	}
	if out := gocmd("test", "."); !strings.Contains(out, "(cached)") {
		t.Fatalf("the same go test again was not cached (caching must stay on when nothing changed):\n%s", out)
	}
	gocmd("build", "-o", exe, ".")
	if !holds(exe, first) {
		t.Fatalf("the program does not name the cgosan build %q", first)
	}

	// A new runtime: the same archive with one more (harmless) member.
	extra := filepath.Join(t.TempDir(), "extra.o")
	cc := exec.Command(filepath.Join(filepath.Dir(bin), "cgosan-cc"), "-c", "-x", "c", "-", "-o", extra)
	cc.Stdin = strings.NewReader("int cgosan_cache_test_extra;\n")
	if out, err := cc.CombinedOutput(); err != nil {
		t.Fatalf("%v: %v\n%s", cc.Args, err, out)
	}
	rt := filepath.Join(filepath.Dir(filepath.Dir(bin)), "lib/cgosan/libcgosan_rt.a")
	if out, err := exec.Command("ar", "q", rt, extra).CombinedOutput(); err != nil {
		t.Fatalf("ar q: %v\n%s", err, out)
	}
	second := buildStamp()
	if second == first {
		t.Fatal("the build id did not change with the runtime")
	}
	if out := gocmd("test", "."); strings.Contains(out, "(cached)") {
		t.Errorf("go test replayed a result obtained with the old runtime:\n%s", out)
	}
	gocmd("build", "-o", exe, ".")
	if !holds(exe, second) {
		t.Errorf("go build -o left the program linked with the old runtime in place (no %q)", second)
	}
}
