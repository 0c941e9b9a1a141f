// Reports CI can use: JSON lines, per-process log files from a whole `go test ./...`, suppressions
// and the end-of-process summary (issue 4; docs/REPORT-FORMAT.md).
package e2e

import (
	"bufio"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// jsonReport mirrors docs/REPORT-FORMAT.md.
type jsonReport struct {
	Cgosan   int    `json:"cgosan"`
	Rule     string `json:"rule"`
	Level    int    `json:"level"`
	Message  string `json:"message"`
	Location struct {
		File     string `json:"file"`
		Line     int    `json:"line"`
		Column   int    `json:"column"`
		Function string `json:"function"`
	} `json:"location"`
	Stack []struct {
		PC       string `json:"pc"`
		Function string `json:"function"`
		File     string `json:"file"`
		Line     int    `json:"line"`
		Column   int    `json:"column"`
		Module   string `json:"module"`
		Offset   string `json:"offset"`
	} `json:"stack"`
	Call      *string `json:"call"`
	GoPointer struct {
		Address string `json:"address"`
		Kind    string `json:"kind"`
	} `json:"go_pointer"`
	Lent *struct {
		Call     string `json:"call"`
		Argument *int   `json:"argument"`
	} `json:"lent"`
	Kept *struct {
		In       string `json:"in"`
		Address  string `json:"address"`
		Location *struct {
			File     string `json:"file"`
			Line     int    `json:"line"`
			Column   int    `json:"column"`
			Function string `json:"function"`
		} `json:"location"`
	} `json:"kept"`
	Access *struct {
		Kind    string `json:"kind"`
		Address string `json:"address"`
	} `json:"access"`
	ExportedFunction *string `json:"exported_function"`
	Suppressed       bool    `json:"suppressed"`
	PID              int     `json:"pid"`
	Thread           int     `json:"thread"`
	Program          string  `json:"program"`
}

// jsonLines parses every line starting with '{' as a report; anything else must be a cgosan
// line that is not a report (the summary) or program output.
func jsonLines(t *testing.T, text string) []jsonReport {
	t.Helper()
	var out []jsonReport
	sc := bufio.NewScanner(strings.NewReader(text))
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	for sc.Scan() {
		line := sc.Text()
		if !strings.HasPrefix(line, "{") {
			continue
		}
		var r jsonReport
		dec := json.NewDecoder(strings.NewReader(line))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&r); err != nil {
			t.Fatalf("bad JSON report line %q: %v", line, err)
		}
		out = append(out, r)
	}
	return out
}

var addrRE = regexp.MustCompile(`^0x[0-9a-f]+$`)

