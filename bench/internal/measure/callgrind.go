package measure

import (
	"fmt"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
)

// Callgrind counts instructions with valgrind's callgrind. Valgrind 3.19 cannot read Go 1.26's
// DWARF 5, so it runs a copy of each binary without debug information. Two settings keep the
// count of one run nearly the same from run to run: GOMAXPROCS=1, so that idle Ps do not spin
// in the scheduler (valgrind runs one thread at a time, and a spinning thread's instructions
// count), and GODEBUG=asyncpreemptoff=1, since callgrind 3.19 asserts on Go's preemption
// signals. The Go code runs on one P; the C code and cgosan's runtime run as they do natively.
type Callgrind struct {
	OutDir string // where callgrind.out files are kept (one per unit and variant)
	mu     sync.Mutex
	copies map[string]string
}

// CallgrindEnv is what callgrind runs add to the variant's environment.
var CallgrindEnv = []string{"GOMAXPROCS=1", "GODEBUG=asyncpreemptoff=1"}

// Command is the valgrind command line for u in bin with n operations (for printing).
func (c *Callgrind) Command(u Unit, bin string, n int, env []string, outFile string) *exec.Cmd {
	inner := u.Command(bin, n, append(append([]string(nil), env...), CallgrindEnv...))
	cmd := exec.Command("valgrind", append([]string{"--tool=callgrind", "--callgrind-out-file=" + outFile}, inner.Args...)...)
	cmd.Dir, cmd.Env = inner.Dir, inner.Env
	return cmd
}

// PerOp returns u's instructions per operation in bin: the difference between a run of 3*CgN
// operations and one of CgN, over 2*CgN, so that start-up and setup cancel. Each count is run
// repeat times and the lowest taken: what differs between runs is extra scheduler work, never
// less. The longer run's profile is kept in OutDir for callgrind_annotate.
func (c *Callgrind) PerOp(u Unit, bin, variant string, env []string, repeat int) (float64, error) {
	nb, err := c.nodebug(bin)
	if err != nil {
		return math.NaN(), err
	}
	keep := filepath.Join(c.OutDir, fileName(u.Workload+"."+u.Name+"."+variant)+".callgrind.out")
	count := func(n int, out string) (float64, error) {
		best := math.Inf(1)
		for i := 0; i < max(repeat, 1); i++ {
			p, err := Run(c.Command(u, nb, n, env, out))
			if err != nil {
				return 0, fmt.Errorf("valgrind (%dx): %v\n%s", n, err, valgrindError(p.Stderr))
			}
			ir, err := collected(p.Stderr)
			if err != nil {
				return 0, err
			}
			best = math.Min(best, ir)
		}
		return best, nil
	}
	lo, err := count(u.CgN, os.DevNull)
	if err != nil {
		return math.NaN(), err
	}
	hi, err := count(3*u.CgN, keep)
	if err != nil {
		return math.NaN(), err
	}
	return (hi - lo) / float64(2*u.CgN), nil
}

var (
	collectedRE = regexp.MustCompile(`(?m)^==(\d+)== Collected : (\d+)`)
	firstPIDRE  = regexp.MustCompile(`(?m)^==(\d+)==`)
)

// collected reads callgrind's total instruction count from its closing lines.
func collected(stderr string) (float64, error) {
	// A child the program forks (the runtime's posix_spawn of a symbolizer, even one that fails
	// to exec) runs under valgrind too until it execs or exits, and prints a "Collected" line of
	// its own, often first: the count it inherited at the fork. The program's own line is the
	// one valgrind printed for the first process in stderr, the one that started the rest.
	ms := collectedRE.FindAllStringSubmatch(stderr, -1)
	if ms == nil {
		return 0, fmt.Errorf("no \"Collected\" line from callgrind\n%s", stderr[max(0, len(stderr)-2000):])
	}
	first := firstPIDRE.FindStringSubmatch(stderr)
	for _, m := range ms {
		if first != nil && m[1] == first[1] {
			return strconv.ParseFloat(m[2], 64)
		}
	}
	return 0, fmt.Errorf("no \"Collected\" line from callgrind for process %s\n%s", first[1], stderr[max(0, len(stderr)-2000):])
}

// nodebug returns a copy of bin without debug sections, made once per binary.
func (c *Callgrind) nodebug(bin string) (string, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.copies == nil {
		c.copies = map[string]string{}
	}
	if p, ok := c.copies[bin]; ok {
		return p, nil
	}
	p := bin + ".nodebug"
	if out, err := exec.Command("objcopy", "--strip-debug", bin, p).CombinedOutput(); err != nil {
		return "", fmt.Errorf("objcopy --strip-debug %s: %v: %s", bin, err, out)
	}
	c.copies[bin] = p
	return p, nil
}

func fileName(s string) string {
	return strings.Map(func(r rune) rune {
		if r == '/' || r == ' ' || r == '=' {
			return '_'
		}
		return r
	}, s)
}

var stackLine = regexp.MustCompile(`^==\d+==\s+(at|by) |stack range:|^\s*$`)

// valgrindError is the gist of a failed valgrind run: its output without stack frames, cut short.
func valgrindError(stderr string) string {
	var keep []string
	for _, l := range strings.Split(stderr, "\n") {
		if !stackLine.MatchString(l) {
			keep = append(keep, l)
		}
		if len(keep) == 25 {
			break
		}
	}
	return strings.Join(keep, "\n")
}
