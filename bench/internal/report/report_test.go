package report

import (
	"bytes"
	"strings"
	"testing"

	"cgosan.bench/internal/measure"
	"cgosan.bench/internal/workload"
)

// A two-round run of workload 1 where L1 costs 1.20x plain: the table shows the ratio, its
// spread and the missed target, and the callgrind table the extra instructions.
func TestWriteShowsRatiosSpreadAndVerdicts(t *testing.T) {
	w := workload.All[0]
	u := measure.Unit{Workload: w.Name, Name: "BenchmarkCallLoop", N: 100}
	s := func(cpu float64) measure.Sample { return measure.Sample{CPUNs: cpu, WallNs: cpu, RSSKB: 1024} }
	r := &Results{
		Rounds:    2,
		Workloads: []*workload.Workload{w},
		Units:     map[string][]measure.Unit{w.Name: {u}},
		CPU: map[string]map[string][]measure.Sample{Key(u): {
			"plain": {s(100), s(100)}, "L0": {s(101), s(101)}, "L1": {s(118), s(122)},
			"L2": {s(120), s(120)}, "asan": {s(130), s(130)},
		}},
		Instr: map[string]map[string]float64{Key(u): {"plain": 300, "L0": 330, "L1": 460, "L2": 462}},
	}
	var b bytes.Buffer
	Write(&b, r)
	out := b.String()
	for _, want := range []string{
		"| (1) cgo call lending a Go pointer, tight loop | 100.0 ns | 1.01× (1.01–1.01) | 1.20× (1.18–1.22) |",
		"L0 ≤ 1.03 ok; L1 ≤ 1.08 MISS",
		"| 300 | 1.10× (+30) | 1.53× (+160) | 1.54× (+162) |",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}
