// Clean: C stores the Go pointer in a global and clears it before the call returns.
// cgosan-env: CGOSAN=2
package main

/*
static int *current;
static int work(void) { return *current * 2; }
static int with_current(int *p) {
	current = p;
	int r = work();
	current = 0;
	return r;
}
*/
import "C"
import "fmt"

func main() {
	for i := 0; i < 100; i++ {
		x := new(C.int)
		*x = C.int(i)
		if got := C.with_current(x); got != C.int(2*i) {
			panic(fmt.Sprint("bad result ", got))
		}
	}
	fmt.Println("done")
}
