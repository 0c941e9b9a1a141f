package measure

import (
	"os/exec"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

func buildWrapper(t *testing.T) {
	t.Helper()
	if _, err := exec.LookPath("clang-14"); err != nil {
		t.Skip("clang-14 not installed")
	}
	_, file, _, _ := runtime.Caller(0)
	src := filepath.Join(filepath.Dir(file), "..", "..", "tools", "rusage-exec.c")
	if err := BuildWrapper(src, t.TempDir()); err != nil {
		t.Fatal(err)
	}
}

// A child's peak RSS is its own: a small C program's is far below this Go test process's,
// which is what wait4 reports for a child Go starts directly (vfork keeps the parent's
// high-water mark).
func TestRunReportsTheChildsOwnRusage(t *testing.T) {
	buildWrapper(t)
	p, err := Run(exec.Command("sh", "-c", "i=0; while [ $i -lt 20000 ]; do i=$((i+1)); done"))
	if err != nil {
		t.Fatal(err)
	}
	if p.MaxRSS <= 0 || p.MaxRSS > 4096 {
		t.Errorf("peak RSS %d KB, want the shell's own (a few MB at most)", p.MaxRSS)
	}
	if p.CPU <= 0 {
		t.Errorf("CPU time %v, want the loop's", p.CPU)
	}
}

func TestRunKeepsTheExitStatusAndOutput(t *testing.T) {
	buildWrapper(t)
	p, err := Run(exec.Command("sh", "-c", "echo out; echo err >&2; exit 3"))
	if ee, ok := err.(*exec.ExitError); !ok || ee.ExitCode() != 3 {
		t.Errorf("error %v, want exit status 3", err)
	}
	if strings.TrimSpace(p.Stdout) != "out" || strings.TrimSpace(p.Stderr) != "err" {
		t.Errorf("stdout %q, stderr %q", p.Stdout, p.Stderr)
	}
}
