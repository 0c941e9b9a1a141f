// Package machine describes where and what was measured: CPU model, cores, load, toolchains and
// the cgosan build, so that a figure can be traced to its machine and build.
package machine

import (
	"os"
	"os/exec"
	"regexp"
	"runtime"
	"strconv"
	"strings"
)

// Describe returns the header lines of a run's output. repo is the repository root and cgosan
// the cgosan executable measured.
func Describe(repo, cgosan string) []string {
	dirty := strings.Count(Output("git", "-C", repo, "status", "--porcelain", "--", "passes", "runtime", "src"), "\n")
	return []string{
		"cpu: " + cpuModel() + "; nproc " + itoa(runtime.NumCPU()) + "; " + memTotal(),
		"kernel: " + FirstLine(Output("uname", "-sr")),
		"go: " + FirstLine(Output("go", "version")),
		"clang: " + FirstLine(Output("clang-14", "--version")),
		"valgrind: " + FirstLine(Output("valgrind", "--version")),
		"cgosan: " + FirstLine(Output(cgosan, "--version")),
		"repo: " + repo + " at " + FirstLine(Output("git", "-C", repo, "rev-parse", "--short", "HEAD")) +
			" (" + itoa(dirty) + " changed files in passes/ runtime/ src/)",
		"nice: " + FirstLine(Output("nice")),
	}
}

// LoadAvg is /proc/loadavg's 1, 5 and 15-minute load averages.
func LoadAvg() string {
	b, _ := os.ReadFile("/proc/loadavg")
	f := strings.Fields(string(b))
	if len(f) < 3 {
		return "?"
	}
	return strings.Join(f[:3], " ")
}

func cpuModel() string {
	b, _ := os.ReadFile("/proc/cpuinfo")
	if m := regexp.MustCompile(`(?m)^model name\s*:\s*(.*)$`).FindSubmatch(b); m != nil {
		return string(m[1])
	}
	return "?"
}

func memTotal() string {
	b, _ := os.ReadFile("/proc/meminfo")
	if m := regexp.MustCompile(`(?m)^MemTotal:\s*(\d+) kB`).FindSubmatch(b); m != nil {
		return "MemTotal " + string(m[1]) + " kB"
	}
	return "MemTotal ?"
}

// Output runs a command and returns what it printed (nothing if it could not run).
func Output(name string, args ...string) string {
	b, _ := exec.Command(name, args...).CombinedOutput()
	return string(b)
}

// FirstLine is s's first line, trimmed.
func FirstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

func itoa(n int) string { return strconv.Itoa(n) }
