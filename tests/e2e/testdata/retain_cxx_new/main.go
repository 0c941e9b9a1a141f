// C++ keeps Go pointers in a new'ed object and in a std::vector's buffer that outlive the call.
package main

// #include "keep.h"
import "C"
import (
	"fmt"
	"unsafe"
)

func main() {
	buf := make([]byte, 64)
	C.keep_in_new((*C.char)(unsafe.Pointer(&buf[0])))
	other := make([]byte, 64)
	C.keep_in_vector((*C.char)(unsafe.Pointer(&other[0])))
	fmt.Println("done")
}
