package measure

import (
	"fmt"
	"os/exec"
	"regexp"
	"runtime"
	"strconv"
	"strings"
)

// A Unit is one benchmark of one workload, run in a process of its own so that its CPU time is
// its own: Name is the full benchmark name (without the -GOMAXPROCS suffix).
type Unit struct {
	Workload string
	Name     string
	Dir      string   // where the test binary runs (its package's directory, as under go test)
	Env      []string // the workload's own environment (e.g. PAYLOAD)
	N        int      // operations per timed run, the same for every variant
	CgN      int      // operations of callgrind's shorter run; the longer one runs 3*CgN
	PlainNs  float64  // plain ns/op at calibration
}

// Command is the test binary bin running only this benchmark for n operations.
func (u Unit) Command(bin string, n int, env []string) *exec.Cmd {
	return benchCommand(bin, u.Dir, Anchor(u.Name), strconv.Itoa(n)+"x", append(append([]string(nil), u.Env...), env...))
}

func benchCommand(bin, dir, pattern, benchtime string, env []string) *exec.Cmd {
	cmd := exec.Command(bin, "-test.run", "^$", "-test.bench", pattern, "-test.benchtime", benchtime, "-test.count", "1")
	cmd.Dir = dir
	cmd.Env = Env(env...)
	return cmd
}

// Anchor makes a -test.bench pattern that matches exactly the benchmark name: each level of
// the name, split at '/', quoted and anchored.
func Anchor(name string) string {
	parts := strings.Split(name, "/")
	for i, p := range parts {
		parts[i] = "^" + regexp.QuoteMeta(p) + "$"
	}
	return strings.Join(parts, "/")
}

var benchLine = regexp.MustCompile(`^(Benchmark\S*)\s+(\d+)\s+([0-9.]+) ns/op`)

// A Result is one line of go test's benchmark output.
type Result struct {
	Name    string
	N       int
	NsPerOp float64
}

// ParseBench reads go test's benchmark lines. The -P suffix that go test adds to names when
// GOMAXPROCS is not 1 is removed, so that names match what -test.bench selects.
func ParseBench(out string) []Result {
	suffix := fmt.Sprintf("-%d", runtime.GOMAXPROCS(0))
	var rs []Result
	for _, l := range strings.Split(out, "\n") {
		m := benchLine.FindStringSubmatch(l)
		if m == nil {
			continue
		}
		n, _ := strconv.Atoi(m[2])
		ns, _ := strconv.ParseFloat(m[3], 64)
		rs = append(rs, Result{Name: strings.TrimSuffix(m[1], suffix), N: n, NsPerOp: ns})
	}
	return rs
}
