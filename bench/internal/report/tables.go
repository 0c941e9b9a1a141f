package report

import (
	"fmt"
	"io"
	"math"
	"sort"
	"strings"

	"cgosan.bench/internal/stats"
	"cgosan.bench/internal/workload"
)

// Write prints every table of r to w, in Markdown.
func Write(w io.Writer, r *Results) {
	p := func(format string, a ...any) { fmt.Fprintf(w, format+"\n", a...) }
	if len(r.Header) > 0 {
		p("### Machine, build and settings")
		p("")
		for _, l := range r.Header {
			p("- %s", l)
		}
	}
	cpuTable(p, r)
	instrTable(p, r)
	wallTable(p, r)
	rssTable(p, r)
	compileTable(p, r)
	statsTable(p, r)
	detailTable(p, r)
	if len(r.Reports) > 0 {
		p("\ncgosan reports during benchmark runs (halt_on_error=0; verbatim in bench-reports.txt):")
		var keys []string
		for k := range r.Reports {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			p("- %s (in %d run(s))", k, r.Reports[k])
		}
	}
	for _, n := range r.Notes {
		p("\n%s", n)
	}
}

func cpuTable(p func(string, ...any), r *Results) {
	p("\n### CPU time per operation: median ratio against plain (lowest–highest per-round ratio), %d rounds", r.Rounds)
	p("")
	p("| workload | plain | L0 | L1 | L2 | asan | targets (CPU time) |")
	p("|---|---|---|---|---|---|---|")
	var spreads []float64
	eachRow(r, func(w *workload.Workload, row workload.Group) {
		cells := map[string]stats.Ratio{}
		line := fmt.Sprintf("| %s | %s |", row.Title, ns(r.PlainMedian(w, row, cpuOf)))
		for _, v := range variantNames() {
			c := r.Ratio(w, row, v, cpuOf)
			cells[v] = c
			line += " " + ratioCell(c) + " |"
			if c.OK() && c.N > 1 {
				spreads = append(spreads, c.Spread())
			}
		}
		p("%s %s |", line, verdicts(w, row, cells))
	})
	if len(spreads) > 0 {
		sort.Float64s(spreads)
		p("")
		p("Spread of the CPU-time ratios ((highest-lowest)/median over rounds): median %.1f%%, largest %.1f%%.",
			100*stats.Median(spreads), 100*spreads[len(spreads)-1])
	}
	p("")
	p("plain: CPU time (user+sys, wait4) per operation; a geometric mean over benchmarks for (3) and (5).")
}

func instrTable(p func(string, ...any), r *Results) {
	if len(r.Instr) == 0 {
		return
	}
	p("\n### callgrind instructions per operation: ratio against plain (extra instructions per operation)")
	p("")
	p("| workload | plain | L0 | L1 | L2 |")
	p("|---|---|---|---|---|")
	eachRow(r, func(w *workload.Workload, row workload.Group) {
		line := "| " + row.Title + " |"
		plainDone := false
		for _, v := range []string{"L0", "L1", "L2"} {
			q, pl, ok := r.InstrRatio(w, row, v)
			if !plainDone {
				if ok {
					line += fmt.Sprintf(" %s |", count(pl))
				} else {
					line += " — |"
				}
				plainDone = true
			}
			if !ok {
				line += " — |"
				continue
			}
			line += fmt.Sprintf(" %.2f× (%s) |", q, delta((q-1)*pl))
		}
		p("%s", line)
	})
	p("")
	p("Instructions per operation: (count of a 3N-operation run - count of an N-operation run) / 2N, the lower of")
	p("the repeated runs of each; a geometric mean over benchmarks for (3) and (5) (the extra count is that mean's).")
	p("asan: valgrind cannot run AddressSanitizer's binaries.")
}

func wallTable(p func(string, ...any), r *Results) {
	p("\n### Wall time per operation (go test's ns/op; for information, no target rests on it)")
	p("")
	p("| workload | plain | L0 | L1 | L2 | asan |")
	p("|---|---|---|---|---|---|")
	eachRow(r, func(w *workload.Workload, row workload.Group) {
		line := fmt.Sprintf("| %s | %s |", row.Title, ns(r.PlainMedian(w, row, wallOf)))
		for _, v := range variantNames() {
			line += " " + ratioCell(r.Ratio(w, row, v, wallOf)) + " |"
		}
		p("%s", line)
	})
}

