// Command bench is cgosan's benchmark harness (issue 5): it builds each workload plain (clang,
// no pass) and with `cgosan go build`, runs the builds in turn for several rounds, and prints
// median ratios against the plain build measured in the same run.
//
// Run it through bench/run (or `make bench`), which starts it under `nice`. Settings come from
// the environment:
//
//	BENCH_ROUNDS=N            rounds (default 5; 3 with BENCH_QUICK=1)
//	BENCH_QUICK=1             fewer rounds, shorter loops, shorter sqlite benchtime
//	BENCH_ONLY=a,b            workloads to run: callloop,buffer,sqlite,parallel (default all)
//	BENCH_SQLITE_BENCHTIME=D  -benchtime for go-sqlite3's benchmarks (default 200ms; 100ms quick)
//	BENCH_SQLITE_SUITE=0      skip go-sqlite3's test suite under CGOSAN=2
//	BENCH_COMPILE_ROUNDS=N    timed compiles of the sqlite3 amalgamation per compiler (default 1; 0 skips)
//	BENCH_OUT=DIR             where binaries, logs and results go (default bench/out)
//	CGOSAN_BUILD_DIR=DIR      cgosan build tree to measure (default build/); a snapshot of its
//	                          bin/cgosan, lib/ and include/ is taken at start, so that a rebuild
//	                          during the run does not mix two builds
//	CGOSAN_BIN=PATH           measure this cgosan executable as it is (no snapshot)
//
// Nothing here runs in CI or in `make check`: figures depend on the machine and its load.
package main

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"runtime"
	"sort"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// A variant is one build of a workload run one way.
type variant struct {
	name  string // column name
	build string // which binary: plain, cgosan, asan
	env   []string
}

var variants = []variant{
	{"plain", "plain", nil},
	{"L0", "cgosan", []string{"CGOSAN=0"}},
	{"L1", "cgosan", []string{"CGOSAN=1"}},
	{"L2", "cgosan", []string{"CGOSAN=2"}},
	// LeakSanitizer would fail the run at exit over go-sqlite3's test leaks; it does not
	// change what is timed.
	{"asan", "asan", []string{"ASAN_OPTIONS=detect_leaks=0"}},
}

// A workload is a Go module under workloads/ (or, for sqlite, a package it requires).
type workload struct {
	name   string
	title  string
	target map[string]float64 // variant -> maximum median ratio
	asanX  float64            // if > 0: L2 overhead must be <= asanX * asan overhead
	args   func(quick bool) []string
	sqlite bool
}

var workloads = []*workload{
	{name: "callloop", title: "(1) cgo call lending a Go pointer, tight loop",
		target: map[string]float64{"L1": 1.10},
		args: func(q bool) []string {
			if q {
				return []string{"-n", "10000000"}
			}
			return []string{"-n", "20000000"}
		}},
	{name: "buffer", title: "(2) C work on a lent 4 MiB Go buffer + malloc'd list",
		target: map[string]float64{"L1": 1.05, "L2": 1.5},
		args: func(q bool) []string {
			if q {
				return []string{"-n", "50"}
			}
			return []string{"-n", "100"}
		}},
	{name: "sqlite", title: "(3) go-sqlite3's own benchmarks (geomean)", sqlite: true,
		target: map[string]float64{"L1": 1.10, "L2": 1.5}, asanX: 1.0 / 3},
	{name: "parallel", title: "(4) 8 goroutines making cgo calls (throughput)",
		target: map[string]float64{"L1": 1.20},
		args: func(q bool) []string {
			if q {
				return []string{"-n", "1000000"}
			}
			return []string{"-n", "2000000"}
		}},
}

const rssTarget = 1.2 // peak RSS at level 2 vs plain

// go-sqlite3's benchmarks that cross into C (its HandleLookup benchmarks are pure Go).
const sqliteBench = "RowsContext|PreparedRows|StmtCache|CustomFunctions|Suite"
const sqlitePkg = "github.com/mattn/go-sqlite3"

type sample struct {
	metric   float64            // ns per op (lower is better)
	perBench map[string]float64 // sqlite: ns/op per benchmark
	rssKB    int64
	wall     time.Duration
}

