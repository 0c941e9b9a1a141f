// End-to-end checks of the user contract around the reports: exit status, options, levels,
// the CC forms, the build cache, and what must stay uninstrumented.
package e2e

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
)

var (
	retainOnce sync.Once
	retainExe  string
)

// retainGlobal builds testdata/retain_global once for the tests below.
func retainGlobal(t *testing.T) string {
	retainOnce.Do(func() {
		retainExe = buildInto(t, filepath.Join(sharedDir, "retain_global"), "testdata/retain_global")
	})
	if retainExe == "" {
		t.Fatal("build of retain_global failed")
	}
	return retainExe
}

func TestDefaultOptionsHaltWithExitcode66(t *testing.T) {
	r := run(t, retainGlobal(t))
	if r.exit != 66 {
		t.Errorf("exit status %d, want 66 (halt_on_error=1 by default)\n%s", r.exit, r.stderr)
	}
	if strings.Contains(r.stdout, "done") {
		t.Errorf("program went on after the report: %q", r.stdout)
	}
	if n := len(parseReports(t, r.stderr)); n != 1 {
		t.Errorf("%d reports, want 1", n)
	}
}

func TestExitcodeOption(t *testing.T) {
	r := run(t, retainGlobal(t), "CGOSAN_OPTIONS=exitcode=3")
	if r.exit != 3 {
		t.Errorf("exit status %d, want 3", r.exit)
	}
}

func TestLevelZeroTurnsChecksOff(t *testing.T) {
	r := run(t, retainGlobal(t), "CGOSAN=0")
	if r.exit != 0 || strings.Contains(r.stderr, "cgosan") || !strings.Contains(r.stdout, "done") {
		t.Errorf("CGOSAN=0: exit %d, stderr %q, stdout %q", r.exit, r.stderr, r.stdout)
	}
	r = run(t, retainGlobal(t), "CGOSAN=1")
	if r.exit != 66 {
		t.Errorf("CGOSAN=1: exit %d, want 66", r.exit)
	}
}

func TestBadSettingsAreRefusedAtStartup(t *testing.T) {
	for _, c := range []struct{ env, mention string }{
		{"CGOSAN_OPTIONS=halt_on_eror=0", "unknown option 'halt_on_eror'"},
		{"CGOSAN_OPTIONS=halt_on_error=maybe", "bad value 'maybe' for option 'halt_on_error'"},
		{"CGOSAN_OPTIONS=exitcode=x1", "bad value 'x1' for option 'exitcode'"},
		{"CGOSAN_OPTIONS=exitcode", "option 'exitcode' has no value"},
		{"CGOSAN=3", "bad value '3' for CGOSAN"},
	} {
		r := run(t, retainGlobal(t), c.env)
		if r.exit != 1 || !strings.Contains(r.stderr, c.mention) {
			t.Errorf("%s: exit %d, stderr %q; want exit 1 mentioning %q", c.env, r.exit, r.stderr, c.mention)
		}
		if r.stdout != "" {
			t.Errorf("%s: the program ran: %q", c.env, r.stdout)
		}
	}
}

// The tables instrumented code reads are at a fixed address (runtime/fixed_tables.h). Found
// there already, mapped by another copy of the runtime, they are shared: the findings are the
// same. Taken by something else, or by a runtime of another version, the program does not start:
// its checks would read the wrong memory.
func TestFixedTablesAreSharedOrRefused(t *testing.T) {
	preload := filepath.Join(t.TempDir(), "take.so")
	command(t, ".", clangOf(t), "-shared", "-fPIC", "-O1", "-I", "../../runtime", "-o", preload,
		"testdata/fixed_tables/preload.c")
	exe := retainGlobal(t)
	r := run(t, exe, "LD_PRELOAD="+preload, "CGOSAN_TEST_TAKE=copy")
	if got := parseReports(t, r.stderr); r.exit != 66 || len(got) != 1 || got[0].Rule != "retained-go-pointer" {
		t.Errorf("tables mapped by another copy: exit %d, reports %v; want 66 and the program's "+
			"retained-go-pointer\nstderr:\n%s", r.exit, got, r.stderr)
	}
	// Too little address space for the table (a 3 GB RLIMIT_AS): said as that, not as a range in use.
	r = runArgv(t, nil, "sh", "-c", "ulimit -v 3000000 && exec \"$0\"", exe)
	if r.exit != 1 || !strings.Contains(r.stderr, "the kernel refused the address space") || r.stdout != "" {
		t.Errorf("under ulimit -v: exit %d, stdout %q, stderr %q; want exit 1 naming the refused "+
			"address space", r.exit, r.stdout, r.stderr)
	}
	for _, c := range []struct{ take, mention string }{
		{"foreign", "the range is in use"},
		{"other-abi", "a different version"},
	} {
		r := run(t, exe, "LD_PRELOAD="+preload, "CGOSAN_TEST_TAKE="+c.take)
		if r.exit != 1 || !strings.Contains(r.stderr, "cgosan: cannot map its tables at [0x7ffe0000, 0x17fff0000), where instrumented code reads them: ") ||
			!strings.Contains(r.stderr, c.mention) || r.stdout != "" {
			t.Errorf("tables' range taken (%s): exit %d, stdout %q, stderr %q; want exit 1 before "+
				"the program runs, mentioning %q", c.take, r.exit, r.stdout, r.stderr, c.mention)
		}
	}
}