func TestJSONLinesCarryEveryDocumentedField(t *testing.T) {
	exe := build(t, "testdata/uar_later_call")
	r := run(t, exe, "CGOSAN_OPTIONS=halt_on_error=0:format=json")
	if strings.Contains(r.stderr, "ERROR: cgosan") {
		t.Errorf("format=json printed text reports:\n%s", r.stderr)
	}
	reps := jsonLines(t, r.stderr)
	if len(reps) != 2 {
		t.Fatalf("%d JSON reports, want 2:\n%s", len(reps), r.stderr)
	}
	keep, uar := reps[0], reps[1]
	if keep.Rule != "retained-go-pointer" || uar.Rule != "use-after-return" {
		t.Fatalf("rules %q, %q", keep.Rule, uar.Rule)
	}
	for _, rep := range reps {
		if rep.Cgosan != 1 || rep.Level != 1 || !strings.HasSuffix(rep.Location.File, "uar_later_call/main.go") ||
			rep.Location.Column == 0 || len(rep.Stack) == 0 || rep.Stack[0].Function != rep.Location.Function ||
			!addrRE.MatchString(rep.Stack[0].PC) || rep.Call == nil || !addrRE.MatchString(rep.GoPointer.Address) ||
			rep.GoPointer.Kind != "heap" || rep.Lent == nil || rep.Lent.Call != "keep" || rep.Lent.Argument == nil ||
			*rep.Lent.Argument != 1 || rep.Kept == nil || rep.Kept.In != "C global 'saved' ("+rep.Kept.Address+")" ||
			rep.PID == 0 || rep.Thread == 0 || rep.Program != exe || rep.ExportedFunction != nil {
			t.Errorf("incomplete report: %+v", rep)
		}
	}
	if keep.Location.Line != 8 || keep.Location.Function != "keep" || *keep.Call != "keep" || keep.Access != nil ||
		!strings.Contains(keep.Message, "C kept Go pointer "+keep.GoPointer.Address+" after C.keep returned") {
		t.Errorf("retained-go-pointer report: %+v", keep)
	}
	if uar.Location.Line != 9 || uar.Location.Function != "poke" || *uar.Call != "poke" || uar.Access == nil ||
		uar.Access.Kind != "write" || uar.Kept.Location == nil || uar.Kept.Location.Line != 8 ||
		uar.Message != "C wrote Go memory at "+uar.Access.Address+" after C.keep returned" {
		t.Errorf("use-after-return report: %+v", uar)
	}
	ret := build(t, "testdata/returned_go_pointer")
	reps = jsonLines(t, run(t, ret, "CGOSAN_OPTIONS=halt_on_error=0:format=json", "GODEBUG=cgocheck=0").stderr)
	if len(reps) != 2 || reps[0].ExportedFunction == nil || *reps[0].ExportedFunction != "getGoPtr" ||
		reps[0].Location.Line != 11 || reps[1].Rule != "write-to-returned-go-pointer" {
		t.Errorf("returned pointer reports: %+v", reps)
	}
}

// One file per process: a `go test ./...` over two packages leaves two logs, each with its own
// process's reports, and fails.
func TestLogPathWritesOneFilePerProcessOfGoTest(t *testing.T) {
	dir := t.TempDir()
	cmd := exec.Command(cgosanBin(t), "go", "test", "-count=1", "-v", "./...")
	cmd.Dir = "testdata/gotest_multi"
	cmd.Env = append(os.Environ(), "CGOSAN_OPTIONS=halt_on_error=0:format=json:log_path="+filepath.Join(dir, "cgosan"))
	out, err := cmd.CombinedOutput()
	if err == nil {
		// The tests themselves pass (the reports are in the logs), and cgosan exec fails each run
		// that had findings.
		t.Fatalf("cgosan go test passed although both packages keep Go pointers:\n%s", out)
	}
	if n := strings.Count(string(out), "the run fails with exit status 66"); n != 2 {
		t.Errorf("%d test binaries failed by cgosan, want 2:\n%s", n, out)
	}
	files, _ := filepath.Glob(filepath.Join(dir, "cgosan.*"))
	if len(files) != 2 {
		t.Fatalf("log files %v, want 2 (one per test binary)\n%s", files, out)
	}
	var rules []string
	pids := map[int]bool{}
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		reps := jsonLines(t, string(data))
		for _, r := range reps {
			if filepath.Base(f) != "cgosan."+itoa(r.PID) {
				t.Errorf("report of process %d in %s", r.PID, f)
			}
			pids[r.PID] = true
			rules = append(rules, r.Rule+" "+filepath.Base(filepath.Dir(r.Location.File))+"/"+filepath.Base(r.Location.File)+":"+itoa(r.Location.Line))
		}
	}
	sort.Strings(rules)
	want := "retained-go-pointer alpha/alpha.go:6\nretained-go-pointer beta/beta.go:6\nuse-after-return beta/beta.go:7"
	if strings.Join(rules, "\n") != want || len(pids) != 2 {
		t.Errorf("reports:\n%s\nwant:\n%s", strings.Join(rules, "\n"), want)
	}
	// The summary counts the second write at beta.go:7 that was not printed again.
	if !strings.Contains(string(out), "cgosan: summary: use-after-return: 1 location, 2 reports (0 suppressed)") {
		t.Errorf("no summary with the repeated report counted:\n%s", out)
	}
}

