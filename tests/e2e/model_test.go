// Behaviour of the violation model beyond each program's `// want` lines: what each level checks,
// what the reports say, pinning from plain builds, and coexistence with -race and cgocheck2.
package e2e

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
)

func noHalt(env ...string) []string {
	return append([]string{"CGOSAN_OPTIONS=halt_on_error=0"}, env...)
}

// Reads after the return are level 2 only; the retention beside them is level 1.
func TestReadsAfterReturnAreLevelTwo(t *testing.T) {
	exe := build(t, "testdata/uar_later_read")
	got1 := sortedStrings(parseReports(t, run(t, exe, noHalt("CGOSAN=1")...).stderr))
	if strings.Join(got1, "\n") != "retained-go-pointer at main.go:13" {
		t.Errorf("level 1 reports: %q, want only the pointer store at main.go:13 (the uintptr_t store and the reads are level 2)", got1)
	}
	got2 := parseReports(t, run(t, exe, noHalt("CGOSAN=2")...).stderr)
	if n := len(got2); n != 5 {
		t.Errorf("level 2: %d reports, want 5: %v", n, got2)
	}
}

// A function with several read checks has two bodies (the pass's NumVersioned); the level picks
// one at the function's entry. The same read through a kept pointer is reported at level 2 only.
func TestLevelPicksTheFunctionBody(t *testing.T) {
	exe := build(t, "testdata/uar_two_bodies")
	got1 := sortedStrings(parseReports(t, run(t, exe, noHalt("CGOSAN=1")...).stderr))
	if strings.Join(got1, "\n") != "retained-go-pointer at main.go:13" {
		t.Errorf("level 1 reports: %q, want only the pointer store at main.go:13", got1)
	}
	got2 := sortedStrings(parseReports(t, run(t, exe, noHalt("CGOSAN=2")...).stderr))
	want2 := "retained-go-pointer at main.go:13\nuse-after-return at main.go:19"
	if strings.Join(got2, "\n") != want2 {
		t.Errorf("level 2 reports: %q, want %q", got2, want2)
	}
}

func TestUseAfterReturnReportNamesAccessLenderAndKeeper(t *testing.T) {
	r := run(t, build(t, "testdata/uar_later_call"), noHalt()...)
	for _, want := range []*regexp.Regexp{
		regexp.MustCompile(`(?m)^==\d+==ERROR: cgosan: use-after-return: C wrote Go memory at 0x[0-9a-f]+ after C\.keep returned$`),
		regexp.MustCompile(`write at \S*/uar_later_call/main\.go:9:\d+ in poke`),
		regexp.MustCompile(`#0 0x[0-9a-f]+ in poke \S*main\.go:9:\d+`),
		regexp.MustCompile(`#1 C\.poke \(cgo call from Go`),
		regexp.MustCompile(`is 0 bytes into Go pointer 0x[0-9a-f]+ \(Go heap\), lent to C\.keep as argument 1, which has returned`),
		regexp.MustCompile(`C kept the pointer in C global 'saved' \(0x[0-9a-f]+\), stored at \S*main\.go:8:\d+ in keep`),
		regexp.MustCompile(`(?m)^SUMMARY: cgosan: use-after-return \S*main\.go:9 in poke$`),
	} {
		if !want.MatchString(r.stderr) {
			t.Errorf("report lacks %s:\n%s", want, r.stderr)
		}
	}
	th := run(t, build(t, "testdata/uar_thread"), noHalt("CGOSAN=2")...)
	if !strings.Contains(th.stderr, "(on a thread with no cgo call in progress)") ||
		!regexp.MustCompile(`8 bytes into Go pointer 0x[0-9a-f]+ \(Go heap\), lent to C\.start as argument 1`).MatchString(th.stderr) {
		t.Errorf("thread report does not say where it ran and what was lent:\n%s", th.stderr)
	}
}

