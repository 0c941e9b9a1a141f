// Level 2: a later call's loops work on a C hash table through pointers read once before the
// loop (their checks sit behind one test of the bases' regions, passes/LoopGates.h) and, in the
// same loops, on a Go array through the pointer an earlier call kept. The writes and the reads
// through the kept pointer are reported at their lines: a base in Go memory keeps its loop's
// checks.
// cgosan-env: CGOSAN=2
package main

/*
#include <stdlib.h>
#include <stddef.h>
struct table { unsigned *slots; size_t n; };
static struct table *tab;
static unsigned *kept;
static void init(void) {
	tab = malloc(sizeof *tab);
	tab->n = 1024;
	tab->slots = calloc(tab->n, sizeof *tab->slots);
}
static void keep(unsigned *p) { kept = p; } // want retained-go-pointer
static void fill(size_t n) {
	struct table *t = tab;
	unsigned *k = kept;
	for (size_t i = 0; i < n; i++) {
		t->slots[(i * 2654435761u) % t->n] = (unsigned)i;
		k[(i * 7) % 16] = (unsigned)i; // want use-after-return
	}
}
static unsigned sum(size_t n) {
	unsigned s = 0;
	const unsigned *k = kept;
	for (size_t i = 0; i < n; i++)
		s += tab->slots[i % tab->n] + k[i % 16]; // want use-after-return
	return s;
}
*/
import "C"
import (
	"fmt"
	"runtime"
)

func main() {
	C.init()
	buf := make([]C.uint, 16)
	C.keep(&buf[0])
	C.fill(64)
	C.sum(64)
	runtime.KeepAlive(buf)
	fmt.Println("done")
}
