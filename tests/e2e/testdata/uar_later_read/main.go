// Level 2: a later call reads a Go struct through the pointer an earlier call kept, directly and
// with memcpy, and the access through a pointer hidden in a uintptr_t is followed too.
// cgosan-env: CGOSAN=2
package main

/*
#include <stdint.h>
#include <string.h>
struct point { long x, y; };
static struct point *saved;
static uintptr_t saved_bits;
static void keep(struct point *p) {
	saved = p; // want retained-go-pointer
	saved_bits = (uintptr_t)p; // want retained-go-pointer
}
static long sum(void) { return saved->x + saved->y; } // want use-after-return
static long x_from_bits(void) { return ((struct point *)saved_bits)->x; } // want use-after-return
static long copy_out(void) {
	struct point copy;
	memcpy(&copy, saved, sizeof copy); // want use-after-return
	return copy.y;
}
static void forget(void) { saved = 0; saved_bits = 0; }
*/
import "C"
import (
	"fmt"
	"runtime"
)

func main() {
	p := &C.struct_point{x: 1, y: 2}
	C.keep(p)
	fmt.Println("sum:", C.sum(), C.x_from_bits(), C.copy_out())
	C.forget()
	runtime.KeepAlive(p)
	fmt.Println("done")
}
