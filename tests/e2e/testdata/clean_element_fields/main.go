// Clean: C writes the fields of array elements, pointer after pointer: C pointers into a lent Go
// array while the call lasts, and C and integer values into a malloc'd array kept across calls.
// cgosan-env: CGOSAN=2
package main

/*
#include <stdint.h>
#include <stdlib.h>
#include <stddef.h>
struct cell { void *a, *b; uintptr_t n, m; };
static struct cell *table;
static char marker;
static void init(void) { table = calloc(16, sizeof *table); }
static void fill(struct cell *lent, size_t n) {
	for (size_t i = 0; i < n; i++) {
		lent[i].a = &marker;
		lent[i].b = &table[i];
		lent[i].n = i;
		lent[i].m = (uintptr_t)&marker;
		table[i].a = &marker;
		table[i].b = &table[i];
		table[i].n = i * 3;
		table[i].m = (uintptr_t)&table[i];
	}
}
*/
import "C"
import (
	"fmt"
	"runtime"
)

func main() {
	C.init()
	cells := make([]C.struct_cell, 16)
	for round := 0; round < 3; round++ {
		C.fill(&cells[0], C.size_t(len(cells)))
		runtime.GC()
	}
	fmt.Println("done")
}