func itoa(n int) string { return strconv.Itoa(n) }

func TestSuppressionsHideMatchingFindingsAndAreCounted(t *testing.T) {
	exe := build(t, "testdata/uar_later_call")
	// Subtest names become temporary directory names: no ',' or ':' (they separate options).
	for _, c := range []struct{ name, file, want string }{
		{"C function", "# the keeper is known\nretained-go-pointer:keep\n", "use-after-return at main.go:9"},
		{"C.func call anchored", "use-after-return:^C.poke$\n", "retained-go-pointer at main.go:8"},
		{"file with wildcard for any rule", "*:uar_later_*/main.go\n", ""},
		{"no match", "retained-go-pointer:nothing_like_this\n", "retained-go-pointer at main.go:8\nuse-after-return at main.go:9"},
	} {
		t.Run(c.name, func(t *testing.T) {
			supp := writeTempFile(t, "supp.txt", c.file)
			r := run(t, exe, "CGOSAN_OPTIONS=halt_on_error=0:suppressions="+supp)
			got := strings.Join(sortedStrings(parseReports(t, r.stderr)), "\n")
			if got != c.want {
				t.Errorf("reports:\n%s\nwant:\n%s\nstderr:\n%s", got, c.want, r.stderr)
			}
			suppressed := 2 - len(parseReports(t, r.stderr))
			if suppressed > 0 && !strings.Contains(r.stderr, "(1 suppressed)") {
				t.Errorf("summary does not count the suppressed report:\n%s", r.stderr)
			}
		})
	}
	// A suppressed finding does not stop the program under halt_on_error=1.
	supp := writeTempFile(t, "supp.txt", "retained-go-pointer:keep\n")
	r := run(t, exe, "CGOSAN_OPTIONS=suppressions="+supp)
	if r.exit != 66 || !strings.Contains(r.stderr, "use-after-return") {
		t.Errorf("exit %d; the unsuppressed use-after-return should halt:\n%s", r.exit, r.stderr)
	}
}

func TestBadSuppressionsFileIsRefusedWithItsLine(t *testing.T) {
	exe := retainGlobal(t)
	for _, c := range []struct{ file, want string }{
		{"retained-go-pointer:keep\nno colon here\n", "line 2: expected rule:pattern, got 'no colon here'"},
		{"# ok\n\nretained-go-pointr:keep\n", "line 3: unknown rule 'retained-go-pointr'"},
		{"use-after-return:   \n", "line 1: empty pattern"},
	} {
		supp := writeTempFile(t, "supp.txt", c.file)
		r := run(t, exe, "CGOSAN_OPTIONS=suppressions="+supp)
		if r.exit != 1 || !strings.Contains(r.stderr, c.want) || strings.Contains(r.stdout, "saved") {
			t.Errorf("exit %d, stderr %q, stdout %q; want exit 1 before main naming %q", r.exit, r.stderr, r.stdout, c.want)
		}
	}
	r := run(t, exe, "CGOSAN_OPTIONS=suppressions=/nonexistent/supp.txt")
	if r.exit != 1 || !strings.Contains(r.stderr, "cannot open suppressions file '/nonexistent/supp.txt'") {
		t.Errorf("missing file: exit %d, stderr %q", r.exit, r.stderr)
	}
	r = run(t, exe, "CGOSAN_OPTIONS=format=sarif")
	if r.exit != 1 || !strings.Contains(r.stderr, "format=sarif needs log_path") {
		t.Errorf("format=sarif without log_path: exit %d, stderr %q", r.exit, r.stderr)
	}
}