type harness struct {
	benchDir, outDir, binDir string
	cgosan                   string // cgosan executable
	quick                    bool
	rounds                   int
	only                     map[string]bool
	sqliteDir                string                         // go-sqlite3's package directory (module cache)
	samples                  map[string]map[string][]sample // workload -> variant -> rounds
	failures                 []string
	notes                    []string
	reports                  map[string]int  // benchmark runs: "workload variant SUMMARY" -> runs
	dropBench                map[string]bool // sqlite benchmarks left out (see minBenchIters)
	log                      *os.File
}

func main() {
	h := &harness{samples: map[string]map[string][]sample{}, dropBench: map[string]bool{}}
	wd, err := os.Getwd()
	check(err)
	h.benchDir = wd
	h.quick = os.Getenv("BENCH_QUICK") == "1"
	h.rounds = envInt("BENCH_ROUNDS", map[bool]int{true: 3, false: 5}[h.quick])
	h.outDir = envStr("BENCH_OUT", filepath.Join(wd, "out"))
	h.binDir = filepath.Join(h.outDir, "bin")
	check(os.MkdirAll(h.binDir, 0o755))
	os.Remove(filepath.Join(h.outDir, "bench-reports.txt"))
	h.log, err = os.Create(filepath.Join(h.outDir, "bench.log"))
	check(err)
	if s := os.Getenv("BENCH_ONLY"); s != "" {
		h.only = map[string]bool{}
		for _, w := range strings.Split(s, ",") {
			h.only[strings.TrimSpace(w)] = true
		}
	}
	start := time.Now()

	h.setupCgosan()
	h.printMachine()
	h.buildAll()
	if h.want("sqlite") {
		h.compileTime()
	}
	h.runRounds()
	if h.want("sqlite") && os.Getenv("BENCH_SQLITE_SUITE") != "0" {
		h.sqliteSuite()
	}
	h.say("\nload average at end: %s", loadavg())
	h.report()
	h.say("\ntotal time: %s; artifacts in %s", time.Since(start).Round(time.Second), h.outDir)
	if len(h.failures) > 0 {
		h.say("\nFAILURES:")
		for _, f := range h.failures {
			h.say("  %s", f)
		}
		os.Exit(1)
	}
}

func (h *harness) want(name string) bool { return h.only == nil || h.only[name] }

func (h *harness) say(format string, a ...any) {
	s := fmt.Sprintf(format, a...)
	fmt.Println(s)
	fmt.Fprintln(h.log, s)
}

func (h *harness) fail(format string, a ...any) {
	s := fmt.Sprintf(format, a...)
	h.failures = append(h.failures, s)
	h.say("FAILED: %s", s)
}

// setupCgosan copies build/'s cgosan (executable, links, plugin, runtime, include/) into the
// output directory, so that a rebuild of build/ during the run does not mix two builds.
func (h *harness) setupCgosan() {
	if c := os.Getenv("CGOSAN_BIN"); c != "" {
		h.cgosan = c
		return
	}
	build := envStr("CGOSAN_BUILD_DIR", filepath.Join(filepath.Dir(h.benchDir), "build"))
	snap := filepath.Join(h.outDir, "cgosan")
	check(os.RemoveAll(snap))
	for _, d := range []string{"bin", "lib/cgosan"} {
		check(os.MkdirAll(filepath.Join(snap, d), 0o755))
	}
	for _, f := range []string{"bin/cgosan", "lib/cgosan/libcgosan_pass.so", "lib/cgosan/libcgosan_rt.a"} {
		if err := copyFile(filepath.Join(build, f), filepath.Join(snap, f)); err != nil {
			fmt.Fprintf(os.Stderr, "bench: %v (run `make` first)\n", err)
			os.Exit(2)
		}
	}
	for _, l := range []string{"cgosan-cc", "cgosan-c++"} {
		check(os.Symlink("cgosan", filepath.Join(snap, "bin", l)))
	}
	if _, err := os.Stat(filepath.Join(build, "include")); err == nil {
		check(exec.Command("cp", "-r", filepath.Join(build, "include"), filepath.Join(snap, "include")).Run())
	}
	h.cgosan = filepath.Join(snap, "bin", "cgosan")
}

