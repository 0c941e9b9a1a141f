// Clean: C parks a Go pointer in a C global for the length of each call and clears it before the
// call returns, a hundred thousand times. Judging the parked pointer at each return needs no
// system call (checked through the verbosity statistics).
package main

/*
static char *current;
static int touch(char *p) {
	current = p;
	int r = current[0];
	current = 0;
	return r;
}
*/
import "C"
import "fmt"

func main() {
	buf := make([]C.char, 8)
	for i := 0; i < 100000; i++ {
		C.touch(&buf[0])
	}
	fmt.Println("done")
}