// Repeated reports of one location are printed once and counted at exit, per rule.
func TestSummaryCountsLocationsAndRepeats(t *testing.T) {
	r := run(t, build(t, "testdata/go_in_go_memory"), "CGOSAN_OPTIONS=halt_on_error=0")
	if n := strings.Count(r.stderr, "ERROR: cgosan: go-pointer-in-go-memory"); n != 3 {
		t.Errorf("%d reports printed, want 3 (one per location)", n)
	}
	if !regexp.MustCompile(`(?m)^==\d+==cgosan: summary: go-pointer-in-go-memory: 3 locations, 6 reports \(0 suppressed\)$`).MatchString(r.stderr) {
		t.Errorf("summary missing or wrong (the loop at main.go:22 stores 4 times):\n%s", r.stderr)
	}
	r = run(t, build(t, "testdata/go_in_go_memory"), "CGOSAN_OPTIONS=halt_on_error=0:summary=0")
	if strings.Contains(r.stderr, "cgosan: summary") {
		t.Errorf("summary=0 still printed a summary:\n%s", r.stderr)
	}
}

// format=sarif: each process's JSON lines become PATH.PID.sarif when it ends (also when
// halt_on_error stops it), valid SARIF 2.1.0 with the lent -> kept -> used flow.
func TestFormatSARIFWritesAValidLogPerProcess(t *testing.T) {
	exe := build(t, "testdata/uar_later_call")
	for _, c := range []struct {
		name, options string
		results       int
	}{
		{"go on", "halt_on_error=0", 2},
		{"halt", "halt_on_error=1", 1},
	} {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			run(t, exe, "CGOSAN_OPTIONS=format=sarif:log_path="+filepath.Join(dir, "cgosan")+":"+c.options,
				"CGOSAN_BIN="+cgosanBin(t))
			logs, _ := filepath.Glob(filepath.Join(dir, "cgosan.*.sarif"))
			if len(logs) != 1 {
				all, _ := filepath.Glob(filepath.Join(dir, "*"))
				t.Fatalf("SARIF logs %v, want 1 (files: %v)", logs, all)
			}
			log := validateSARIF(t, logs[0])
			if len(log.Runs) != 1 || len(log.Runs[0].Results) != c.results {
				t.Fatalf("want 1 run with %d results: %+v", c.results, log)
			}
			if c.results == 2 {
				uar := log.Runs[0].Results[1]
				if uar.RuleID != "use-after-return" || len(uar.CodeFlows) == 0 ||
					len(uar.CodeFlows[0].ThreadFlows[0].Locations) < 2 || uar.PartialFingerprints == nil {
					t.Errorf("use-after-return result lacks its flow or fingerprint: %+v", uar)
				}
			}
		})
	}
}

// Two threads report returned-go-pointer at the same moments: each report's "called at" line, its
// frame #0 and its SUMMARY name the same caller (a report's location travels with the report).
func TestConcurrentReportsKeepTheirOwnLocation(t *testing.T) {
	exe := build(t, "testdata/returned_concurrently")
	for round := 0; round < 3; round++ {
		r := run(t, exe, "CGOSAN_OPTIONS=halt_on_error=0", "GODEBUG=cgocheck=0")
		reports := strings.Split(r.stderr, "==ERROR: cgosan: ")[1:]
		if len(reports) != 60 {
			t.Fatalf("%d reports, want 60 (one per calling line):\n%s", len(reports), r.stderr)
		}
		called := regexp.MustCompile(`called at \S*/threads\.c:(\d+):\d+ in (\w+)`)
		frame := regexp.MustCompile(`#0 0x[0-9a-f]+ in (\w+) \S*/threads\.c:(\d+):`)
		summary := regexp.MustCompile(`SUMMARY: cgosan: returned-go-pointer \S*/threads\.c:(\d+) in (\w+)`)
		for _, rep := range reports {
			c, f, s := called.FindStringSubmatch(rep), frame.FindStringSubmatch(rep), summary.FindStringSubmatch(rep)
			if c == nil || f == nil || s == nil {
				t.Fatalf("report without its caller, frame or summary:\n%s", rep)
			}
			if c[1] != f[2] || c[1] != s[1] || c[2] != f[1] || c[2] != s[2] {
				t.Errorf("report mixes locations: called at line %s in %s, frame #0 line %s in %s, SUMMARY line %s in %s",
					c[1], c[2], f[2], f[1], s[1], s[2])
			}
		}
	}
}
