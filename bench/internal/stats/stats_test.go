package stats

import (
	"math"
	"testing"
)

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func TestMedian(t *testing.T) {
	if m := Median([]float64{3, 1, 2}); m != 2 {
		t.Errorf("odd: %v", m)
	}
	if m := Median([]float64{4, 1, 3, 2}); m != 2.5 {
		t.Errorf("even: %v", m)
	}
	if !math.IsNaN(Median(nil)) {
		t.Error("empty should be NaN")
	}
}

func TestRoundRatioSkipsFailedRounds(t *testing.T) {
	p := []float64{10, 10, math.NaN(), 10}
	v := []float64{11, 12, 30, 13}
	r := RoundRatio(p, v)
	// median(v)=12.5 over median(p)=10; the NaN round takes no part in the spread.
	if !near(r.Median, 1.25) || !near(r.Lo, 1.1) || !near(r.Hi, 1.3) || r.N != 3 {
		t.Errorf("got %+v", r)
	}
}

func TestGeoRatio(t *testing.T) {
	p := [][]float64{{1, 1}, {4, 4}}
	v := [][]float64{{2, 2}, {2, 8}}
	r := GeoRatio(p, v)
	// benchmark medians: 2 and 1.25; geomean sqrt(2.5). Rounds: sqrt(2*0.5)=1, sqrt(2*2)=2.
	if !near(r.Median, math.Sqrt(2.5)) || !near(r.Lo, 1) || !near(r.Hi, 2) || r.N != 2 {
		t.Errorf("got %+v", r)
	}
}

func TestSingle(t *testing.T) {
	if r := Single(200, 300); !near(r.Median, 1.5) || r.N != 1 {
		t.Errorf("got %+v", r)
	}
	if Single(0, 1).OK() {
		t.Error("zero baseline must not be OK")
	}
}
