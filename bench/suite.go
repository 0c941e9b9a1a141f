package main

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"time"

	"cgosan.bench/internal/build"
	"cgosan.bench/internal/measure"
)

// sqliteSuite runs go-sqlite3's whole test suite plain and under cgosan at level 2, and keeps
// every cgosan report verbatim: a report there is a false positive to look into.
func (h *harness) sqliteSuite() {
	h.say("\n== go-sqlite3 test suite")
	const pkg = "github.com/mattn/go-sqlite3"
	runs := []struct {
		name string
		argv []string
		env  []string
	}{
		{"plain", []string{"go", "test", "-count=1", "-v", pkg}, build.PlainEnv},
		{"L2", []string{h.builder.Cgosan, "go", "test", "-count=1", "-v", pkg}, []string{"CGOSAN=2", "CGOSAN_OPTIONS=halt_on_error=0"}},
	}
	for _, r := range runs {
		cmd := exec.Command(r.argv[0], r.argv[1:]...)
		cmd.Dir = h.builder.WorkloadsDir
		cmd.Env = measure.Env(r.env...)
		t0 := time.Now()
		out, err := cmd.CombinedOutput()
		took := time.Since(t0)
		logf := filepath.Join(h.cfg.Out, "sqlite-suite-"+r.name+".log")
		if werr := os.WriteFile(logf, out, 0o644); werr != nil {
			h.fail("%v", werr)
		}
		status := "PASS"
		if err != nil {
			status = "FAIL (" + err.Error() + ")"
			h.fail("go-sqlite3 test suite %s: %v", r.name, err)
		}
		o := string(out)
		reports := extractReports(o)
		line := fmt.Sprintf("%-6s %s in %.1fs: %d passed, %d failed, %d skipped; %d cgosan report(s); log %s",
			r.name, status, took.Seconds(), strings.Count(o, "--- PASS"), strings.Count(o, "--- FAIL"),
			strings.Count(o, "--- SKIP"), len(reports), logf)
		h.say("%s", line)
		h.say("  command: %s", build.Quote(cmd))
		if r.name == "L2" {
			h.res.Notes = append(h.res.Notes, "go-sqlite3's test suite under CGOSAN=2: "+line)
			h.keepReports("sqlite-suite L2", o)
		}
	}
}
