// C keeps the pointer lent to C.start, and uses it again from inside a later Go -> C -> Go -> C
// chain (C.trigger calls the exported goStep, which calls C.step): each call may touch only what
// it, or a call still in progress, was lent. The later calls lend no Go memory: one that did,
// at a lower address than the kept pointer, would cover it (cgosan does not know where Go objects
// end), and the test would depend on where Go's allocator put things.
package main

/*
extern void goStep(void);
static int *saved;
static void start(int *p) { saved = p; } // want retained-go-pointer
static int steps;
static void trigger(void) {
	steps++;
	goStep();
}
static void step(void) { *saved += 1; } // want use-after-return
*/
import "C"
import (
	"fmt"
	"runtime"
)

//export goStep
func goStep() { C.step() }

func main() {
	x := new(C.int)
	C.start(x)
	C.trigger()
	runtime.KeepAlive(x)
	fmt.Println("done")
}
