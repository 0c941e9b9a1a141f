// Clean: memory pinned with runtime.Pinner may be kept by C, used by later calls and returned by
// an exported Go function, and cgosan is told so with one cgosan.h call per pin (from Go or C).
// After Unpin and cgosan_unpinned, C clears what it kept.
// cgosan-env: CGOSAN=2 GODEBUG=cgocheck=0
package main

/*
#include <cgosan.h>
extern int *getPinned(void);
static int *saved;
static int *saved_by_c;
static void keep(int *p) { saved = p; }
static void keep_declared(int *p) {
	saved_by_c = p;
	cgosan_pinned(p, sizeof *p);
}
static int use(void) { *saved += 1; return *saved + *saved_by_c; }
static int use_returned(void) { int *p = getPinned(); *p = 5; return *p; }
static void drop(void) { cgosan_unpinned(saved_by_c); saved = 0; saved_by_c = 0; }
*/
import "C"
import (
	"fmt"
	"runtime"
	"unsafe"
)

var pinner runtime.Pinner
var returned = new(C.int)

//export getPinned
func getPinned() *C.int { return returned }

func main() {
	x, y := new(C.int), new(C.int)
	pinner.Pin(x)
	C.cgosan_pinned(unsafe.Pointer(x), C.size_t(unsafe.Sizeof(*x)))
	pinner.Pin(y)
	pinner.Pin(returned)
	C.cgosan_pinned(unsafe.Pointer(returned), 0)
	C.keep(x)
	C.keep_declared(y)
	fmt.Println(C.use(), C.use_returned())
	C.cgosan_unpinned(unsafe.Pointer(x))
	C.cgosan_unpinned(unsafe.Pointer(returned))
	C.drop()
	pinner.Unpin()
	fmt.Println("done")
}
