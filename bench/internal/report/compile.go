package report

import (
	"fmt"

	"cgosan.bench/internal/compile"
	"cgosan.bench/internal/stats"
)

func compileTable(p func(string, ...any), r *Results) {
	if len(r.Compiles) == 0 {
		return
	}
	med := func(kind string, f func(compile.Result) float64) float64 {
		var x []float64
		for _, c := range r.Compiles[kind] {
			if c.Err == nil {
				x = append(x, f(c))
			}
		}
		return stats.Median(x)
	}
	cpu := func(c compile.Result) float64 { return c.CPU.Seconds() }
	wall := func(c compile.Result) float64 { return c.Wall.Seconds() }
	rss := func(c compile.Result) float64 { return float64(c.RSSKB) / 1024 }
	text := func(c compile.Result) float64 { return float64(c.Text) / 1e6 }
	n := len(r.Compiles["plain"])
	p("\n### Compile of go-sqlite3's %s (the go command's command line; median of %d)", compile.Source, n)
	p("")
	p("| | plain (clang-14) | cgosan | asan | cgosan/plain | asan/plain | target cgosan/plain |")
	p("|---|---|---|---|---|---|---|")
	row := func(name, unit string, f func(compile.Result) float64, target float64) {
		pl, cg, as := med("plain", f), med("cgosan", f), med("asan", f)
		line := fmt.Sprintf("| %s | %.2f %s | %.2f %s | %.2f %s | %.2f× | %.2f× |", name, pl, unit, cg, unit, as, unit, cg/pl, as/pl)
		if target > 0 {
			line += fmt.Sprintf(" ≤ %.1f× %s |", target, okMiss(cg/pl <= target))
		} else {
			line += " |"
		}
		p("%s", line)
	}
	row("compiler CPU time (user+sys)", "s", cpu, 1.3)
	row("wall time", "s", wall, 0)
	row("compiler peak RSS", "MB", rss, 1.5)
	row(".text of the object", "MB", text, 2.0)
	for kind, rs := range r.Compiles {
		for _, c := range rs {
			if c.Err != nil {
				p("\ncompile with %s failed: %v", kind, c.Err)
			}
		}
	}
}

func statsTable(p func(string, ...any), r *Results) {
	if len(r.Stats) == 0 {
		return
	}
	p("\n### The pass's statistics for %s (cgosan cc ... -Xclang -stats-file)", compile.Source)
	p("")
	p("| counter | count | what it counts |")
	p("|---|---|---|")
	for _, s := range r.Stats {
		p("| %s | %d | %s |", s.Name, s.Value, s.Description)
	}
}
