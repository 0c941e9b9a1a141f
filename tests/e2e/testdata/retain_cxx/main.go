// A C++ source in a cgo package keeps a Go pointer in a C++ global.
package main

// #include "keep.h"
import "C"
import "fmt"

func main() {
	C.cxx_keep(new(C.int))
	fmt.Println("done")
}
