// Clean: C++ code holds Go pointers in memory it allocates and gives back before the call returns,
// in every way C and C++ give memory back: delete and delete[] (plain, sized, aligned), a
// std::vector's buffer, a std::allocator, aligned_alloc, posix_memalign, realloc and
// reallocarray, with free. A local std::vector of Go pointers is used only during the call.
package main

// #cgo CXXFLAGS: -std=c++17
// #include "free.h"
import "C"
import (
	"fmt"
	"unsafe"
)

func main() {
	for i := 0; i < 3; i++ {
		buf := make([]byte, 64)
		s := "a Go string"
		if n := C.use_and_free((*C.char)(unsafe.Pointer(&buf[0])), C.int(len(buf))); n != 64 {
			panic(fmt.Sprint("bad result ", n))
		}
		if n := C.count_strings(s, (*C.char)(unsafe.Pointer(&buf[0]))); n != 2 {
			panic(fmt.Sprint("bad count ", n))
		}
	}
	fmt.Println("done")
}
