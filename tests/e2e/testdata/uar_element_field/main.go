// C keeps a lent Go array of structs, and a later call writes two fields of one of its elements:
// the memory was lent only to the first call. The second field's store leaves its address to the
// access checks; the write is reported at its line.
package main

/*
#include <stddef.h>
struct cell { void *a, *b; };
static struct cell *kept;
static char marker;
static void keep(struct cell *c) { kept = c; } // want retained-go-pointer
static void poke(size_t i) { kept[i].a = &marker; kept[i].b = &marker; } // want use-after-return
*/
import "C"
import (
	"fmt"
	"runtime"
)

func main() {
	cells := make([]C.struct_cell, 4)
	C.keep(&cells[0])
	C.poke(2)
	runtime.KeepAlive(cells)
	fmt.Println("done")
}