func (h *harness) printMachine() {
	h.say("== machine")
	cpu := "?"
	if b, err := os.ReadFile("/proc/cpuinfo"); err == nil {
		if m := regexp.MustCompile(`(?m)^model name\s*:\s*(.*)$`).FindSubmatch(b); m != nil {
			cpu = string(m[1])
		}
	}
	h.say("nproc %d; CPU %s; kernel %s", runtime.NumCPU(), cpu, firstLine(out("uname", "-r")))
	h.say("%s; %s", firstLine(out("go", "version")), firstLine(out("clang-14", "--version")))
	h.say("%s", firstLine(out(h.cgosan, "cc", "-###", "-x", "c", "-c", "/dev/null")))
	repo := filepath.Dir(h.benchDir)
	dirty := strings.Count(out("git", "-C", repo, "status", "--porcelain", "--", "passes", "runtime", "src"), "\n")
	h.say("repo %s at %s (%d changed files in passes/ runtime/ src/)",
		repo, firstLine(out("git", "-C", repo, "rev-parse", "--short", "HEAD")), dirty)
	h.say("rounds %d, quick %v, nice %s; load average at start: %s", h.rounds, h.quick,
		firstLine(out("nice")), loadavg())
}

// buildAll builds every workload plain, with cgosan and with -asan.
func (h *harness) buildAll() {
	h.say("\n== build")
	for _, w := range workloads {
		if !h.want(w.name) {
			continue
		}
		dir := filepath.Join(h.benchDir, "workloads", w.name)
		for _, b := range []string{"plain", "cgosan", "asan"} {
			bin := filepath.Join(h.binDir, w.name+"."+b)
			var argv []string
			if w.sqlite {
				argv = []string{"test", "-c", "-o", bin}
			} else {
				argv = []string{"build", "-o", bin}
			}
			if b == "asan" {
				argv = append(argv, "-asan")
			}
			if w.sqlite {
				argv = append(argv, sqlitePkg)
			} else {
				argv = append(argv, ".")
			}
			var cmd *exec.Cmd
			if b == "cgosan" {
				cmd = exec.Command(h.cgosan, append([]string{"go"}, argv...)...)
			} else {
				cmd = exec.Command("go", argv...)
				cmd.Env = append(os.Environ(), "CC=clang-14", "CXX=clang++-14")
			}
			cmd.Dir = dir
			t0 := time.Now()
			o, err := cmd.CombinedOutput()
			h.say("%-9s %-6s %6.1fs  %s", w.name, b, time.Since(t0).Seconds(), strings.Join(cmd.Args, " "))
			if err != nil {
				h.fail("build %s %s: %v\n%s", w.name, b, err, head(string(o), 30))
			}
		}
		if w.sqlite {
			c := exec.Command("go", "list", "-f", "{{.Dir}}", sqlitePkg)
			c.Dir = dir
			b, err := c.Output()
			check(err)
			h.sqliteDir = strings.TrimSpace(string(b))
		}
	}
}

// compileTime times the compile of sqlite3-binding.c (the ~270k-line amalgamation) with the
// exact command line the go command uses, with clang-14 and with cgosan's compiler driver.
func (h *harness) compileTime() {
	h.say("\n== compile time: go-sqlite3's sqlite3-binding.c")
	rounds := envInt("BENCH_COMPILE_ROUNDS", 1)
	if rounds <= 0 || h.sqliteDir == "" {
		h.say("skipped")
		return
	}
	c := exec.Command("go", "test", "-a", "-c", "-n", "-o", os.DevNull, sqlitePkg)
	c.Dir = filepath.Join(h.benchDir, "workloads", "sqlite")
	c.Env = append(os.Environ(), "CC=clang-14")
	b, _ := c.CombinedOutput()
	var line string
	for _, l := range strings.Split(string(b), "\n") {
		if strings.Contains(l, "clang-14 ") && strings.HasSuffix(l, " -c sqlite3-binding.c") {
			line = l
		}
	}
	if line == "" {
		h.fail("compile time: no compile of sqlite3-binding.c in `go test -a -c -n`")
		return
	}
	tmp, err := os.MkdirTemp(h.outDir, "cc")
	check(err)
	defer os.RemoveAll(tmp)
	line = strings.TrimPrefix(line, "TERM='dumb' ")
	line = regexp.MustCompile(`\$WORK/b\d+/`).ReplaceAllString(line, tmp+"/")
	args := strings.Fields(line)[1:] // drop clang-14
	h.say("command: {clang-14 | cgosan-cc} %s", strings.Join(args, " "))
	stats := filepath.Join(h.outDir, "sqlite3-binding.stats.json")
	for r := 0; r < rounds; r++ {
		for _, cc := range []string{"clang-14", "cgosan"} {
			var cmd *exec.Cmd
			if cc == "clang-14" {
				cmd = exec.Command("clang-14", args...)
			} else {
				// Statistics counters are always compiled into the pass; -stats-file only writes them.
				cmd = exec.Command(h.cgosan, append(append([]string{"cc"}, args...), "-Xclang", "-stats-file="+stats)...)
			}
			cmd.Dir = h.sqliteDir
			cmd.Env = append(os.Environ(), "TERM=dumb")
			t0 := time.Now()
			o, err := cmd.CombinedOutput()
			el := time.Since(t0)
			rss := int64(0)
			if cmd.ProcessState != nil {
				rss = cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss
			}
			if err != nil {
				h.fail("compile sqlite3-binding.c with %s: %v\n%s", cc, err, head(string(o), 20))
				continue
			}
			key := map[string]string{"clang-14": "plain", "cgosan": "L1"}[cc]
			h.add("compile", key, sample{metric: float64(el.Nanoseconds()), rssKB: rss, wall: el})
			h.say("round %d %-8s %6.1fs  compiler peak RSS %d MB", r+1, cc, el.Seconds(), rss/1024)
		}
	}
	if b, err := os.ReadFile(stats); err == nil {
		h.say("pass statistics (cgosan-cc -Xclang -stats-file):\n%s", strings.TrimSpace(string(b)))
	}
}