func rssTable(p func(string, ...any), r *Results) {
	p("\n### Program peak RSS (ru_maxrss of the timed run; target L1, L2 ≤ 1.10×)")
	p("")
	p("| workload | plain | L0 | L1 | L2 | asan |")
	p("|---|---|---|---|---|---|")
	eachRow(r, func(w *workload.Workload, row workload.Group) {
		line := fmt.Sprintf("| %s | %.1f MB |", row.Title, r.PlainMedian(w, row, rssOf)/1024)
		for _, v := range variantNames() {
			c := r.Ratio(w, row, v, rssOf)
			mark := ""
			if (v == "L1" || v == "L2") && c.OK() && c.Median > 1.10 {
				mark = " MISS"
			}
			line += fmt.Sprintf(" %s%s |", ratioCell(c), mark)
		}
		p("%s", line)
	})
}

func detailTable(p func(string, ...any), r *Results) {
	for _, w := range r.Workloads {
		units := r.Units[w.Name]
		if len(units) < 2 {
			continue
		}
		p("\n### %s, each benchmark: CPU-time ratio (callgrind ratio)", w.Title)
		p("")
		p("| benchmark | N | plain CPU/op | plain instr/op | L0 | L1 | L2 | asan |")
		p("|---|---|---|---|---|---|---|---|")
		for _, u := range units {
			k := Key(u)
			pl := stats.Median(finite(column(r, k, "plain")))
			line := fmt.Sprintf("| %s | %d | %s | %s |", u.Name, u.N, ns(pl), count(r.Instr[k]["plain"]))
			for _, v := range variantNames() {
				c := stats.RoundRatio(column(r, k, "plain"), column(r, k, v))
				cell := "—"
				if c.OK() {
					cell = fmt.Sprintf("%.2f×", c.Median)
				}
				if ip, iv := r.Instr[k]["plain"], r.Instr[k][v]; ip > 0 && iv > 0 {
					cell += fmt.Sprintf(" (%.2f×)", iv/ip)
				}
				line += " " + cell + " |"
			}
			p("%s", line)
		}
	}
}

func column(r *Results, key, v string) []float64 {
	var out []float64
	for _, s := range r.CPU[key][v] {
		out = append(out, s.CPUNs)
	}
	return out
}

func eachRow(r *Results, f func(*workload.Workload, workload.Group)) {
	for _, w := range r.Workloads {
		if len(r.Units[w.Name]) == 0 {
			continue
		}
		for _, row := range w.Rows() {
			f(w, row)
		}
	}
}

// verdicts checks a row's targets against its CPU-time ratios.
func verdicts(w *workload.Workload, row workload.Group, c map[string]stats.Ratio) string {
	var out []string
	for _, v := range []string{"L0", "L1", "L2"} {
		if max, ok := row.Targets[v]; ok && c[v].OK() {
			out = append(out, fmt.Sprintf("%s ≤ %.2f %s", v, max, okMiss(c[v].Median <= max)))
		}
	}
	if w.AsanShare > 0 && c["L2"].OK() && c["asan"].OK() {
		l2, as := c["L2"].Median-1, c["asan"].Median-1
		out = append(out, fmt.Sprintf("L2 overhead %.0f%% ≤ %.0f%% of asan's %.0f%% %s", 100*l2, 100*w.AsanShare, 100*as,
			okMiss(l2 <= w.AsanShare*as)))
	}
	if row.BelowAsan && c["L2"].OK() && c["asan"].OK() {
		out = append(out, "L2 < asan "+okMiss(c["L2"].Median < c["asan"].Median))
	}
	return strings.Join(out, "; ")
}

func okMiss(ok bool) string {
	if ok {
		return "ok"
	}
	return "MISS"
}

func ratioCell(c stats.Ratio) string {
	if !c.OK() {
		return "—"
	}
	if c.N <= 1 {
		return fmt.Sprintf("%.2f×", c.Median)
	}
	return fmt.Sprintf("%.2f× (%.2f–%.2f)", c.Median, c.Lo, c.Hi)
}

func ns(x float64) string {
	switch {
	case math.IsNaN(x):
		return "—"
	case x >= 1e6:
		return fmt.Sprintf("%.2f ms", x/1e6)
	case x >= 1e3:
		return fmt.Sprintf("%.2f µs", x/1e3)
	}
	return fmt.Sprintf("%.1f ns", x)
}

func count(x float64) string {
	switch {
	case x <= 0 || math.IsNaN(x):
		return "—"
	case x >= 1e6:
		return fmt.Sprintf("%.2fM", x/1e6)
	case x >= 1e4:
		return fmt.Sprintf("%.1fk", x/1e3)
	}
	return fmt.Sprintf("%.0f", x)
}

// delta is a signed instruction count, as count prints it.
func delta(x float64) string {
	if x < 0 {
		return "-" + count(-x)
	}
	return "+" + count(x)
}
