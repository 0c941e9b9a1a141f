// Package stats holds the few statistics the harness reports: medians, geometric means, and a
// variant-against-plain ratio with the spread of its same-round ratios.
package stats

import (
	"math"
	"sort"
)

// Median of x; NaN for no values.
func Median(x []float64) float64 {
	if len(x) == 0 {
		return math.NaN()
	}
	y := append([]float64(nil), x...)
	sort.Float64s(y)
	if len(y)%2 == 1 {
		return y[len(y)/2]
	}
	return (y[len(y)/2-1] + y[len(y)/2]) / 2
}

// Geomean of x (all positive); NaN for no values.
func Geomean(x []float64) float64 {
	if len(x) == 0 {
		return math.NaN()
	}
	s := 0.0
	for _, v := range x {
		s += math.Log(v)
	}
	return math.Exp(s / float64(len(x)))
}

// Ratio is a variant's cost over plain's: the median (or, over benchmarks, the geometric mean of
// medians) and the lowest and highest ratio of one round's variant to the same round's plain.
type Ratio struct {
	Median, Lo, Hi float64
	N              int // rounds (or, for Single, 1)
}

// OK says whether the ratio was measured.
func (r Ratio) OK() bool { return r.N > 0 && !math.IsNaN(r.Median) }

// Spread is (Hi-Lo)/Median: how far apart the rounds were, relative to the result.
func (r Ratio) Spread() float64 { return (r.Hi - r.Lo) / r.Median }

// RoundRatio compares v to p, both indexed by round: median(v)/median(p), and the range of
// v[i]/p[i] over the rounds where both were measured (NaN marks a round that failed).
func RoundRatio(p, v []float64) Ratio {
	pm, vm := Median(valid(p)), Median(valid(v))
	r := Ratio{Median: vm / pm, Lo: math.Inf(1), Hi: math.Inf(-1)}
	for i := 0; i < len(p) && i < len(v); i++ {
		if math.IsNaN(p[i]) || math.IsNaN(v[i]) || p[i] <= 0 {
			continue
		}
		q := v[i] / p[i]
		r.Lo, r.Hi = math.Min(r.Lo, q), math.Max(r.Hi, q)
		r.N++
	}
	if r.N == 0 {
		r.Median = math.NaN()
	}
	return r
}

// GeoRatio combines per-benchmark series into one ratio: the geometric mean over benchmarks of
// their median ratios, and the range over rounds of each round's geometric mean. p[b][i] and
// v[b][i] are benchmark b in round i.
func GeoRatio(p, v [][]float64) Ratio {
	var meds []float64
	rounds := 0
	for b := range p {
		if r := RoundRatio(p[b], v[b]); r.OK() {
			meds = append(meds, r.Median)
		}
		rounds = max(rounds, len(p[b]))
	}
	out := Ratio{Median: Geomean(meds), Lo: math.Inf(1), Hi: math.Inf(-1)}
	if len(meds) == 0 {
		out.Median = math.NaN()
		return out
	}
	for i := 0; i < rounds; i++ {
		var q []float64
		for b := range p {
			if i < len(p[b]) && i < len(v[b]) && !math.IsNaN(p[b][i]) && !math.IsNaN(v[b][i]) && p[b][i] > 0 {
				q = append(q, v[b][i]/p[b][i])
			}
		}
		if len(q) == len(p) { // a round counts only where every benchmark was measured
			g := Geomean(q)
			out.Lo, out.Hi = math.Min(out.Lo, g), math.Max(out.Hi, g)
			out.N++
		}
	}
	if out.N == 0 {
		out.Lo, out.Hi = out.Median, out.Median
		out.N = 1
	}
	return out
}

// Single is a ratio measured once (no spread), e.g. from instruction counts.
func Single(p, v float64) Ratio {
	if p <= 0 || math.IsNaN(p) || math.IsNaN(v) {
		return Ratio{Median: math.NaN()}
	}
	q := v / p
	return Ratio{Median: q, Lo: q, Hi: q, N: 1}
}

func valid(x []float64) []float64 {
	var out []float64
	for _, v := range x {
		if !math.IsNaN(v) {
			out = append(out, v)
		}
	}
	return out
}
