// Clean: Go pointers kept only in C locals, including a local array whose address escapes to a
// helper that fills it.
// cgosan-env: CGOSAN=2
package main

/*
#include <stddef.h>
static void collect(int **slots, int *a, int *b) { slots[0] = a; slots[1] = b; }
static int sum2(int *a, int *b) {
	int *slots[2];
	collect(slots, a, b);
	int *volatile keep_in_local = a;
	return *slots[0] + *slots[1] + (keep_in_local != NULL);
}
*/
import "C"
import "fmt"

func main() {
	a, b := new(C.int), new(C.int)
	*a, *b = 2, 3
	if C.sum2(a, b) != 6 {
		panic("bad sum")
	}
	fmt.Println("done")
}
