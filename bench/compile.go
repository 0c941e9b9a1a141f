package main

import (
	"os"
	"path/filepath"

	"cgosan.bench/internal/build"
	"cgosan.bench/internal/compile"
)

// compile times go-sqlite3's sqlite3-binding.c compile with each build kind's command line,
// interleaved over BENCH_COMPILE_ROUNDS rounds (default 1), and reads the pass's statistics.
func (h *harness) compile() {
	h.say("\n== compile of go-sqlite3's %s", compile.Source)
	work, err := os.MkdirTemp(h.cfg.Out, "cc")
	if err != nil {
		h.fail("%v", err)
		return
	}
	defer os.RemoveAll(work)
	cmds, err := compile.Commands(h.builder, "github.com/mattn/go-sqlite3", work)
	if err != nil {
		h.fail("compile: %v", err)
		return
	}
	statsFile := filepath.Join(h.cfg.Out, "sqlite3-binding.stats.json")
	h.res.Compiles = map[string][]compile.Result{}
	for r := 0; r < h.cfg.CompileRounds; r++ {
		for _, kind := range build.Kinds {
			sf := ""
			if kind == "cgosan" {
				sf = statsFile // written by the timed compile: the counters are kept either way
			}
			c := compile.Run(cmds[kind], kind, h.dirs["sqlite"], sf)
			if r == 0 {
				h.say("%s: %s", kind, c.Command)
			}
			if c.Err != nil {
				h.fail("compile %s with %s: %v", compile.Source, kind, c.Err)
			}
			h.say("round %d %-6s CPU %6.1fs  wall %6.1fs  peak RSS %5d MB  .text %.2f MB", r+1, kind,
				c.CPU.Seconds(), c.Wall.Seconds(), c.RSSKB/1024, float64(c.Text)/1e6)
			h.res.Compiles[kind] = append(h.res.Compiles[kind], c)
		}
	}
	st, err := compile.Statistics(statsFile, filepath.Join(filepath.Dir(h.cfg.BenchDir), "passes"))
	if err != nil {
		h.fail("pass statistics: %v", err)
		return
	}
	h.res.Stats = st
}
