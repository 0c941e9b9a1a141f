// A library whose package init keeps Go pointers at three C locations, thousands of times (as
// DataDog/zstd's bookkeeping does): under `cgosan go test` every location is reported once, every
// test runs, and the run fails at its end.
package lib

/*
static const char *a, *b, *c;
static void remember(const char *p, int which) {
	if (which == 0)
		a = p; // want retained-go-pointer
	else if (which == 1)
		b = p; // want retained-go-pointer
	else
		c = p; // want retained-go-pointer
}
static int sum(const char *p) { return p[0] + p[1]; }
*/
import "C"
import "unsafe"

func init() {
	for i := 0; i < 3000; i++ {
		buf := make([]byte, 16)
		C.remember((*C.char)(unsafe.Pointer(&buf[0])), C.int(i%3))
	}
}

// Sum adds the first two bytes in C.
func Sum(b []byte) int { return int(C.sum((*C.char)(unsafe.Pointer(&b[0])))) }