// A pointer argument of a `#cgo noescape` function stays on the goroutine stack; others are heap.
func TestReportsSayStackOrHeap(t *testing.T) {
	r := run(t, build(t, "testdata/retain_noescape_stack"), noHalt()...)
	if !regexp.MustCompile(`Go pointer 0x[0-9a-f]+ \(goroutine stack\) was lent to C\.keep_stack`).MatchString(r.stderr) {
		t.Errorf("noescape argument not reported as a goroutine stack pointer:\n%s", r.stderr)
	}
	r = run(t, retainGlobal(t))
	if !regexp.MustCompile(`Go pointer 0x[0-9a-f]+ \(Go heap\) was lent to C\.keep`).MatchString(r.stderr) {
		t.Errorf("new(C.int) not reported as a heap pointer:\n%s", r.stderr)
	}
}

// Without GODEBUG=cgocheck=0, Go's own check panics at the return before cgosan sees it.
func TestReturnedGoPointerIsReportedAtTheCaller(t *testing.T) {
	r := run(t, build(t, "testdata/returned_go_pointer"), noHalt("GODEBUG=cgocheck=0")...)
	for _, want := range []*regexp.Regexp{
		regexp.MustCompile(`(?m)^==\d+==ERROR: cgosan: returned-go-pointer: exported Go function getGoPtr returned Go pointer 0x[0-9a-f]+ to C$`),
		regexp.MustCompile(`called at \S*/returned_go_pointer/main\.go:11:\d+ in use_go`),
		regexp.MustCompile(`write-to-returned-go-pointer: C wrote Go memory at 0x[0-9a-f]+ through the Go pointer getGoPtr returned`),
		regexp.MustCompile(`#0 0x[0-9a-f]+ in use_go \S*main\.go:12:\d+`),
	} {
		if !want.MatchString(r.stderr) {
			t.Errorf("report lacks %s:\n%s", want, r.stderr)
		}
	}
}

// cgosan.h compiles without cgosan to calls of nothing: a vendored copy costs plain builds nothing.
func TestCgosanHeaderIsInertInPlainBuilds(t *testing.T) {
	hdr, err := filepath.Abs("../../runtime/include/cgosan.h")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	src := filepath.Join(dir, "x.c")
	os.WriteFile(src, []byte("#include \""+hdr+"\"\nvoid f(int *p) { cgosan_pinned(p, sizeof *p); cgosan_unpinned(p); }\n"), 0o644)
	obj := filepath.Join(dir, "x.o")
	for _, cc := range []string{"clang-14", "cc"} {
		if _, err := exec.LookPath(cc); err != nil {
			continue
		}
		if out, err := exec.Command(cc, "-Wall", "-Werror", "-c", src, "-o", obj).CombinedOutput(); err != nil {
			t.Fatalf("%s: %v\n%s", cc, err, out)
		}
		out, err := exec.Command("nm", "-u", obj).CombinedOutput()
		if err != nil {
			t.Fatalf("nm: %v\n%s", err, out)
		}
		if strings.Contains(string(out), "__cgosan") {
			t.Errorf("plain %s build of cgosan.h calls the runtime:\n%s", cc, out)
		}
	}
}

// The race detector and cgocheck2 change how Go is built; cgosan's checks still hold.
func TestCoexistsWithRaceAndCgocheck2(t *testing.T) {
	for _, c := range []struct {
		name  string
		build []string
		args  []string
	}{
		{"race", nil, []string{"-race"}},
		{"cgocheck2", []string{"GOEXPERIMENT=cgocheck2"}, nil},
	} {
		t.Run(c.name, func(t *testing.T) {
			exe := filepath.Join(t.TempDir(), "prog")
			cmd := exec.Command(cgosanBin(t), append(append([]string{"go", "build"}, c.args...), "-o", exe, ".")...)
			cmd.Dir = "testdata/uar_later_call"
			cmd.Env = append(os.Environ(), c.build...)
			if out, err := cmd.CombinedOutput(); err != nil {
				t.Fatalf("cgosan go build %v: %v\n%s", c.args, err, out)
			}
			r := run(t, exe, noHalt()...)
			got := strings.Join(sortedStrings(parseReports(t, r.stderr)), "\n")
			want := "retained-go-pointer at main.go:8\nuse-after-return at main.go:9"
			if got != want || !strings.Contains(r.stdout, "done") {
				t.Errorf("got reports:\n%s\nwant:\n%s\nstdout:\n%s\nstderr:\n%s", got, want, r.stdout, r.stderr)
			}
		})
	}
}

