// Workload 1: one cgo call that lends a Go pointer, in a tight loop.
//
// The C function does the least a real callee does with a lent buffer: it reads and writes one
// byte of it. What is measured is the cost of the call itself: cgo's transition plus, under
// cgosan, the wrapper's __cgosan_call_enter / __cgosan_lend / __cgosan_call_exit.
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
	"time"
	"unsafe"
)

func main() {
	n := flag.Int("n", 20_000_000, "timed calls")
	flag.Parse()

	buf := make([]byte, 64) // Go heap memory, lent to C on every call
	p := (*C.char)(unsafe.Pointer(&buf[0]))
	sink := C.int(0)
	for i := 0; i < *n/10; i++ { // warm-up
		sink += C.touch(p, C.int(i))
	}
	start := time.Now()
	for i := 0; i < *n; i++ {
		sink += C.touch(p, C.int(i))
	}
	el := time.Since(start)
	fmt.Printf("RESULT ns_per_op=%.3f ops=%d seconds=%.4f sink=%d\n",
		float64(el.Nanoseconds())/float64(*n), *n, el.Seconds(), int(sink)&1)
}
