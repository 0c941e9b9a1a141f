// Package callloop is workload 1: one cgo call that lends a Go pointer, in a tight loop.
//
// The C function does the least a real callee does with a lent buffer: it reads and writes one
// byte of it. What is measured is the call itself: cgo's transition plus, under cgosan, the
// wrapper's call enter, lend and exit.
package callloop

/*
static int touch(char *p, int i) {
	p[i & 63] += 1;
	return p[0];
}
*/
import "C"

import "unsafe"

// Calls makes n cgo calls, each lending buf (at least 64 bytes) to C.
func Calls(buf []byte, n int) int {
	p := (*C.char)(unsafe.Pointer(&buf[0]))
	sink := C.int(0)
	for i := 0; i < n; i++ {
		sink += C.touch(p, C.int(i))
	}
	return int(sink)
}
