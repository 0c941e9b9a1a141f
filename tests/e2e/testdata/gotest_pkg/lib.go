// Package lib is a library whose C code keeps a Go pointer; its test runs under `cgosan go test`.
package lib

/*
static int *registered;
static void register_ptr(int *p) { registered = p; } // want retained-go-pointer
*/
import "C"

// Register hands p to C, which keeps it.
func Register() { C.register_ptr(new(C.int)) }
