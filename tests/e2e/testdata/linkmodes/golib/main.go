// A Go library for C programs (-buildmode=c-archive, c-shared). KeepGoPointer calls C code that
// keeps a Go pointer after its cgo call returns; UseGoPointer calls C code that only uses the one
// it is lent during the call.
package main

/*
static int *saved;
static void keep(int *p) { saved = p; } // want retained-go-pointer
static void use_now(int *p) { *p += 1; }
*/
import "C"

//export KeepGoPointer
func KeepGoPointer() {
	x := new(C.int)
	C.keep(x)
}

//export UseGoPointer
func UseGoPointer() C.int {
	x := new(C.int)
	C.use_now(x)
	return *x
}

func main() {}
