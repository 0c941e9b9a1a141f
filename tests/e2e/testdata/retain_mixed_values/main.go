// C keeps Go pointers through values the pass must not take for C pointers: a choice between a Go
// pointer and a static's address, and a static's address moved by the distance to a Go pointer
// (which is that Go pointer), and a Go pointer stored in every iteration of a loop (its test sits
// behind the loop's flag). All are stored into C memory that outlives the call.
// cgosan-env: CGOSAN=2
package main

/*
#include <stdlib.h>
typedef struct node {
	struct node *next;
	struct node *self;
	void *data;
} node;
static node *list;
static node sentinel;
static char base[16];
static char *moved;
static void add(void *p, int use_go) {
	node *x = malloc(sizeof *x);
	if (!x)
		abort();
	x->next = list;
	x->self = x;
	x->data = use_go ? p : (void *)&sentinel; // want retained-go-pointer
	list = x;
}
static void rebase(char *p) {
	moved = base + (p - base); // want retained-go-pointer [vet: run-time only, vet does not follow arithmetic from one object to another]
}
static void **slots;
static void fill(void *p, int n) {
	slots = calloc(n, sizeof *slots);
	if (!slots)
		abort();
	for (int i = 0; i < n; i++)
		slots[i] = p; // want retained-go-pointer
}
static int count(void) {
	int n = 0;
	for (node *x = list; x; x = x->next)
		n += x->self == x;
	return n + (moved != 0) + (slots[0] != 0);
}
*/
import "C"
import (
	"fmt"
	"unsafe"
)

func main() {
	a, b := new(int), new([8]byte)
	C.add(unsafe.Pointer(a), 1)
	C.add(unsafe.Pointer(a), 0)
	C.rebase((*C.char)(unsafe.Pointer(&b[0])))
	C.fill(unsafe.Pointer(&b[1]), 4)
	fmt.Println("count:", C.count())
	fmt.Println("sum:", *a+int(b[0]))
	fmt.Println("done")
}
