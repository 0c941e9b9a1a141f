// Workload 4: eight goroutines making cgo calls at once (throughput).
//
// Each goroutine lends its own Go buffer to the C function of workload 1 (one byte read and
// written), so that the per-call cost is the call path itself, as in workload 1. cgosan keeps
// its call frames in per-thread state, so this should scale like the plain build; a lock or a
// shared cache line on the hot path shows up here as a ratio above workload 1's.
package main

/*
static int touch(char *p, int i) {
	p[i & 63] += 1;
	return p[0];
}
*/
import "C"

import (
	"flag"
	"fmt"
	"sync"
	"time"
	"unsafe"
)

func main() {
	g := flag.Int("g", 8, "goroutines")
	n := flag.Int("n", 2_000_000, "timed calls per goroutine")
	flag.Parse()

	run := func(calls int) time.Duration {
		var wg sync.WaitGroup
		start := time.Now()
		for w := 0; w < *g; w++ {
			wg.Add(1)
			go func(w int) {
				defer wg.Done()
				buf := make([]byte, 64)
				for i := range buf {
					buf[i] = byte(w + i)
				}
				p := (*C.char)(unsafe.Pointer(&buf[0]))
				var s C.int
				for i := 0; i < calls; i++ {
					s += C.touch(p, C.int(i))
				}
				buf[0] = byte(s)
			}(w)
		}
		wg.Wait()
		return time.Since(start)
	}
	run(*n / 10) // warm-up
	el := run(*n)
	total := *g * *n
	fmt.Printf("RESULT ns_per_op=%.3f ops=%d seconds=%.4f calls_per_sec=%.0f\n",
		float64(el.Nanoseconds())/float64(total), total, el.Seconds(), float64(total)/el.Seconds())
}