func TestHelpListsEveryOption(t *testing.T) {
	r := run(t, retainGlobal(t), "CGOSAN_OPTIONS=help=1")
	inc, err := os.ReadFile("../../runtime/flags.inc")
	if err != nil {
		t.Fatal(err)
	}
	names := regexp.MustCompile(`(?m)^CGOSAN_FLAG\(\w+, (\w+),`).FindAllStringSubmatch(string(inc), -1)
	if len(names) < 4 {
		t.Fatalf("found only %d options in flags.inc", len(names))
	}
	for _, n := range names {
		if !strings.Contains(r.stderr, n[1]) {
			t.Errorf("help output lacks %s:\n%s", n[1], r.stderr)
		}
	}
	doc, err := os.ReadFile("../../docs/OPTIONS.md")
	if err != nil {
		t.Fatalf("docs/OPTIONS.md: %v", err)
	}
	for _, n := range names {
		if !strings.Contains(string(doc), "`"+n[1]+"`") {
			t.Errorf("docs/OPTIONS.md does not document %s", n[1])
		}
	}
}

func TestReportNamesStoreCallPointerAndPlace(t *testing.T) {
	r := run(t, retainGlobal(t))
	goPtr := regexp.MustCompile(`go pointer (0x[0-9a-f]+)`).FindStringSubmatch(r.stdout)
	for _, want := range []*regexp.Regexp{
		regexp.MustCompile(`(?m)^==\d+==ERROR: cgosan: retained-go-pointer: C kept Go pointer 0x[0-9a-f]+ after C\.keep returned$`),
		regexp.MustCompile(`stored at \S*/retain_global/main\.go:6:\d+ in keep`),
		regexp.MustCompile(`kept in C global 'saved'`),
		regexp.MustCompile(`lent to C\.keep as argument 1`),
		regexp.MustCompile(`(?m)^SUMMARY: cgosan: retained-go-pointer \S*main\.go:6 in keep$`),
	} {
		if !want.MatchString(r.stderr) {
			t.Errorf("report lacks %s:\n%s", want, r.stderr)
		}
	}
	_ = goPtr // the program halts before printing its pointer; see the heap-base test
	heap := build(t, "testdata/retain_heap")
	r = run(t, heap)
	if !regexp.MustCompile(`kept in heap block of 16 bytes at 0x[0-9a-f]+ \(offset 0\), allocated at \S*/retain_heap/main\.go:9:\d+ in push`).MatchString(r.stderr) {
		t.Errorf("heap report does not say where the block was allocated:\n%s", r.stderr)
	}
	second := build(t, "testdata/retain_goroutines")
	if r := run(t, second); !strings.Contains(r.stderr, "was lent to C.keep_slot as argument 2") {
		t.Errorf("report does not name the second argument as the lent one:\n%s", r.stderr)
	}
	tls := build(t, "testdata/retain_tls")
	if r := run(t, tls); !strings.Contains(r.stderr, "kept in C thread-local variable 'tls_saved'") {
		t.Errorf("TLS report does not name the variable:\n%s", r.stderr)
	}
}

