package measure

import (
	"fmt"
	"regexp"
	"runtime"
	"testing"
	"time"
)

func TestAnchorMatchesOnlyThatLevel(t *testing.T) {
	p := Anchor("BenchmarkRowsContext/rows=0/context=non_cancelable")
	if p != `^BenchmarkRowsContext$/^rows=0$/^context=non_cancelable$` {
		t.Errorf("got %s", p)
	}
	if q := Anchor("BenchmarkX/size4_keys1.hit"); q != `^BenchmarkX$/^size4_keys1\.hit$` {
		t.Errorf("got %s", q)
	}
	if !regexp.MustCompile(`^size4_keys1\.hit$`).MatchString("size4_keys1.hit") {
		t.Error("quoted level must still match itself")
	}
}

func TestParseBench(t *testing.T) {
	sfx := fmt.Sprintf("-%d", runtime.GOMAXPROCS(0))
	out := "goos: linux\nBenchmarkSuite/BenchmarkExec" + sfx + "   \t 1000\t       906.5 ns/op\n" +
		"BenchmarkDecompression" + sfx + " 20 1234567 ns/op\t 849.4 MB/s\nPASS\n"
	rs := ParseBench(out)
	if len(rs) != 2 || rs[0].Name != "BenchmarkSuite/BenchmarkExec" || rs[0].N != 1000 || rs[0].NsPerOp != 906.5 ||
		rs[1].Name != "BenchmarkDecompression" || rs[1].NsPerOp != 1234567 {
		t.Errorf("got %+v", rs)
	}
}

func TestOps(t *testing.T) {
	for _, c := range []struct {
		d    time.Duration
		ns   float64
		min  int
		want int
	}{
		{300 * time.Millisecond, 25, 5, 10000000}, // 12M -> 10M
		{300 * time.Millisecond, 2e6, 5, 100},     // 150 -> 100
		{300 * time.Millisecond, 1e6, 5, 200},     // 300 -> 200
		{300 * time.Millisecond, 1e9, 5, 5},       // below min
		{10 * time.Millisecond, 1.5e6, 2, 5},      // 6.6 -> 5
	} {
		if got := Ops(c.d, c.ns, c.min); got != c.want {
			t.Errorf("Ops(%v, %v, %d) = %d, want %d", c.d, c.ns, c.min, got, c.want)
		}
	}
}

func TestCollected(t *testing.T) {
	ir, err := collected("==123== Events    : Ir\n==123== Collected : 666169409\n==123==\n")
	if err != nil || ir != 666169409 {
		t.Errorf("got %v, %v", ir, err)
	}
	if _, err := collected("Segmentation fault\n"); err == nil {
		t.Error("a run without the line must be an error")
	}
	// A forked child (a symbolizer's spawn that fails to exec) exits first and prints the count
	// it inherited: the program's own line is the first process's.
	ir, err = collected("==7== Callgrind, a call-graph generating cache profiler\n==7== Command: zstd.test\n" +
		"==9== Events    : Ir\n==9== Collected : 9897246\n" +
		"==7== Events    : Ir\n==7== Collected : 594957067\n")
	if err != nil || ir != 594957067 {
		t.Errorf("with a child's line first: got %v, %v", ir, err)
	}
}
