// Package parallel is workload 4: eight goroutines making cgo calls at once.
//
// Each goroutine lends its own Go buffer to the C function of workload 1 (one byte read and
// written), so that the per-call cost is the call path itself. cgosan keeps its call frames in
// per-thread state, so this should scale like the plain build; a lock or a shared cache line on
// the hot path shows up here as a ratio above workload 1's.
package parallel

/*
static int touch(char *p, int i) {
	p[i & 63] += 1;
	return p[0];
}
*/
import "C"

import (
	"sync"
	"unsafe"
)

// Goroutines is how many goroutines make calls at once.
const Goroutines = 8

// Calls makes n cgo calls in all, spread over Goroutines goroutines, each lending its own buffer.
func Calls(n int) {
	var wg sync.WaitGroup
	for w := 0; w < Goroutines; w++ {
		calls := n / Goroutines
		if w < n%Goroutines {
			calls++
		}
		wg.Add(1)
		go func(w, calls int) {
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
		}(w, calls)
	}
	wg.Wait()
}
