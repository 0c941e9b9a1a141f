// A kept pointer just above a pointer an exported function returned: C writing through the kept
// one later is use-after-return of the call that lent it, not a write through the returned one.
// Both Go objects come from the same size class one after the other, so the kept object starts
// a few bytes above the returned one. (The access was once taken as the returned object's: an
// address counts as a returned object's within 4 KiB above it, and that rule won.)
// cgosan-env: GODEBUG=cgocheck=0
package main

/*
extern long *giveFirst(void);
static long *kept;
static void take_first(void) {
	long *p = giveFirst(); // want returned-go-pointer
	(void)p;
}
static void keep(long *p) { kept = p; } // want retained-go-pointer
static void poke(void) { kept[0] = 1; } // want use-after-return
static void forget(void) { kept = 0; }
*/
import "C"
import (
	"fmt"
	"runtime"
	"unsafe"
)

var first, second *[4]C.long

//export giveFirst
func giveFirst() *C.long { return &first[0] }

func main() {
	first = new([4]C.long)
	second = new([4]C.long)
	fmt.Printf("second is %d bytes above first\n", uintptr(unsafe.Pointer(second))-uintptr(unsafe.Pointer(first)))
	C.take_first()
	C.keep(&second[0])
	C.poke()
	C.forget()
	runtime.KeepAlive(first)
	fmt.Println("done")
}
