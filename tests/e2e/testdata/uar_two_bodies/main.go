// Level 2 reads through a kept pointer in a function with several read checks. Such a function
// has two bodies, and the level picks one at its entry: level 1 runs the body whose reads are not
// checked (only the retention is reported), level 2 the body that checks them.
// cgosan-env: CGOSAN=2
package main

/*
#include <stdlib.h>
struct point { long x, y; };
static struct point *saved;
static long *counts;
static void keep(struct point *p) {
	saved = p; // want retained-go-pointer
	if (!counts)
		counts = calloc(4, sizeof *counts);
}
__attribute__((noinline)) static long tally(int i) {
	counts[i & 3]++;
	return saved->x + counts[(i + 1) & 3]; // want use-after-return
}
static long later(int i) { return tally(i); }
static void forget(void) { saved = 0; }
*/
import "C"
import (
	"fmt"
	"runtime"
)

func main() {
	p := &C.struct_point{x: 1, y: 2}
	C.keep(p)
	fmt.Println("tally:", C.later(1))
	C.forget()
	runtime.KeepAlive(p)
	fmt.Println("done")
}
