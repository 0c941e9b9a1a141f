package main

import (
	"strings"

	"cgosan.bench/internal/build"
	"cgosan.bench/internal/measure"
)

// buildAll builds every workload's test binary in every build kind. A workload whose build
// fails is left out of the run (and the run fails).
func (h *harness) buildAll() {
	h.say("\n== build (go test -c from %s)", h.builder.WorkloadsDir)
	for _, w := range h.res.Workloads {
		var env []string
		if w.Payload != nil {
			var err error
			if env, err = w.Payload(h.cfg.Out); err != nil {
				h.fail("%s: payload: %v", w.Name, err)
				continue
			}
		}
		ok := true
		for _, kind := range build.Kinds {
			line, took, err := h.builder.Build(w.Name, w.Pkg, kind)
			h.say("%-8s %-6s %6.1fs  %s", w.Name, kind, took.Seconds(), line)
			if err != nil {
				h.fail("build %s %s: %v", w.Name, kind, err)
				ok = false
			}
		}
		dir, err := h.builder.PackageDir(w.Pkg)
		if err != nil {
			h.fail("%s: %v", w.Name, err)
			ok = false
		}
		if ok {
			h.dirs[w.Name], h.envs[w.Name] = dir, env
		}
	}
}

// plan runs each workload's benchmarks in the plain build to find them and their CPU cost, and
// fixes each one's operation count for the whole run: every variant does the same work.
func (h *harness) plan() {
	h.say("\n== plan: one process per benchmark and run; N operations in every variant")
	h.say("CPU time per operation = (CPU(N) - CPU(1)) / N, where CPU(x) is user+sys of `BIN -test.benchtime=x`")
	for _, w := range h.res.Workloads {
		dir, ok := h.dirs[w.Name]
		if !ok {
			continue
		}
		bin := h.builder.Binary(w.Name, "plain")
		found, err := measure.Calibrate(bin, dir, w.Bench, h.envs[w.Name], h.cfg.Target/4)
		if err != nil {
			h.fail("%s: %v", w.Name, err)
			delete(h.dirs, w.Name)
			continue
		}
		for _, r := range found {
			probe := measure.Unit{Workload: w.Name, Name: r.Name, Dir: dir, Env: h.envs[w.Name]}
			ns, err := measure.CPUCost(probe, bin, h.cfg.Target, r.NsPerOp)
			if err != nil {
				h.fail("%s %s: calibration: %v", w.Name, r.Name, err)
				continue
			}
			r.NsPerOp = ns
			u := measure.Unit{
				Workload: w.Name, Name: r.Name, Dir: dir, Env: h.envs[w.Name], PlainNs: r.NsPerOp,
				N:   measure.Ops(h.cfg.Target, r.NsPerOp, 5),
				CgN: measure.Ops(h.cfg.CallgrindTarget, r.NsPerOp, 2),
			}
			h.res.Units[w.Name] = append(h.res.Units[w.Name], u)
			h.say("%-8s %-58s N=%-9d callgrind %d and %d  (plain %.0f ns of CPU time per op at calibration)",
				w.Name, u.Name, u.N, u.CgN, 3*u.CgN, r.NsPerOp)
		}
		if len(h.res.Units[w.Name]) == 0 {
			delete(h.dirs, w.Name)
			continue
		}
		u := h.res.Units[w.Name][0]
		h.say("  command: %s", build.Quote(u.Command(bin, u.N, nil)))
		for _, v := range build.Variants[1:] {
			h.say("           %s: %s, binary %s", v.Name, envText(v.Env), h.builder.Binary(w.Name, v.Kind))
		}
	}
}

func envText(env []string) string {
	if len(env) == 0 {
		return "no extra environment"
	}
	return strings.Join(env, " ")
}