// Go 1.26 randomizes the heap base on 64-bit systems; cgosan must not rely on 0xc000000000.
func TestDetectsWithHeapAwayFromOldFixedBase(t *testing.T) {
	exe := retainGlobal(t)
	ptrRE := regexp.MustCompile(`C kept Go pointer (0x[0-9a-f]+)`)
	for attempt := 0; attempt < 5; attempt++ {
		r := run(t, exe)
		m := ptrRE.FindStringSubmatch(r.stderr)
		if m == nil {
			t.Fatalf("no report:\n%s", r.stderr)
		}
		p, err := strconv.ParseUint(m[1][2:], 16, 64)
		if err != nil {
			t.Fatal(err)
		}
		if p < 0xc000000000 || p >= 0xc100000000 {
			t.Logf("detected Go pointer %#x, outside [0xc000000000, 0xc100000000)", p)
			return
		}
	}
	t.Fatal("every run put the Go heap at 0xc000000000: this Go does not randomize the heap base")
}

func TestCCSettingForms(t *testing.T) {
	bin := cgosanBin(t)
	for _, cc := range []string{bin + " cc", filepath.Join(filepath.Dir(bin), "cgosan-cc")} {
		exe := filepath.Join(t.TempDir(), "prog")
		cmd := exec.Command("go", "build", "-o", exe, ".")
		cmd.Dir = "testdata/retain_global"
		cmd.Env = append(os.Environ(), "CC="+cc, "CGO_ENABLED=1")
		if out, err := cmd.CombinedOutput(); err != nil {
			t.Fatalf("CC=%q go build: %v\n%s", cc, err, out)
		}
		if r := run(t, exe); r.exit != 66 || len(parseReports(t, r.stderr)) != 1 {
			t.Errorf("CC=%q: exit %d, stderr:\n%s", cc, r.exit, r.stderr)
		}
	}
}

// The go command keys its build cache for cgo packages on the version line of `FIRST -### -x c
// -c -`, where FIRST is the first word of CC: that line must be cgosan's, build included, in both
// CC forms, or objects instrumented by another cgosan build are reused (and fail to link, or
// carry the old checks).
func TestCompilerIdentityProbeNamesTheCgosanBuild(t *testing.T) {
	bin := cgosanBin(t)
	want, err := exec.Command(bin, "version").Output()
	if err != nil {
		t.Fatal(err)
	}
	for _, first := range []string{bin, filepath.Join(filepath.Dir(bin), "cgosan-cc")} {
		for _, lang := range []string{"c", "c++"} {
			cmd := exec.Command(first, "-###", "-x", lang, "-c", "-")
			cmd.Stdin = strings.NewReader("")
			out, err := cmd.CombinedOutput()
			if err != nil {
				t.Errorf("%s -### -x %s -c -: %v\n%s", first, lang, err, out)
				continue
			}
			if line, _, _ := strings.Cut(string(out), "\n"); line != strings.TrimSpace(string(want)) {
				t.Errorf("%s -### -x %s: first line %q, want %q", first, lang, line, want)
			}
		}
	}
}

func TestVersionCommand(t *testing.T) {
	out, err := exec.Command(cgosanBin(t), "version").CombinedOutput()
	if err != nil || !regexp.MustCompile(`^cgosan version \d+\.\d+\.\d+ \(build [0-9a-f]{16}, LLVM \d+`).Match(out) {
		t.Errorf("cgosan version: %v %q", err, out)
	}
	out, err = exec.Command(cgosanBin(t), "frobnicate").CombinedOutput()
	if err == nil || !strings.Contains(string(out), "unknown command 'frobnicate'") {
		t.Errorf("unknown command: %v %q", err, out)
	}
}

func TestCgoDisabledIsRefused(t *testing.T) {
	cmd := exec.Command(cgosanBin(t), "go", "build", "-o", filepath.Join(t.TempDir(), "p"), ".")
	cmd.Dir = "testdata/retain_global"
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	out, err := cmd.CombinedOutput()
	if err == nil || !strings.Contains(string(out), "CGO_ENABLED=0") {
		t.Errorf("CGO_ENABLED=0: %v %q", err, out)
	}
}

