// C stores a Go pointer in a heap vector, then reallocs it: in place or moved, the pointer is still
// kept when the call returns.
package main

/*
#include <stdlib.h>
static int **vec_small, **vec_big;
static void keep_in_place(int *p) {
	vec_small = malloc(2 * sizeof(int *));
	vec_small[0] = p; // want retained-go-pointer
	vec_small = realloc(vec_small, 2 * sizeof(int *));
}
static void keep_moved(int *p) {
	vec_big = malloc(2 * sizeof(int *));
	vec_big[0] = p; // want retained-go-pointer
	vec_big = realloc(vec_big, (1 << 16) * sizeof(int *));
}
*/
import "C"
import "fmt"

func main() {
	C.keep_in_place(new(C.int))
	C.keep_moved(new(C.int))
	fmt.Println("done")
}
