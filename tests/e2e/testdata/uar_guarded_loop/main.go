// A later call writes and reads through a kept Go pointer in loops the optimizer leaves without a
// preheader (the `n == 0` guard branches straight into the rotated loop; the call in the body
// keeps it from being vectorized). The pass gives each loop a preheader for its gate
// (passes/LoopGates.h); the base is in Go memory, so the checks run and report at their lines.
// cgosan-env: CGOSAN=2
package main

/*
#include <stddef.h>
static unsigned *kept;
__attribute__((noinline)) static unsigned next_val(size_t i) { return (unsigned)(i * 3 + 1); }
static void keep(unsigned *p) { kept = p; } // want retained-go-pointer
static void refill(size_t n) {
	unsigned *k = kept;
	for (size_t i = 0; i < n; i++)
		k[i] = next_val(i); // want use-after-return
}
static unsigned total(size_t n) {
	unsigned s = 0;
	const unsigned *k = kept;
	for (size_t i = 0; i < n; i++)
		s += k[i] * next_val(i); // want use-after-return
	return s;
}
*/
import "C"
import (
	"fmt"
	"runtime"
)

func main() {
	buf := make([]C.uint, 16)
	C.keep(&buf[0])
	C.refill(16)
	fmt.Println("total:", C.total(16) != 0)
	runtime.KeepAlive(buf)
	fmt.Println("done")
}
