// The go build cache must never mix instrumented and plain objects: cgosan's `-###` version line
// (with a hash of its build) is part of the go command's cache key for cgo packages.
package e2e

import (
	"io"
	"os"
	"os/exec"
	"path/filepath"
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