func (h *harness) add(w, v string, s sample) {
	if h.samples[w] == nil {
		h.samples[w] = map[string][]sample{}
	}
	h.samples[w][v] = append(h.samples[w][v], s)
}

// runRounds runs every workload in every variant, round after round; the order of the
// variants rotates from round to round so that none always runs first.
func (h *harness) runRounds() {
	h.say("\n== runs")
	for r := 0; r < h.rounds; r++ {
		for _, w := range workloads {
			if !h.want(w.name) {
				continue
			}
			for i := range variants {
				v := variants[(i+r)%len(variants)]
				s, err := h.runOne(w, v)
				if err != nil {
					h.fail("round %d %s %s: %v", r+1, w.name, v.name, err)
					continue
				}
				h.add(w.name, v.name, s)
				what := fmt.Sprintf("%12.2f ns/op", s.metric)
				if w.sqlite {
					what = fmt.Sprintf("%6d benchmarks", len(s.perBench))
				}
				h.say("round %d %-9s %-5s %s  peak RSS %6d KB  (%.1fs)",
					r+1, w.name, v.name, what, s.rssKB, s.wall.Seconds())
			}
		}
	}
}

var resultRE = regexp.MustCompile(`RESULT ns_per_op=([0-9.eE+-]+)`)
var benchRE = regexp.MustCompile(`^(Benchmark\S+)\s+(\d+)\s+([0-9.]+) ns/op`)

// A benchmark that stopped at fewer iterations than this in some run is left out of the
// comparison: go-sqlite3's BenchmarkSuite/BenchmarkRows fills its table inside the timed loop
// on first use (db.once.Do(makeBench)), so a run whose first iteration takes longer than
// -benchtime reports that one-off setup as its ns/op.
const minBenchIters = 10

