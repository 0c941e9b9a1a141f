// Command bench is cgosan's benchmark harness (issues 5 and 14). It builds each workload's test
// binary plain (clang-14, no pass), with cgosan and with -asan, gives every variant the same fixed
// number of operations, and reports CPU-time ratios against plain with their spread, callgrind
// instructions per operation, wall time, peak RSS, and what compiling go-sqlite3's C costs.
//
// Run it through bench/run (or `make bench`). Settings come from the environment; see
// bench/README.md. Nothing here runs in CI or in `make check`: figures depend on the machine.
package main

import (
	"fmt"
	"os"
	"time"

	"cgosan.bench/internal/config"
)

func main() {
	wd, err := os.Getwd()
	if err != nil {
		fatal(err)
	}
	cfg, err := config.FromEnv(wd)
	if err != nil {
		fatal(err)
	}
	h, err := newHarness(cfg)
	if err != nil {
		fatal(err)
	}
	defer h.log.Close()
	start := time.Now()

	h.describe()
	h.buildAll()
	h.plan()
	h.timedRounds()
	if cfg.Callgrind {
		h.callgrind()
	}
	if cfg.CompileRounds > 0 && h.has("sqlite") {
		h.compile()
	}
	if cfg.SqliteSuite && h.has("sqlite") {
		h.sqliteSuite()
	}
	h.say("\nload average at end: %s", loadAvg())
	h.res.Header = append(h.res.Header, "load average at end: "+loadAvg(), "run took "+time.Since(start).Round(time.Second).String())
	h.report()
	h.say("\ntotal time: %s; artifacts in %s", time.Since(start).Round(time.Second), cfg.Out)
	if len(h.failures) > 0 {
		h.say("\nFAILURES:")
		for _, f := range h.failures {
			h.say("  %s", f)
		}
		os.Exit(1)
	}
}

func fatal(err error) {
	fmt.Fprintln(os.Stderr, "bench:", err)
	os.Exit(2)
}
