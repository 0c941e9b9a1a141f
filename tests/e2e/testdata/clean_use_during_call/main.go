// Clean: C reads and writes a lent Go buffer only while the call lasts.
// cgosan-env: CGOSAN=2
package main

/*
#include <stddef.h>
static long sum_and_scale(long *buf, size_t n) {
	long s = 0;
	for (size_t i = 0; i < n; i++) {
		s += buf[i];
		buf[i] *= 2;
	}
	return s;
}
static void fill_ptrs(long **out, long *base, size_t n) {
	static long c_longs[4];
	for (size_t i = 0; i < n; i++)
		out[i] = c_longs + i; // C pointers into Go memory: allowed
	(void)base;
}
*/
import "C"
import (
	"fmt"
	"unsafe"
)

func main() {
	buf := make([]C.long, 1000)
	for i := range buf {
		buf[i] = C.long(i)
	}
	s := C.sum_and_scale(&buf[0], C.size_t(len(buf)))
	if s != 499500 || buf[10] != 20 {
		panic("wrong sum")
	}
	ptrs := make([]*C.long, 4)
	C.fill_ptrs((**C.long)(unsafe.Pointer(&ptrs[0])), &buf[0], 4)
	if ptrs[3] == nil {
		panic("not filled")
	}
	fmt.Println("done")
}