func (h *harness) runOne(w *workload, v variant) (sample, error) {
	bin := filepath.Join(h.binDir, w.name+"."+v.build)
	var cmd *exec.Cmd
	if w.sqlite {
		bt := envStr("BENCH_SQLITE_BENCHTIME", map[bool]string{true: "100ms", false: "200ms"}[h.quick])
		cmd = exec.Command(bin, "-test.run", "^$", "-test.bench", sqliteBench, "-test.benchtime", bt, "-test.count", "1")
		cmd.Dir = h.sqliteDir
	} else {
		cmd = exec.Command(bin, w.args(h.quick)...)
	}
	cmd.Env = append(withoutEnv(os.Environ(), "CGOSAN", "CGOSAN_OPTIONS", "ASAN_OPTIONS"), v.env...)
	if v.build == "cgosan" {
		// A report must not end a timed run: keep going, and keep the reports (each site is
		// reported once per process).
		cmd.Env = append(cmd.Env, "CGOSAN_OPTIONS=halt_on_error=0")
	}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	t0 := time.Now()
	err := cmd.Run()
	s := sample{wall: time.Since(t0)}
	if cmd.ProcessState != nil {
		s.rssKB = cmd.ProcessState.SysUsage().(*syscall.Rusage).Maxrss
	}
	fmt.Fprintf(h.log, "--- %s %s\n%s%s", w.name, v.name, stdout.String(), stderr.String())
	for _, r := range extractReports(stderr.String()) {
		h.keepReport(w.name+" "+v.name, r)
	}
	if err != nil {
		return s, fmt.Errorf("%v\n%s", err, head(stderr.String()+stdout.String(), 30))
	}
	if w.sqlite {
		s.perBench = map[string]float64{}
		sc := bufio.NewScanner(&stdout)
		for sc.Scan() {
			if m := benchRE.FindStringSubmatch(sc.Text()); m != nil {
				n, _ := strconv.Atoi(m[2])
				f, _ := strconv.ParseFloat(m[3], 64)
				if n < minBenchIters {
					h.dropBench[m[1]] = true
				}
				s.perBench[m[1]] = f
			}
		}
		if len(s.perBench) == 0 {
			return s, fmt.Errorf("no benchmark results\n%s", head(stdout.String(), 20))
		}
		return s, nil
	}
	m := resultRE.FindStringSubmatch(stdout.String())
	if m == nil {
		return s, fmt.Errorf("no RESULT line\n%s", head(stdout.String(), 20))
	}
	s.metric, _ = strconv.ParseFloat(m[1], 64)
	return s, nil
}

var reportStart = regexp.MustCompile(`==\d+==ERROR: cgosan:`)
var summaryRE = regexp.MustCompile(`(?m)^SUMMARY: cgosan: .*$`)

// keepReport saves a cgosan report seen in a benchmark run, once per SUMMARY line and run kind.
func (h *harness) keepReport(where, r string) {
	key := where + " " + summaryRE.FindString(r)
	if h.reports == nil {
		h.reports = map[string]int{}
	}
	h.reports[key]++
	if h.reports[key] > 1 {
		return
	}
	f, err := os.OpenFile(filepath.Join(h.outDir, "bench-reports.txt"), os.O_APPEND|os.O_CREATE|os.O_WRONLY, 0o644)
	check(err)
	fmt.Fprintf(f, "### %s\n%s\n\n", where, r)
	f.Close()
}

// sqliteSuite runs go-sqlite3's whole test suite with cgosan at level 2 (and plain, as the
// baseline), and keeps every cgosan report verbatim.
func (h *harness) sqliteSuite() {
	h.say("\n== go-sqlite3 test suite")
	dir := filepath.Join(h.benchDir, "workloads", "sqlite")
	type run struct {
		name string
		argv []string
		env  []string
	}
	runs := []run{
		{"plain", []string{"go", "test", "-count=1", "-v", sqlitePkg}, []string{"CC=clang-14"}},
		{"L2", []string{h.cgosan, "go", "test", "-count=1", "-v", sqlitePkg}, []string{"CGOSAN=2"}},
	}
	for i := 0; i < len(runs); i++ {
		r := runs[i]
		cmd := exec.Command(r.argv[0], r.argv[1:]...)
		cmd.Dir = dir
		cmd.Env = append(withoutEnv(os.Environ(), "CGOSAN", "CGOSAN_OPTIONS"), r.env...)
		t0 := time.Now()
		o, err := cmd.CombinedOutput()
		el := time.Since(t0)
		logf := filepath.Join(h.outDir, "sqlite-suite-"+r.name+".log")
		check(os.WriteFile(logf, o, 0o644))
		status := "PASS"
		if err != nil {
			status = "FAIL (" + err.Error() + ")"
		}
		pass := strings.Count(string(o), "--- PASS")
		failN := strings.Count(string(o), "--- FAIL")
		skip := strings.Count(string(o), "--- SKIP")
		reports := extractReports(string(o))
		h.say("%-22s %s in %.1fs: %d passed, %d failed, %d skipped; %d cgosan report(s); log %s",
			strings.Join(r.env, " "), status, el.Seconds(), pass, failN, skip, len(reports), logf)
		h.say("  command: (cd %s && %s %s)", dir, strings.Join(r.env, " "), strings.Join(r.argv, " "))
		if len(reports) > 0 {
			rf := filepath.Join(h.outDir, "sqlite-suite-"+r.name+"-reports.txt")
			check(os.WriteFile(rf, []byte(strings.Join(reports, "\n")+"\n"), 0o644))
			h.say("  reports saved verbatim to %s; first one:\n%s", rf, head(reports[0], 20))
			if r.name == "L2" {
				// The first report stops the test binary (halt_on_error=1); collect all of them.
				runs = append(runs, run{"L2-all", r.argv, []string{"CGOSAN=2", "CGOSAN_OPTIONS=halt_on_error=0"}})
			}
		}
		if r.name == "L2" {
			h.notes = append(h.notes, fmt.Sprintf("go-sqlite3 test suite under CGOSAN=2: %s, %d cgosan report(s)", status, len(reports)))
		}
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
		for j < len(lines) && j < i+200 && !strings.HasPrefix(lines[j], "SUMMARY: cgosan:") {
			j++
		}
		if j == len(lines) {
			j--
		}
		out = append(out, strings.Join(lines[i:j+1], "\n"))
		i = j
	}
	return out
}

