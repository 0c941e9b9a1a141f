package e2e

// `cgosan vet` over every program in testdata: the static findings must be exactly what the
// programs' annotations say, so a new program is covered without editing this file.
//
//   // want RULE                              the run time reports RULE on this line, and so
//                                             must vet
//   // want RULE [vet: run-time only, REASON] the run time reports it; vet cannot see it
//                                             statically (REASON says why)
//   // vet-want RULE: REASON                  vet reports RULE on this line although the run
//                                             time does not (on the paths the program runs, or
//                                             at its level); REASON says why
//
// A program with neither `// want` nor `// vet-want` lines is clean: vet must print nothing and
// exit 0.

import (
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

var (
	vetWantRE    = regexp.MustCompile(`//\s*want\s+([a-z-]+)(\s*\[vet: run-time only(.*?)\])?`)
	vetOnlyRE    = regexp.MustCompile(`//\s*vet-want\s+([a-z-]+)(:\s*(.*))?`)
	vetWarningRE = regexp.MustCompile(`(?m)^(\S+):(\d+):(\d+): warning: cgosan: ([a-z-]+): (.*)$`)
)

// vetWants reads what vet must report in the program in dir (its Go, C and C++ files, in every
// package below dir).
func vetWants(t *testing.T, dir string) []finding {
	var out []finding
	err := filepath.Walk(dir, func(path string, info os.FileInfo, err error) error {
		if err != nil {
			return err
		}
		switch filepath.Ext(path) {
		case ".go", ".c", ".cc", ".cpp", ".h":
		default:
			return nil
		}
		src, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for i, line := range strings.Split(string(src), "\n") {
			pos := fmt.Sprintf("%s:%d", filepath.Base(path), i+1)
			if m := vetWantRE.FindStringSubmatch(line); m != nil {
				if m[2] == "" {
					out = append(out, finding{m[1], pos})
				} else if strings.TrimLeft(m[3], ", ") == "" {
					t.Errorf("%s: `[vet: run-time only, REASON]` needs a reason", pos)
				}
			}
			if m := vetOnlyRE.FindStringSubmatch(line); m != nil {
				if strings.TrimSpace(m[3]) == "" {
					t.Errorf("%s: `// vet-want %s: REASON` needs a reason", pos, m[1])
				}
				out = append(out, finding{m[1], pos})
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// cgosanVet runs `cgosan vet ARGS ./...` in dir and returns standard output, standard error and
// the exit status.
func cgosanVet(t *testing.T, dir string, env []string, args ...string) (string, string, int) {
	t.Helper()
	cmd := exec.Command(cgosanBin(t), append(append([]string{"vet"}, args...), "./...")...)
	cmd.Dir = dir
	cmd.Env = append(os.Environ(), env...)
	var stdout, stderr strings.Builder
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	err := cmd.Run()
	code := 0
	if ee, ok := err.(*exec.ExitError); ok {
		code = ee.ExitCode()
	} else if err != nil {
		t.Fatalf("running cgosan vet in %s: %v", dir, err)
	}
	return stdout.String(), stderr.String(), code
}

func TestVetPrograms(t *testing.T) {
	dirs, err := filepath.Glob("testdata/*/go.mod")
	if err != nil || len(dirs) == 0 {
		t.Fatalf("no test programs found: %v", err)
	}
	for _, gomod := range dirs {
		dir := filepath.Dir(gomod)
		t.Run(filepath.Base(dir), func(t *testing.T) {
			t.Parallel()
			want := vetWants(t, dir)
			_, stderr, code := cgosanVet(t, dir, programEnv2(t, dir))
			var got []finding
			for _, m := range vetWarningRE.FindAllStringSubmatch(stderr, -1) {
				got = append(got, finding{m[4], filepath.Base(m[1]) + ":" + m[2]})
			}
			g, w := sortedStrings(got), sortedStrings(want)
			if strings.Join(g, "\n") != strings.Join(w, "\n") {
				t.Errorf("vet findings differ\ngot:\n  %s\nwant:\n  %s\nstderr:\n%s",
					strings.Join(g, "\n  "), strings.Join(w, "\n  "), stderr)
			}
			wantCode := 0
			if len(want) > 0 {
				wantCode = 1
			}
			if code != wantCode {
				t.Errorf("exit status %d, want %d\nstderr:\n%s", code, wantCode, stderr)
			}
			if len(want) == 0 && stderr != "" {
				t.Errorf("clean program: vet printed\n%s", stderr)
			}
		})
	}
}

// programEnv2 is programEnv for programs whose main.go may be in a subdirectory.
func programEnv2(t *testing.T, dir string) []string {
	if _, err := os.Stat(filepath.Join(dir, "main.go")); err != nil {
		return nil
	}
	return programEnv(t, dir)
}

// The findings of one program as JSON lines and as SARIF: the same findings, valid SARIF at
// level "warning", fingerprints stable across runs.
func TestVetJSONAndSARIF(t *testing.T) {
	dir := "testdata/retain_heap"
	_, text, code := cgosanVet(t, dir, nil)
	if code != 1 || !vetWarningRE.MatchString(text) {
		t.Fatalf("text: exit %d\n%s", code, text)
	}
	out, stderr, code := cgosanVet(t, dir, nil, "--format", "json")
	if code != 1 || stderr != "" {
		t.Fatalf("json: exit %d, stderr %s", code, stderr)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 1 {
		t.Fatalf("json: want 1 line, got:\n%s", out)
	}
	var rep struct {
		Cgosan   int    `json:"cgosan"`
		Rule     string `json:"rule"`
		Message  string `json:"message"`
		Tool     string `json:"tool"`
		Location struct {
			File string `json:"file"`
			Line int    `json:"line"`
		} `json:"location"`
		Lent struct {
			Call     string `json:"call"`
			Argument int    `json:"argument"`
		} `json:"lent"`
	}
	if err := json.Unmarshal([]byte(lines[0]), &rep); err != nil {
		t.Fatal(err)
	}
	if rep.Cgosan != 1 || rep.Rule != "retained-go-pointer" || rep.Tool != "vet" ||
		filepath.Base(rep.Location.File) != "main.go" || rep.Location.Line != 11 ||
		rep.Lent.Call != "push" || rep.Lent.Argument != 1 ||
		!strings.Contains(rep.Message, "heap block allocated at main.go:9") {
		t.Errorf("json report: %+v", rep)
	}
	// `cgosan report` reads vet's JSON lines as it reads the runtime's.
	jl := writeTempFile(t, "vet.jsonl", out)
	if o, e, c := cgosanReport(t, ".", "--format", "text", jl); c != 1 || !strings.Contains(o, "retained-go-pointer") {
		t.Errorf("cgosan report of vet's JSON: exit %d\n%s%s", c, o, e)
	}

	var sarifs [2]string
	for i := range sarifs {
		sarifs[i] = filepath.Join(t.TempDir(), "vet.sarif")
		abs, _ := filepath.Abs(dir)
		_, stderr, code := cgosanVet(t, dir, nil, "--format", "sarif", "-o", sarifs[i], "--srcroot", abs)
		if code != 1 || stderr != "" {
			t.Fatalf("sarif: exit %d, stderr %s", code, stderr)
		}
	}
	log := validateSARIF(t, sarifs[0])
	raw, _ := os.ReadFile(sarifs[0])
	if !strings.Contains(string(raw), `"level": "warning"`) || strings.Contains(string(raw), `"level": "error"`) {
		t.Errorf("SARIF results and rules must be warnings:\n%s", raw)
	}
	if len(log.Runs) != 1 || len(log.Runs[0].Results) != 1 {
		t.Fatalf("want one result, got %+v", log.Runs)
	}
	r := log.Runs[0].Results[0]
	if r.RuleID != "retained-go-pointer" || !strings.HasSuffix(r.Locations[0].where(), "/main.go:11") {
		t.Errorf("result %+v at %s", r, r.Locations[0].where())
	}
	again, _ := os.ReadFile(sarifs[1])
	if string(again) != string(raw) {
		t.Errorf("two runs gave different SARIF")
	}
}

// `//cgosan:ignore RULE` and a suppressions file silence findings; a bad suppressions file is a
// usage error; a C file that does not parse is named, the rest still analysed, exit 2.
func TestVetSuppressionsAndErrors(t *testing.T) {
	dir := t.TempDir()
	write := func(name, text string) {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(text), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("go.mod", "module vetcase\n\ngo 1.21\n")
	write("main.go", `package main

/*
static int *a, *b;
static void keep_a(int *p) { a = p; } //cgosan:ignore retained-go-pointer
static void keep_b(int *p) { b = p; }
*/
import "C"

func main() {
	C.keep_a(new(C.int))
	C.keep_b(new(C.int))
}
`)
	_, stderr, code := cgosanVet(t, dir, nil)
	if code != 1 || strings.Contains(stderr, "main.go:5:") || !strings.Contains(stderr, "main.go:6:") {
		t.Errorf("ignore comment: exit %d\n%s", code, stderr)
	}
	supp := filepath.Join(dir, "supp.txt")
	os.WriteFile(supp, []byte("# vet and the runtime read the same format\nretained-go-pointer:keep_b\n"), 0o644)
	if _, stderr, code := cgosanVet(t, dir, nil, "--suppressions", supp); code != 0 || stderr != "" {
		t.Errorf("suppressions file: exit %d\n%s", code, stderr)
	}
	os.WriteFile(supp, []byte("no-such-rule:x\n"), 0o644)
	if _, stderr, code := cgosanVet(t, dir, nil, "--suppressions", supp); code != 2 || !strings.Contains(stderr, "unknown rule 'no-such-rule'") {
		t.Errorf("bad suppressions file: exit %d\n%s", code, stderr)
	}
	if _, stderr, code := cgosanVet(t, dir, nil, "--no-such-option"); code != 2 || !strings.Contains(stderr, "unknown option") {
		t.Errorf("unknown option: exit %d\n%s", code, stderr)
	}

	write("broken.c", "int broken(void) { return undeclared_name; }\n")
	_, stderr, code = cgosanVet(t, dir, nil)
	if code != 2 || !strings.Contains(stderr, "undeclared_name") ||
		!strings.Contains(stderr, "broken.c does not parse") || !strings.Contains(stderr, "main.go:6:") {
		t.Errorf("a C file that does not parse: exit %d\n%s", code, stderr)
	}
}
