// `cgosan report` (issue 4): merging the JSON-lines reports of many processes into SARIF, JSON
// lines, text and Markdown, and SARIF that is valid against the official SARIF 2.1.0 schema.
// Fixtures are hand-written reports (testdata/reports, see its README); the schema is vendored in
// testdata/sarif (origin and license in its README). validateSARIF is meant for every SARIF file
// any test produces.
package e2e

import (
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"sort"
	"strconv"
	"strings"
	"sync"
	"testing"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

// The schema's own id; cgosan writes it as "$schema".
const sarifSchemaID = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"

var sarifSchema struct {
	once   sync.Once
	schema *jsonschema.Schema
	err    error
}

// compiledSARIFSchema compiles testdata/sarif/sarif-schema-2.1.0.json once, with formats
// asserted (a "uri" must be a URI, a "uri-reference" a URI reference).
func compiledSARIFSchema() (*jsonschema.Schema, error) {
	sarifSchema.once.Do(func() {
		f, err := os.Open("testdata/sarif/sarif-schema-2.1.0.json")
		if err != nil {
			sarifSchema.err = err
			return
		}
		defer f.Close()
		doc, err := jsonschema.UnmarshalJSON(f)
		if err != nil {
			sarifSchema.err = err
			return
		}
		c := jsonschema.NewCompiler()
		c.AssertFormat()
		if err := c.AddResource(sarifSchemaID, doc); err != nil {
			sarifSchema.err = err
			return
		}
		sarifSchema.schema, sarifSchema.err = c.Compile(sarifSchemaID)
	})
	return sarifSchema.schema, sarifSchema.err
}

// sarifSchemaErrors validates the file at path against the SARIF 2.1.0 schema.
func sarifSchemaErrors(path string) error {
	schema, err := compiledSARIFSchema()
	if err != nil {
		return err
	}
	f, err := os.Open(path)
	if err != nil {
		return err
	}
	defer f.Close()
	doc, err := jsonschema.UnmarshalJSON(f)
	if err != nil {
		return err
	}
	if m, ok := doc.(map[string]any); !ok || m["$schema"] != sarifSchemaID {
		return errors.New(`"$schema" is not the SARIF 2.1.0 schema's URI ` + sarifSchemaID)
	}
	return schema.Validate(doc)
}

// sarifLog is the part of a SARIF log the tests look at.
type sarifLog struct {
	Schema  string `json:"$schema"`
	Version string `json:"version"`
	Runs    []struct {
		Tool struct {
			Driver struct {
				Name           string `json:"name"`
				Version        string `json:"version"`
				InformationURI string `json:"informationUri"`
				Rules          []struct {
					ID      string `json:"id"`
					HelpURI string `json:"helpUri"`
				} `json:"rules"`
			} `json:"driver"`
		} `json:"tool"`
		OriginalURIBaseIDs map[string]struct {
			URI string `json:"uri"`
		} `json:"originalUriBaseIds"`
		Results []sarifResult `json:"results"`
	} `json:"runs"`
}

type sarifLocation struct {
	PhysicalLocation *struct {
		ArtifactLocation struct {
			URI       string `json:"uri"`
			URIBaseID string `json:"uriBaseId"`
		} `json:"artifactLocation"`
		Region *struct {
			StartLine   int `json:"startLine"`
			StartColumn int `json:"startColumn"`
		} `json:"region"`
	} `json:"physicalLocation"`
	Message *struct {
		Text string `json:"text"`
	} `json:"message"`
}

type sarifResult struct {
	RuleID    string `json:"ruleId"`
	RuleIndex int    `json:"ruleIndex"`
	Level     string `json:"level"`
	Message   struct {
		Text string `json:"text"`
	} `json:"message"`
	Locations           []sarifLocation   `json:"locations"`
	PartialFingerprints map[string]string `json:"partialFingerprints"`
	CodeFlows           []struct {
		ThreadFlows []struct {
			Locations []struct {
				Location sarifLocation `json:"location"`
			} `json:"locations"`
		} `json:"threadFlows"`
	} `json:"codeFlows"`
	OccurrenceCount int `json:"occurrenceCount"`
	Properties      struct {
		Processes int `json:"processes"`
	} `json:"properties"`
}

// where is "URI:LINE" of a location ("%SRCROOT%/" before URIs relative to the source root).
func (l sarifLocation) where() string {
	p := l.PhysicalLocation
	if p == nil {
		return ""
	}
	s := p.ArtifactLocation.URI
	if p.ArtifactLocation.URIBaseID != "" {
		s = p.ArtifactLocation.URIBaseID + "/" + s
	}
	if p.Region != nil {
		s += ":" + strconv.Itoa(p.Region.StartLine)
	}
	return s
}

// validateSARIF fails the test unless the file at path is valid against the official SARIF 2.1.0
// JSON schema, and returns the log for further checks.
func validateSARIF(t testing.TB, path string) sarifLog {
	t.Helper()
	if err := sarifSchemaErrors(path); err != nil {
		data, _ := os.ReadFile(path)
		t.Fatalf("%s is not valid SARIF 2.1.0: %v\n%s", path, err, data)
	}
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var log sarifLog
	if err := json.Unmarshal(data, &log); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return log
}

// writeTempFile writes text to a new file named name in a temporary directory.
func writeTempFile(t *testing.T, name, text string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// cgosanReport runs `cgosan report ARGS...` in dir and returns its standard output, standard
// error and exit status.
func cgosanReport(t *testing.T, dir string, args ...string) (string, string, int) {
	t.Helper()
	cmd := exec.Command(cgosanBin(t), append([]string{"report"}, args...)...)
	cmd.Dir = dir
	var stdout, stderr strings.Builder
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := 0
	var ee *exec.ExitError
	if errors.As(err, &ee) {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("cgosan report %v: %v", args, err)
	}
	return stdout.String(), stderr.String(), code
}

var allRules = []string{"retained-go-pointer", "go-pointer-in-go-memory", "returned-go-pointer",
	"write-to-returned-go-pointer", "use-after-return", "long-cgo-call"}

// sarifLevel is a rule's SARIF level: long-cgo-call is the one warning.
func sarifLevel(rule string) string {
	if rule == "long-cgo-call" {
		return "warning"
	}
	return "error"
}

// checkRun checks what every cgosan SARIF log has: one run of cgosan with every rule (help pages
// under docs/rules/) and results that point at their rule.
func checkRun(t *testing.T, log sarifLog) {
	t.Helper()
	if log.Version != "2.1.0" || len(log.Runs) != 1 {
		t.Fatalf("version %q, %d runs", log.Version, len(log.Runs))
	}
	run := log.Runs[0]
	d := run.Tool.Driver
	if d.Name != "cgosan" || d.Version == "" || d.InformationURI == "" || len(d.Rules) != len(allRules) {
		t.Errorf("driver %+v", d)
	}
	for i, r := range d.Rules {
		if i < len(allRules) && (r.ID != allRules[i] || !strings.HasSuffix(r.HelpURI, "docs/rules/"+r.ID+".md")) {
			t.Errorf("rule %d: %+v", i, r)
		}
	}
	for _, res := range run.Results {
		if res.RuleIndex < 0 || res.RuleIndex >= len(d.Rules) || d.Rules[res.RuleIndex].ID != res.RuleID ||
			res.Level != sarifLevel(res.RuleID) || res.Message.Text == "" || len(res.Locations) != 1 ||
			len(res.PartialFingerprints) != 1 || res.OccurrenceCount < 1 || res.Properties.Processes < 1 {
			t.Errorf("result %+v", res)
		}
	}
}

func TestReportSARIFOfEveryFixtureIsValid(t *testing.T) {
	fixtures, _ := filepath.Glob("testdata/reports/*.jsonl")
	want := map[string]struct {
		exit    int
		results []string // ruleId at where()
	}{
		"retain_and_use.jsonl": {1, []string{
			"retained-go-pointer at %SRCROOT%/main.go:8",
			"use-after-return at %SRCROOT%/main.go:9",
			"use-after-return at %SRCROOT%/worker.c:21"}},
		"returned.jsonl": {1, []string{
			"returned-go-pointer at ",
			"returned-go-pointer at %SRCROOT%/export.go:11",
			"write-to-returned-go-pointer at %SRCROOT%/export.go:12"}},
		"go_in_go_memory.jsonl": {1, []string{"go-pointer-in-go-memory at %SRCROOT%/main.go:22"}},
		"outside_srcroot.jsonl": {1, []string{
			"retained-go-pointer at ",
			"retained-go-pointer at file:///opt/vendor%20lib/c%231/sp%3Aecial/caf%C3%A9.c:40"}},
		"suppressed.jsonl": {0, nil},
	}
	if len(fixtures) != len(want) {
		t.Fatalf("fixtures %v, want %d", fixtures, len(want))
	}
	for _, fixture := range fixtures {
		name := filepath.Base(fixture)
		t.Run(name, func(t *testing.T) {
			out := filepath.Join(t.TempDir(), "cgosan.sarif")
			abs, _ := filepath.Abs(fixture)
			_, stderr, code := cgosanReport(t, ".", "--format", "sarif", "-o", out, "--srcroot", "/src/app", abs)
			if code != want[name].exit || stderr != "" {
				t.Errorf("exit %d, want %d; stderr %q", code, want[name].exit, stderr)
			}
			log := validateSARIF(t, out)
			checkRun(t, log)
			if u := log.Runs[0].OriginalURIBaseIDs["%SRCROOT%"].URI; u != "file:///src/app/" {
				t.Errorf("%%SRCROOT%% is %q", u)
			}
			var got []string
			for _, r := range log.Runs[0].Results {
				got = append(got, r.RuleID+" at "+r.Locations[0].where())
			}
			sort.Strings(got)
			if strings.Join(got, "\n") != strings.Join(want[name].results, "\n") {
				t.Errorf("results:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want[name].results, "\n"))
			}
		})
	}
}

// The log directory of a whole `go test ./...`: one finding per rule and place, counted over
// processes; files that are not reports are skipped.
func TestReportMergesTheLogsOfAGoTestRun(t *testing.T) {
	dir, _ := filepath.Abs("testdata/reports/gotest")
	out := filepath.Join(t.TempDir(), "cgosan.sarif")
	_, stderr, code := cgosanReport(t, ".", "--format", "sarif", "-o", out, "--srcroot", "/src/app",
		"--docs-uri", "https://example.org/cgosan/docs/rules", dir)
	if code != 1 || stderr != "" {
		t.Fatalf("exit %d, stderr %q", code, stderr)
	}
	log := validateSARIF(t, out)
	checkRun(t, log)
	if d := log.Runs[0].Tool.Driver; d.InformationURI != "https://example.org/cgosan/README.md" ||
		d.Rules[0].HelpURI != "https://example.org/cgosan/docs/rules/retained-go-pointer.md" {
		t.Errorf("--docs-uri: informationUri %q, helpUri %q", d.InformationURI, d.Rules[0].HelpURI)
	}
	var got []string
	for _, r := range log.Runs[0].Results {
		got = append(got, r.RuleID+" "+r.Locations[0].where()+" x"+strconv.Itoa(r.OccurrenceCount)+" in "+strconv.Itoa(r.Properties.Processes))
	}
	want := "retained-go-pointer %SRCROOT%/alpha/alpha.go:6 x1 in 1\n" +
		"retained-go-pointer %SRCROOT%/beta/beta.go:6 x2 in 2\n" +
		"use-after-return %SRCROOT%/beta/beta.go:7 x1 in 1"
	if strings.Join(got, "\n") != want {
		t.Errorf("results:\n%s\nwant:\n%s", strings.Join(got, "\n"), want)
	}
	// lent at -> kept at -> used at, each step where the report says.
	uar := log.Runs[0].Results[2]
	var steps []string
	for _, s := range uar.CodeFlows[0].ThreadFlows[0].Locations {
		steps = append(steps, s.Location.where()+" "+s.Location.Message.Text)
	}
	wantSteps := " Go memory lent to C.keep as argument 1\n" +
		"%SRCROOT%/beta/beta.go:6 C kept the Go pointer in C global 'kept' (0x6a4b30)\n" +
		"%SRCROOT%/beta/beta.go:7 C wrote Go memory here"
	if strings.Join(steps, "\n") != wantSteps {
		t.Errorf("code flow:\n%s\nwant:\n%s", strings.Join(steps, "\n"), wantSteps)
	}

	// The same run as text: files outside the source root (by default the current directory)
	// keep their absolute paths.
	text, _, code := cgosanReport(t, ".", dir)
	wantText := "retained-go-pointer /src/app/alpha/alpha.go:6 in keep (1 time in 1 process)\n" +
		"  C kept Go pointer 0x3f2a00010000 after C.keep returned\n" +
		"retained-go-pointer /src/app/beta/beta.go:6 in keep (2 times in 2 processes)\n" +
		"  C kept Go pointer 0x5d1100010000 after C.keep returned\n" +
		"use-after-return /src/app/beta/beta.go:7 in poke (1 time in 1 process)\n" +
		"  C wrote Go memory at 0x5d1100010000 after C.keep returned\n\n" +
		"cgosan: summary: retained-go-pointer: 2 locations, 3 reports in 3 processes (0 suppressed)\n" +
		"cgosan: summary: use-after-return: 1 location, 1 report in 1 process (0 suppressed)\n"
	if code != 1 || text != wantText {
		t.Errorf("text (exit %d):\n%s\nwant:\n%s", code, text, wantText)
	}
	text, _, _ = cgosanReport(t, ".", "--srcroot", "/src/app", dir)
	if !strings.HasPrefix(text, "retained-go-pointer alpha/alpha.go:6 in keep (1 time in 1 process)\n") {
		t.Errorf("text with --srcroot:\n%s", text)
	}

	// JSON lines: one per finding, with count and processes.
	js, _, code := cgosanReport(t, ".", "--format", "json", dir)
	var counts []string
	for _, line := range strings.Split(strings.TrimSpace(js), "\n") {
		var r struct {
			Rule     string `json:"rule"`
			Location struct {
				File string `json:"file"`
				Line int    `json:"line"`
			} `json:"location"`
			Count     int `json:"count"`
			Processes int `json:"processes"`
		}
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatalf("%v: %s", err, line)
		}
		counts = append(counts, r.Rule+" "+filepath.Base(r.Location.File)+":"+strconv.Itoa(r.Location.Line)+" "+strconv.Itoa(r.Count)+"/"+strconv.Itoa(r.Processes))
	}
	if code != 1 || strings.Join(counts, ", ") != "retained-go-pointer alpha.go:6 1/1, retained-go-pointer beta.go:6 2/2, use-after-return beta.go:7 1/1" {
		t.Errorf("json (exit %d): %v", code, counts)
	}

	// Markdown for a job summary.
	md, _, code := cgosanReport(t, ".", "--format", "markdown", "--srcroot", "/src/app", dir)
	if code != 1 || !strings.HasPrefix(md, "### cgosan: 3 findings (4 reports)\n") ||
		!strings.Contains(md, "| `retained-go-pointer` | `beta/beta.go:6` | `keep` | 2 | 2 | C kept Go pointer") {
		t.Errorf("markdown (exit %d):\n%s", code, md)
	}
}

func TestReportExitStatusAndInputErrors(t *testing.T) {
	tmp := t.TempDir()
	good, _ := filepath.Abs("testdata/reports/retain_and_use.jsonl")
	suppressed, _ := filepath.Abs("testdata/reports/suppressed.jsonl")
	bad := writeTempFile(t, "cgosan.42", "==42==cgosan: WARNING: x\n{\"cgosan\":1,\"rule\":\"use-after-return\"}\n")
	for _, c := range []struct {
		args   []string
		exit   int
		stderr string
	}{
		{[]string{good}, 1, ""},
		{[]string{suppressed}, 0, ""},
		{[]string{tmp}, 0, ""}, // an empty log directory: nothing was reported
		{[]string{good, bad}, 2, "cgosan report: " + bad + ":2: not a cgosan report: missing field 'message'\n"},
		{[]string{filepath.Join(tmp, "missing")}, 2, "cgosan report: cannot read '" + filepath.Join(tmp, "missing") + "': No such file or directory\n"},
		{[]string{"--fromat", "sarif", good}, 2, "cgosan report: unknown option '--fromat'"},
		{[]string{"--format", "html", good}, 2, "cgosan report: unknown format 'html' (sarif, json, text or markdown)"},
		{[]string{"--format", "sarif"}, 2, "cgosan report: no report files or directories given"},
	} {
		_, stderr, code := cgosanReport(t, ".", c.args...)
		if code != c.exit || !strings.HasPrefix(stderr, c.stderr) || (c.stderr == "" && stderr != "") {
			t.Errorf("cgosan report %v: exit %d, stderr %q; want %d, %q", c.args, code, stderr, c.exit, c.stderr)
		}
	}
	// Only suppressed reports: a valid SARIF log without results.
	out := filepath.Join(tmp, "s.sarif")
	if _, _, code := cgosanReport(t, ".", "--format", "sarif", "-o", out, suppressed); code != 0 {
		t.Errorf("exit %d", code)
	}
	if log := validateSARIF(t, out); len(log.Runs[0].Results) != 0 {
		t.Errorf("suppressed findings became results: %+v", log.Runs[0].Results)
	}
}

// The validator is live: a log the schema forbids is refused.
func TestReportSARIFSchemaRefusesInvalidLogs(t *testing.T) {
	for _, doc := range []string{
		`{"$schema":"` + sarifSchemaID + `","version":"2.1.0","runs":[{"tool":{"driver":{"name":"x"}},"results":[{"message":{"text":"m"},"level":"fatal"}]}]}`,
		`{"$schema":"` + sarifSchemaID + `","version":"2.1.0","runs":[{"tool":{"driver":{}}}]}`,
		`{"$schema":"` + sarifSchemaID + `","version":"2.2.0","runs":[]}`,
		`{"$schema":"` + sarifSchemaID + `","version":"2.1.0","runs":[{"tool":{"driver":{"name":"x"}},"results":[{"message":{"text":"m"},"locations":[{"physicalLocation":{"artifactLocation":{"uri":"a b\\c"}}}]}]}]}`,
	} {
		p := writeTempFile(t, "bad.sarif", doc)
		if err := sarifSchemaErrors(p); err == nil {
			t.Errorf("accepted: %s", doc)
		}
	}
	ok := writeTempFile(t, "ok.sarif", `{"$schema":"`+sarifSchemaID+`","version":"2.1.0","runs":[]}`)
	if err := sarifSchemaErrors(ok); err != nil {
		t.Errorf("refused a minimal log: %v", err)
	}
}

// The commands docs/CI.md shows, on a real `go test ./...` over two packages: reports as JSON
// lines in one log file per test binary, merged by `cgosan report` into SARIF and Markdown.
func TestReportCIWorkflowCommands(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs a go test")
	}
	module, _ := filepath.Abs("testdata/gotest_multi")
	logs := filepath.Join(t.TempDir(), "cgosan")
	if err := os.MkdirAll(logs, 0o755); err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(cgosanBin(t), "go", "test", "-count=1", "./...")
	cmd.Dir = module
	cmd.Env = append(os.Environ(), "CGOSAN_OPTIONS=format=json:log_path="+logs+"/report:halt_on_error=0")
	// The run fails (findings), as the CI job's test step would; the logs are complete.
	if out, err := cmd.CombinedOutput(); err == nil || !strings.Contains(string(out), "the run fails with exit status 66") {
		t.Fatalf("cgosan go test: %v, want the run failed by its findings\n%s", err, out)
	}
	sarif := filepath.Join(t.TempDir(), "cgosan.sarif")
	_, stderr, code := cgosanReport(t, module, "--format", "sarif", "-o", sarif, logs)
	if code != 1 || stderr != "" {
		t.Fatalf("cgosan report: exit %d (want 1: findings), stderr %q", code, stderr)
	}
	log := validateSARIF(t, sarif)
	checkRun(t, log)
	files := map[string]bool{}
	for _, r := range log.Runs[0].Results {
		a := r.Locations[0].PhysicalLocation
		if a == nil || a.ArtifactLocation.URIBaseID != "%SRCROOT%" {
			t.Errorf("result not relative to the module root: %+v", r)
			continue
		}
		files[a.ArtifactLocation.URI] = true
	}
	if len(files) != 2 || !files["alpha/alpha.go"] || !files["beta/beta.go"] {
		t.Errorf("files %v, want alpha/alpha.go and beta/beta.go", files)
	}
	if u := log.Runs[0].OriginalURIBaseIDs["%SRCROOT%"].URI; u != "file://"+module+"/" {
		t.Errorf("%%SRCROOT%% %q, want the module root", u)
	}
	md, _, code := cgosanReport(t, module, "--format", "markdown", logs)
	if code != 1 || !strings.HasPrefix(md, "### cgosan: ") || !strings.Contains(md, "`alpha/alpha.go:") {
		t.Errorf("markdown (exit %d):\n%s", code, md)
	}
}
