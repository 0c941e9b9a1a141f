// Clean: C keeps a cgo.Handle (an integer), not a Go pointer, and calls back with it later.
// cgosan-env: CGOSAN=2
package main

/*
#include <stdint.h>
extern void goCallback(uintptr_t h);
static uintptr_t kept;
static void remember(uintptr_t h) { kept = h; }
static void fire(void) { goCallback(kept); }
*/
import "C"
import (
	"fmt"
	"runtime/cgo"
)

type state struct{ calls int }

//export goCallback
func goCallback(h C.uintptr_t) {
	cgo.Handle(h).Value().(*state).calls++
}

func main() {
	s := &state{}
	h := cgo.NewHandle(s)
	C.remember(C.uintptr_t(h))
	C.fire()
	C.fire()
	if s.calls != 2 {
		panic("callback not called")
	}
	h.Delete()
	fmt.Println("done")
}
