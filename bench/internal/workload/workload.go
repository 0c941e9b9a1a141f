// Package workload defines what the harness measures: five workloads, each a test binary whose
// benchmarks are the operations timed, with the targets of issue 14 against plain clang.
package workload

import "strings"

// A Workload is one package's benchmarks, built into one test binary per build kind.
type Workload struct {
	Name  string // short name, as in BENCH_ONLY
	Title string // row title
	// Pkg is what `go test -c` builds, from bench/workloads: a directory (./callloop) or an
	// import path that bench/workloads/go.mod pins.
	Pkg string
	// Bench selects its benchmarks (-test.bench).
	Bench string
	// Groups split its benchmarks into rows (geometric mean per row); nil means one row.
	Groups []Group
	// Targets: variant -> highest CPU-time ratio against plain (issue 14).
	Targets map[string]float64
	// AsanShare > 0: L2's overhead must be at most this share of asan's.
	AsanShare float64
	// BelowAsan: L2 must cost less than asan.
	BelowAsan bool
	// Payload, if set, writes the input file the benchmarks read into dir and returns the
	// environment that names it.
	Payload func(dir string) ([]string, error)
}

// A Group is a row of a workload's table: the benchmarks Match selects.
type Group struct {
	Title   string
	Match   func(bench string) bool
	Targets map[string]float64
	// BelowAsan: L2 must cost less than asan.
	BelowAsan bool
}

// Level 0 must cost nothing measurable on every workload (issue 14).
const l0Target = 1.03

// All lists the workloads in the order they run and print.
var All = []*Workload{
	{
		Name: "callloop", Title: "(1) cgo call lending a Go pointer, tight loop",
		Pkg: "./callloop", Bench: "^BenchmarkCallLoop$",
		Targets: map[string]float64{"L0": l0Target, "L1": 1.08},
	},
	{
		Name: "buffer", Title: "(2) C work on a lent 1 MiB buffer with 16-byte struct moves",
		Pkg: "./buffer", Bench: "^BenchmarkBuffer$",
		Targets: map[string]float64{"L0": l0Target, "L1": 1.03, "L2": 1.10},
	},
	{
		Name: "sqlite", Title: "(3) go-sqlite3's own benchmarks (geomean)",
		// Its HandleLookup benchmarks are pure Go; the rest cross into C.
		Pkg: "github.com/mattn/go-sqlite3", Bench: "RowsContext|PreparedRows|StmtCache|CustomFunctions|Suite",
		Targets:   map[string]float64{"L0": l0Target, "L1": 1.15, "L2": 1.30},
		AsanShare: 0.2,
	},
	{
		Name: "parallel", Title: "(4) 8 goroutines making cgo calls (per call)",
		Pkg: "./parallel", Bench: "^BenchmarkParallel$",
		Targets: map[string]float64{"L0": l0Target, "L1": 1.10},
	},
	{
		Name: "zstd", Title: "(5) DataDog/zstd's own benchmarks",
		Pkg: "github.com/DataDog/zstd", Bench: "Compress|Decompress",
		Payload: zstdPayload,
		Groups: []Group{
			{Title: "(5a) zstd compression (geomean)", Match: func(b string) bool { return !isDecompress(b) },
				Targets: map[string]float64{"L0": l0Target}},
			{Title: "(5b) zstd decompression (geomean)", Match: isDecompress,
				Targets: map[string]float64{"L0": l0Target, "L1": 1.30}, BelowAsan: true},
		},
	},
}

func isDecompress(b string) bool { return strings.Contains(b, "Decompress") }

// Rows returns the workload's table rows: its groups, or one group of every benchmark.
func (w *Workload) Rows() []Group {
	if w.Groups != nil {
		return w.Groups
	}
	return []Group{{Title: w.Title, Match: func(string) bool { return true }, Targets: w.Targets, BelowAsan: w.BelowAsan}}
}
