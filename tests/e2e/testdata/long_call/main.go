// A cgo call that sleeps while it holds a lent Go buffer, one that sleeps holding only C memory,
// and one that returns at once. With long_call_ms below the sleep, only the first is reported
// (long-cgo-call, a warning): while it runs and when it returns (tests/e2e/longcall_test.go). At
// the default limit (10 s) nothing is.
package main

/*
#include <stdlib.h>
#include <unistd.h>
static void sleepy(char *buf) {
	buf[0] = 1;
	usleep(700 * 1000);
}
static void sleepy_c(char *cbuf) {
	cbuf[0] = 1;
	usleep(700 * 1000);
}
static int quick(char *buf) { return buf[0]; }
*/
import "C"
import (
	"fmt"
	"unsafe"
)

func main() {
	buf := make([]byte, 64)
	C.sleepy((*C.char)(unsafe.Pointer(&buf[0])))
	cbuf := C.malloc(64)
	C.sleepy_c((*C.char)(cbuf))
	C.free(cbuf)
	for i := 0; i < 1000; i++ {
		C.quick((*C.char)(unsafe.Pointer(&buf[0])))
	}
	fmt.Println("done")
}