// ---- results

type cell struct {
	ratio, lo, hi float64 // median ratio, and the range of per-round ratios
	ok            bool
}

// ratio compares variant v to plain for workload w: the median of v over the median of plain
// (for sqlite: geometric mean over benchmarks of those per-benchmark ratios). lo and hi are
// the smallest and largest ratio of one round's v to the same round's plain.
func (h *harness) ratio(w, v string, rss bool) cell {
	ps, vs := h.samples[w]["plain"], h.samples[w][v]
	if len(ps) == 0 || len(vs) == 0 {
		return cell{}
	}
	val := func(s sample) float64 {
		if rss {
			return float64(s.rssKB)
		}
		return s.metric
	}
	var c cell
	if w == "sqlite" && !rss {
		var logs []float64
		for b := range ps[0].perBench {
			if h.dropBench[b] {
				continue
			}
			var p, q []float64
			for _, s := range ps {
				if x, ok := s.perBench[b]; ok {
					p = append(p, x)
				}
			}
			for _, s := range vs {
				if x, ok := s.perBench[b]; ok {
					q = append(q, x)
				}
			}
			if len(p) > 0 && len(q) > 0 {
				logs = append(logs, math.Log(median(q)/median(p)))
			}
		}
		c.ratio = math.Exp(mean(logs))
		c.lo, c.hi = math.Inf(1), 0
		for i := 0; i < len(ps) && i < len(vs); i++ {
			var l []float64
			for b, p := range ps[i].perBench {
				if q, ok := vs[i].perBench[b]; ok && !h.dropBench[b] {
					l = append(l, math.Log(q/p))
				}
			}
			r := math.Exp(mean(l))
			c.lo, c.hi = math.Min(c.lo, r), math.Max(c.hi, r)
		}
	} else {
		var p, q []float64
		for _, s := range ps {
			p = append(p, val(s))
		}
		for _, s := range vs {
			q = append(q, val(s))
		}
		c.ratio = median(q) / median(p)
		c.lo, c.hi = math.Inf(1), 0
		for i := 0; i < len(ps) && i < len(vs); i++ {
			r := val(vs[i]) / val(ps[i])
			c.lo, c.hi = math.Min(c.lo, r), math.Max(c.hi, r)
		}
	}
	c.ok = true
	return c
}

func (c cell) String() string {
	if !c.ok {
		return "—"
	}
	return fmt.Sprintf("%.2f× (%.2f–%.2f)", c.ratio, c.lo, c.hi)
}

func verdict(r, max float64) string {
	if r <= max {
		return fmt.Sprintf("≤%.2f ok", max)
	}
	return fmt.Sprintf("≤%.2f MISS", max)
}

