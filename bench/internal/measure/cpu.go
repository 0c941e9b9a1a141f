package measure

import (
	"fmt"
	"math"
	"time"
)

// A Sample is one unit measured once in one variant, per operation.
type Sample struct {
	CPUNs  float64 // (CPU time of an N-operation run - CPU time of a 1-operation run) / N
	WallNs float64 // go test's own ns/op of the N-operation run (wall clock)
	RSSKB  float64 // peak RSS of the N-operation run
}

// Failed is the sample of a run that did not complete.
var Failed = Sample{CPUNs: math.NaN(), WallNs: math.NaN(), RSSKB: math.NaN()}

// CPUPerOp runs u in bin twice, once for one operation and once for u.N, and charges the
// difference of their CPU times to the N-1 extra operations' worth of work. Subtracting the
// one-operation run removes what does not scale with N: process start-up (the Go runtime's,
// cgosan's or ASan's), the test binary's init and most of the benchmark's own setup. (go test
// runs a benchmark body once with b.N=1 and then with b.N=N, so the N run does N+1 operations
// and the 1 run one: the difference is N operations plus one setup, which N makes small.)
func CPUPerOp(u Unit, bin string, env []string) (Sample, []Process, error) {
	one, err := Run(u.Command(bin, 1, env))
	if err != nil {
		return Failed, []Process{one}, fmt.Errorf("1x run: %v\n%s", err, tail(one))
	}
	full, err := Run(u.Command(bin, u.N, env))
	ps := []Process{one, full}
	if err != nil {
		return Failed, ps, fmt.Errorf("%dx run: %v\n%s", u.N, err, tail(full))
	}
	var wall float64 = math.NaN()
	for _, r := range ParseBench(full.Stdout) {
		if r.Name == u.Name && r.N == u.N {
			wall = r.NsPerOp
		}
	}
	if math.IsNaN(wall) {
		return Failed, ps, fmt.Errorf("%dx run printed no result for %s\n%s", u.N, u.Name, tail(full))
	}
	cpu := float64(full.CPU-one.CPU) / float64(u.N)
	if cpu <= 0 {
		return Failed, ps, fmt.Errorf("CPU time of %dx (%v) not above 1x (%v)", u.N, full.CPU, one.CPU)
	}
	return Sample{CPUNs: cpu, WallNs: wall, RSSKB: float64(full.MaxRSS)}, ps, nil
}

// Calibrate runs every benchmark of pattern once in the plain build for about d each and
// returns go test's ns/op for each: the harness derives each unit's fixed operation count from
// it, once per run, so that every variant does the same work.
func Calibrate(bin, dir, pattern string, env []string, d time.Duration) ([]Result, error) {
	p, err := Run(benchCommand(bin, dir, pattern, d.String(), env))
	if err != nil {
		return nil, fmt.Errorf("calibration: %v\n%s", err, tail(p))
	}
	rs := ParseBench(p.Stdout)
	if len(rs) == 0 {
		return nil, fmt.Errorf("calibration ran no benchmark\n%s", tail(p))
	}
	return rs, nil
}

// Ops is the operation count that takes about d at nsPerOp, rounded down to 1, 2 or 5 times a
// power of ten (so that small differences in calibration rarely change it), and at least min.
func Ops(d time.Duration, nsPerOp float64, min int) int {
	want := float64(d.Nanoseconds()) / nsPerOp
	n := 1
	for _, m := range []int{1, 2, 5} {
		for p := 1; p <= 1e9; p *= 10 {
			if c := m * p; float64(c) <= want && c > n {
				n = c
			}
		}
	}
	return max(n, min)
}

func tail(p Process) string {
	s := p.Stderr + p.Stdout
	if len(s) > 3000 {
		s = "..." + s[len(s)-3000:]
	}
	return s
}

// Refine measures the cost of one operation of u in the plain build bin from CPU time, for a
// benchmark whose calibration stopped after a few iterations: there go test's ns/op is mostly
// setup done inside the timed loop (go-sqlite3's BenchmarkSuite/BenchmarkRows fills its table
// on first use), which would leave N far too small. It grows k tenfold until CPU(k) - CPU(1)
// reaches a fifth of d.
func Refine(u Unit, bin string, d time.Duration) (float64, error) {
	one, err := Run(u.Command(bin, 1, nil))
	if err != nil {
		return 0, fmt.Errorf("1x run: %v\n%s", err, tail(one))
	}
	for k := 10; k <= 1e7; k *= 10 {
		p, err := Run(u.Command(bin, k, nil))
		if err != nil {
			return 0, fmt.Errorf("%dx run: %v\n%s", k, err, tail(p))
		}
		if diff := p.CPU - one.CPU; diff >= d/5 {
			return float64(diff.Nanoseconds()) / float64(k), nil
		}
	}
	return 0, fmt.Errorf("CPU time does not grow with the operation count")
}
