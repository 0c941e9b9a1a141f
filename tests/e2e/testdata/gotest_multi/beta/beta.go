// Package beta writes through a kept Go pointer in a later call (use-after-return), twice.
package beta

/*
static long *saved;
static void start(long *p) { saved = p; } // want retained-go-pointer
static void poke(void) { *saved += 1; } // want use-after-return
static void stop(void) { saved = 0; }
*/
import "C"
import "runtime"

// Poke lends a Go long to C and then lets C write through it after the call returned.
func Poke() {
	x := new(C.long)
	C.start(x)
	C.poke()
	C.poke()
	C.stop()
	runtime.KeepAlive(x)
}