func (h *harness) report() {
	var md strings.Builder
	p := func(format string, a ...any) {
		s := fmt.Sprintf(format, a...)
		h.say("%s", s)
		md.WriteString(s + "\n")
	}
	p("\n== results: median ratio vs plain (lowest–highest per-round ratio); %d rounds", h.rounds)
	p("")
	p("| workload | plain | L0 | L1 | L2 | asan | targets |")
	p("|---|---|---|---|---|---|---|")
	res := map[string]any{}
	for _, w := range workloads {
		if h.samples[w.name] == nil {
			continue
		}
		plain := "—"
		if ps := h.samples[w.name]["plain"]; len(ps) > 0 {
			if w.sqlite {
				n := 0
				for b := range ps[0].perBench {
					if !h.dropBench[b] {
						n++
					}
				}
				plain = fmt.Sprintf("%d benchmarks", n)
			} else {
				var m []float64
				for _, s := range ps {
					m = append(m, s.metric)
				}
				plain = fmtNs(median(m))
			}
		}
		cells := map[string]cell{}
		row := fmt.Sprintf("| %s | %s |", w.title, plain)
		for _, v := range variants[1:] {
			cells[v.name] = h.ratio(w.name, v.name, false)
			row += " " + cells[v.name].String() + " |"
		}
		var tg []string
		for _, v := range []string{"L1", "L2"} {
			if max, ok := w.target[v]; ok && cells[v].ok {
				tg = append(tg, v+" "+verdict(cells[v].ratio, max))
			}
		}
		if w.asanX > 0 && cells["L2"].ok && cells["asan"].ok {
			l2, as := cells["L2"].ratio-1, cells["asan"].ratio-1
			v := "ok"
			if l2 > w.asanX*as {
				v = "MISS"
			}
			tg = append(tg, fmt.Sprintf("L2 overhead %.0f%% ≤ ⅓ of asan's %.0f%% %s", 100*l2, 100*as, v))
		}
		p("%s %s |", row, strings.Join(tg, "; "))
		res[w.name] = cells
	}
	p("")
	p("Median time per operation (callloop, parallel: ns per cgo call; buffer: per 4 MiB call):")
	p("")
	p("| workload | plain | L0 | L1 | L2 | asan |")
	p("|---|---|---|---|---|---|")
	for _, w := range workloads {
		if w.sqlite || h.samples[w.name] == nil {
			continue
		}
		row := "| " + w.name + " |"
		for _, v := range variants {
			var m []float64
			for _, s := range h.samples[w.name][v.name] {
				m = append(m, s.metric)
			}
			if len(m) == 0 {
				row += " — |"
			} else {
				row += " " + fmtNs(median(m)) + " |"
			}
		}
		p("%s", row)
	}
	p("")
	p("Peak RSS (max resident set of the benchmark process, median over rounds):")
	p("")
	p("| workload | plain | L1 | L2 | asan | target L2 ≤ %.1f× |", rssTarget)
	p("|---|---|---|---|---|---|")
	for _, w := range workloads {
		ps := h.samples[w.name]["plain"]
		if len(ps) == 0 {
			continue
		}
		var m []float64
		for _, s := range ps {
			m = append(m, float64(s.rssKB))
		}
		l1, l2, as := h.ratio(w.name, "L1", true), h.ratio(w.name, "L2", true), h.ratio(w.name, "asan", true)
		v := "—"
		if l2.ok {
			v = verdict(l2.ratio, rssTarget)
		}
		p("| %s | %.1f MB | %.2f× | %.2f× | %.2f× | %s |", w.name, median(m)/1024, l1.ratio, l2.ratio, as.ratio, v)
	}
	if cs := h.samples["compile"]; len(cs["plain"]) > 0 && len(cs["L1"]) > 0 {
		var p0, p1, r0, r1 []float64
		for _, s := range cs["plain"] {
			p0 = append(p0, s.wall.Seconds())
			r0 = append(r0, float64(s.rssKB))
		}
		for _, s := range cs["L1"] {
			p1 = append(p1, s.wall.Seconds())
			r1 = append(r1, float64(s.rssKB))
		}
		p("")
		p("Compile of sqlite3-binding.c: clang-14 %.1fs, cgosan-cc %.1fs (%.2f×); compiler peak RSS %.0f MB vs %.0f MB (%.2f×)",
			median(p0), median(p1), median(p1)/median(p0), median(r0)/1024, median(r1)/1024, median(r1)/median(r0))
	}
	if s := h.samples["sqlite"]; len(s["plain"]) > 0 {
		p("")
		p("go-sqlite3 benchmarks, median ns/op and ratio vs plain:")
		p("")
		p("| benchmark | plain ns/op | L0 | L1 | L2 | asan |")
		p("|---|---|---|---|---|---|")
		var names []string
		for b := range s["plain"][0].perBench {
			names = append(names, b)
		}
		sort.Strings(names)
		for _, b := range names {
			med := func(v string) float64 {
				var x []float64
				for _, smp := range s[v] {
					if f, ok := smp.perBench[b]; ok {
						x = append(x, f)
					}
				}
				if len(x) == 0 {
					return math.NaN()
				}
				return median(x)
			}
			pl := med("plain")
			if h.dropBench[b] {
				p("| %s | left out: some run stopped below %d iterations |||||", b, minBenchIters)
				continue
			}
			row := fmt.Sprintf("| %s | %.0f |", b, pl)
			for _, v := range variants[1:] {
				row += fmt.Sprintf(" %.2f× |", med(v.name)/pl)
			}
			p("%s", row)
		}
	}
	if len(h.reports) > 0 {
		p("")
		p("cgosan reports during benchmark runs (halt_on_error=0; verbatim in bench-reports.txt):")
		var keys []string
		for k := range h.reports {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			p("- %s (in %d run(s))", k, h.reports[k])
		}
	}
	for _, n := range h.notes {
		p("")
		p("%s", n)
	}
	check(os.WriteFile(filepath.Join(h.outDir, "results.md"), []byte(md.String()), 0o644))
	raw, _ := json.MarshalIndent(map[string]any{"samples": h.samples, "ratios": res}, "", " ")
	check(os.WriteFile(filepath.Join(h.outDir, "results.json"), raw, 0o644))
}

