// C++ keeps Go pointers through a libstdc++ template (std::vector::push_back): the store happens
// in a system header, and the report points at the user's line that called it.
package main

// #include "keep.h"
import "C"
import (
	"fmt"
	"unsafe"
)

func main() {
	a := make([]byte, 8)
	b := make([]byte, 8)
	C.remember((*C.char)(unsafe.Pointer(&a[0])))
	C.remember_twice((*C.char)(unsafe.Pointer(&b[0])))
	fmt.Println("done")
}
