// Package alpha keeps a Go pointer in C (retained-go-pointer) when Keep is called.
package alpha

/*
static int *kept;
static void keep(int *p) { kept = p; } // want retained-go-pointer
static void drop(void) { kept = 0; }
*/
import "C"

// Keep lends a Go int to C, which keeps it.
func Keep() {
	C.keep(new(C.int))
	C.drop()
}
