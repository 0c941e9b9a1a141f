package main

import (
	"bytes"
	"encoding/json"
	"math"
	"os"
	"path/filepath"

	"cgosan.bench/internal/report"
)

// report prints the tables and writes them to results.md, and the raw figures to results.json.
func (h *harness) report() {
	var md bytes.Buffer
	report.Write(&md, h.res)
	h.say("\n== results")
	h.say("%s", md.String())
	if err := os.WriteFile(filepath.Join(h.cfg.Out, "results.md"), md.Bytes(), 0o644); err != nil {
		h.fail("%v", err)
	}
	raw, err := json.MarshalIndent(h.rawFigures(), "", " ")
	if err == nil {
		err = os.WriteFile(filepath.Join(h.cfg.Out, "results.json"), raw, 0o644)
	}
	if err != nil {
		h.fail("results.json: %v", err)
	}
}

// rawFigures is every measured value, per benchmark, variant and round (null: the run failed).
func (h *harness) rawFigures() any {
	num := func(x float64) any {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return nil
		}
		return x
	}
	type unit struct {
		Workload, Name string
		N, CallgrindN  int
		CPUNsPerOp     map[string][]any
		WallNsPerOp    map[string][]any
		PeakRSSKB      map[string][]any
		InstrPerOp     map[string]any
	}
	var units []unit
	for _, w := range h.res.Workloads {
		for _, u := range h.res.Units[w.Name] {
			k := report.Key(u)
			x := unit{Workload: w.Name, Name: u.Name, N: u.N, CallgrindN: u.CgN,
				CPUNsPerOp: map[string][]any{}, WallNsPerOp: map[string][]any{}, PeakRSSKB: map[string][]any{},
				InstrPerOp: map[string]any{}}
			for v, ss := range h.res.CPU[k] {
				for _, s := range ss {
					x.CPUNsPerOp[v] = append(x.CPUNsPerOp[v], num(s.CPUNs))
					x.WallNsPerOp[v] = append(x.WallNsPerOp[v], num(s.WallNs))
					x.PeakRSSKB[v] = append(x.PeakRSSKB[v], num(s.RSSKB))
				}
			}
			for v, ir := range h.res.Instr[k] {
				x.InstrPerOp[v] = num(ir)
			}
			units = append(units, x)
		}
	}
	compiles := map[string][]map[string]any{}
	for kind, rs := range h.res.Compiles {
		for _, c := range rs {
			compiles[kind] = append(compiles[kind], map[string]any{"cpu_s": c.CPU.Seconds(), "wall_s": c.Wall.Seconds(),
				"peak_rss_kb": c.RSSKB, "text_bytes": c.Text, "command": c.Command, "ok": c.Err == nil})
		}
	}
	stats := map[string]int64{}
	for _, s := range h.res.Stats {
		stats[s.Name] = s.Value
	}
	return map[string]any{"rounds": h.res.Rounds, "units": units, "compile": compiles, "pass_statistics": stats,
		"reports": h.res.Reports, "failures": h.failures}
}

func mkdir(dir string) error { return os.MkdirAll(dir, 0o755) }
