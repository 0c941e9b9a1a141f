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

// CPUPerOp runs u in bin twice, once for one operation and once for u.N operations, and divides
// the difference of their CPU times by N. Subtracting the
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
// returns their names and go test's (wall-clock) ns/op, the starting point of CPUCost.
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

// CPUCost measures what one operation of u costs in the plain build bin in CPU time, from
// CPU(k) - CPU(1) with k first from go test's wall-clock ns/op (wallNs) and grown tenfold until
// the difference reaches a fifth of d. Calibrating on the wall clock alone leaves N too small
// on a busy machine (wall time counts waiting for a core) and far too small for a benchmark
// whose first iteration does setup inside the timed loop (go-sqlite3's
// BenchmarkSuite/BenchmarkRows fills its table on first use).
func CPUCost(u Unit, bin string, d time.Duration, wallNs float64) (float64, error) {
	one, err := Run(u.Command(bin, 1, nil))
	if err != nil {
		return 0, fmt.Errorf("1x run: %v\n%s", err, tail(one))
	}
	for k := Ops(d/5, wallNs, 2); k <= 1e9; k *= 10 {
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
