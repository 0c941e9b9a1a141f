// C keeps a Go pointer in the same static in both branches of an if, as the first thing each
// branch does. The optimizer would hoist such a store out of the two branches into one with a
// merged location (line 0); each must be reported at its own line.
// cgosan-env: CGOSAN=2
package main

/*
#include <stdint.h>
static void *kept;
static uintptr_t kept_bits;
static int hits, misses;
static void keep(void *p, int which) {
	if (which) {
		kept = p; // want retained-go-pointer [vet: run-time only, vet reports a value kept in one place once, at line 17]
		hits++;
	} else {
		kept = p; // want retained-go-pointer
		misses += 2;
	}
}
static void keep_bits(void *p, int which) {
	if (which) {
		kept_bits = (uintptr_t)p; // want retained-go-pointer [vet: run-time only, once, at line 26]
		hits += 3;
	} else {
		kept_bits = (uintptr_t)p; // want retained-go-pointer
		misses += 4;
	}
}
static int counts(void) { return hits + misses + (kept != 0) + (kept_bits != 0); }
*/
import "C"
import (
	"fmt"
	"unsafe"
)

func main() {
	a, b, c, d := new(int), new(int), new(int), new(int)
	C.keep(unsafe.Pointer(a), 1)
	C.keep(unsafe.Pointer(b), 0)
	C.keep_bits(unsafe.Pointer(c), 1)
	C.keep_bits(unsafe.Pointer(d), 0)
	fmt.Println("counts:", C.counts())
	fmt.Println("sum:", *a+*b+*c+*d)
	fmt.Println("done")
}
