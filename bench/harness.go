package main

import (
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"cgosan.bench/internal/build"
	"cgosan.bench/internal/config"
	"cgosan.bench/internal/machine"
	"cgosan.bench/internal/measure"
	"cgosan.bench/internal/report"
	"cgosan.bench/internal/workload"
)

// harness is one run: its settings, what it built, what it measured, and its log.
type harness struct {
	cfg      config.Config
	builder  build.Builder
	log      *os.File
	dirs     map[string]string   // workload -> package directory
	envs     map[string][]string // workload -> its own environment
	res      *report.Results
	failures []string
	seen     map[string]bool // report keys already written to bench-reports.txt
}

func newHarness(cfg config.Config) (*harness, error) {
	bin := filepath.Join(cfg.Out, "bin")
	if err := os.MkdirAll(bin, 0o755); err != nil {
		return nil, err
	}
	os.Remove(filepath.Join(cfg.Out, "bench-reports.txt"))
	log, err := os.Create(filepath.Join(cfg.Out, "bench.log"))
	if err != nil {
		return nil, err
	}
	if err := measure.BuildWrapper(filepath.Join(cfg.BenchDir, "tools", "rusage-exec.c"), bin); err != nil {
		return nil, err
	}
	cgosan := cfg.CgosanBin
	if cgosan == "" {
		if cgosan, err = build.Snapshot(cfg.BuildDir, filepath.Join(cfg.Out, "cgosan")); err != nil {
			return nil, err
		}
	}
	h := &harness{
		cfg:     cfg,
		builder: build.Builder{WorkloadsDir: filepath.Join(cfg.BenchDir, "workloads"), BinDir: bin, Cgosan: cgosan},
		log:     log,
		dirs:    map[string]string{},
		envs:    map[string][]string{},
		seen:    map[string]bool{},
		res: &report.Results{
			Rounds:  cfg.Rounds,
			Units:   map[string][]measure.Unit{},
			CPU:     map[string]map[string][]measure.Sample{},
			Instr:   map[string]map[string]float64{},
			Reports: map[string]int{},
		},
	}
	for _, w := range workload.All {
		if cfg.Wants(w.Name) {
			h.res.Workloads = append(h.res.Workloads, w)
		}
	}
	if len(h.res.Workloads) == 0 {
		return nil, fmt.Errorf("BENCH_ONLY=%s names no workload (have callloop, buffer, sqlite, parallel, zstd)", os.Getenv("BENCH_ONLY"))
	}
	return h, nil
}

// has says whether workload name is measured in this run (and built).
func (h *harness) has(name string) bool {
	_, ok := h.dirs[name]
	return ok
}

func (h *harness) say(format string, a ...any) {
	s := fmt.Sprintf(format, a...)
	fmt.Println(s)
	fmt.Fprintln(h.log, s)
}

// logOnly writes to bench.log alone (every run's output).
func (h *harness) logOnly(format string, a ...any) { fmt.Fprintf(h.log, format+"\n", a...) }

func (h *harness) fail(format string, a ...any) {
	s := fmt.Sprintf(format, a...)
	h.failures = append(h.failures, strings.SplitN(s, "\n", 2)[0])
	h.say("FAILED: %s", s)
}

func (h *harness) describe() {
	h.say("== machine and build")
	h.res.Header = append(machine.Describe(filepath.Dir(h.cfg.BenchDir), h.builder.Cgosan),
		"settings: "+h.cfg.Knobs(), "load average at start: "+loadAvg())
	for _, l := range h.res.Header {
		h.say("%s", l)
	}
}

func loadAvg() string { return machine.LoadAvg() }

var reportStart = regexp.MustCompile(`==\d+==ERROR: cgosan:`)
var summaryRE = regexp.MustCompile(`(?m)^SUMMARY: cgosan: .*$`)

// keepReports saves the cgosan reports a benchmark run printed, once per SUMMARY line and run.
func (h *harness) keepReports(where string, stderr string) {
	for _, r := range extractReports(stderr) {
		key := where + " " + summaryRE.FindString(r)
		h.res.Reports[key]++
		if h.seen[key] {
			continue
		}
		h.seen[key] = true
		f, err := os.OpenFile(filepath.Join(h.cfg.Out, "bench-reports.txt"), os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
		if err != nil {
			h.fail("bench-reports.txt: %v", err)
			return
		}
		fmt.Fprintf(f, "### %s\n%s\n\n", where, r)
		f.Close()
	}
}

// extractReports returns each cgosan report: from its ==PID==ERROR line to its SUMMARY line.
func extractReports(s string) []string {
	var out []string
	lines := strings.Split(s, "\n")
	for i := 0; i < len(lines); i++ {
		if !reportStart.MatchString(lines[i]) {
			continue
		}
		j := i
		for j < len(lines)-1 && j < i+200 && !strings.HasPrefix(lines[j], "SUMMARY: cgosan:") {
			j++
		}
		out = append(out, strings.Join(lines[i:j+1], "\n"))
		i = j
	}
	return out
}