// disassembly returns objdump's disassembly of one function of exe.
func disassembly(t *testing.T, exe, fn string) string {
	out, err := exec.Command("objdump", "-d", "--no-show-raw-insn", "--disassemble="+fn, exe).CombinedOutput()
	if err != nil {
		t.Fatalf("objdump: %v\n%s", err, out)
	}
	if !strings.Contains(string(out), "<"+fn+">:") {
		t.Fatalf("%s not found in %s", fn, exe)
	}
	return string(out)
}

func TestRuntimeCgoIsLeftAlone(t *testing.T) {
	exe := retainGlobal(t)
	out, err := exec.Command("nm", exe).Output()
	if err != nil {
		t.Fatal(err)
	}
	wrapper := regexp.MustCompile(`(?m) T (_cgo_[0-9a-f]+_Cfunc_keep)$`).FindStringSubmatch(string(out))
	if wrapper == nil {
		t.Fatal("no C.keep wrapper in the binary")
	}
	if !strings.Contains(disassembly(t, exe, wrapper[1]), "__cgosan_call_enter") {
		t.Error("the C.keep wrapper is not instrumented")
	}
	for _, fn := range []string{"x_cgo_thread_start", "_cgo_sys_thread_start", "x_cgo_mmap"} {
		if strings.Contains(disassembly(t, exe, fn), "__cgosan") {
			t.Errorf("runtime/cgo's %s was instrumented", fn)
		}
	}
}

func TestRuntimeNeedsNoCxxLibrary(t *testing.T) {
	archive := filepath.Join(filepath.Dir(cgosanBin(t)), "../lib/cgosan/libcgosan_rt.a")
	undefined, err := exec.Command("nm", "-u", archive).Output()
	if err != nil {
		t.Fatalf("nm -u %s: %v", archive, err)
	}
	definedOut, err := exec.Command("nm", "--defined-only", archive).Output()
	if err != nil {
		t.Fatalf("nm --defined-only %s: %v", archive, err)
	}
	defined := map[string]bool{}
	for _, line := range strings.Split(string(definedOut), "\n") {
		if f := strings.Fields(line); len(f) == 3 {
			defined[f[2]] = true
		}
	}
	checked := 0
	for _, sym := range strings.Fields(string(undefined)) {
		if sym == "U" || strings.HasSuffix(sym, ":") || defined[sym] {
			continue
		}
		checked++
		if strings.HasPrefix(sym, "_Z") || strings.HasPrefix(sym, "__cxa") || strings.HasPrefix(sym, "__gxx") {
			t.Errorf("the runtime needs the C++ library: undefined %s", sym)
		}
	}
	if checked == 0 {
		t.Fatal("found no external symbols at all: the check is not looking at the runtime")
	}
}

func TestGoTestFailsTheTestBinary(t *testing.T) {
	cmd := exec.Command(cgosanBin(t), "go", "test", "-count=1", ".")
	cmd.Dir = "testdata/gotest_pkg"
	out, err := cmd.CombinedOutput()
	if err == nil {
		t.Fatalf("cgosan go test passed although C keeps a Go pointer:\n%s", out)
	}
	for _, want := range []string{
		"ERROR: cgosan: retained-go-pointer",
		"SUMMARY: cgosan: retained-go-pointer",
		"gotest_pkg/lib.go:6 in register_ptr",
		"FAIL",
	} {
		if !strings.Contains(string(out), want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestReportStackShowsEveryCFrame(t *testing.T) {
	r := run(t, build(t, "testdata/retain_deep_stack"))
	frames := regexp.MustCompile(`(?m)^    #(\d+) (?:0x[0-9a-f]+ in )?(\S+) (\S+)`).FindAllStringSubmatch(r.stderr, -1)
	var got []string
	for _, f := range frames {
		got = append(got, f[2]+" "+filepath.Base(f[3]))
	}
	want := []string{"deep main.go:6:", "mid main.go:7:", "keep main.go:8:", "C.keep"}
	if len(got) < len(want) {
		t.Fatalf("stack %q, want frames %q\n%s", got, want, r.stderr)
	}
	for i, w := range want[:3] {
		if !strings.HasPrefix(got[i], w) {
			t.Errorf("frame #%d is %q, want %q\n%s", i, got[i], w, r.stderr)
		}
	}
	if last := got[len(got)-1]; !strings.HasPrefix(last, "C.keep") {
		t.Errorf("last frame is %q, want the cgo call C.keep\n%s", last, r.stderr)
	}
}
