// Package report turns a run's measurements into the tables the harness prints (and writes to
// results.md and results.json): CPU-time ratios with their spread, callgrind instructions per
// operation, wall time, peak RSS, the sqlite3-binding.c compile, and the pass's statistics.
package report

import (
	"math"

	"cgosan.bench/internal/build"
	"cgosan.bench/internal/compile"
	"cgosan.bench/internal/measure"
	"cgosan.bench/internal/stats"
	"cgosan.bench/internal/workload"
)

// Results is everything a run measured.
type Results struct {
	Header    []string // the machine, build and settings, one fact a line
	Rounds    int
	Workloads []*workload.Workload
	Units     map[string][]measure.Unit // workload -> its benchmarks
	// CPU[unit][variant][round]; a failed run is measure.Failed.
	CPU map[string]map[string][]measure.Sample
	// Instr[unit][variant]: callgrind instructions per operation (absent: not run or failed).
	Instr    map[string]map[string]float64
	Compiles map[string][]compile.Result // kind -> rounds
	Stats    []compile.Statistic
	Reports  map[string]int // "workload variant SUMMARY" -> runs that printed it
	Notes    []string
}

// Key names a unit in the maps.
func Key(u measure.Unit) string { return u.Workload + " " + u.Name }

// series returns, for the units of w that row selects, each unit's per-round values of one
// measure in variant v.
func (r *Results) series(w *workload.Workload, row workload.Group, v string, pick func(measure.Sample) float64) [][]float64 {
	var out [][]float64
	for _, u := range r.Units[w.Name] {
		if !row.Match(u.Name) {
			continue
		}
		var s []float64
		for _, x := range r.CPU[Key(u)][v] {
			s = append(s, pick(x))
		}
		out = append(out, s)
	}
	return out
}

// Ratio is v against plain for one row and measure: a geometric mean over the row's
// benchmarks of their median ratios, with the spread of the per-round geometric means.
func (r *Results) Ratio(w *workload.Workload, row workload.Group, v string, pick func(measure.Sample) float64) stats.Ratio {
	return stats.GeoRatio(r.series(w, row, "plain", pick), r.series(w, row, v, pick))
}

// PlainMedian is the geometric mean over the row's benchmarks of plain's median.
func (r *Results) PlainMedian(w *workload.Workload, row workload.Group, pick func(measure.Sample) float64) float64 {
	var meds []float64
	for _, s := range r.series(w, row, "plain", pick) {
		if m := stats.Median(finite(s)); !math.IsNaN(m) {
			meds = append(meds, m)
		}
	}
	return stats.Geomean(meds)
}

// InstrRatio is v's callgrind count against plain's for one row: the geometric mean over the
// row's benchmarks, and the plain geometric mean of instructions per operation.
func (r *Results) InstrRatio(w *workload.Workload, row workload.Group, v string) (ratio, plain float64, ok bool) {
	var qs, ps []float64
	for _, u := range r.Units[w.Name] {
		if !row.Match(u.Name) {
			continue
		}
		m := r.Instr[Key(u)]
		p, okp := m["plain"]
		x, okv := m[v]
		if !okp || !okv || p <= 0 {
			return 0, 0, false // one missing benchmark would bias the mean
		}
		qs, ps = append(qs, x/p), append(ps, p)
	}
	if len(qs) == 0 {
		return 0, 0, false
	}
	return stats.Geomean(qs), stats.Geomean(ps), true
}

func cpuOf(s measure.Sample) float64  { return s.CPUNs }
func wallOf(s measure.Sample) float64 { return s.WallNs }
func rssOf(s measure.Sample) float64  { return s.RSSKB }

func finite(x []float64) []float64 {
	var out []float64
	for _, v := range x {
		if !math.IsNaN(v) {
			out = append(out, v)
		}
	}
	return out
}

// variantNames is the columns after plain.
func variantNames() []string {
	var out []string
	for _, v := range build.Variants[1:] {
		out = append(out, v.Name)
	}
	return out
}