// ---- helpers

func (s sample) MarshalJSON() ([]byte, error) {
	return json.Marshal(map[string]any{"ns_per_op": s.metric, "per_bench": s.perBench, "rss_kb": s.rssKB, "wall_s": s.wall.Seconds()})
}

func (c cell) MarshalJSON() ([]byte, error) {
	return json.Marshal(map[string]any{"ratio": c.ratio, "lo": c.lo, "hi": c.hi, "ok": c.ok})
}

func fmtNs(ns float64) string {
	switch {
	case ns >= 1e6:
		return fmt.Sprintf("%.2f ms/op", ns/1e6)
	case ns >= 1e3:
		return fmt.Sprintf("%.2f µs/op", ns/1e3)
	}
	return fmt.Sprintf("%.1f ns/op", ns)
}

func median(x []float64) float64 {
	if len(x) == 0 {
		return math.NaN()
	}
	y := append([]float64(nil), x...)
	sort.Float64s(y)
	if len(y)%2 == 1 {
		return y[len(y)/2]
	}
	return (y[len(y)/2-1] + y[len(y)/2]) / 2
}

func mean(x []float64) float64 {
	s := 0.0
	for _, v := range x {
		s += v
	}
	return s / float64(len(x))
}

func withoutEnv(env []string, keys ...string) []string {
	var out []string
outer:
	for _, e := range env {
		for _, k := range keys {
			if strings.HasPrefix(e, k+"=") {
				continue outer
			}
		}
		out = append(out, e)
	}
	return out
}

func envInt(k string, def int) int {
	if v, err := strconv.Atoi(os.Getenv(k)); err == nil {
		return v
	}
	return def
}

func envStr(k, def string) string {
	if v := os.Getenv(k); v != "" {
		return v
	}
	return def
}

func out(name string, args ...string) string {
	b, _ := exec.Command(name, args...).CombinedOutput()
	return string(b)
}

func firstLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return s[:i]
	}
	return s
}

func head(s string, n int) string {
	l := strings.Split(strings.TrimRight(s, "\n"), "\n")
	if len(l) > n {
		l = l[:n]
	}
	return strings.Join(l, "\n")
}

func loadavg() string {
	b, _ := os.ReadFile("/proc/loadavg")
	f := strings.Fields(string(b))
	if len(f) >= 3 {
		return strings.Join(f[:3], " ")
	}
	return "?"
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	st, err := in.Stat()
	if err != nil {
		return err
	}
	o, err := os.OpenFile(dst, os.O_CREATE|os.O_TRUNC|os.O_WRONLY, st.Mode())
	if err != nil {
		return err
	}
	if _, err := io.Copy(o, in); err != nil {
		o.Close()
		return err
	}
	return o.Close()
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, "bench:", err)
		os.Exit(2)
	}
}
