// C keeps a lent Go pointer in a global, and a later cgo call writes through it: the memory was
// lent only to the first call. Writes are checked at level 1 (the default); the read in peek is
// level 2 only, so it is not reported here (uar_later_read checks it).
package main

/*
static int *saved;
static void keep(int *p) { saved = p; } // want retained-go-pointer
static void poke(void) { *saved = 42; } // want use-after-return
static int peek(void) { return *saved; } // vet-want use-after-return: a read after the return; the run time checks reads at level 2 only, and this program runs at level 1
*/
import "C"
import (
	"fmt"
	"runtime"
)

func main() {
	x := new(C.int)
	C.keep(x)
	C.poke()
	fmt.Println("peek:", C.peek())
	runtime.KeepAlive(x)
	fmt.Println("done")
}