// Reports name the C global a memcpy kept the pointer in, and the first place C kept it.
func TestReportsNameWhereCopiesAndFirstStoresKeptIt(t *testing.T) {
	r := run(t, build(t, "testdata/retain_memcpy"), noHalt("CGOSAN=2")...)
	for _, g := range []string{"kept_a", "kept_b", "kept_c", "bits"} {
		if !strings.Contains(r.stderr, "kept in C global '"+g+"'") {
			t.Errorf("no report names C global %s:\n%s", g, r.stderr)
		}
	}
	r = run(t, build(t, "testdata/uar_later_read"), noHalt("CGOSAN=2")...)
	kept := regexp.MustCompile(`C kept the pointer in C global '(\w+)'`).FindAllStringSubmatch(r.stderr, -1)
	if len(kept) != 3 {
		t.Fatalf("%d use-after-return reports say where the pointer was kept, want 3:\n%s", len(kept), r.stderr)
	}
	for _, k := range kept {
		if k[1] != "saved" {
			t.Errorf("use-after-return names %q as where C kept the pointer, want the first store, 'saved'", k[1])
		}
	}
}

// Without line information the report still names the exported function.
func TestReturnedGoPointerWithoutDebugInfo(t *testing.T) {
	exe := filepath.Join(t.TempDir(), "prog")
	cmd := exec.Command(cgosanBin(t), "go", "build", "-ldflags=-w", "-o", exe, ".")
	cmd.Dir = "testdata/returned_go_pointer"
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("cgosan go build: %v\n%s", err, out)
	}
	// cgosan keeps the C objects' line tables through -ldflags=-w (its driver drops the strip
	// options from the external link): the report has its line.
	r := run(t, exe, noHalt("GODEBUG=cgocheck=0")...)
	if !regexp.MustCompile(`(?m)^SUMMARY: cgosan: returned-go-pointer \S*/returned_go_pointer/main\.go:11 in use_go$`).MatchString(r.stderr) {
		t.Errorf("-ldflags=-w binary's report lost its line:\n%s", r.stderr)
	}
	// Without a symbolizer there is no line to give, and the report still names what happened.
	r = run(t, exe, noHalt("GODEBUG=cgocheck=0", "CGOSAN_SYMBOLIZER_PATH=/nonexistent/llvm-symbolizer")...)
	if !regexp.MustCompile(`(?m)^SUMMARY: cgosan: returned-go-pointer <unknown>:0 in <caller of getGoPtr>$`).MatchString(r.stderr) ||
		!strings.Contains(r.stderr, "no line information") {
		t.Errorf("report without a symbolizer:\n%s", r.stderr)
	}
}

// The bundled example (`make demo`) reports exactly what its header comment lists.
func TestSeedExampleReportsWhatItsCommentSays(t *testing.T) {
	r := run(t, build(t, "../../examples/seed"), noHalt("GODEBUG=cgocheck=0")...)
	got := strings.Join(sortedStrings(parseReports(t, r.stderr)), "\n")
	want := strings.Join([]string{
		"retained-go-pointer at main.go:40",
		"retained-go-pointer at main.go:60",
		"retained-go-pointer at noescape.go:17",
		"returned-go-pointer at main.go:77",
		"use-after-return at main.go:43",
		"write-to-returned-go-pointer at main.go:78",
	}, "\n")
	if got != want || !strings.HasSuffix(r.stdout, "done\n") {
		t.Errorf("reports:\n%s\nwant:\n%s\nstdout:\n%s", got, want, r.stdout)
	}
	src, err := os.ReadFile("../../examples/seed/main.go")
	if err != nil {
		t.Fatal(err)
	}
	for _, line := range strings.Split(want, "\n") {
		at := line[strings.LastIndex(line, " ")+1:]
		if strings.HasPrefix(at, "main.go") && !strings.Contains(string(src), at) {
			t.Errorf("examples/seed/main.go's comment does not list %s", at)
		}
	}
}
