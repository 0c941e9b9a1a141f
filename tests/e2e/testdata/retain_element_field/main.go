// C stores a Go pointer into the second field of an element of a malloc'd array, right after a
// C pointer into the first: the second store's gate tests only the value (the first tested the
// element's address), and the Go pointer is still caught, at its line.
package main

/*
#include <stdlib.h>
#include <stddef.h>
struct slot { void *owner; int *item; };
static struct slot *slots;
static void init(void) { slots = calloc(8, sizeof *slots); }
static void put(size_t i, int *item) {
	slots[i].owner = slots;
	slots[i].item = item; // want retained-go-pointer
}
*/
import "C"
import "fmt"

func main() {
	C.init()
	C.put(3, new(C.int))
	fmt.Println("done")
}
