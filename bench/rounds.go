package main

import (
	"fmt"
	"time"

	"cgosan.bench/internal/build"
	"cgosan.bench/internal/measure"
	"cgosan.bench/internal/report"
)

// timedRounds measures every benchmark in every variant, round after round. The variants of one
// benchmark run back to back, in an order that rotates from round to round and benchmark to
// benchmark, so that a change in the machine's load falls on all of them alike.
func (h *harness) timedRounds() {
	h.say("\n== timed runs (CPU time per operation; every run's figures in bench.log)")
	for r := 0; r < h.cfg.Rounds; r++ {
		for _, w := range h.res.Workloads {
			if !h.has(w.Name) {
				continue
			}
			t0 := time.Now()
			failed := 0
			for i, u := range h.res.Units[w.Name] {
				for j := range build.Variants {
					v := build.Variants[(j+r+i)%len(build.Variants)]
					s, ps, err := measure.CPUPerOp(u, h.builder.Binary(w.Name, v.Kind), v.Env)
					for _, p := range ps {
						h.keepReports(w.Name+" "+v.Name, p.Stderr)
					}
					if err != nil {
						h.fail("round %d %s %s %s: %v", r+1, w.Name, u.Name, v.Name, err)
						failed++
					}
					h.record(u, v.Name, s)
					h.logOnly("round %d %-8s %-58s %-5s cpu %10.1f ns/op  wall %10.1f ns/op  rss %6.0f KB",
						r+1, w.Name, u.Name, v.Name, s.CPUNs, s.WallNs, s.RSSKB)
				}
			}
			h.say("round %d/%d %-8s %3d benchmarks x %d variants in %5.1fs%s  (load %s)", r+1, h.cfg.Rounds, w.Name,
				len(h.res.Units[w.Name]), len(build.Variants), time.Since(t0).Seconds(), failures(failed), loadAvg())
		}
	}
}

func (h *harness) record(u measure.Unit, variant string, s measure.Sample) {
	k := report.Key(u)
	if h.res.CPU[k] == nil {
		h.res.CPU[k] = map[string][]measure.Sample{}
	}
	h.res.CPU[k][variant] = append(h.res.CPU[k][variant], s)
}

// callgrind counts instructions per operation of every benchmark in every variant valgrind can
// run (not asan), once: the counts barely change from run to run.
func (h *harness) callgrind() {
	h.say("\n== callgrind (instructions per operation)")
	cg := &measure.Callgrind{OutDir: h.cfg.Out + "/callgrind"}
	if err := mkdir(cg.OutDir); err != nil {
		h.fail("%v", err)
		return
	}
	first := true
	for _, w := range h.res.Workloads {
		if !h.has(w.Name) {
			continue
		}
		t0 := time.Now()
		failed := 0
		for _, u := range h.res.Units[w.Name] {
			for _, v := range build.Variants {
				if v.Kind == "asan" {
					continue
				}
				bin := h.builder.Binary(w.Name, v.Kind)
				if first {
					h.say("command: %s", build.Quote(cg.Command(u, bin+".nodebug", 3*u.CgN, v.Env, "FILE")))
					h.say("         (and the same with %dx; every run: %s)", u.CgN, envText(measure.CallgrindEnv))
					first = false
				}
				ir, err := cg.PerOp(u, bin, v.Name, v.Env, h.cfg.CallgrindRepeat)
				if err != nil {
					h.fail("callgrind %s %s %s: %v", w.Name, u.Name, v.Name, err)
					failed++
					continue
				}
				k := report.Key(u)
				if h.res.Instr[k] == nil {
					h.res.Instr[k] = map[string]float64{}
				}
				h.res.Instr[k][v.Name] = ir
				h.logOnly("callgrind %-8s %-58s %-5s %12.1f instructions/op", w.Name, u.Name, v.Name, ir)
			}
		}
		h.say("callgrind %-8s %3d benchmarks x 4 variants in %5.1fs%s", w.Name, len(h.res.Units[w.Name]),
			time.Since(t0).Seconds(), failures(failed))
	}
}

func failures(n int) string {
	if n == 0 {
		return ""
	}
	return fmt.Sprintf(", %d FAILED", n)
}
